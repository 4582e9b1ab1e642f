import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from thidua.access import SYSTEM
from thidua.audit.models import AuditAction, AuditEntry
from thidua.lib.errors import ServiceError
from thidua.movements import selectors, services
from thidua.movements.models import CommitmentState, Target
from thidua.notifications.models import Notification

from .conftest import period


def test_hamlet_head_registers_and_officer_approves_turning_pledges_into_targets(
    movement, tree, personas, indicators
):
    commitment = services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        pledges=[(indicators["income"], Decimal(55), dt.date(2026, 12, 31))],
        submit=True,
    )
    assert commitment.state == CommitmentState.SUBMITTED
    approved = services.commitment_approve(actor=personas["officer"], commitment=commitment)
    assert approved.state == CommitmentState.APPROVED and approved.reviewed_by == personas["officer"]
    target = Target.objects.get(movement=movement, unit=tree.hamlet, indicator=indicators["income"])
    assert target.value == Decimal(55) and target.year == 2026
    assert selectors.participating_unit_ids(movement) == {tree.hamlet.pk}


def test_return_needs_a_reason_and_lets_the_hamlet_fix_and_resubmit(movement, tree, personas, indicators):
    rep = personas["representative"]
    commitment = services.commitment_save(
        actor=rep, movement=movement, unit=tree.hamlet, year=2026, titles="Ấp văn hóa", submit=True
    )
    with pytest.raises(ServiceError, match="lý do"):
        services.commitment_return(actor=personas["officer"], commitment=commitment, reason="  ")
    returned = services.commitment_return(
        actor=personas["officer"], commitment=commitment, reason="Thiếu chỉ tiêu thu nhập"
    )
    assert returned.state == CommitmentState.RETURNED and returned.return_reason == "Thiếu chỉ tiêu thu nhập"
    with pytest.raises(ServiceError, match="Chỉ duyệt"):
        services.commitment_approve(actor=personas["officer"], commitment=returned)
    again = services.commitment_save(
        actor=rep,
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        pledges=[(indicators["income"], Decimal(52), None)],
        submit=True,
    )
    assert again.pk == commitment.pk and again.state == CommitmentState.SUBMITTED


def test_sample_registration_is_flagged_when_created_and_keeps_the_flag_when_rewritten(
    movement, tree, personas, indicators
):
    rep = personas["representative"]
    commitment = services.commitment_save(
        actor=rep, movement=movement, unit=tree.hamlet, year=2026, titles="Ấp văn hóa", is_sample=True
    )
    assert commitment.is_sample
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, model="movements.commitment")
    assert entry.after["is_sample"] is True
    again = services.commitment_save(
        actor=rep, movement=movement, unit=tree.hamlet, year=2026, titles="Ấp văn hóa, gia đình văn hóa"
    )
    again.refresh_from_db()
    assert again.pk == commitment.pk and again.is_sample


def test_baseline_set_after_approval_is_audited_and_keeps_the_pledged_value(
    movement, tree, personas, indicators
):
    commitment = services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        pledges=[(indicators["income"], Decimal(60), None)],
        submit=True,
    )
    services.commitment_approve(actor=personas["officer"], commitment=commitment)
    target = Target.objects.get(movement=movement, unit=tree.hamlet, indicator=indicators["income"])
    services.target_set(
        actor=SYSTEM,
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        indicator=indicators["income"],
        value=target.value,
        baseline=Decimal(55),
    )
    target.refresh_from_db()
    assert target.value == Decimal(60) and target.baseline == Decimal(55)
    entry = AuditEntry.objects.filter(model="movements.target", object_id=str(target.pk)).latest("id")
    assert entry.action == AuditAction.UPDATE, (entry.before, entry.after)
    assert entry.before["baseline"] is None and entry.after["baseline"] is not None, (
        entry.before,
        entry.after,
    )


def test_hamlet_head_cannot_register_for_another_hamlet(movement, tree, personas):
    with pytest.raises(Exception) as info:
        services.commitment_save(
            actor=personas["representative"],
            movement=movement,
            unit=tree.hamlet2,
            year=2026,
            titles="Ấp văn hóa",
            submit=True,
        )
    assert info.type.__name__ in {"Http404", "PermissionDenied"}


def test_hamlet_head_cannot_approve(movement, tree, personas):
    commitment = services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        submit=True,
    )
    with pytest.raises(Exception) as info:
        services.commitment_approve(actor=personas["representative"], commitment=commitment)
    assert info.type.__name__ in {"Http404", "PermissionDenied"}


def test_submitted_commitment_cannot_be_rewritten(movement, tree, personas):
    services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        submit=True,
    )
    with pytest.raises(ServiceError, match="không sửa được"):
        services.commitment_save(
            actor=personas["representative"], movement=movement, unit=tree.hamlet, year=2026, titles="Khác"
        )


def test_pledge_deadline_outside_movement_and_negative_values_are_refused(
    movement, tree, personas, indicators
):
    with pytest.raises(ServiceError, match="ngoài thời gian"):
        services.commitment_save(
            actor=personas["representative"],
            movement=movement,
            unit=tree.hamlet,
            year=2026,
            pledges=[(indicators["income"], Decimal(5), dt.date(2027, 1, 5))],
        )
    with pytest.raises(ServiceError, match="âm"):
        services.commitment_save(
            actor=personas["representative"],
            movement=movement,
            unit=tree.hamlet,
            year=2026,
            pledges=[(indicators["income"], Decimal(-5), None)],
        )
    assert not movement.commitments.exists()


def test_covenant_needs_two_units(movement, tree, personas):
    with pytest.raises(ServiceError):
        services.covenant_create(
            actor=personas["officer"], movement=movement, name="Giao ước", units=[tree.hamlet]
        )
    covenant = services.covenant_create(
        actor=personas["officer"], movement=movement, name="Giao ước cụm", units=[tree.hamlet, tree.hamlet2]
    )
    assert covenant.units.count() == 2


def test_progress_report_checks(movement, targets, tree, personas):
    rep = personas["representative"]
    q1 = period(movement, "Quý 1/2026")
    report = services.progress_report(
        actor=rep, target=targets["hamlet_income"], period=q1, value=Decimal(45)
    )
    assert report.value == Decimal(45)
    with pytest.raises(ServiceError) as info:
        services.progress_report(actor=rep, target=targets["hamlet_income"], period=q1, value=Decimal(-1))
    assert "âm" in str(info.value)
    with pytest.raises(ServiceError):
        services.progress_report(
            actor=rep,
            target=targets["hamlet_income"],
            period=q1,
            value=Decimal(1),
            as_of=dt.date(2025, 12, 1),
        )
    services.period_close(actor=personas["officer"], period=q1)
    with pytest.raises(ServiceError, match="đã khóa"):
        services.progress_report(actor=rep, target=targets["hamlet_income"], period=q1, value=Decimal(46))
    with pytest.raises(PermissionDenied):
        services.progress_report(
            actor=personas["viewer"],
            target=targets["hamlet_income"],
            period=period(movement, "Quý 2/2026"),
            value=Decimal(46),
        )


def test_dashboard_ranks_units_with_the_tie_rule(movement, targets, tree, personas):
    q1 = period(movement, "Quý 1/2026")
    services.progress_report(
        actor=SYSTEM, target=targets["hamlet_income"], period=q1, value=Decimal(45)
    )  # 50 %
    services.progress_report(
        actor=SYSTEM, target=targets["hamlet_poor"], period=q1, value=Decimal(3)
    )  # 100 %
    services.progress_report(
        actor=SYSTEM, target=targets["hamlet2_income"], period=q1, value=Decimal(55)
    )  # 150 %→100
    board = selectors.dashboard(movement, today=dt.date(2026, 4, 5), viewer=SYSTEM)
    ranking = [(g.name, g.percent, g.rank) for g in board.by_unit]
    assert ranking == [("Ấp Thạnh Lợi", 100, 1), ("Ấp Mỹ Hòa", 75, 2)]
    assert board.overall == 83
    assert board.chart[0] == ("Quý 1/2026", 83)
    assert board.chart[1] == ("Quý 2/2026", 83)  # levels carry forward until a new figure arrives
    tie = selectors.rank_groups(
        [selectors.Group(1, "B", [board.targets[0].done]), selectors.Group(2, "A", [board.targets[0].done])]
    )
    assert [(g.name, g.rank, g.tied) for g in tie] == [("A", 1, True), ("B", 1, True)]


def test_overdue_list_and_reminder(
    movement, targets, tree, personas, make_user, django_capture_on_commit_callbacks
):
    personas["representative"].email = "truongap@example.org"
    personas["representative"].save()
    q1 = period(movement, "Quý 1/2026")
    services.progress_report(actor=SYSTEM, target=targets["hamlet2_income"], period=q1, value=Decimal(41))
    assert selectors.overdue_items(movement, today=q1.due) == []
    late = selectors.overdue_items(movement, today=q1.due + dt.timedelta(days=1))
    assert [(i.unit.name, i.period.name, i.missing) for i in late] == [("Ấp Mỹ Hòa", "Quý 1/2026", 2)]
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.overdue_remind(
            actor=personas["officer"], movement=movement, today=q1.due + dt.timedelta(days=1)
        )
    assert sent >= 1
    note = Notification.objects.get(recipient=personas["representative"])
    assert "Ấp Mỹ Hòa" in note.text and "Quý 1/2026" in note.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["truongap@example.org"]
    assert not Notification.objects.filter(recipient=personas["viewer"]).exists()
