"""A proposal sent twice at the same moment (a double click, two tabs, two requests) is one
proposal sent once; the same form posted twice at once makes one proposal."""

import threading
import uuid

import pytest
from django.db import connection

from thidua.audit.models import AuditEntry
from thidua.commendations import services
from thidua.commendations.models import Nomination, NominationState, Proposal, ProposalState
from thidua.commendations.tests.conftest import complete


@pytest.fixture
def catalogue(transactional_db):
    """Another transactional test may have flushed the catalogue that a migration loads."""
    from thidua.commendations.rules import catalogue_load

    catalogue_load()


def _at_once(work, times: int = 4) -> list[object]:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a file database: run with `make test-postgres`")
    start = threading.Barrier(times)
    outcomes: list[object] = []

    def run():
        try:
            start.wait()
            outcomes.append(work())
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_sends_send_it_once(catalogue, personas, draft):
    complete(draft, personas["officer"])
    outcomes = _at_once(lambda: services.proposal_submit(actor=personas["officer"], proposal=draft).state)
    assert outcomes == [ProposalState.SUBMITTED] * 4, outcomes
    assert Proposal.objects.count() == 1
    assert Proposal.objects.get().state == ProposalState.SUBMITTED
    assert AuditEntry.objects.filter(verb="gửi hồ sơ đề nghị lên tỉnh").count() == 1
    assert set(Nomination.objects.values_list("state", flat=True)) == {NominationState.SUBMITTED}


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_four_times_at_once_is_one_proposal(catalogue, tree, personas):
    key = uuid.uuid4()
    outcomes = _at_once(
        lambda: (
            services.proposal_create(
                actor=personas["officer"], commune=tree.commune, year=2025, form_key=key
            ).pk
        )
    )
    assert len(set(outcomes)) == 1 and all(isinstance(o, int) for o in outcomes), outcomes
    assert Proposal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_last_two_lines_withdrawn_at_once_end_the_dossier_once(
    catalogue, tree, personas, province_people, draft
):
    """Two officers of the commune withdraw the dossier's two lines at the same moment: neither sees
    the other's line still alive after both have gone, so the dossier ends, and once."""
    from thidua.commendations.models import AwardType
    from thidua.commendations.tests.conftest import make_person

    officer = personas["officer"]
    services.proposal_line_add(
        actor=officer,
        proposal=draft,
        award_type=AwardType.objects.get(code="bk-tinh-canhan"),
        achievement="Gương mẫu",
        person=make_person(tree.hamlet, "Đinh Văn Đạt"),
    )
    complete(draft, officer)
    services.proposal_submit(actor=officer, proposal=draft)
    services.proposal_receive(actor=province_people.officer, proposal=draft)
    lines = iter(list(Nomination.objects.filter(proposal=draft)))
    pick = threading.Lock()

    def withdraw():
        with pick:
            line = next(lines)
        return services.nomination_withdraw(actor=officer, nomination=line).state

    outcomes = _at_once(withdraw, times=2)
    assert outcomes == [NominationState.WITHDRAWN] * 2, outcomes
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.CLOSED
    assert AuditEntry.objects.filter(verb="kết thúc hồ sơ, không khen thưởng").count() == 1
