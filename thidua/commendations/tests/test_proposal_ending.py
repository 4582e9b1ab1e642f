"""A dossier none of whose lines is awarded ends ("kết thúc, không khen thưởng"), and a dossier sent
after the province's yearly deadline is received but marked late by its days."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import (
    AwardType,
    Nomination,
    NominationState,
    Proposal,
    ProposalState,
    RuleOverride,
)
from thidua.commendations.tests.conftest import BALLOT_BOX, complete, make_person
from thidua.lib.errors import ServiceError
from thidua.notifications.models import Notification
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db
YEAR = 2025
P = ProposalState
S = NominationState


def sent_and_received(draft, personas, province_people, *, second=False):
    officer = personas["officer"]
    if second:
        services.proposal_line_add(
            actor=officer,
            proposal=draft,
            award_type=AwardType.objects.get(code="bk-tinh-canhan"),
            achievement="Đảm đương tốt công việc",
            person=make_person(draft.commune.children.first(), "Đinh Văn Đạt"),
        )
    complete(draft, officer)
    services.proposal_submit(actor=officer, proposal=draft, today=dt.date(2025, 11, 21))
    services.proposal_receive(actor=province_people.officer, proposal=draft, today=dt.date(2025, 11, 25))
    return draft


def to_the_council_and_vote(draft, province_people, agree):
    province = province_people
    services.proposal_appraise(actor=province.officer, proposal=draft)
    session = services.session_create(
        actor=province.officer,
        council=province.council,
        title="Phiên",
        year=YEAR,
        held_on=dt.date(2025, 12, 15),
    )
    services.proposal_to_council(actor=province.officer, proposal=draft, session=session)
    services.session_open(actor=province.leader, session=session, passphrase=BALLOT_BOX)
    for member in province.members:
        services.ballot_cast(
            user=member.user,
            session=session,
            choices={n.pk: agree(n) for n in draft.nominations.all()},
        )
    services.session_close(actor=province.leader, session=session, passphrase=BALLOT_BOX)
    return session


def told(user, words):
    return Notification.objects.filter(recipient=user, text__contains=words).exists()


def test_a_dossier_the_council_votes_down_ends_and_both_levels_see_it(
    client, tree, personas, province_people, draft, django_capture_on_commit_callbacks
):
    sent_and_received(draft, personas, province_people)
    with django_capture_on_commit_callbacks(execute=True):
        session = to_the_council_and_vote(draft, province_people, agree=lambda n: False)
    draft.refresh_from_db()
    assert draft.state == P.CLOSED and draft.closed_on is not None
    assert "không thông qua" in draft.close_reason
    assert Nomination.objects.get(proposal=draft).state == S.NOT_PASSED
    assert told(personas["officer"], "kết thúc, không có trường hợp nào được khen thưởng")
    assert told(province_people.officer, "kết thúc, không có trường hợp nào được khen thưởng")
    # Nothing to decide, and the dossier stays ended.
    with pytest.raises(ServiceError):
        services.proposal_decision_create(actor=province_people.officer, session=session)
    for user in (personas["officer"], province_people.officer):
        client.force_login(user)
        page = client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
        assert 'id="proposal-state">Kết thúc, không khen thưởng<' in page and 'id="proposal-closed"' in page
        listed = client.get(reverse("commendations:proposals")).content.decode()
        assert "Kết thúc, không khen thưởng" in listed


def test_a_dossier_with_one_line_passed_is_decided_not_ended(tree, personas, province_people, draft):
    sent_and_received(draft, personas, province_people, second=True)
    session = to_the_council_and_vote(
        draft, province_people, agree=lambda n: n.recipient_name == "Đỗ Thị Đào"
    )
    draft.refresh_from_db()
    assert draft.state == P.IN_COUNCIL
    decision = services.proposal_decision_create(actor=province_people.officer, session=session)
    services.decision_sign(actor=province_people.leader, decision=decision, signed_on=dt.date(2025, 12, 18))
    draft.refresh_from_db()
    assert draft.state == P.DECIDED and draft.decision == decision
    assert set(draft.nominations.values_list("recipient_name", "state")) == {
        ("Đỗ Thị Đào", S.DECIDED),
        ("Đinh Văn Đạt", S.NOT_PASSED),
    }


def test_lines_refused_at_appraisal_end_the_dossier_when_none_is_left(
    tree, personas, province_people, draft, django_capture_on_commit_callbacks
):
    sent_and_received(draft, personas, province_people, second=True)
    first, second = draft.nominations.order_by("recipient_name")
    with pytest.raises(ServiceError) as no_reason:
        services.proposal_line_refuse(actor=province_people.officer, nomination=first, reason=" ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises((PermissionDenied, Http404)):  # the commune may not refuse for the province
        services.proposal_line_refuse(actor=personas["officer"], nomination=first, reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_line_refuse(
            actor=province_people.officer, nomination=first, reason="Chưa đủ hai năm Bằng khen cấp xã"
        )
    draft.refresh_from_db()
    assert draft.state == P.RECEIVED  # one line is left to appraise
    assert told(personas["officer"], "Chưa đủ hai năm Bằng khen cấp xã")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_line_refuse(actor=province_people.officer, nomination=second, reason="Không đạt")
    draft.refresh_from_db()
    assert draft.state == P.CLOSED and "thẩm định" in draft.close_reason
    assert told(personas["officer"], "kết thúc")
    # Ended: no more steps.
    with pytest.raises(ServiceError):
        services.proposal_appraise(actor=province_people.officer, proposal=draft)
    with pytest.raises(ServiceError):
        services.proposal_return(actor=province_people.officer, proposal=draft, reason="x")


def test_a_line_is_refused_only_while_the_dossier_is_appraised(tree, personas, province_people, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    with pytest.raises(ServiceError) as early:
        services.proposal_line_refuse(
            actor=province_people.officer, nomination=draft.nominations.get(), reason="x"
        )
    assert early.value.code == "not_appraising"


def test_the_commune_withdrawing_every_line_ends_a_sent_dossier_not_a_draft(
    tree, personas, province_people, draft
):
    line = draft.nominations.get()
    services.nomination_withdraw(actor=personas["officer"], nomination=line)
    draft.refresh_from_db()
    assert draft.state == P.DRAFT  # still the commune's to complete

    other = services.proposal_create(actor=personas["officer"], commune=tree.commune, year=YEAR)
    services.proposal_line_add(
        actor=personas["officer"],
        proposal=other,
        award_type=AwardType.objects.get(code="bk-tinh-canhan"),
        achievement="Gương mẫu",
        person=make_person(tree.hamlet, "Đoàn Thị Điệp"),
    )
    sent_and_received(other, personas, province_people)
    services.nomination_withdraw(actor=personas["officer"], nomination=other.nominations.get())
    other.refresh_from_db()
    assert other.state == P.CLOSED and "rút" in other.close_reason


def test_the_refusal_page_for_each_role(client, tree, personas, province_people, make_user, draft):
    sent_and_received(draft, personas, province_people)
    line = draft.nominations.get()
    url = reverse("commendations:proposal_line_refuse", args=[draft.pk, line.pk])
    assert client.post(url, {"reason": "x"}).status_code == 302  # anonymous: to the login page
    assert "login" in client.post(url, {"reason": "x"}).url
    far = unit_create(actor=SYSTEM, name="Tỉnh Xa", kind=UnitKind.PROVINCE, parent=None)
    for user, status in (
        (make_user("tinh_xa", Role.OFFICER, far), 404),
        (personas["outsider"], 404),
        (personas["officer"], 403),
        (personas["viewer"], 403),
        (province_people.leader, 403),
    ):
        client.force_login(user)
        assert client.post(url, {"reason": "x"}).status_code == status, user
    client.force_login(province_people.officer)
    page = client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
    assert url in page
    assert client.post(url, {"reason": "Không đủ tiêu chuẩn"}).status_code == 302
    assert Proposal.objects.get(pk=draft.pk).state == P.CLOSED
    assert Nomination.objects.get(pk=line.pk).return_reason == "Không đủ tiêu chuẩn"


# --- the yearly deadline --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent_on", "late"),
    [
        (dt.date(2025, 12, 9), 0),
        (dt.date(2025, 12, 10), 0),
        (dt.date(2025, 12, 11), 1),
        (dt.date(2026, 1, 9), 30),
    ],
)
def test_a_dossier_sent_after_the_deadline_is_received_and_marked_late(
    tree, personas, province_people, draft, sent_on, late
):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft, today=sent_on)
    draft.refresh_from_db()
    assert draft.late_days == late
    services.proposal_receive(actor=province_people.officer, proposal=draft, today=sent_on)
    assert Proposal.objects.get(pk=draft.pk).state == P.RECEIVED


def test_the_deadline_is_the_provinces_setting_and_a_return_does_not_make_it_late(
    client, tree, personas, province_people, draft, django_capture_on_commit_callbacks
):
    RuleOverride.objects.create(
        unit=tree.province, key="proposal_deadline", value="11-30", effective_from=dt.date(2025, 1, 1)
    )
    officer = personas["officer"]
    complete(draft, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(actor=officer, proposal=draft, today=dt.date(2025, 12, 2))
    draft.refresh_from_db()
    assert draft.late_days == 2
    assert told(province_people.officer, "sau hạn 2 ngày (hạn 30/11/2025)")
    client.force_login(province_people.officer)
    page = client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
    assert 'id="proposal-late">gửi sau hạn 2 ngày<' in page
    assert "gửi sau hạn 2 ngày" in client.get(reverse("commendations:proposals")).content.decode()

    # A dossier first sent on time and returned is not late for coming back after the deadline.
    on_time = services.proposal_create(actor=officer, commune=tree.commune, year=YEAR)
    services.proposal_line_add(
        actor=officer,
        proposal=on_time,
        award_type=AwardType.objects.get(code="bk-tinh-canhan"),
        achievement="Gương mẫu",
        person=make_person(tree.hamlet, "Đoàn Thị Điệp"),
    )
    complete(on_time, officer)
    services.proposal_submit(actor=officer, proposal=on_time, today=dt.date(2025, 11, 30))
    services.proposal_return(actor=province_people.officer, proposal=on_time, reason="Bổ sung")
    services.proposal_submission_issue(actor=officer, proposal=on_time, date=dt.date(2025, 12, 5))
    services.proposal_submit(actor=officer, proposal=on_time, today=dt.date(2025, 12, 5))
    on_time.refresh_from_db()
    assert on_time.state == P.RESUBMITTED and on_time.late_days == 0
    page = client.get(reverse("commendations:proposal", args=[on_time.pk])).content.decode()
    assert 'id="proposal-late"' not in page
