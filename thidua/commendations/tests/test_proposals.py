"""Proposals up the chain: a commune's dossier for the province's awards, from draft to decision."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import (
    Award,
    AwardType,
    Nomination,
    NominationState,
    Proposal,
    ProposalState,
    RuleOverride,
)
from thidua.commendations.services import proposals as proposals_mod
from thidua.commendations.tests.conftest import BALLOT_BOX, complete, make_person
from thidua.lib import workdays
from thidua.lib.errors import ServiceError
from thidua.notifications.models import Notification
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db
YEAR = 2025
P = ProposalState
S = NominationState


def test_the_whole_way_from_the_commune_to_the_province_decision(
    client, tree, personas, province_people, draft
):
    officer = personas["officer"]
    with pytest.raises(ServiceError) as incomplete:
        services.proposal_submit(actor=officer, proposal=draft)
    assert incomplete.value.code == "incomplete" and "biên bản" in str(incomplete.value)
    complete(draft, officer)
    assert draft.submission_document.number_symbol.endswith("TTr-UBND")
    services.proposal_submit(actor=officer, proposal=draft, today=dt.date(2025, 11, 21))
    assert draft.state == P.SUBMITTED
    line = draft.nominations.get()
    assert line.state == S.SUBMITTED and line.commune == tree.province and line.unit == tree.commune

    # The province returns it with a reason; without one it is refused.
    with pytest.raises(ServiceError) as no_reason:
        services.proposal_return(actor=province_people.officer, proposal=draft, reason="  ")
    assert no_reason.value.code == "reason_required"
    services.proposal_return(actor=province_people.officer, proposal=draft, reason="Bổ sung minh chứng")
    assert draft.state == P.RETURNED and draft.return_reason == "Bổ sung minh chứng"
    assert Nomination.objects.get(pk=line.pk).state == S.RETURNED

    # The commune completes it and sends it again.
    services.proposal_submission_issue(actor=officer, proposal=draft, date=dt.date(2025, 11, 24))
    services.proposal_submit(actor=officer, proposal=draft)
    assert draft.state == P.RESUBMITTED

    received_on = dt.date(2025, 11, 25)
    services.proposal_receive(actor=province_people.officer, proposal=draft, today=received_on)
    assert draft.state == P.RECEIVED
    assert draft.appraisal_due == workdays.add_workdays(received_on, 20) == dt.date(2025, 12, 23)

    services.proposal_appraise(actor=province_people.officer, proposal=draft, note="Đủ tiêu chuẩn")
    assert Nomination.objects.get(pk=line.pk).state == S.CHECKED

    session = services.session_create(
        actor=province_people.officer,
        council=province_people.council,
        title="Phiên xét khen thưởng cấp tỉnh 2025",
        year=YEAR,
        held_on=dt.date(2025, 12, 15),
    )
    assert session.commune == tree.province and session.secret
    services.proposal_to_council(actor=province_people.officer, proposal=draft, session=session)
    assert draft.state == P.IN_COUNCIL

    # A decision before the council has voted is refused.
    with pytest.raises(ServiceError) as early:
        services.proposal_decision_create(actor=province_people.officer, session=session)
    assert early.value.code == "council_not_voted"

    services.session_open(actor=province_people.leader, session=session, passphrase=BALLOT_BOX)
    for member in province_people.members:
        services.ballot_cast(user=member.user, session=session, choices={line.pk: True})
    services.session_close(actor=province_people.leader, session=session, passphrase=BALLOT_BOX)
    assert Nomination.objects.get(pk=line.pk).state == S.PASSED

    decision = services.proposal_decision_create(actor=province_people.officer, session=session)
    assert decision.commune == tree.province
    services.decision_sign(actor=province_people.leader, decision=decision, signed_on=dt.date(2025, 12, 18))
    decision.refresh_from_db()
    draft.refresh_from_db()
    assert draft.state == P.DECIDED and draft.decision == decision
    assert decision.number == 1 and "QĐ" in decision.number_label
    award = Award.objects.get(nomination=line)
    assert award.person.full_name == "Đỗ Thị Đào" and award.award_type.code == "bk-tinh-canhan"
    # 1.0 × 2,340,000 (the base salary of December 2025).
    assert award.amount == 2_340_000
    assert Nomination.objects.get(pk=line.pk).state == S.DECIDED
    # The province's decision speaks as the province: its place, who proposed, its fund and offices.
    from thidua.documents.render_text import render_text

    paper = render_text(decision.document.model)
    assert "\nThử Nghiệm, ngày 18 tháng 12 năm 2025" in paper
    assert "Xét đề nghị của Giám đốc Sở Nội vụ" in paper and "Hội đồng Thi đua – Khen thưởng xã" not in paper
    assert "Quỹ thi đua, khen thưởng tỉnh thuộc ngân sách tỉnh" in paper and "Sở Tài chính" in paper
    # The person's award history (their page) shows the province's decision; the commune's dossier too.
    client.force_login(personas["officer"])
    person_page = client.get(reverse("people:detail", args=[award.person.pk])).content.decode()
    assert (
        "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)" in person_page and decision.number_label in person_page
    )
    dossier = client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
    assert "Đã có quyết định" in dossier and decision.number_label in dossier


def test_submitting_twice_is_one_submission(tree, personas, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    again = services.proposal_submit(actor=personas["officer"], proposal=Proposal.objects.get(pk=draft.pk))
    assert again.state == P.SUBMITTED
    from thidua.audit.models import AuditEntry

    sends = AuditEntry.objects.filter(verb="gửi hồ sơ đề nghị lên tỉnh")
    assert sends.count() == 1


def test_the_same_form_twice_makes_one_proposal(tree, personas):
    key = "0b7d5c2e-4c0e-4f57-9d49-3b8a9f0b1a11"
    first = services.proposal_create(actor=personas["officer"], commune=tree.commune, year=YEAR, form_key=key)
    second = services.proposal_create(
        actor=personas["officer"], commune=tree.commune, year=YEAR, form_key=key
    )
    assert first.pk == second.pk and Proposal.objects.count() == 1


def test_a_person_is_proposed_once_for_an_award_and_year(tree, personas, draft):
    line = draft.nominations.get()
    other = services.proposal_create(actor=personas["officer"], commune=tree.commune, year=YEAR)
    with pytest.raises(ServiceError) as twice:
        services.proposal_line_add(
            actor=personas["officer"],
            proposal=other,
            award_type=line.award_type,
            achievement="Lần nữa",
            person=line.person,
        )
    assert twice.value.code == "already_proposed"


def test_only_province_awards_and_only_the_communes_own_people(tree, personas, draft):
    with pytest.raises(ServiceError):
        services.proposal_line_add(
            actor=personas["officer"],
            proposal=draft,
            award_type=AwardType.objects.get(code="ldtt"),
            achievement="x",
            person=make_person(tree.hamlet, "Lê Văn Lâm"),
        )
    stranger = make_person(tree.other_hamlet, "Người xã khác")
    with pytest.raises((ServiceError, Http404)):
        services.proposal_line_add(
            actor=personas["officer"],
            proposal=draft,
            award_type=AwardType.objects.get(code="bk-tinh-canhan"),
            achievement="x",
            person=stranger,
        )


def test_another_commune_and_another_province_cannot_touch_it(tree, personas, make_user, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    # The other commune's officer: the commune is hidden from them.
    with pytest.raises(Http404):
        services.proposal_return(actor=personas["outsider"], proposal=draft, reason="x")
    with pytest.raises(Http404):
        services.proposal_submit(actor=personas["outsider"], proposal=draft)
    # An officer of another province.
    far = unit_create(actor=SYSTEM, name="Tỉnh Xa", kind=UnitKind.PROVINCE, parent=None)
    far_officer = make_user("tinh_xa", Role.OFFICER, far)
    with pytest.raises(Http404):
        services.proposal_receive(actor=far_officer, proposal=draft)
    # The commune's own officer may not receive for the province.
    with pytest.raises((PermissionDenied, Http404)):
        services.proposal_receive(actor=personas["officer"], proposal=draft)


def test_the_yearly_deadline_is_a_province_setting_and_reminds_the_communes(tree, personas, province_people):
    assert proposals_mod.yearly_deadline(tree.province, 2026) == dt.date(2026, 12, 10)
    RuleOverride.objects.create(
        unit=tree.province, key="proposal_deadline", value="11-30", effective_from=dt.date(2026, 1, 1)
    )
    assert proposals_mod.yearly_deadline(tree.province, 2026) == dt.date(2026, 11, 30)
    # Ten days before: both communes' officers are reminded, once however often cron runs.
    sent = services.proposal_reminders_send(today=dt.date(2026, 11, 20))
    again = services.proposal_reminders_send(today=dt.date(2026, 11, 20))
    assert sent == 2 and again == 0
    assert Notification.objects.filter(recipient=personas["officer"], text__contains="30/11/2026").exists()
    # Not on an ordinary day.
    assert services.proposal_reminders_send(today=dt.date(2026, 11, 19)) == 0


def test_the_province_is_reminded_as_the_appraisal_limit_nears(tree, personas, province_people, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    services.proposal_receive(actor=province_people.officer, proposal=draft, today=dt.date(2026, 11, 2))
    assert draft.appraisal_due == dt.date(2026, 11, 30)
    assert services.proposal_reminders_send(today=dt.date(2026, 11, 20)) == 0  # six working days left
    assert services.proposal_reminders_send(today=dt.date(2026, 11, 23)) == 1  # five left
    note = Notification.objects.get(recipient=province_people.officer, key__startswith="appraisal:")
    assert "còn 5 ngày làm việc" in note.text
    assert services.proposal_reminders_send(today=dt.date(2026, 11, 23)) == 0  # told once a day
    assert services.proposal_reminders_send(today=dt.date(2026, 12, 1)) == 1
    assert Notification.objects.filter(text__contains="quá hạn thẩm định").count() == 1


def test_a_list_published_from_the_province_session_is_still_decided(tree, personas, province_people, draft):
    """The session's page offers a public list after the vote; a province that publishes one still
    drafts and signs its decision from the dossier."""
    officer, province = personas["officer"], province_people.officer
    complete(draft, officer)
    services.proposal_submit(actor=officer, proposal=draft)
    services.proposal_receive(actor=province, proposal=draft, today=dt.date(2025, 11, 25))
    services.proposal_appraise(actor=province, proposal=draft)
    session = services.session_create(
        actor=province, council=province_people.council, title="P", year=YEAR, held_on=dt.date(2025, 12, 15)
    )
    services.proposal_to_council(actor=province, proposal=draft, session=session)
    services.session_open(actor=province_people.leader, session=session, passphrase=BALLOT_BOX)
    line = draft.nominations.get()
    for member in province_people.members:
        services.ballot_cast(user=member.user, session=session, choices={line.pk: True})
    services.session_close(actor=province_people.leader, session=session, passphrase=BALLOT_BOX)
    services.notice_publish(actor=province, session=session, today=dt.date(2025, 12, 15))
    decision = services.proposal_decision_create(actor=province, session=session)
    services.decision_sign(actor=province_people.leader, decision=decision, signed_on=dt.date(2025, 12, 22))
    draft.refresh_from_db()
    assert draft.state == P.DECIDED and Nomination.objects.get(pk=line.pk).state == S.DECIDED


def test_each_step_is_told_to_the_other_level(
    tree, personas, province_people, draft, django_capture_on_commit_callbacks
):
    officer, province = personas["officer"], province_people.officer
    complete(draft, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(actor=officer, proposal=draft)
    assert Notification.objects.filter(recipient=province, text__contains="gửi hồ sơ").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_return(actor=province, proposal=draft, reason="Thiếu chữ ký")
    assert Notification.objects.filter(recipient=officer, text__contains="Thiếu chữ ký").exists()
    services.proposal_submit(actor=officer, proposal=draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_receive(actor=province, proposal=draft, today=dt.date(2026, 11, 2))
    assert Notification.objects.filter(recipient=officer, text__contains="hạn thẩm định 30/11/2026").exists()
    # Nobody of another commune hears of it.
    assert not Notification.objects.filter(recipient=personas["outsider"]).exists()


def _vote_and_sign(province_people, session, lines, signed_on):
    services.session_open(actor=province_people.leader, session=session, passphrase=BALLOT_BOX)
    for member in province_people.members:
        services.ballot_cast(user=member.user, session=session, choices={line.pk: True for line in lines})
    services.session_close(actor=province_people.leader, session=session, passphrase=BALLOT_BOX)
    decision = services.proposal_decision_create(actor=province_people.officer, session=session)
    services.decision_sign(actor=province_people.leader, decision=decision, signed_on=signed_on)
    return decision


@pytest.fixture
def split_dossier(tree, personas, province_people, draft):
    """Two lines appraised on 1 Dec 2025: Đỗ Thị Đào checked; Lê Văn Hoãn, whose discipline case is
    still open, suspended. The first goes to the council of 15 December and is decided."""
    from thidua.commendations.models import Discipline

    officer, province = personas["officer"], province_people.officer
    waiting = make_person(tree.hamlet, "Lê Văn Hoãn")
    services.proposal_line_add(
        actor=officer,
        proposal=draft,
        award_type=AwardType.objects.get(code="bk-tinh-canhan"),
        achievement="Đi đầu hiến đất làm đường",
        person=waiting,
    )
    case = Discipline.objects.create(person=waiting, kind=Discipline.Kind.DISCIPLINE, year=YEAR, pending=True)
    complete(draft, officer)
    services.proposal_submit(actor=officer, proposal=draft)
    services.proposal_receive(actor=province, proposal=draft, today=dt.date(2025, 11, 25))
    services.proposal_appraise(actor=province, proposal=draft, today=dt.date(2025, 12, 1))
    first = draft.nominations.get(person__full_name="Đỗ Thị Đào")
    second = draft.nominations.get(person=waiting)
    assert (first.state, second.state) == (S.CHECKED, S.SUSPENDED)
    session = services.session_create(
        actor=province,
        council=province_people.council,
        title="Phiên 1",
        year=YEAR,
        held_on=dt.date(2025, 12, 15),
    )
    services.proposal_to_council(actor=province, proposal=draft, session=session)
    decision = _vote_and_sign(province_people, session, [first], dt.date(2025, 12, 18))
    draft.refresh_from_db()
    return type("Split", (), {"proposal": draft, "case": case, "second": second, "decision": decision})


def test_a_line_suspended_at_appraisal_keeps_the_dossier_open_and_reaches_a_later_council(
    client, split_dossier, province_people
):
    draft, province = split_dossier.proposal, province_people.officer
    page = reverse("commendations:proposal", args=[draft.pk])
    council = reverse("commendations:proposal_council", args=[draft.pk])
    client.force_login(province)
    # Decided for the first line only: the suspended one keeps the dossier before the council.
    assert draft.state == P.IN_COUNCIL and Award.objects.filter(nomination__proposal=draft).count() == 1
    assert council not in client.get(page).content.decode()
    split_dossier.case.pending = False
    split_dossier.case.save()
    services.nomination_resume(actor=province, nomination=split_dossier.second)
    assert council in client.get(page).content.decode()  # the province officer may take it on
    later = services.session_create(
        actor=province,
        council=province_people.council,
        title="Phiên 2",
        year=YEAR,
        held_on=dt.date(2026, 1, 12),
    )
    services.proposal_to_council(actor=province, proposal=draft, session=later)
    assert draft.state == P.IN_COUNCIL and draft.session == later
    assert Nomination.objects.get(pk=split_dossier.second.pk).session == later
    # Nothing left to take: a second call is refused clearly.
    with pytest.raises(ServiceError, match="không còn đề nghị nào"):
        services.proposal_to_council(actor=province, proposal=draft, session=later)
    decision = _vote_and_sign(province_people, later, [split_dossier.second], dt.date(2026, 1, 15))
    draft.refresh_from_db()
    assert draft.state == P.DECIDED and draft.decision == decision
    assert Award.objects.get(nomination=split_dossier.second).decision == decision
    assert Nomination.objects.get(pk=split_dossier.second.pk).state == S.DECIDED


def test_a_suspended_line_withdrawn_after_the_others_were_decided_ends_the_dossier_decided(
    split_dossier, personas
):
    assert split_dossier.proposal.state == P.IN_COUNCIL
    services.nomination_withdraw(actor=personas["officer"], nomination=split_dossier.second)
    draft = Proposal.objects.get(pk=split_dossier.proposal.pk)
    assert draft.state == P.DECIDED and draft.decision == split_dossier.decision
