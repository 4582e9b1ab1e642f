"""Least sight (Law 91/2025/QH15): for every role, which personal fields appear on which pages and
files. A phone number is for the admin and officers; discipline, inspection and complaint facts for
the officer and the leader, and for a council member only on the agenda of a session they sit on;
public pages and every paper or export show a name, a unit and an award, nothing more."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.models import Discipline
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, award, council, make_person, nominate  # noqa: F401
from thidua.documents.models import Document
from thidua.people.models import Gender
from thidua.people.services import person_create

pytestmark = pytest.mark.django_db

# Distinctive values: nothing else on a page could contain them by chance.
PHONE = "0912345678"
CLEAN_PHONE = "0987654321"
AGENDA_CASE = "Đơn khiếu nại số 77/KN về ranh đất"
OFF_AGENDA_CASE = "Biên bản thanh tra số 12/TTr quỹ hội"
CLOSED_CASE = "Khiển trách vì đi họp trễ nhiều lần"
SECRETS = [PHONE, CLEAN_PHONE, AGENDA_CASE, OFF_AGENDA_CASE, CLOSED_CASE]

ROLES = ["admin", "officer", "leader", "council", "representative", "viewer", "anonymous"]


def _case(person, note, *, pending=True, kind=Discipline.Kind.COMPLAINT, year=YEAR):
    return Discipline.objects.create(person=person, kind=kind, year=year, pending=pending, note=note)


@pytest.fixture
def world(tree, personas, council, award):  # noqa: F811
    """Three people of the hamlet, each with a phone or a case:
    - "Trần Thị Riêng" (phone PHONE): nominated, on the agenda of the council's session, a complaint
      opened against her after the check (AGENDA_CASE);
    - "Lê Văn Kín": nominated, suspended at the check by an inspection (OFF_AGENDA_CASE), on no agenda;
    - "Phạm Văn Công" (phone CLEAN_PHONE, a closed reprimand CLOSED_CASE): voted, noticed, decided and
      signed — his name goes through every paper and export."""
    rieng = make_person(tree.hamlet, "Trần Thị Riêng", Gender.FEMALE)
    rieng.phone = PHONE
    rieng.save()
    person_create(actor=SYSTEM, full_name="Người Có Số", gender=Gender.MALE, unit=tree.hamlet, phone=PHONE)
    kin = make_person(tree.hamlet, "Lê Văn Kín")
    _case(kin, OFF_AGENDA_CASE, kind=Discipline.Kind.INSPECTION)
    off_agenda = nominate(tree, award("ldtt"), person=kin)
    cong = person_create(
        actor=SYSTEM, full_name="Phạm Văn Công", gender=Gender.MALE, unit=tree.hamlet, phone=CLEAN_PHONE
    )
    from thidua.commendations.models import TaskRating

    TaskRating.objects.create(person=cong, year=YEAR, level=TaskRating.Level.GOOD)
    _case(cong, CLOSED_CASE, pending=False, kind=Discipline.Kind.DISCIPLINE, year=YEAR - 2)
    on_agenda = nominate(tree, award("ldtt"), person=rieng)
    decided = nominate(tree, award("ldtt"), person=cong)
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên 2025", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[on_agenda, decided])
    _case(rieng, AGENDA_CASE)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    for member in council.members.values():
        services.ballot_cast(
            user=member.user, session=session, choices={on_agenda.pk: True, decided.pk: True}
        )
    services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    services.session_minutes_issue(actor=SYSTEM, session=session)
    notice = services.notice_publish(actor=SYSTEM, session=session, today=dt.date(2025, 12, 2))
    services.notice_document_issue(actor=SYSTEM, notice=notice)
    objection = services.objection_submit(
        notice=notice,
        name="Người Góp Ý",
        contact="0933 111 222",
        text="Ý kiến",
        ip="10.0.0.9",
        today=dt.date(2025, 12, 3),
    )
    services.objection_resolve(actor=SYSTEM, objection=objection, state="dismissed", resolution="Đã xác minh")
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    services.decision_sign(
        actor=SYSTEM, decision=decision, signed_on=dt.date(2025, 12, 22), signer_name="Chủ tịch"
    )
    return type(
        "World",
        (),
        {
            "rieng": rieng,
            "kin": kin,
            "cong": cong,
            "on_agenda": on_agenda,
            "off_agenda": off_agenda,
            "session": session,
            "notice": notice,
            "decision": decision,
            "award": decision.awards.get(),
        },
    )


def _as(client, personas, role):
    if role == "anonymous":
        client.logout()
    else:
        client.force_login(personas[role])
    return client


def _text(response) -> str:
    """What a person reads in a response: the page, or the cells, paragraphs or pages of a file."""
    body = response.content
    kind = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK") and "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v)
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            xml = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
        return re.sub(r"<[^>]+>", "", xml)
    return body.decode()


def _shows(text: str, value: str) -> bool:
    """Found whatever the spacing: a PDF may break a line or split digits."""
    squeeze = re.compile(r"\s+")
    return squeeze.sub("", value) in squeeze.sub("", text)


# --- Pages showing a person's own fields: who sees what -------------------------------------------

PHONE_SEERS = {"admin", "officer"}
CONDUCT_SEERS = {"admin", "officer", "leader"}


@pytest.mark.parametrize("role", ROLES)
def test_a_persons_phone_is_shown_to_the_admin_and_officers_only(client, world, personas, role):
    page = _text(_as(client, personas, role).get(reverse("people:detail", args=[world.rieng.pk])))
    assert _shows(page, PHONE) == (role in PHONE_SEERS), role
    if role not in ("anonymous",):
        assert "Trần Thị Riêng" in page  # everyone of the commune still sees who the person is


@pytest.mark.parametrize("role", ROLES)
def test_the_officers_note_on_a_person_is_seen_as_the_phone_is(client, world, personas, role):
    note = "Hay đi làm ăn xa, liên hệ qua con gái"
    type(world.rieng).objects.filter(pk=world.rieng.pk).update(note=note)
    page = _text(_as(client, personas, role).get(reverse("people:detail", args=[world.rieng.pk])))
    assert _shows(page, note) == (role in PHONE_SEERS), role


@pytest.mark.parametrize("role", ROLES)
def test_a_nomination_on_the_agenda_shows_the_case_to_officer_leader_and_the_sitting_council(
    client, world, personas, role
):
    page = _text(_as(client, personas, role).get(reverse("commendations:detail", args=[world.on_agenda.pk])))
    assert _shows(page, AGENDA_CASE) == (role in CONDUCT_SEERS | {"council"}), role
    if role in ("representative", "viewer"):
        assert "Trần Thị Riêng" in page and "chỉ hiển thị cho cán bộ thi đua" in page


@pytest.mark.parametrize("role", ROLES)
def test_a_nomination_on_no_agenda_hides_the_case_from_the_council_too(client, world, personas, role):
    page = _text(_as(client, personas, role).get(reverse("commendations:detail", args=[world.off_agenda.pk])))
    assert _shows(page, OFF_AGENDA_CASE) == (role in CONDUCT_SEERS), role
    if role in ("council", "representative", "viewer"):
        # Suspended, but nothing on the page says for what kind of case.
        assert "Lê Văn Kín" in page and "Tạm hoãn xét khen" in page
        assert "thanh tra năm" not in page and "đang bị xem xét" not in page


def test_a_council_member_without_a_seat_does_not_see_the_case_on_the_agenda(client, world, make_user, tree):
    from thidua.accounts.models import Role

    seatless = make_user("khongghe", Role.COUNCIL, tree.commune)
    client.force_login(seatless)
    page = _text(client.get(reverse("commendations:detail", args=[world.on_agenda.pk])))
    assert "Trần Thị Riêng" in page and not _shows(page, AGENDA_CASE)


@pytest.mark.parametrize("role", ROLES)
def test_the_audit_log_masks_the_phone_for_whoever_may_not_read_it(client, world, personas, role):
    response = _as(client, personas, role).get(reverse("audit:list"), {"unit": world.rieng.unit.parent_id})
    page = _text(response)
    assert _shows(page, PHONE) == (role in PHONE_SEERS), role
    if role == "leader":
        assert response.status_code == 200 and "(ẩn)" in page
        # The leader reads the conduct the check wrote into the nomination's entry.
        assert _shows(page, OFF_AGENDA_CASE)


# --- Pages and files about many people: never a phone nor a case ----------------------------------


def _private_pages(w) -> list[str]:
    docs = list(Document.objects.values_list("pk", flat=True))
    assert len(docs) >= 3  # minutes, notice, decision: the papers are really checked
    return [
        reverse("people:list"),
        reverse("people:list") + "?q=rieng",
        reverse("people:pick") + "?q=rieng",
        reverse("people:import_template"),
        reverse("commendations:list"),
        reverse("commendations:sessions"),
        reverse("commendations:session", args=[w.session.pk]),
        reverse("commendations:minutes", args=[w.session.pk]),
        reverse("commendations:notice_manage", args=[w.notice.pk]),
        reverse("commendations:decision", args=[w.decision.pk]),
        reverse("commendations:decision_submission", args=[w.decision.pk]),
        reverse("commendations:certificates", args=[w.decision.pk]),
        reverse("commendations:certificates_pdf", args=[w.decision.pk]),
        reverse("commendations:money"),
        reverse("commendations:money_export"),
        reverse("units:detail", args=[w.rieng.unit_id]),
        reverse("web:home"),
        *[reverse("documents:docx", args=[pk]) for pk in docs],
        *[reverse("documents:pdf", args=[pk]) for pk in docs],
        *[reverse("documents:detail", args=[pk]) for pk in docs],
    ]


def _public_pages(w, role: str) -> dict[str, str]:
    """Public url → the name it must show (or "" when it names nobody). The home page is the
    portal for the public, a signed-in user's dashboard otherwise (checked with the private pages)."""
    return {
        **({reverse("web:home"): ""} if role == "anonymous" else {}),
        reverse("commendations:public_notice", args=[w.notice.pk]): "Phạm Văn Công",
        reverse("commendations:register"): "",
        reverse("commendations:public_decision", args=[w.decision.pk]): "Phạm Văn Công",
        reverse("commendations:verify", args=[w.award.verify_code]): "Phạm Văn Công",
        reverse("examples:public_list"): "",
        reverse("examples:public_report"): "",
    }


@pytest.mark.parametrize("role", ROLES)
def test_lists_papers_and_exports_carry_no_phone_and_no_case(client, world, personas, role):
    c = _as(client, personas, role)
    served = 0
    for url in _private_pages(world):
        response = c.get(url)
        if response.status_code != 200:
            continue
        served += 1
        text = _text(response)
        for secret in SECRETS:
            assert not _shows(text, secret), (role, url, secret)
        if role not in CONDUCT_SEERS:
            assert "đang bị xem xét" not in text, (role, url)
    assert served >= (1 if role == "anonymous" else 5)


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_show_a_name_unit_and_award_and_nothing_more(client, world, personas, role):
    c = _as(client, personas, role)
    for url, name in _public_pages(world, role).items():
        response = c.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        assert name in text, url
        for secret in [*SECRETS, "0933 111 222", "Người Góp Ý"]:
            assert not _shows(text, secret), (role, url, secret)


def test_the_objection_senders_contact_is_for_the_officer_alone(client, world, personas):
    url = reverse("commendations:notice_manage", args=[world.notice.pk])
    assert "0933 111 222" in _text(_as(client, personas, "officer").get(url))
    for role in ("leader", "council", "viewer", "representative"):
        assert "0933 111 222" not in _text(_as(client, personas, role).get(url)), role


def test_the_contact_stays_hidden_should_the_page_ever_open_to_the_leader(
    client, world, personas, monkeypatch
):
    from thidua import access
    from thidua.accounts.models import Role

    monkeypatch.setitem(
        access.RULES,
        access.Action.NOMINATION_CHECK,
        access.RULES[access.Action.NOMINATION_CHECK] | {Role.LEADER},
    )
    page = _text(
        _as(client, personas, "leader").get(reverse("commendations:notice_manage", args=[world.notice.pk]))
    )
    assert "Người Góp Ý" in page and "0933 111 222" not in page
