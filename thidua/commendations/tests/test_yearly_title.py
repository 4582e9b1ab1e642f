"""One yearly title once a year: per recipient, title and year, across movements and outside them;
an annulled award no longer blocks a new nomination."""

import datetime as dt

import pytest

from thidua.access import SYSTEM
from thidua.commendations import eligibility, services
from thidua.commendations.models import Award, NominationState
from thidua.commendations.tests.conftest import YEAR, make_person, nominate
from thidua.commendations.tests.test_movement_links import make_movement, nominate_under, review
from thidua.lib.errors import ServiceError


def _rule(nomination):
    return {c.code: c for c in eligibility.evaluate(nomination)}["one_award_per_achievement"]


def _granted_outside(tree, award_type, person, **extra):
    """An award recorded from outside the system (no movement, no decision here)."""
    return Award.objects.create(
        award_type=award_type,
        year=YEAR,
        commune=tree.commune,
        recipient_kind="individual",
        person=person,
        recipient_name=person.full_name,
        external_ref="15/QĐ-UBND ngày 20/12/2025",
        **extra,
    )


def test_a_title_given_outside_any_movement_blocks_it_under_a_movement_review(tree, award):
    movement = make_movement(tree.commune, "Đồng khởi mới")
    person = make_person(tree.hamlet, "A")
    nomination = nominate_under(tree, award("ldtt"), review(movement), person=person, checked=False)
    _granted_outside(tree, award("ldtt"), person)
    assert _rule(nomination).result == eligibility.FAIL


def test_a_title_under_one_movement_blocks_it_under_another(tree, award):
    first = make_movement(tree.commune, "Đồng khởi mới")
    second = make_movement(tree.commune, "Phong trào khác")
    person = make_person(tree.hamlet, "A")
    nominate_under(tree, award("ldtt"), review(first), person=person, checked=False)
    nomination = nominate_under(tree, award("ldtt"), review(second), person=person, checked=False)
    assert _rule(nomination).result == eligibility.FAIL


def test_an_annulled_award_no_longer_blocks_a_new_nomination(tree, award):
    person = make_person(tree.hamlet, "A")
    old = nominate(tree, award("ldtt"), person=person, checked=False)
    type(old).objects.filter(pk=old.pk).update(state=NominationState.DECIDED)
    _granted_outside(tree, award("ldtt"), person, nomination=old, annulled=True)
    again = nominate(tree, award("ldtt"), person=person, checked=False)
    assert _rule(again).result == eligibility.PASS


def test_a_new_nomination_for_a_title_already_given_this_year_is_refused(tree, award):
    movement = make_movement(tree.commune, "Đồng khởi mới")
    person = make_person(tree.hamlet, "A")
    _granted_outside(tree, award("ldtt"), person)
    with pytest.raises(ServiceError, match="chỉ xét một lần mỗi năm") as refused:
        nominate_under(tree, award("ldtt"), review(movement), person=person, checked=False)
    assert refused.value.field == "award_type"
    # Another year, or a Giấy khen, is another matter.
    nominate(tree, award("ldtt"), person=person, checked=False, year=YEAR - 1)
    nominate(tree, award("gk-canhan"), person=person, checked=False)


def test_a_decision_giving_a_title_already_given_since_the_check_is_not_signed(
    tree, council, award, personas
):
    person = make_person(tree.hamlet, "A")
    nomination = nominate(tree, award("ldtt"), person=person)
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 10), paper=True
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[nomination])
    services.session_open(actor=SYSTEM, session=session)
    services.paper_counts_enter(actor=council.members["m0"].user, session=session, counts={nomination.pk: 5})
    services.paper_counts_confirm(actor=council.members["member"].user, session=session)
    services.session_close(actor=SYSTEM, session=session)
    notice = services.notice_publish(actor=SYSTEM, session=session, today=dt.date(2025, 12, 10))
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    _granted_outside(tree, award("ldtt"), person)
    with pytest.raises(ServiceError, match="15/QĐ-UBND"):
        services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2025, 12, 21))
    Award.objects.filter(decision__isnull=True).update(annulled=True)
    signed = services.decision_sign(
        actor=personas["leader"], decision=decision, signed_on=dt.date(2025, 12, 21)
    )
    assert signed.number == 1
