"""Two tabs at once, for real: two threads cast the same member's ballot at the same moment."""

import threading

import pytest
from django.db import connection

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.models import BallotChoice, Participation, SealedBallot
from thidua.commendations.tests.conftest import BALLOT_BOX
from thidua.lib.errors import ServiceError


@pytest.fixture
def catalogue(transactional_db):
    """Another transactional test may have flushed the catalogue that a migration loads."""
    from thidua.commendations.rules import catalogue_load

    catalogue_load()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_ballots_of_one_member_leave_exactly_one(catalogue, open_session, council):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The in-memory test database refuses a second writer at once ("table is locked") instead of
        # queueing it as the file database does (IMMEDIATE transactions with a busy timeout).
        pytest.skip("needs PostgreSQL or a file database: run with `make test-postgres`")
    member = council.members["member"]
    a, b, c = open_session.noms
    ballots = [{a.pk: True, b.pk: False, c.pk: False}, {a.pk: False, b.pk: True, c.pk: True}]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def cast(choices):
        try:
            start.wait()
            services.ballot_cast(user=member.user, session=open_session, choices=choices)
            outcomes.append("ok")
        except ServiceError as exc:
            outcomes.append(exc)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(choices,)) for choices in ballots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count("ok") == 1, outcomes
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 1 and "mỗi thành viên chỉ bỏ một phiếu" in str(refused[0])
    assert Participation.objects.filter(session=open_session, member=member).count() == 1
    assert SealedBallot.objects.filter(session=open_session).count() == 1
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    # The stored ballot is one of the two, whole: no choices of the refused one leaked in.
    stored = dict(
        BallotChoice.objects.filter(ballot__session=open_session).values_list("nomination_id", "agree")
    )
    assert stored in ballots
