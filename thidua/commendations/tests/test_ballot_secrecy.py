"""Secrecy that holds against the database itself: read the raw tables (SQLite rowid, PostgreSQL
ctid, xmin and the heap pages through pageinspect) before and after close, and find no vote in
clear and no voter next to a choice."""

import datetime as dt

import pytest
from django.db import connection

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.commendations import ballot_box, services
from thidua.commendations.models import (
    Ballot,
    BallotChoice,
    CouncilMember,
    Participation,
    SealedBallot,
    Session,
)
from thidua.commendations.services.ballots import WRONG_PASSPHRASE
from thidua.commendations.tests.conftest import BALLOT_BOX
from thidua.lib.errors import ServiceError

SEALED = SealedBallot._meta.db_table
CHOICES = BallotChoice._meta.db_table
BALLOTS = Ballot._meta.db_table
PARTICIPATION = Participation._meta.db_table


def _cast_pattern(session, council):
    """Every member votes; the i-th agrees to the first nominee only when i is even."""
    a, b, c = session.noms
    cast = []
    members = list(CouncilMember.objects.filter(council=council).order_by("pk"))
    for i, member in enumerate(members):
        choices = {a.pk: i % 2 == 0, b.pk: i % 2 == 1, c.pk: False}
        services.ballot_cast(user=member.user, session=session, choices=choices)
        cast.append((member.pk, choices))
    return cast


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _clear_forms(cast) -> set[bytes]:
    """Every way a choice could appear in clear: the sealed text and the nominees' ids."""
    return {ballot_box.encode(choices) for _member, choices in cast}


@pytest.mark.django_db
def test_a_sealed_ballot_is_not_a_vote_in_clear_and_its_order_tells_nothing(open_session, council):
    cast = _cast_pattern(open_session, council)
    # Nothing in clear anywhere while the vote is open: no ballot, no choice.
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()
    boxes = [bytes(row.box) for row in SealedBallot.objects.all()]
    assert len(boxes) == len(cast) == 5
    # Same length whatever the choices, different bytes for the same choices, no clear text inside.
    assert len({len(box) for box in boxes}) == 1
    assert len(set(boxes)) == len(boxes)
    for box in boxes:
        assert not any(clear in box for clear in _clear_forms(cast))
    # The columns say nothing of the voter, the time or the order of casting.
    columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), SEALED)}
    assert columns == {"id", "session_id", "box"}
    if connection.vendor == "sqlite":
        # Storage order matches the participation's, but what it lines up with is sealed.
        sealed = _rows(f"SELECT rowid, * FROM {SEALED} ORDER BY rowid")
        voters = _rows(f"SELECT rowid, member_id FROM {PARTICIPATION} ORDER BY rowid")
        assert len(sealed) == len(voters)
        for row in sealed:
            raw = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
            assert not any(clear in raw for clear in _clear_forms(cast))
            assert b"true" not in raw.lower() and b"false" not in raw.lower()


@pytest.mark.django_db
def test_close_opens_the_box_only_with_the_passphrase_then_forgets_it(open_session, council):
    cast = _cast_pattern(open_session, council)
    with pytest.raises(ServiceError) as refused:
        services.session_close(actor=SYSTEM, session=open_session, passphrase="một cụm khác hẳn")
    assert str(WRONG_PASSPHRASE) in str(refused.value)
    open_session.refresh_from_db()
    assert open_session.ballot_box and SealedBallot.objects.count() == 5
    lines = services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    a, b, c = open_session.noms
    assert {line.nomination_id: line.agree for line in lines} == {a.pk: 3, b.pk: 2, c.pk: 0}
    # The sealed ballots are gone, the key cannot be derived again, the opened ballots stay for a recount.
    assert not SealedBallot.objects.exists()
    assert Session.objects.get(pk=open_session.pk).ballot_box is None
    opened = sorted(
        sorted(Ballot.objects.get(pk=pk).choices.values_list("nomination_id", "agree"))
        for pk in Ballot.objects.filter(session=open_session).values_list("pk", flat=True)
    )
    assert opened == sorted(sorted(choices.items()) for _m, choices in cast)
    # The audit keeps neither the passphrase nor the key material.
    for entry in AuditEntry.objects.filter(model="commendations.session"):
        for snapshot in (entry.before or {}, entry.after or {}):
            assert snapshot.get("ballot_box") is None
        assert "public_key" not in f"{entry.before} {entry.after}"


@pytest.mark.django_db
def test_open_voting_keeps_working_without_a_passphrase(tree, council, award):
    from thidua.commendations.models import OpenVote, RuleOverride
    from thidua.commendations.tests.conftest import YEAR, make_person, nominate

    RuleOverride.objects.create(
        unit=tree.commune,
        key="voting",
        value="open",
        effective_from=dt.date(2025, 1, 1),
        legal_basis="Quy chế",
    )
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "K"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    assert not session.secret
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    services.session_open(actor=SYSTEM, session=session)
    assert session.ballot_box is None
    services.ballot_cast(user=council.members["chair"].user, session=session, choices={n.pk: True})
    assert OpenVote.objects.filter(session=session).count() == 1 and not SealedBallot.objects.exists()
    lines = services.session_close(actor=SYSTEM, session=session)
    assert lines[0].agree == 1


# --- PostgreSQL: xmin, ctid and the heap pages, dead tuples included ---------------------------


@pytest.fixture
def catalogue(transactional_db):
    """Another transactional test may have flushed the catalogue that a migration loads."""
    from thidua.commendations.rules import catalogue_load

    catalogue_load()


def _pageinspect():
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL heap pages: run under scripts/with-postgres.sh")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        # Start from clean pages: earlier tests rolled back leave aborted tuples of their own.
        for table in (SEALED, CHOICES, BALLOTS, PARTICIPATION):
            cursor.execute(f"VACUUM FULL {table}")


def _heap(table: str) -> list[tuple[int, int, bytes]]:
    """Every tuple on the table's pages, live or dead: (xmin, xmax, raw data)."""
    pages = _rows(f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int")[0][0]
    tuples = []
    for page in range(pages):
        tuples += _rows(
            f"SELECT t_xmin::text::bigint, t_xmax::text::bigint, t_data "
            f"FROM heap_page_items(get_raw_page('{table}', {page})) WHERE t_data IS NOT NULL"
        )
    return [(xmin, xmax, bytes(data)) for xmin, xmax, data in tuples]


@pytest.mark.django_db(transaction=True)
def test_postgres_heap_holds_no_vote_in_clear_before_or_after_close(catalogue, open_session, council):
    _pageinspect()
    cast = _cast_pattern(open_session, council)
    clear = _clear_forms(cast)
    voter_xids = {r[0] for r in _rows(f"SELECT xmin::text::bigint FROM {PARTICIPATION}")}
    assert len(voter_xids) == 5  # one transaction per voter
    # Before close: the only thing a voter's transaction wrote beside its participation is sealed.
    assert not _heap(CHOICES) and not _heap(BALLOTS)
    sealed = _heap(SEALED)
    assert len(sealed) == 5
    for _xmin, _xmax, data in sealed:
        assert not any(c in data for c in clear)
    assert _rows(f"SELECT count(*) FROM {SEALED} WHERE ctid IS NOT NULL")[0][0] == 5

    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)

    # After close: the ballots in clear were all written by the close, none by a voter, none deleted.
    choice_tuples = _heap(CHOICES) + _heap(BALLOTS)
    assert choice_tuples
    close_xids = {xmin for xmin, _xmax, _data in choice_tuples}
    assert len(close_xids) == 1 and not close_xids & voter_xids
    # No dead tuple of a choice: every tuple on the pages is a live row (an xmax, if any, is the
    # close's own key-share lock taken when the choices were written).
    assert len(choice_tuples) == Ballot.objects.count() + BallotChoice.objects.count()
    assert {xmax for _xmin, xmax, _data in choice_tuples} <= {0} | close_xids
    # The dead tuples left by deleting the sealed ballots hold only sealed bytes.
    for _xmin, xmax, data in _heap(SEALED):
        assert xmax != 0
        assert not any(c in data for c in clear)
    # No page of the participation table holds a choice.
    for _xmin, _xmax, data in _heap(PARTICIPATION):
        assert not any(c in data for c in clear)
    assert not _rows(f"SELECT * FROM {SEALED}")
