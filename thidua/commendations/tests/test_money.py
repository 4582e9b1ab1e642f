"""Money: only the highest title of a period pays in total, also across decisions."""

import datetime as dt

import pytest

from thidua.commendations import services
from thidua.commendations.models import Award, Decision
from thidua.commendations.tests.conftest import YEAR, make_person

pytestmark = pytest.mark.django_db
SIGNED_ON = dt.date(2025, 12, 22)  # base salary 2,340,000 đ


def _decide(tree, personas, *lines, on=SIGNED_ON, year=YEAR):
    """Sign a decision granting (award type, person) lines; return its awards by type code."""
    decision = Decision.objects.create(commune=tree.commune, title="Khen thưởng", year=year)
    for award_type, person in lines:
        Award.objects.create(
            award_type=award_type,
            year=year,
            commune=tree.commune,
            recipient_kind="individual",
            person=person,
            recipient_name=person.full_name,
            decision=decision,
        )
    services.decision_sign(actor=personas["leader"], decision=decision, signed_on=on)
    decision.refresh_from_db()
    return decision, {a.award_type.code: a for a in decision.awards.select_related("award_type")}


def test_a_later_higher_title_pays_only_the_difference(tree, personas, award):
    person = make_person(tree.hamlet, "Nguyễn Thị Hoa")
    first, paid = _decide(tree, personas, (award("ldtt"), person))
    assert paid["ldtt"].amount == 710_000  # 0.3 × 2,340,000 = 702,000, rounded up
    second, later = _decide(tree, personas, (award("cstdcs"), person))
    assert later["cstdcs"].amount == 2_340_000 - 710_000
    assert first.number_label in later["cstdcs"].amount_note
    assert "chênh lệch" in later["cstdcs"].amount_note
    assert second.total_amount == 1_630_000
    # In total the person received exactly the highest title's amount.
    total = sum(Award.objects.filter(person=person, year=YEAR).values_list("amount", flat=True))
    assert total == 2_340_000


def test_a_later_lower_or_equal_title_pays_nothing(tree, personas, award):
    person = make_person(tree.hamlet, "Trần Văn Lộc")
    _decide(tree, personas, (award("cstdcs"), person))
    _decision, later = _decide(tree, personas, (award("ldtt"), person))
    assert later["ldtt"].amount == 0 and "cao nhất" in later["ldtt"].amount_note


def test_a_form_pays_beside_a_title_and_other_years_and_people_are_apart(tree, personas, award):
    person, other = make_person(tree.hamlet, "Lê Văn Tâm"), make_person(tree.hamlet, "Võ Thị Mai")
    _decide(tree, personas, (award("ldtt"), person))
    _decision, lines = _decide(tree, personas, (award("gk-canhan"), person), (award("cstdcs"), other))
    assert lines["gk-canhan"].amount == 710_000  # a Giấy khen pays beside the title
    assert lines["cstdcs"].amount == 2_340_000  # another person: nothing to deduct
    _decision, next_year = _decide(
        tree,
        personas,
        (award("cstdcs"), person),
        on=dt.date(2026, 12, 22),
        year=YEAR + 1,
    )
    assert next_year["cstdcs"].amount == 2_530_000  # a new year, and the base salary of July 2026


def test_an_annulled_earlier_title_is_not_deducted(tree, personas, award):
    person = make_person(tree.hamlet, "Phan Văn Đức")
    _decision, paid = _decide(tree, personas, (award("ldtt"), person))
    services.award_annul(
        actor=personas["leader"],
        award=paid["ldtt"],
        reason="Kê khai không trung thực",
        annul_decision="09/QĐ-UBND",
        annulled_on=dt.date(2025, 12, 23),
    )
    _decision, later = _decide(tree, personas, (award("cstdcs"), person), on=dt.date(2025, 12, 28))
    assert later["cstdcs"].amount == 2_340_000
