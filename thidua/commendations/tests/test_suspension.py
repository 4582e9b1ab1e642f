"""A pending discipline, inspection or complaint defers the award (Decree 152 Art. 4, "tạm hoãn xét
khen"): the nomination is suspended and kept, taken up again once the case is closed; a case opened
after the check stops the decision that would grant it."""

import datetime as dt

import pytest

from thidua.access import SYSTEM
from thidua.commendations import eligibility, services
from thidua.commendations.models import Award, Discipline, NominationState
from thidua.commendations.tests.conftest import YEAR, make_person, nominate
from thidua.lib.errors import ServiceError
from thidua.people.services import membership_add

S = NominationState
HELD = dt.date(2025, 12, 10)


def _accepted(tree, award, person):
    n = nominate(tree, award("ldtt"), person=person, checked=False)
    services.nomination_submit(actor=SYSTEM, nomination=n)
    services.nomination_accept(actor=SYSTEM, nomination=n)
    return n


def _case(person, kind=Discipline.Kind.DISCIPLINE):
    return Discipline.objects.create(person=person, kind=kind, year=YEAR, pending=True)


def test_a_pending_case_suspends_the_nomination_and_keeps_it(tree, award):
    person = make_person(tree.hamlet, "Trần Văn Hoãn")
    _case(person)
    n = _accepted(tree, award, person)
    checks = {c.code: c for c in eligibility.evaluate(n)}
    assert checks["not_pending"].result == eligibility.SUSPENDED
    assert "tạm hoãn" in checks["not_pending"].explanation
    services.nomination_check(actor=SYSTEM, nomination=n)
    n.refresh_from_db()
    assert n.state == S.SUSPENDED
    assert any(c["result"] == eligibility.SUSPENDED for c in n.check_result)


def test_another_failing_rule_still_refuses_the_check(tree, award):
    person = make_person(tree.hamlet, "Lê Thị Kém", rating=None)
    _case(person)
    n = nominate(tree, award("cstdcs"), person=person, checked=False)
    services.nomination_submit(actor=SYSTEM, nomination=n)
    services.nomination_accept(actor=SYSTEM, nomination=n)
    with pytest.raises(ServiceError, match="Không đạt tiêu chuẩn"):
        services.nomination_check(actor=SYSTEM, nomination=n)
    n.refresh_from_db()
    assert n.state == S.ACCEPTED


def test_resume_is_refused_while_the_case_is_open_and_passes_once_it_closes(tree, award):
    person = make_person(tree.hamlet, "Phạm Văn Chờ")
    case = _case(person, Discipline.Kind.INSPECTION)
    n = _accepted(tree, award, person)
    services.nomination_check(actor=SYSTEM, nomination=n)
    with pytest.raises(ServiceError, match="thanh tra"):
        services.nomination_resume(actor=SYSTEM, nomination=n)
    n.refresh_from_db()
    assert n.state == S.SUSPENDED
    case.pending = False
    case.save()
    services.nomination_resume(actor=SYSTEM, nomination=n)
    n.refresh_from_db()
    assert n.state == S.CHECKED
    assert {c["code"]: c["result"] for c in n.check_result}["not_pending"] == eligibility.PASS


def test_resume_applies_only_to_a_suspended_nomination(tree, award):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Ngô Văn Đạt"))
    with pytest.raises(ServiceError):
        services.nomination_resume(actor=SYSTEM, nomination=n)


def test_a_suspended_nomination_cannot_go_on_the_agenda(tree, council, award):
    person = make_person(tree.hamlet, "Đỗ Thị Treo")
    _case(person, Discipline.Kind.COMPLAINT)
    n = _accepted(tree, award, person)
    services.nomination_check(actor=SYSTEM, nomination=n)
    session = services.session_create(actor=SYSTEM, council=council, title="Phiên", year=YEAR, held_on=HELD)
    with pytest.raises(ServiceError):
        services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    n.refresh_from_db()
    assert n.state == S.SUSPENDED and n.session_id is None


def test_a_suspended_nomination_can_be_withdrawn(tree, award):
    person = make_person(tree.hamlet, "Vũ Văn Rút")
    _case(person)
    n = _accepted(tree, award, person)
    services.nomination_check(actor=SYSTEM, nomination=n)
    services.nomination_withdraw(actor=SYSTEM, nomination=n)
    assert n.state == S.WITHDRAWN


def _noticed(tree, council, award, names):
    noms = [nominate(tree, award("ldtt"), person=make_person(tree.hamlet, name)) for name in names]
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên xét", year=YEAR, held_on=HELD, paper=True
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session)
    services.paper_counts_enter(
        actor=council.members["m0"].user, session=session, counts={n.pk: 5 for n in noms}
    )
    services.paper_counts_confirm(actor=council.members["member"].user, session=session)
    services.session_close(actor=SYSTEM, session=session)
    notice = services.notice_publish(actor=SYSTEM, session=session, today=HELD)
    for n in noms:
        n.refresh_from_db()
    return notice, noms


def test_a_case_opened_after_checking_blocks_signing(tree, council, award, personas):
    notice, (n,) = _noticed(tree, council, award, ["Hoàng Văn Muộn"])
    decision = services.decision_create(
        actor=SYSTEM, notice=notice, today=notice.ends_on + dt.timedelta(days=1)
    )
    _case(n.person, Discipline.Kind.COMPLAINT)
    with pytest.raises(ServiceError, match="Hoàng Văn Muộn.*khiếu nại"):
        services.decision_sign(
            actor=personas["leader"], decision=decision, signed_on=notice.ends_on + dt.timedelta(days=1)
        )
    n.refresh_from_db()
    decision.refresh_from_db()
    assert n.state == S.NOTICED and decision.number is None


def test_a_case_opened_before_drafting_leaves_the_nominee_out_suspended_until_it_closes(tree, council, award):
    notice, (kept, held) = _noticed(tree, council, award, ["Bùi Văn Được", "Mai Thị Hoãn"])
    case = _case(held.person)
    after = notice.ends_on + dt.timedelta(days=1)
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=after)
    assert list(decision.awards.values_list("nomination_id", flat=True)) == [kept.pk]
    held.refresh_from_db()
    assert held.state == S.SUSPENDED and held.resume_state == S.NOTICED
    case.pending = False
    case.save()
    services.nomination_resume(actor=SYSTEM, nomination=held)
    held.refresh_from_db()
    assert held.state == S.NOTICED and held.resume_state == ""


def test_drafting_is_refused_naming_the_case_when_every_nominee_is_pending(tree, council, award):
    notice, (n,) = _noticed(tree, council, award, ["Tạ Văn Một"])
    _case(n.person, Discipline.Kind.INSPECTION)
    with pytest.raises(ServiceError, match="Tạ Văn Một.*thanh tra"):
        services.decision_create(actor=SYSTEM, notice=notice, today=notice.ends_on + dt.timedelta(days=1))
    n.refresh_from_db()
    assert n.state == S.NOTICED
    assert not Award.objects.filter(nomination=n).exists()


def test_the_70_percent_explanation_shows_the_exact_share(tree, award):
    # 139 of 200 is 69,5 %: below 70 %, and the text must not print it as "70%".
    members = [make_person(tree.hamlet, f"Thành viên {i}", rating=None) for i in range(200)]
    for m in members:
        membership_add(actor=SYSTEM, person=m, unit=tree.farmers)
    Award.objects.bulk_create(
        Award(
            award_type=award("ldtt"),
            year=YEAR,
            commune=tree.commune,
            recipient_kind="individual",
            person=m,
            recipient_name=m.full_name,
        )
        for m in members[:139]
    )
    n = nominate(tree, award("ttldtt"), collective=tree.farmers, checked=False)
    check = {c.code: c for c in eligibility.evaluate(n)}["members_ldtt_70"]
    assert check.result == eligibility.FAIL
    assert "(69,5%)" in check.explanation and "(70%)" not in check.explanation


def test_a_suspended_nomination_is_not_counted_against_the_movement_s_quota(tree, award):
    from thidua.commendations.tests.test_movement_links import check, make_movement, nominate_under, review
    from thidua.movements.models import RecipientKind

    movement = make_movement(tree.commune, "Phong trào có chỉ tiêu", quotas={RecipientKind.INDIVIDUAL: 3})
    period = review(movement)
    held = make_person(tree.hamlet, "Người tạm hoãn")
    _case(held)
    suspended = nominate_under(tree, award("gk-canhan"), period, person=held)
    assert suspended.state == S.SUSPENDED
    n = nominate_under(
        tree, award("gk-canhan"), period, person=make_person(tree.hamlet, "Khác"), checked=False
    )
    assert "1 đề nghị đang xét" in check(n, "quota").explanation


def test_the_pages_show_the_suspension_and_the_officer_takes_it_up_again(client, tree, personas, award):
    from django.urls import reverse

    person = make_person(tree.hamlet, "Cao Văn Xét")
    case = _case(person)
    n = _accepted(tree, award, person)
    client.force_login(personas["officer"])
    response = client.post(reverse("commendations:nomination_check", args=[n.pk]), follow=True)
    page = response.content.decode()
    assert str(S.SUSPENDED.label) in page
    assert "Đang có kỷ luật năm 2025" in page  # the officer reads the case in the checks
    assert "Đã thẩm định: đạt" not in page
    assert reverse("commendations:nomination_resume", args=[n.pk]) in page
    listing = client.get(reverse("commendations:list"), {"state": S.SUSPENDED}).content.decode()
    assert "Cao Văn Xét" in listing and f'value="{S.SUSPENDED}" selected' in listing
    response = client.post(reverse("commendations:nomination_resume", args=[n.pk]), follow=True)
    assert "vẫn đang có kỷ luật" in response.content.decode()
    case.pending = False
    case.save()
    client.post(reverse("commendations:nomination_resume", args=[n.pk]))
    n.refresh_from_db()
    assert n.state == S.CHECKED
