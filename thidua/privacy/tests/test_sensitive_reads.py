"""The log of sensitive reads: a row whenever a page shows a person's phone or conduct facts to
someone (who, when, which person, what), one insert per request, listed for the admin and officers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua import access
from thidua.access import SYSTEM, Action
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import Discipline
from thidua.commendations.tests.conftest import YEAR, award, council, make_person, nominate  # noqa: F401
from thidua.people.models import Gender
from thidua.people.services import person_create
from thidua.privacy.models import SensitiveKind, SensitiveRead

pytestmark = pytest.mark.django_db

PHONE = "0912345678"


@pytest.fixture
def called(tree):
    return person_create(
        actor=SYSTEM, full_name="Võ Thị Gọi", gender=Gender.FEMALE, unit=tree.hamlet, phone=PHONE
    )


def _reads(**lookup) -> list[tuple[str, int, str]]:
    return list(SensitiveRead.objects.filter(**lookup).values_list("reader__username", "person_id", "kind"))


def _inserts(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('INSERT INTO "privacy_sensitiveread"'))


def test_the_officer_opening_a_persons_page_is_logged_once_with_who_whom_and_what(client, personas, called):
    client.force_login(personas["officer"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("people:detail", args=[called.pk]))
    assert PHONE in response.content.decode()
    # The page and its change log both show the phone: one row, one insert.
    assert _reads() == [("officer", called.pk, SensitiveKind.CONTACT)]
    assert _inserts(ctx.captured_queries) == 1
    row = SensitiveRead.objects.get()
    assert row.place == reverse("people:detail", args=[called.pk]) and row.reader_label == "officer"
    assert abs((row.read_at - dt.datetime.now(dt.UTC)).total_seconds()) < 60


@pytest.mark.parametrize("role", ["leader", "council", "representative", "viewer"])
def test_whoever_is_not_shown_the_phone_leaves_no_read(client, personas, called, role):
    client.force_login(personas[role])
    assert client.get(reverse("people:detail", args=[called.pk])).status_code == 200
    assert _reads() == []


def test_a_person_without_a_phone_is_no_sensitive_read(client, personas, tree):
    person = make_person(tree.hamlet, "Không Số")
    client.force_login(personas["officer"])
    client.get(reverse("people:detail", args=[person.pk]))
    assert _reads() == []


def test_the_edit_form_shows_the_phone_and_is_logged(client, personas, called):
    client.force_login(personas["officer"])
    assert PHONE in client.get(reverse("people:edit", args=[called.pk])).content.decode()
    assert _reads() == [("officer", called.pk, SensitiveKind.CONTACT)]


def test_conduct_read_by_the_leader_and_the_sitting_council_is_logged(client, personas, tree, council, award):  # noqa: F811
    person = make_person(tree.hamlet, "Đặng Văn Xét")
    n = nominate(tree, award("ldtt"), person=person)
    Discipline.objects.create(
        person=person, kind=Discipline.Kind.COMPLAINT, year=YEAR, pending=True, note="Đơn số 5"
    )
    url = reverse("commendations:detail", args=[n.pk])
    for role in ("leader", "council", "viewer", "representative"):
        client.force_login(personas[role])
        client.get(url)
    # Off the agenda, the council member was shown nothing.
    assert sorted(_reads()) == [("leader", person.pk, SensitiveKind.CONDUCT)]
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    client.force_login(personas["council"])
    client.get(url)
    assert ("council", person.pk, SensitiveKind.CONDUCT) in _reads()


def test_one_insert_for_an_audit_page_showing_many_phones(client, personas, tree):
    people = [
        person_create(
            actor=SYSTEM, full_name=f"Người {i}", gender=Gender.MALE, unit=tree.hamlet, phone=f"09000000{i}"
        )
        for i in range(5)
    ]
    client.force_login(personas["officer"])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("audit:list"), {"unit": tree.commune.pk}).content.decode()
    assert all(p.phone in page for p in people)
    assert _inserts(ctx.captured_queries) == 1
    assert {pid for _u, pid, _k in _reads()} == {p.pk for p in people}


def test_the_leader_reads_the_audit_log_with_phones_masked_and_unlogged(client, personas, called, tree):
    client.force_login(personas["leader"])
    page = client.get(reverse("audit:list"), {"unit": tree.commune.pk}).content.decode()
    assert "Võ Thị Gọi" in page and PHONE not in page and "(ẩn)" in page
    assert _reads() == []


# --- The log page ---------------------------------------------------------------------------------


def test_the_officer_lists_the_reads_and_filters_them_by_person(client, personas, tree, called):
    other = person_create(
        actor=SYSTEM, full_name="Hồ Văn Khác", gender=Gender.MALE, unit=tree.hamlet2, phone="0911000111"
    )
    client.force_login(personas["admin"])
    client.get(reverse("people:detail", args=[called.pk]))
    client.get(reverse("people:detail", args=[other.pk]))
    client.force_login(personas["officer"])
    listing = client.get(reverse("privacy:reads")).content.decode()
    assert "Võ Thị Gọi" in listing and "Hồ Văn Khác" in listing and "admin" in listing
    one = client.get(reverse("privacy:reads"), {"person": called.pk}).content.decode()
    assert "Võ Thị Gọi" in one and "Hồ Văn Khác" not in one
    assert "Số điện thoại" in one


@pytest.mark.parametrize("role", ["leader", "council", "representative", "viewer", "outsider"])
def test_only_the_admin_and_officers_of_the_persons_units_open_the_log(client, personas, called, role):
    client.force_login(personas[role])
    assert client.get(reverse("privacy:reads")).status_code == (200 if role == "outsider" else 404)
    assert client.get(reverse("privacy:reads"), {"person": called.pk}).status_code == 404


def test_an_officer_of_another_commune_sees_none_of_these_reads(client, personas, called):
    client.force_login(personas["officer"])
    client.get(reverse("people:detail", args=[called.pk]))
    client.force_login(personas["outsider"])
    assert "Võ Thị Gọi" not in client.get(reverse("privacy:reads")).content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("privacy:reads"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The rules themselves -------------------------------------------------------------------------


def test_whoever_manages_people_may_see_their_phone():
    """The edit form shows the phone: managing people must never reach beyond the contact roles."""
    assert access.RULES[Action.MANAGE_PEOPLE] <= access.CONTACT_ROLES


def test_contact_and_conduct_rules_per_role(personas, called, tree, council, award):  # noqa: F811
    n = nominate(tree, award("ldtt"), person=called, checked=False)
    n.session = None
    contact = {role: access.can_see_contact(user, called) for role, user in personas.items()}
    conduct = {role: access.can_see_conduct(user, n) for role, user in personas.items()}
    assert {r for r, ok in contact.items() if ok} == {"admin", "officer"}
    assert {r for r, ok in conduct.items() if ok} == {"admin", "officer", "leader"}
    assert access.can_see_contact(SYSTEM, called) and access.can_see_conduct(SYSTEM, n)


def test_a_seat_counts_only_while_active_and_in_its_own_council(personas, tree, council, award, make_user):  # noqa: F811
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Ngồi Ghế"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    n.refresh_from_db()
    member = council.members["member"]
    assert access.can_see_conduct(member.user, n)
    member.active = False
    member.save()
    fresh = type(member.user).objects.get(pk=member.user.pk)  # the seat cache lives one request
    assert not access.can_see_conduct(fresh, n)
    stranger = make_user("ngoai", Role.COUNCIL, tree.commune)
    assert not access.can_see_conduct(stranger, n)
