"""The public notice runs from the day it is actually published, for its full period; a decision
waits until the period is over (Civil Code Art. 147: the day of publication is not counted)."""

import datetime as dt

import pytest

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.models import Decision
from thidua.commendations.tests.conftest import YEAR, make_person, nominate
from thidua.lib.errors import ServiceError

HELD = dt.date(2025, 12, 10)


@pytest.fixture
def closed_session(tree, council, award):
    """A paper-ballot session held on 10/12/2025 that passed one LĐTT nominee (period: 5 days)."""
    nomination = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Người được công khai"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên xét", year=YEAR, held_on=HELD, paper=True
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[nomination])
    services.session_open(actor=SYSTEM, session=session)
    services.paper_counts_enter(actor=council.members["m0"].user, session=session, counts={nomination.pk: 5})
    services.paper_counts_confirm(actor=council.members["member"].user, session=session)
    services.session_close(actor=SYSTEM, session=session)
    return session


def test_the_notice_starts_on_the_day_it_is_published_not_on_a_date_typed_in(closed_session):
    published = dt.date(2025, 12, 12)
    notice = services.notice_publish(actor=SYSTEM, session=closed_session, today=published)
    assert (notice.starts_on, notice.ends_on) == (published, dt.date(2025, 12, 17))


def test_a_start_date_is_not_a_field_of_the_notice_form():
    from thidua.commendations.forms import NoticeForm

    assert "starts_on" not in NoticeForm().fields
    # A start date sent anyway (an old page, a crafted request) is ignored.
    form = NoticeForm({"starts_on": "2020-01-01", "title": ""})
    assert form.is_valid() and "starts_on" not in form.cleaned_data


def test_a_notice_cannot_be_published_before_the_council_met(closed_session):
    with pytest.raises(ServiceError, match="trước ngày họp"):
        services.notice_publish(actor=SYSTEM, session=closed_session, today=HELD - dt.timedelta(days=1))


def test_the_decision_waits_until_the_last_day_of_the_period_is_over(closed_session):
    notice = services.notice_publish(actor=SYSTEM, session=closed_session, today=HELD)
    last_day = HELD + dt.timedelta(days=5)
    assert notice.ends_on == last_day
    with pytest.raises(ServiceError, match="Chưa hết thời gian công khai"):
        services.decision_create(actor=SYSTEM, notice=notice, today=HELD)
    with pytest.raises(ServiceError, match="Chưa hết thời gian công khai"):
        services.decision_create(actor=SYSTEM, notice=notice, today=last_day)
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=last_day + dt.timedelta(days=1))
    assert decision.awards.count() == 1


def test_a_second_draft_of_the_same_list_is_refused_and_names_the_first(closed_session):
    from thidua.commendations.services.decisions import ALREADY_DRAFTED

    notice = services.notice_publish(actor=SYSTEM, session=closed_session, today=HELD)
    after = notice.ends_on + dt.timedelta(days=1)
    first = services.decision_create(actor=SYSTEM, notice=notice, today=after)
    with pytest.raises(ServiceError) as refused:
        services.decision_create(actor=SYSTEM, notice=notice, today=after)
    assert str(refused.value.message) == ALREADY_DRAFTED % {"title": first.title}
    assert Decision.objects.count() == 1 and first.awards.count() == 1


def test_a_decision_cannot_be_signed_on_a_date_within_the_notice_period(closed_session, personas):
    notice = services.notice_publish(actor=SYSTEM, session=closed_session, today=HELD)
    decision = services.decision_create(
        actor=SYSTEM, notice=notice, today=notice.ends_on + dt.timedelta(days=1)
    )
    with pytest.raises(ServiceError, match="hết thời gian công khai"):
        services.decision_sign(actor=personas["leader"], decision=decision, signed_on=notice.ends_on)
    signed = services.decision_sign(
        actor=personas["leader"], decision=decision, signed_on=notice.ends_on + dt.timedelta(days=1)
    )
    assert signed.number == 1
