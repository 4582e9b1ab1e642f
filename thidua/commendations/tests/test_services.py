import datetime as dt
import threading  # noqa: F401

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.commendations import eligibility, services
from thidua.commendations.models import (
    Award,
    Ballot,
    BallotChoice,
    CouncilMember,
    Discipline,
    Initiative,
    NominationState,
    Objection,
    Participation,
    SealedBallot,
    TallyLine,
    TallyOutcome,
    TaskRating,
)
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, make_person, nominate
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender
from thidua.people.services import membership_add

S = NominationState


def test_nomination_moves_through_its_states_and_each_step_is_audited(tree, award):
    person = make_person(tree.hamlet, "Nguyễn Văn A")
    n = nominate(tree, award("ldtt"), person=person, checked=False)
    services.nomination_submit(actor=SYSTEM, nomination=n)
    services.nomination_return(actor=SYSTEM, nomination=n, reason="Bổ sung minh chứng")
    assert n.state == S.RETURNED and n.return_reason == "Bổ sung minh chứng"
    services.nomination_submit(actor=SYSTEM, nomination=n)
    services.nomination_accept(actor=SYSTEM, nomination=n)
    services.nomination_check(actor=SYSTEM, nomination=n)
    assert n.state == S.CHECKED and n.check_result
    verbs = list(
        AuditEntry.objects.filter(model="commendations.nomination", object_id=str(n.pk)).values_list(
            "verb", flat=True
        )
    )
    assert {"gửi đề nghị", "trả lại đề nghị", "tiếp nhận đề nghị", "thẩm định đề nghị"} <= set(verbs)


def test_illegal_moves_are_refused_with_a_message(tree, award):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "B"), checked=False)
    with pytest.raises(ServiceError, match="Không thể chuyển"):
        services.nomination_accept(actor=SYSTEM, nomination=n)
    with pytest.raises(ServiceError, match="lý do"):
        services.nomination_submit(actor=SYSTEM, nomination=n)
        services.nomination_return(actor=SYSTEM, nomination=n, reason="  ")
    services.nomination_withdraw(actor=SYSTEM, nomination=n)
    with pytest.raises(ServiceError):
        services.nomination_submit(actor=SYSTEM, nomination=n)


def test_nomination_for_a_person_of_another_commune_is_refused(tree, award):
    stranger = make_person(tree.other_hamlet, "Người xã khác")
    with pytest.raises(ServiceError, match="không thuộc xã"):
        nominate(tree, award("ldtt"), person=stranger, checked=False)


def test_representative_cannot_nominate_for_another_hamlet(tree, personas, award):
    from django.http import Http404

    person = make_person(tree.hamlet2, "C")
    with pytest.raises(Http404):
        services.nomination_create(
            actor=personas["representative"],
            unit=tree.hamlet2,
            award_type=award("ldtt"),
            year=YEAR,
            achievement="x",
            person=person,
        )


def _codes(n):
    return {c.code: c for c in eligibility.evaluate(n)}


def test_cstdcs_needs_ldtt_and_excellence_or_initiative(tree, award):
    person = make_person(tree.hamlet, "D", rating=TaskRating.Level.GOOD)
    n = nominate(tree, award("cstdcs"), person=person, checked=False)
    checks = _codes(n)
    assert checks["ldtt_same_year"].result == eligibility.FAIL
    assert checks["excellent_or_initiative"].result == eligibility.FAIL
    Award.objects.create(
        award_type=award("ldtt"),
        year=YEAR,
        commune=tree.commune,
        recipient_kind="individual",
        person=person,
        recipient_name=person.full_name,
    )
    Initiative.objects.create(
        person=person, title="Máy tách vỏ dừa", year=YEAR, recognised_on=dt.date(2025, 6, 1)
    )
    checks = _codes(n)
    assert checks["ldtt_same_year"].result == eligibility.PASS
    assert checks["excellent_or_initiative"].result == eligibility.PASS


def test_missing_facts_show_as_to_verify_never_as_pass(tree, award):
    person = make_person(tree.hamlet, "E", rating=None)
    n = nominate(tree, award("ldtt"), person=person, checked=False)
    assert _codes(n)["task_rating_good"].result == eligibility.UNKNOWN
    services.nomination_submit(actor=SYSTEM, nomination=n)
    services.nomination_accept(actor=SYSTEM, nomination=n)
    services.nomination_check(actor=SYSTEM, nomination=n)  # unknown does not block, it is shown
    assert any(c["result"] == "unknown" for c in n.check_result)


def test_pending_discipline_suspends_the_award(tree, award):
    person = make_person(tree.hamlet, "F")
    Discipline.objects.create(person=person, kind=Discipline.Kind.COMPLAINT, year=YEAR, pending=True)
    n = nominate(tree, award("ldtt"), person=person, checked=False)
    services.nomination_submit(actor=SYSTEM, nomination=n)
    services.nomination_accept(actor=SYSTEM, nomination=n)
    services.nomination_check(actor=SYSTEM, nomination=n)  # deferred, not refused (test_suspension.py)
    assert n.state == S.SUSPENDED


def test_one_achievement_earns_one_award(tree, award):
    person = make_person(tree.hamlet, "G")
    nominate(tree, award("ldtt"), person=person, checked=False)
    second = nominate(tree, award("ldtt"), person=person, checked=False)
    duplicate = _codes(second)["one_award_per_achievement"]
    assert duplicate.result == eligibility.FAIL
    # A hamlet head reads this: the award is spelled out, not abbreviated.
    assert "Lao động tiên tiến" in duplicate.explanation and "LĐTT" not in duplicate.explanation


def test_collective_needs_70_percent_ldtt_and_no_member_warned(tree, award):
    members = [make_person(tree.hamlet, f"H{i}") for i in range(4)]
    for m in members:
        membership_add(actor=SYSTEM, person=m, unit=tree.farmers)
    n = nominate(tree, award("ttldtt"), collective=tree.farmers, checked=False)
    assert _codes(n)["members_ldtt_70"].result == eligibility.FAIL
    for m in members[:3]:
        Award.objects.create(
            award_type=award("ldtt"),
            year=YEAR,
            commune=tree.commune,
            recipient_kind="individual",
            person=m,
            recipient_name=m.full_name,
        )
    assert _codes(n)["members_ldtt_70"].result == eligibility.PASS
    assert _codes(n)["no_member_warning"].result == eligibility.PASS
    Discipline.objects.create(
        person=members[3], kind="discipline", severity=Discipline.Severity.WARNING, year=YEAR
    )
    assert _codes(n)["no_member_warning"].result == eligibility.FAIL


def test_sudden_award_does_not_count_towards_a_title(tree, award):
    person = make_person(tree.hamlet, "I")
    Award.objects.create(
        award_type=award("gk-dotxuat"),
        year=YEAR,
        commune=tree.commune,
        recipient_kind="individual",
        person=person,
        recipient_name="I",
    )
    n = nominate(tree, award("cstdcs"), person=person, checked=False)
    assert _codes(n)["merit_not_from_sudden"].result == eligibility.UNKNOWN


def test_quorum_is_required_to_open(tree, council, award):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "J"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    m = council.members
    services.session_attendance_set(
        actor=SYSTEM,
        session=session,
        present_ids={m["chair"].pk, m["member"].pk},
        opinions={m["m0"].pk: "Đồng ý với danh sách"},
    )
    with pytest.raises(ServiceError, match="Không đủ số thành viên"):
        services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    assert session.attendance.get(member=m["m0"]).written_opinion == "Đồng ý với danh sách"
    services.session_attendance_set(
        actor=SYSTEM,
        session=session,
        present_ids={m["chair"].pk, m["member"].pk, m["m0"].pk, m["m1"].pk},
        opinions={},
    )
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)


def _vote(session, member, agree_ids):
    choices = {n.pk: n.pk in agree_ids for n in session.noms}
    services.ballot_cast(user=member.user, session=session, choices=choices)


def test_ballot_rows_do_not_link_to_the_voter_nor_reveal_order(open_session, council):
    members = list(council.members.values())
    a, b, c = open_session.noms
    for i, member in enumerate(members):
        _vote(open_session, member, {a.pk, b.pk} if i % 2 else {a.pk, c.pk})
    # Columns: nothing about the voter, no time, no sequence.
    for model in (Ballot, BallotChoice):
        columns = {
            col.name
            for col in connection.introspection.get_table_description(
                connection.cursor(), model._meta.db_table
            )
        }
        allowed = {Ballot: {"id", "session_id"}, BallotChoice: {"id", "ballot_id", "nomination_id", "agree"}}[
            model
        ]
        assert columns == allowed
        assert model._meta.pk.get_internal_type() == "UUIDField"
    assert all(b.id.version == 4 for b in Ballot.objects.all())
    assert Participation.objects.filter(session=open_session).count() == 5
    # The audit chain says who voted, never what.
    entry = AuditEntry.objects.filter(verb="bỏ phiếu kín").first()
    assert entry.after is None and entry.before is None
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    assert BallotChoice.objects.filter(ballot__session=open_session, agree=True).count() == 10


def test_storage_order_after_closing_is_shuffled(tree, council, award, make_user):
    from thidua.accounts.models import Role

    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "K"))
    for i in range(7):
        services.council_member_add(
            actor=SYSTEM, council=council, user=make_user(f"x{i}", Role.COUNCIL, tree.commune)
        )
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    session.noms = [n]
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    members = list(CouncilMember.objects.filter(council=council))
    # Cast in a known pattern: the first half agree, the second half disagree.
    for i, member in enumerate(members):
        _vote(session, member, {n.pk} if i < 6 else set())
    cast_pattern = [i < 6 for i in range(len(members))]
    services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT agree FROM {BallotChoice._meta.db_table} ORDER BY rowid")
            stored = [bool(r[0]) for r in cursor.fetchall()]
        assert sorted(stored) == sorted(cast_pattern)
        # 12 ballots, 6 agree: the chance that shuffling restores the casting order is 1 in 924.
        assert stored != cast_pattern


def test_double_vote_after_close_non_member_and_tampered_ids_are_refused(open_session, council, personas):
    chair = council.members["chair"]
    a, b, c = open_session.noms
    _vote(open_session, chair, {a.pk})
    with pytest.raises(ServiceError, match="đã bỏ phiếu"):
        _vote(open_session, chair, {b.pk})
    with pytest.raises(ServiceError, match="không phải thành viên"):
        services.ballot_cast(
            user=personas["officer"], session=open_session, choices={a.pk: True, b.pk: False, c.pk: False}
        )
    with pytest.raises(ServiceError, match="không khớp"):
        services.ballot_cast(
            user=council.members["member"].user,
            session=open_session,
            choices={a.pk: True, b.pk: False, c.pk + 999: True},
        )
    with pytest.raises(ServiceError, match="vượt chỉ tiêu"):
        _vote(open_session, council.members["member"], {a.pk, b.pk, c.pk})
    assert SealedBallot.objects.filter(session=open_session).count() == 1
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    with pytest.raises(ServiceError, match="không mở"):
        _vote(open_session, council.members["m0"], {a.pk})


def test_participation_constraint_refuses_a_second_ballot_even_when_checks_race(
    open_session, council, monkeypatch
):
    """Two tabs at once: both pass the Python check; the unique constraint stops the second."""
    member = council.members["chair"]
    a, _b, _c = open_session.noms
    _vote(open_session, member, {a.pk})
    real_filter = Participation.objects.filter

    class Blind:
        def exists(self):
            return False

    monkeypatch.setattr(Participation.objects, "filter", lambda *args, **kw: Blind())
    with pytest.raises(ServiceError, match="đã bỏ phiếu"):
        _vote(open_session, member, {a.pk})
    monkeypatch.setattr(Participation.objects, "filter", real_filter)
    assert SealedBallot.objects.filter(session=open_session).count() == 1


def test_tally_counts_share_of_all_members_and_applies_the_threshold(open_session, council):
    a, b, c = open_session.noms
    # a: 5 of 5 members, b: 4 of 5, c: 1 of 5 (20 % < the 51 % threshold).
    for i, member in enumerate(council.members.values()):
        _vote(open_session, member, {a.pk, b.pk} if i < 4 else {a.pk, c.pk})
    lines = {
        line.nomination_id: line
        for line in services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    }
    assert lines[a.pk].agree == 5 and lines[a.pk].percent == 100 and lines[a.pk].rank == 1
    assert lines[b.pk].agree == 4 and lines[b.pk].percent == 80 and lines[b.pk].disagree == 1
    assert lines[a.pk].outcome == lines[b.pk].outcome == TallyOutcome.PASSED
    assert lines[c.pk].outcome == TallyOutcome.BELOW


def test_threshold_is_a_share_of_all_members_not_of_those_present(tree, council, award):
    """CSTĐCS needs 80 % of the whole council: 4 votes of 4 present out of 5 members pass, 3 do not."""
    people = [make_person(tree.hamlet, f"CS {i}") for i in range(2)]
    noms = []
    for p in people:
        Award.objects.create(
            award_type=award("ldtt"),
            year=YEAR,
            commune=tree.commune,
            recipient_kind="individual",
            person=p,
            recipient_name=p.full_name,
        )
        Initiative.objects.create(person=p, title="Sáng kiến", year=YEAR, recognised_on=dt.date(2025, 5, 1))
        noms.append(nominate(tree, award("cstdcs"), person=p))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    m = council.members
    present = [m["chair"], m["member"], m["m0"], m["m1"]]
    services.session_attendance_set(
        actor=SYSTEM, session=session, present_ids={x.pk for x in present}, opinions={}
    )
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    session.noms = noms
    for i, member in enumerate(present):
        _vote(session, member, {noms[0].pk} | ({noms[1].pk} if i < 3 else set()))
    lines = {
        line.nomination_id: line
        for line in services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    }
    assert lines[noms[0].pk].percent == 80 and lines[noms[0].pk].outcome == TallyOutcome.PASSED
    assert lines[noms[1].pk].percent == 60 and lines[noms[1].pk].outcome == TallyOutcome.BELOW


def test_tie_rule_on_computed_tally(tree, council, award):
    """All agree on three people with quota 1: the woman passes, the men drop out."""
    people = [
        make_person(tree.hamlet, "Nam 1"),
        make_person(tree.hamlet, "Nữ 1", Gender.FEMALE),
        make_person(tree.hamlet, "Nam 2"),
    ]
    noms = [nominate(tree, award("ldtt"), person=p) for p in people]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="P",
        year=YEAR,
        held_on=dt.date(2025, 12, 1),
        quota_individual=3,
        paper=True,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    session.quota_individual = 1
    session.save()
    secretary = council.members["m0"].user
    services.paper_counts_enter(actor=secretary, session=session, counts={n.pk: 5 for n in noms})
    with pytest.raises(ServiceError, match="thành viên khác"):
        services.paper_counts_confirm(actor=secretary, session=session)
    services.paper_counts_confirm(actor=council.members["member"].user, session=session)
    lines = {
        line.nomination_id: line
        for line in services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    }
    assert lines[noms[1].pk].outcome == TallyOutcome.PASSED
    assert lines[noms[0].pk].outcome == TallyOutcome.OVER_QUOTA
    assert "ưu tiên" in lines[noms[0].pk].note


def test_tie_between_two_men_waits_for_the_chair(tree, council, award, personas):
    people = [make_person(tree.hamlet, "Nam 1"), make_person(tree.hamlet, "Nam 2")]
    noms = [nominate(tree, award("ldtt"), person=p) for p in people]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="P",
        year=YEAR,
        held_on=dt.date(2025, 12, 1),
        quota_individual=1,
        paper=True,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    services.paper_counts_enter(
        actor=council.members["m0"].user, session=session, counts={n.pk: 4 for n in noms}
    )
    services.paper_counts_confirm(actor=council.members["member"].user, session=session)
    lines = services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    assert {line.outcome for line in lines} == {TallyOutcome.TIE}
    with pytest.raises((ServiceError, PermissionDenied)):
        services.session_tie_resolve(
            actor=council.members["member"].user, session=session, nomination=noms[0], passed=True
        )
    services.session_tie_resolve(actor=personas["leader"], session=session, nomination=noms[0], passed=True)
    with pytest.raises(ServiceError, match="đủ chỉ tiêu"):
        services.session_tie_resolve(
            actor=personas["leader"], session=session, nomination=noms[1], passed=True
        )
    noms[0].refresh_from_db()
    assert noms[0].state == S.PASSED


def test_paper_counts_refuse_negative_or_too_many(tree, council, award):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "L"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1), paper=True
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    for bad in (-1, 6):
        with pytest.raises(ServiceError, match="từ 0 đến 5"):
            services.paper_counts_enter(actor=council.members["m0"].user, session=session, counts={n.pk: bad})
    with pytest.raises(ServiceError, match="xác nhận"):
        services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)


def _through_notice(open_session, council):
    a, b, c = open_session.noms
    for member in council.members.values():
        _vote(open_session, member, {a.pk, b.pk})
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    return services.notice_publish(actor=SYSTEM, session=open_session, today=dt.date(2025, 12, 11))


def test_notice_objections_are_rate_limited_and_must_be_resolved(open_session, council):
    notice = _through_notice(open_session, council)
    assert notice.ends_on == dt.date(2025, 12, 16)
    day = dt.date(2025, 12, 12)
    for i in range(3):
        services.objection_submit(
            notice=notice, name="Dân", contact="090", text=f"Ý kiến {i}", ip="1.2.3.4", today=day
        )
    with pytest.raises(ServiceError, match="nhiều ý kiến"):
        services.objection_submit(
            notice=notice, name="Dân", contact="090", text="spam", ip="1.2.3.4", today=day
        )
    assert Objection.objects.count() == 3
    with pytest.raises(ServiceError, match="kết thúc"):
        services.objection_submit(
            notice=notice, name="Dân", contact="090", text="muộn", ip="9.9.9.9", today=dt.date(2026, 1, 1)
        )
    with pytest.raises(ServiceError, match="Chưa hết thời gian"):
        services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 16))
    with pytest.raises(ServiceError, match="chưa xử lý"):
        services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    for objection in Objection.objects.all():
        services.objection_resolve(
            actor=SYSTEM, objection=objection, state="dismissed", resolution="Không có cơ sở"
        )
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    assert decision.awards.count() == 2


def test_decision_sign_numbers_freezes_rules_and_pays_only_the_highest_title(
    open_session, council, personas, award
):
    notice = _through_notice(open_session, council)
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    a = open_session.noms[0]
    # a also holds a CSTĐCS in the same decision: only that one pays.
    extra = Award.objects.create(
        award_type=award("cstdcs"),
        year=YEAR,
        commune=tree_commune(a),
        recipient_kind="individual",
        person=a.person,
        recipient_name="x",
        decision=decision,
    )
    with pytest.raises(Exception):  # noqa: B017 - the officer may not sign
        services.decision_sign(actor=personas["officer"], decision=decision, signed_on=dt.date(2025, 12, 22))
    services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2025, 12, 22))
    decision.refresh_from_db()
    assert decision.number == 1 and decision.number_label == "01/QĐ-UBND"
    # Numbered from the commune's register of outgoing documents, rendered by the documents app.
    assert decision.document.state == "issued" and decision.document.number == 1
    assert decision.document.model.annexes[0].blocks[0].rows[-1][-1] == "3.050.000"
    assert decision.base_salary == 2_340_000 and decision.rules_snapshot["rounding"] == "up"
    amounts = {aw.pk: aw.amount for aw in decision.awards.all()}
    assert amounts[extra.pk] == 2_340_000
    assert Award.objects.get(nomination=a).amount == 0
    assert Award.objects.get(nomination=open_session.noms[1]).amount == 710_000
    assert decision.total_amount == 2_340_000 + 710_000
    a.refresh_from_db()
    assert a.state == S.DECIDED
    with pytest.raises(ServiceError, match="đã được ký"):
        services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2025, 12, 22))


def tree_commune(nomination):
    return nomination.commune


def test_annulment_records_money_to_recover(open_session, council, personas):
    notice = _through_notice(open_session, council)
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2025, 12, 22))
    award = decision.awards.first()
    with pytest.raises(ServiceError):
        services.award_annul(
            actor=personas["leader"],
            award=award,
            reason="",
            annul_decision="",
            annulled_on=dt.date(2026, 2, 1),
        )
    services.award_annul(
        actor=personas["leader"],
        award=award,
        reason="Kê khai không trung thực",
        annul_decision="05/QĐ-UBND",
        annulled_on=dt.date(2026, 2, 1),
    )
    award.refresh_from_db()
    assert award.annulled and award.recover_amount == award.amount == 710_000


def test_tally_line_is_stored_once_per_nomination(open_session, council):
    for member in council.members.values():
        _vote(open_session, member, set())
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    assert TallyLine.objects.filter(session=open_session).count() == 3
    assert all(n.state == S.NOT_PASSED for n in open_session.nominations.all())
