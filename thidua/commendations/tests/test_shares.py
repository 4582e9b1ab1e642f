"""Every share rule (quorum, vote thresholds, 70 % of members, 70 % women) is exact: two thirds is
2/3, not 67 %; a boundary counts as reached."""

import datetime as dt
from fractions import Fraction

import pytest

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import eligibility, rules, services
from thidua.commendations.models import Award, Session
from thidua.commendations.tests.conftest import YEAR, make_person, nominate
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

TWO_THIRDS = Fraction(2, 3)


@pytest.mark.parametrize(
    ("part", "whole", "share", "reached"),
    [
        (6, 9, TWO_THIRDS, True),
        (5, 9, TWO_THIRDS, False),
        (2, 3, TWO_THIRDS, True),
        (8, 10, Fraction(80, 100), True),
        (7, 10, Fraction(80, 100), False),
        (7, 10, Fraction(70, 100), True),
        (6, 10, Fraction(70, 100), False),
        (56, 80, Fraction(70, 100), True),
        (0, 0, Fraction(70, 100), False),
    ],
)
def test_a_share_is_reached_exactly_at_its_boundary(part, whole, share, reached):
    assert rules.share_reached(part, whole, share) is reached


def test_the_least_part_that_reaches_a_share():
    assert rules.least_part(9, TWO_THIRDS) == 6
    assert rules.least_part(10, TWO_THIRDS) == 7
    assert rules.least_part(10, Fraction(4, 5)) == 8
    assert rules.quorum_needed(9, TWO_THIRDS) == 6


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("2/3", TWO_THIRDS),
        (" 2 / 3 ", TWO_THIRDS),
        ("80%", Fraction(4, 5)),
        ("80", Fraction(4, 5)),
        (70, Fraction(7, 10)),
    ],
)
def test_a_share_setting_reads_as_a_fraction_or_a_percentage(text, share):
    assert rules.parse_share(text) == share


@pytest.mark.parametrize("bad", ["", "abc", "0", "3/2", "101", "1/0", "-1/3", True])
def test_a_share_setting_outside_zero_to_one_is_refused(bad):
    with pytest.raises((ValueError, ZeroDivisionError)):
        rules.parse_share(bad)


def test_the_default_quorum_is_two_thirds_exactly(tree, council):
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    assert session.quorum_share == TWO_THIRDS


def test_six_of_nine_members_present_may_open_the_session(tree, council, award, make_user):
    for i in range(4):
        user = make_user(f"them{i}", Role.COUNCIL, tree.commune)
        services.council_member_add(actor=SYSTEM, council=council, user=user)
    nomination = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "A"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1), paper=True
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[nomination])
    members = list(session.attendance.values_list("member_id", flat=True))
    assert len(members) == 9
    services.session_attendance_set(actor=SYSTEM, session=session, present_ids=set(members[:5]), opinions={})
    with pytest.raises(ServiceError, match="cần ít nhất 6"):
        services.session_open(actor=SYSTEM, session=session)
    services.session_attendance_set(actor=SYSTEM, session=session, present_ids=set(members[:6]), opinions={})
    services.session_open(actor=SYSTEM, session=session)
    assert Session.objects.get(pk=session.pk).state == "open"


def _collective_with_ldtt(tree, award, members: int, with_ldtt: int):
    team = unit_create(actor=SYSTEM, name="Tổ sản xuất", kind=UnitKind.MASS_ORG, parent=tree.commune)
    for i in range(members):
        person = make_person(team, f"Thành viên {i}")
        if i < with_ldtt:
            Award.objects.create(
                award_type=award("ldtt"),
                year=YEAR,
                commune=tree.commune,
                recipient_kind="individual",
                person=person,
                recipient_name=person.full_name,
            )
    return team


@pytest.mark.parametrize(("with_ldtt", "result"), [(7, eligibility.PASS), (6, eligibility.FAIL)])
def test_seventy_percent_of_members_is_reached_at_seven_of_ten(tree, award, with_ldtt, result):
    team = _collective_with_ldtt(tree, award, 10, with_ldtt)
    nomination = nominate(tree, award("ttldtt"), collective=team, checked=False)
    assert eligibility.rule_members_ldtt_70(nomination, {"pct": 70}).result == result


def test_the_tie_rule_prefers_a_collective_of_exactly_seventy_percent_women(tree, award):
    from thidua.commendations.services.ballots import _women_first

    team = unit_create(actor=SYSTEM, name="Chi hội phụ nữ", kind=UnitKind.MASS_ORG, parent=tree.commune)
    for i in range(10):
        make_person(team, f"Hội viên {i}", Gender.FEMALE if i < 7 else Gender.MALE)
    nomination = nominate(tree, award("ttldtt"), collective=team, checked=False)
    assert _women_first(nomination)


@pytest.mark.parametrize(("agree", "outcome"), [(8, "passed"), (7, "below")])
def test_eighty_percent_of_ten_members_is_eight_agree_votes(tree, council, award, make_user, agree, outcome):
    from thidua.commendations.models import RuleOverride

    for i in range(5):
        services.council_member_add(
            actor=SYSTEM, council=council, user=make_user(f"them{i}", Role.COUNCIL, tree.commune)
        )
    RuleOverride.objects.create(
        unit=tree.commune,
        award_type=award("ldtt"),
        key="vote_threshold_pct",
        value=80,
        effective_from=dt.date(2025, 1, 1),
    )
    nomination = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "A"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1), paper=True
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[nomination])
    services.session_open(actor=SYSTEM, session=session)
    services.paper_counts_enter(
        actor=council.members["m0"].user, session=session, counts={nomination.pk: agree}
    )
    services.paper_counts_confirm(actor=council.members["member"].user, session=session)
    [line] = services.session_close(actor=SYSTEM, session=session)
    assert (line.threshold_pct, line.outcome) == (80, outcome)


def test_the_minutes_write_two_thirds_as_a_fraction():
    from thidua.lib.vn import format_share

    assert (format_share(TWO_THIRDS), format_share(Fraction(4, 5)), format_share(Fraction(1, 2))) == (
        "2/3",
        "80%",
        "50%",
    )


def test_a_session_form_reads_the_quorum_as_an_exact_share():
    from thidua.commendations.forms import SessionForm

    form = SessionForm.__new__(SessionForm)
    form.cleaned_data = {"quorum": "2/3"}
    assert form.clean_quorum() == TWO_THIRDS
    form.cleaned_data = {"quorum": "67 phần trăm"}
    with pytest.raises(Exception, match="phân số"):
        form.clean_quorum()
