"""Fixtures of the commendation tests: a council of five, people of the commune, checked nominations."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import AwardType, CouncilRole, TaskRating
from thidua.people.models import Gender, Person
from thidua.people.services import person_create
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

YEAR = 2025
# The chair's ballot-box passphrase of every secret test session.
BALLOT_BOX = "hòm phiếu thử nghiệm"


def make_person(unit, name, gender=Gender.MALE, rating=TaskRating.Level.GOOD, year=YEAR) -> Person:
    person = person_create(actor=SYSTEM, full_name=name, gender=gender, unit=unit)
    if rating:
        TaskRating.objects.create(person=person, year=year, level=rating)
    return person


@pytest.fixture
def award(db):
    return lambda code: AwardType.objects.get(code=code)


@pytest.fixture
def council(tree, personas, make_user):
    """HĐTĐKT of the commune: the leader chairs, the council persona and three more members sit."""
    unit = unit_create(actor=SYSTEM, name="Hội đồng TĐKT xã", kind=UnitKind.COUNCIL, parent=tree.commune)
    members = {
        "chair": services.council_member_add(
            actor=SYSTEM, council=unit, user=personas["leader"], role=CouncilRole.CHAIR
        ),
        "member": services.council_member_add(actor=SYSTEM, council=unit, user=personas["council"]),
    }
    for i, role in enumerate([CouncilRole.SECRETARY, CouncilRole.VICE_CHAIR, CouncilRole.MEMBER]):
        user = make_user(f"thanhvien{i}", Role.COUNCIL, tree.commune)
        members[f"m{i}"] = services.council_member_add(actor=SYSTEM, council=unit, user=user, role=role)
    unit.members = members
    return unit


def nominate(tree, award_type, person=None, collective=None, household=None, checked=True, year=YEAR):
    n = services.nomination_create(
        actor=SYSTEM,
        unit=tree.hamlet,
        award_type=award_type,
        year=year,
        achievement="Thành tích tốt",
        person=person,
        collective=collective,
        household=household,
    )
    if checked:
        services.nomination_submit(actor=SYSTEM, nomination=n)
        services.nomination_accept(actor=SYSTEM, nomination=n)
        services.nomination_check(actor=SYSTEM, nomination=n)
    return n


@pytest.fixture
def open_session(tree, council, award):
    """An open session with three LĐTT individuals (quota 2), everyone present."""
    people = [
        make_person(tree.hamlet, f"Người {i}", Gender.FEMALE if i == 2 else Gender.MALE) for i in range(3)
    ]
    noms = [nominate(tree, award("ldtt"), person=p) for p in people]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Phiên xét 2025",
        year=YEAR,
        held_on=dt.date(2025, 12, 10),
        quota_individual=2,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    session.noms = noms
    return session


# --- proposals up the chain (test_proposals, test_proposal_views) --------------------------


def minutes_upload():
    return SimpleUploadedFile(
        "bien-ban.pdf", b"%PDF-1.4 bien ban hop hoi dong", content_type="application/pdf"
    )


@pytest.fixture
def province_people(tree, make_user):
    """The province's officer (Sở Nội vụ), its chairman, and its council of three."""
    officer = make_user("tinh_canbo", Role.OFFICER, tree.province)
    leader = make_user("tinh_lanhdao", Role.LEADER, tree.province)
    council = unit_create(
        actor=SYSTEM, name="Hội đồng Thi đua – Khen thưởng tỉnh", kind=UnitKind.COUNCIL, parent=tree.province
    )
    members = [
        services.council_member_add(actor=SYSTEM, council=council, user=leader, role=CouncilRole.CHAIR)
    ]
    for i in range(2):
        user = make_user(f"tinh_hoidong{i}", Role.COUNCIL, council)
        members.append(services.council_member_add(actor=SYSTEM, council=council, user=user))
    return type(
        "Province", (), {"officer": officer, "leader": leader, "council": council, "members": members}
    )


@pytest.fixture
def draft(tree, personas):
    """A draft proposal of Mỹ Thạnh with one person for the province chairman's Bằng khen."""
    proposal = services.proposal_create(actor=personas["officer"], commune=tree.commune, year=YEAR)
    person = make_person(tree.hamlet, "Đỗ Thị Đào")
    services.proposal_line_add(
        actor=personas["officer"],
        proposal=proposal,
        award_type=AwardType.objects.get(code="bk-tinh-canhan"),
        achievement="Dẫn đầu phong trào xây dựng nông thôn mới",
        person=person,
    )
    return proposal


def complete(proposal, actor):
    services.proposal_minutes_attach(actor=actor, proposal=proposal, file=minutes_upload())
    services.proposal_submission_issue(actor=actor, proposal=proposal, date=dt.date(2025, 11, 20))
    proposal.refresh_from_db()
    return proposal
