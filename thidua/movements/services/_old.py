"""Writes to movements: the plan, its life cycle, the cascade, commitments, targets and figures.

Every function checks who may act (through `thidua.access`), refuses illegal moves with a
Vietnamese message (`ServiceError`), and writes its audit entry in the same transaction.
"""

import datetime as dt
from decimal import Decimal

from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import SYSTEM, Action
from thidua.accounts.models import Role, User
from thidua.audit.services import AuditAction, audit_record, snapshot
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_date_long
from thidua.movements.models import (
    Cadence,
    CommendationQuota,
    Commitment,
    CommitmentState,
    Covenant,
    Criterion,
    CriterionResult,
    Direction,
    Duty,
    DutyStatus,
    Indicator,
    Movement,
    MovementState,
    Notification,
    Participation,
    PeriodKind,
    PeriodState,
    Pledge,
    ProgressReport,
    ReviewPeriod,
    Target,
)
from thidua.units.models import Unit


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


MOVEMENT_FIELDS = (
    "name",
    "kind",
    "plan_number",
    "plan_date",
    "legal_bases",
    "preamble",
    "purposes",
    "content_items",
    "form_and_time",
    "commendation_text",
    "recipients",
    "programmes",
    "period_start",
    "period_end",
    "cadence",
    "report_grace_days",
    "criteria_set",
    "is_sample",
)


def _lineage(movement: Movement) -> str:
    prefix = movement.parent.lineage if movement.parent_id else "/"
    return f"{prefix}{movement.pk}/"


# --- the plan -----------------------------------------------------------------------------


@transaction.atomic
def movement_create(
    *,
    actor,
    unit: Unit,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    parent: Movement | None = None,
    **fields,
) -> Movement:
    """A new movement in draft at `unit`."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, unit)
    unknown = set(fields) - set(MOVEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown movement fields: {sorted(unknown)}")
    movement = Movement(
        unit=unit,
        name=name.strip(),
        period_start=period_start,
        period_end=period_end,
        parent=parent,
        created_by=_actor(actor),
        **fields,
    )
    if parent is not None and (parent.unit_id == unit.pk or not unit.is_within(parent.unit)):
        raise ServiceError(_("Chỉ đơn vị cấp dưới của đơn vị phát động mới thực hiện được phong trào này."))
    _validate_dates(movement)
    movement.full_clean(exclude=["lineage"], validate_constraints=False)
    movement.save()
    movement.lineage = _lineage(movement)
    movement.save(update_fields=["lineage"])
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=movement, unit=unit, after=snapshot(movement)
    )
    return movement


def _validate_dates(movement: Movement) -> None:
    if movement.period_start and movement.period_end and movement.period_end < movement.period_start:
        raise ServiceError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="period_end")


@transaction.atomic
def movement_update(*, actor, movement: Movement, **changes) -> Movement:
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    if movement.state == MovementState.CLOSED:
        raise ServiceError(_("Phong trào đã kết thúc, không sửa được nữa."))
    unknown = set(changes) - set(MOVEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown movement fields: {sorted(unknown)}")
    before = snapshot(movement)
    if (
        movement.state != MovementState.DRAFT
        and (
            changes.get("period_start", movement.period_start) != movement.period_start
            or changes.get("period_end", movement.period_end) != movement.period_end
        )
        and movement.periods.filter(reports__isnull=False).exists()
    ):
        raise ServiceError(_("Đã có số liệu báo cáo theo kỳ; không đổi được thời gian của phong trào."))
    for name, value in changes.items():
        setattr(movement, name, value.strip() if isinstance(value, str) else value)
    _validate_dates(movement)
    movement.full_clean(exclude=["lineage"], validate_constraints=False)
    movement.save()
    after = snapshot(movement)
    if after != before:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=movement,
            unit=movement.unit,
            before=before,
            after=after,
        )
    return movement


@transaction.atomic
def quota_set(
    *, actor, movement: Movement, recipient_kind: str, per_period: int, awards: str = ""
) -> CommendationQuota | None:
    """Set the quota for one recipient kind; 0 removes it."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    existing = movement.quotas.filter(recipient_kind=recipient_kind).first()
    before = snapshot(existing) if existing else None
    if per_period <= 0:
        if existing:
            audit_record(
                actor=actor, action=AuditAction.DELETE, instance=existing, unit=movement.unit, before=before
            )
            existing.delete()
        return None
    quota = existing or CommendationQuota(
        movement=movement, recipient_kind=recipient_kind, per_period=per_period
    )
    quota.per_period = per_period
    quota.awards = awards.strip()
    quota.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if existing else AuditAction.CREATE,
        instance=quota,
        unit=movement.unit,
        before=before,
        after=snapshot(quota),
    )
    return quota


# --- life cycle ---------------------------------------------------------------------------

# (from, to) → (action needed, verb for the audit log)
TRANSITIONS = {
    (MovementState.DRAFT, MovementState.LAUNCHED): (Action.MOVEMENT_LAUNCH, "phát động"),
    (MovementState.LAUNCHED, MovementState.RUNNING): (Action.MOVEMENT_EDIT, "bắt đầu thực hiện"),
    (MovementState.LAUNCHED, MovementState.CLOSED): (Action.MOVEMENT_LAUNCH, "kết thúc"),
    (MovementState.RUNNING, MovementState.CLOSED): (Action.MOVEMENT_LAUNCH, "kết thúc"),
}

_REFUSALS = {
    MovementState.LAUNCHED: _("Chỉ phát động được phong trào đang ở trạng thái dự thảo."),
    MovementState.RUNNING: _("Chỉ phong trào đã phát động mới chuyển sang đang thực hiện được."),
    MovementState.CLOSED: _("Chỉ kết thúc được phong trào đã phát động hoặc đang thực hiện."),
}


def _transition(*, actor, movement: Movement, to: str) -> Movement:
    given = movement
    movement = Movement.objects.select_for_update().select_related("unit").get(pk=movement.pk)
    key = (MovementState(movement.state), MovementState(to))
    if key not in TRANSITIONS:
        raise ServiceError(_REFUSALS.get(MovementState(to), _("Không chuyển được trạng thái này.")))
    action, verb = TRANSITIONS[key]
    access.require_actor(actor, action, movement.unit)
    before = snapshot(movement)
    movement.state = to
    now = timezone.now()
    if to == MovementState.LAUNCHED:
        if not movement.periods.exists():
            periods_generate(movement=movement)
        movement.launched_at = now
    if to == MovementState.CLOSED:
        movement.closed_at = now
        movement.periods.update(state=PeriodState.CLOSED)
    movement.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=movement,
        unit=movement.unit,
        before=before,
        after=snapshot(movement),
        verb=verb,
    )
    given.state, given.launched_at, given.closed_at = movement.state, movement.launched_at, movement.closed_at
    return movement


@transaction.atomic
def movement_launch(*, actor, movement: Movement) -> Movement:
    """Draft → launched (the leader signs the plan). Creates the reporting periods if none exist."""
    return _transition(actor=actor, movement=movement, to=MovementState.LAUNCHED)


@transaction.atomic
def movement_start(*, actor, movement: Movement) -> Movement:
    """Launched → running: the units have received the plan and start reporting."""
    return _transition(actor=actor, movement=movement, to=MovementState.RUNNING)


@transaction.atomic
def movement_close(*, actor, movement: Movement) -> Movement:
    """Launched or running → closed after the final review; all periods are locked."""
    return _transition(actor=actor, movement=movement, to=MovementState.CLOSED)


def _period_bounds(movement: Movement) -> list[tuple[str, str, dt.date, dt.date]]:
    months = {Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6, Cadence.YEARLY: 12}[Cadence(movement.cadence)]
    result = []
    for year in range(movement.period_start.year, movement.period_end.year + 1):
        for index, first_month in enumerate(range(1, 13, months), start=1):
            start = dt.date(year, first_month, 1)
            end = dt.date(
                year + (first_month + months > 12), (first_month + months - 1) % 12 + 1, 1
            ) - dt.timedelta(days=1)
            if end < movement.period_start or start > movement.period_end:
                continue
            start, end = max(start, movement.period_start), min(end, movement.period_end)
            if months == 3:
                result.append((f"Quý {index}/{year}", PeriodKind.QUARTER, start, end))
            elif months == 6:
                result.append(
                    (
                        f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}",
                        PeriodKind.HALF_YEAR,
                        start,
                        end,
                    )
                )
            else:
                result.append((f"Sơ kết năm {year}", PeriodKind.YEAR, start, end))
    return result


def periods_generate(*, movement: Movement) -> list[ReviewPeriod]:
    """The reporting periods of the cadence, clipped to the movement, and the final review."""
    grace = dt.timedelta(days=movement.report_grace_days)
    periods = [
        ReviewPeriod(movement=movement, name=name, kind=kind, start=start, end=end, due=end + grace)
        for name, kind, start, end in _period_bounds(movement)
    ]
    periods.append(
        ReviewPeriod(
            movement=movement,
            name=_("Tổng kết phong trào"),
            kind=PeriodKind.FINAL,
            start=movement.period_start,
            end=movement.period_end,
            due=movement.period_end + grace,
        )
    )
    return ReviewPeriod.objects.bulk_create(periods)


@transaction.atomic
def period_close(*, actor, period: ReviewPeriod) -> ReviewPeriod:
    access.require_actor(actor, Action.MOVEMENT_EDIT, period.movement.unit)
    if period.state == PeriodState.CLOSED:
        raise ServiceError(_("Kỳ này đã khóa."))
    before = snapshot(period)
    period.state = PeriodState.CLOSED
    period.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=period,
        unit=period.movement.unit,
        before=before,
        after=snapshot(period),
        verb="khóa kỳ báo cáo",
    )
    return period


# --- cascade ------------------------------------------------------------------------------


@transaction.atomic
def movement_implement(*, actor, parent_movement: Movement, unit: Unit) -> Movement:
    """A draft movement at the lower `unit`, pre-filled from the parent and citing it as legal basis."""
    if parent_movement.state == MovementState.DRAFT:
        raise ServiceError(_("Phong trào cấp trên chưa được phát động."))
    if parent_movement.state == MovementState.CLOSED:
        raise ServiceError(_("Phong trào cấp trên đã kết thúc."))
    if Movement.objects.filter(parent=parent_movement, unit=unit).exists():
        raise ServiceError(_("Đơn vị này đã có kế hoạch thực hiện phong trào."))
    basis = _("Thực hiện %(plan)s của %(unit)s về việc phát động phong trào thi đua “%(name)s”.") % {
        "plan": _plan_reference(parent_movement),
        "unit": parent_movement.unit.name,
        "name": parent_movement.name,
    }
    child = movement_create(
        actor=actor,
        unit=unit,
        parent=parent_movement,
        name=parent_movement.name,
        kind=parent_movement.kind,
        period_start=parent_movement.period_start,
        period_end=parent_movement.period_end,
        legal_bases=basis,
        purposes=parent_movement.purposes,
        content_items=parent_movement.content_items,
        form_and_time=parent_movement.form_and_time,
        commendation_text=parent_movement.commendation_text,
        programmes=parent_movement.programmes,
        cadence=parent_movement.cadence,
        report_grace_days=parent_movement.report_grace_days,
        criteria_set=parent_movement.criteria_set,
        is_sample=parent_movement.is_sample,
    )
    for quota in parent_movement.quotas.all():
        CommendationQuota.objects.create(
            movement=child,
            recipient_kind=quota.recipient_kind,
            per_period=quota.per_period,
            awards=quota.awards,
        )
    return child


def _plan_reference(movement: Movement) -> str:
    """ "Kế hoạch số 519/KH-UBND ngày 09 tháng 3 năm 2015"."""
    text = (
        _("Kế hoạch số %(number)s") % {"number": movement.plan_number}
        if movement.plan_number
        else _("Kế hoạch")
    )
    if movement.plan_date:
        text += " " + format_date_long(movement.plan_date)
    return text


# --- participation and commitments --------------------------------------------------------


def _require_member_unit(movement: Movement, unit: Unit) -> None:
    if not unit.is_within(movement.unit):
        raise ServiceError(_("Đơn vị %(unit)s không thuộc phạm vi của phong trào.") % {"unit": unit.name})


@transaction.atomic
def participation_add(*, actor, movement: Movement, unit: Unit | None = None, person=None) -> Participation:
    """A unit or an individual joins the movement (the planner, or whoever registers for that unit)."""
    target_unit = unit if unit is not None else person.unit
    if not access.can(actor, Action.MOVEMENT_EDIT, movement.unit):
        access.require(actor, Action.COMMITMENT_SUBMIT, target_unit)
    _require_member_unit(movement, target_unit)
    existing = Participation.objects.filter(movement=movement, unit=unit, person=person).first()
    if existing:
        return existing
    participation = Participation.objects.create(
        movement=movement, unit=unit, person=person, joined_on=timezone.localdate()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=participation,
        unit=target_unit,
        after=snapshot(participation),
    )
    return participation


def _ensure_open_for_commitments(movement: Movement) -> None:
    if movement.state in (MovementState.DRAFT, MovementState.CLOSED):
        raise ServiceError(_("Chỉ đăng ký thi đua được khi phong trào đã phát động và chưa kết thúc."))


@transaction.atomic
def commitment_save(
    *,
    actor,
    movement: Movement,
    unit: Unit,
    year: int,
    titles: str = "",
    note: str = "",
    pledges: list[tuple[Indicator, Decimal, dt.date | None]] = (),
    submit: bool = False,
) -> Commitment:
    """Create or rewrite a unit's registration while it is a draft or was returned; optionally submit it."""
    access.require_actor(actor, Action.COMMITMENT_SUBMIT, unit)
    _require_member_unit(movement, unit)
    _ensure_open_for_commitments(movement)
    if not movement.period_start.year <= year <= movement.period_end.year:
        raise ServiceError(_("Năm đăng ký phải nằm trong thời gian của phong trào."), field="year")
    commitment = (
        Commitment.objects.select_for_update().filter(movement=movement, unit=unit, year=year).first()
    )
    before = snapshot(commitment) if commitment else None
    if commitment and commitment.state not in (CommitmentState.DRAFT, CommitmentState.RETURNED):
        raise ServiceError(_("Bản đăng ký đã gửi hoặc đã duyệt, không sửa được."))
    if commitment is None:
        commitment = Commitment(movement=movement, unit=unit, year=year, created_by=_actor(actor))
    commitment.titles = titles.strip()
    commitment.note = note.strip()
    for _indicator, value, deadline in pledges:
        if value is None or Decimal(value) < 0:
            raise ServiceError(_("Giá trị đăng ký không được âm."))
        if deadline and not movement.period_start <= deadline <= movement.period_end:
            raise ServiceError(
                _("Thời hạn %(date)s nằm ngoài thời gian của phong trào.") % {"date": deadline}
            )
    if not pledges and not commitment.titles and submit:
        raise ServiceError(_("Bản đăng ký cần ít nhất một chỉ tiêu hoặc một danh hiệu."))
    commitment.state = (
        CommitmentState.DRAFT
        if commitment.state == CommitmentState.RETURNED and not submit
        else commitment.state
    )
    if submit:
        commitment.state = CommitmentState.SUBMITTED
        commitment.submitted_at = timezone.now()
    commitment.save()
    commitment.pledges.all().delete()
    Pledge.objects.bulk_create(
        [
            Pledge(commitment=commitment, indicator=indicator, value=value, deadline=deadline)
            for indicator, value, deadline in pledges
        ]
    )
    participation_add(actor=actor, movement=movement, unit=unit)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=commitment,
        unit=unit,
        before=before,
        after=snapshot(commitment) | {"pledges": _pledge_list(commitment)},
        verb="gửi đăng ký thi đua" if submit else "",
    )
    return commitment


def _pledge_list(commitment: Commitment) -> list:
    return [
        [p.indicator_id, str(p.value), p.deadline.isoformat() if p.deadline else None]
        for p in commitment.pledges.all()
    ]


def _commitment_move(
    *,
    actor,
    commitment: Commitment,
    allowed_from: set,
    to: str,
    verb: str,
    refusal: str,
    action: Action,
    unit: Unit,
    **fields,
) -> Commitment:
    commitment = (
        Commitment.objects.select_for_update().select_related("movement__unit", "unit").get(pk=commitment.pk)
    )
    access.require_actor(actor, action, unit if unit is not None else commitment.movement.unit)
    if commitment.state not in allowed_from:
        raise ServiceError(refusal)
    before = snapshot(commitment)
    commitment.state = to
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=commitment,
        unit=commitment.unit,
        before=before,
        after=snapshot(commitment),
        verb=verb,
    )
    return commitment


@transaction.atomic
def commitment_submit(*, actor, commitment: Commitment) -> Commitment:
    _ensure_open_for_commitments(commitment.movement)
    return _commitment_move(
        actor=actor,
        commitment=commitment,
        allowed_from={CommitmentState.DRAFT, CommitmentState.RETURNED},
        to=CommitmentState.SUBMITTED,
        verb="gửi đăng ký thi đua",
        action=Action.COMMITMENT_SUBMIT,
        unit=commitment.unit,
        refusal=_("Chỉ gửi được bản đăng ký đang soạn hoặc bị trả lại."),
        submitted_at=timezone.now(),
    )


@transaction.atomic
def commitment_approve(*, actor, commitment: Commitment) -> Commitment:
    """Submitted → approved; each pledge becomes (or updates) the unit's target for that year."""
    commitment = _commitment_move(
        actor=actor,
        commitment=commitment,
        allowed_from={CommitmentState.SUBMITTED},
        to=CommitmentState.APPROVED,
        verb="duyệt đăng ký thi đua",
        action=Action.COMMITMENT_REVIEW,
        unit=None,
        refusal=_("Chỉ duyệt được bản đăng ký đã gửi."),
        reviewed_at=timezone.now(),
        reviewed_by=_actor(actor),
        return_reason="",
    )
    for pledge in commitment.pledges.select_related("indicator"):
        target_set(
            actor=SYSTEM,
            movement=commitment.movement,
            unit=commitment.unit,
            year=commitment.year,
            indicator=pledge.indicator,
            value=pledge.value,
            audit_actor=actor,
        )
    return commitment


@transaction.atomic
def commitment_return(*, actor, commitment: Commitment, reason: str) -> Commitment:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."), field="reason")
    return _commitment_move(
        actor=actor,
        commitment=commitment,
        allowed_from={CommitmentState.SUBMITTED},
        to=CommitmentState.RETURNED,
        verb="trả lại đăng ký thi đua",
        action=Action.COMMITMENT_REVIEW,
        unit=None,
        refusal=_("Chỉ trả lại được bản đăng ký đã gửi."),
        reviewed_at=timezone.now(),
        reviewed_by=_actor(actor),
        return_reason=reason,
    )


@transaction.atomic
def covenant_create(
    *,
    actor,
    movement: Movement,
    name: str,
    units: list[Unit],
    signed_on: dt.date | None = None,
    content: str = "",
) -> Covenant:
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    if len(units) < 2:
        raise ServiceError(_("Giao ước thi đua cần ít nhất hai đơn vị."))
    for unit in units:
        _require_member_unit(movement, unit)
    covenant = Covenant.objects.create(
        movement=movement, name=name.strip(), signed_on=signed_on, content=content
    )
    covenant.units.set(units)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=covenant,
        unit=movement.unit,
        after=snapshot(covenant) | {"units": [u.pk for u in units]},
    )
    return covenant


# --- indicators, targets, figures ---------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    actor,
    name: str,
    measure: str = "",
    direction: str = Direction.INCREASE,
    baseline: Decimal | None = None,
    is_sample: bool = False,
) -> Indicator:
    indicator = Indicator(
        name=name.strip(),
        measure=measure.strip(),
        direction=direction,
        baseline=baseline,
        is_sample=is_sample,
    )
    indicator.full_clean()
    indicator.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=indicator, after=snapshot(indicator))
    return indicator


@transaction.atomic
def target_set(
    *,
    actor,
    movement: Movement,
    unit: Unit,
    year: int,
    indicator: Indicator,
    value: Decimal,
    baseline: Decimal | None = None,
    audit_actor=None,
) -> Target:
    """Set a unit's target for one indicator and year (the unit joins the movement if needed)."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    _require_member_unit(movement, unit)
    if Decimal(value) < 0:
        raise ServiceError(_("Giá trị chỉ tiêu không được âm."), field="value")
    if not movement.period_start.year <= year <= movement.period_end.year:
        raise ServiceError(_("Năm của chỉ tiêu phải nằm trong thời gian của phong trào."), field="year")
    target = Target.objects.filter(movement=movement, unit=unit, year=year, indicator=indicator).first()
    before = snapshot(target) if target else None
    if target is None:
        target = Target(
            movement=movement, unit=unit, year=year, indicator=indicator, value=value, baseline=baseline
        )
    target.value = value
    if baseline is not None:
        target.baseline = baseline
    target.save()
    participation_add(actor=audit_actor or actor, movement=movement, unit=unit)
    audit_record(
        actor=audit_actor or actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=target,
        unit=unit,
        before=before,
        after=snapshot(target),
    )
    return target


def check_report(
    *, target: Target, period: ReviewPeriod, value, as_of: dt.date | None, participating: bool
) -> dict[str, str]:
    """Problems with one figure, keyed by field; empty when it may be saved. Shared by form and import."""
    errors: dict[str, str] = {}
    movement = target.movement
    if period.movement_id != target.movement_id:
        errors["period"] = _("Kỳ báo cáo không thuộc phong trào này.")
    elif period.state == PeriodState.CLOSED:
        errors["period"] = _("Kỳ “%(period)s” đã khóa, không nhận thêm số liệu.") % {"period": period.name}
    elif period.kind != PeriodKind.FINAL and period.end.year != target.year:
        errors["period"] = _("Kỳ “%(period)s” không thuộc năm %(year)s của chỉ tiêu.") % {
            "period": period.name,
            "year": target.year,
        }
    if movement.state in (MovementState.DRAFT, MovementState.CLOSED):
        errors["period"] = _("Phong trào chưa phát động hoặc đã kết thúc, không nhận số liệu.")
    if not participating:
        errors["unit"] = _("Đơn vị %(unit)s không tham gia phong trào này.") % {"unit": target.unit.name}
    if value is None:
        errors["value"] = _("Hãy nhập giá trị.")
    else:
        try:
            number = Decimal(str(value))
        except Exception:
            number = None
        if number is None or not number.is_finite():
            errors["value"] = _("Giá trị phải là một số.")
        elif number < 0:
            errors["value"] = _("Giá trị không được âm.")
        elif target.indicator.direction == Direction.YES_NO and number not in (0, 1):
            errors["value"] = _("Chỉ tiêu có / không: nhập 1 (đã đạt) hoặc 0 (chưa đạt).")
    if as_of is not None and not movement.period_start <= as_of <= movement.period_end:
        errors["as_of"] = _("Ngày %(date)s nằm ngoài thời gian của phong trào (%(start)s – %(end)s).") % {
            "date": as_of.strftime("%d/%m/%Y"),
            "start": movement.period_start.strftime("%d/%m/%Y"),
            "end": movement.period_end.strftime("%d/%m/%Y"),
        }
    return errors


@transaction.atomic
def progress_report(
    *,
    actor,
    target: Target,
    period: ReviewPeriod,
    value: Decimal,
    note: str = "",
    as_of: dt.date | None = None,
    evidence=None,
) -> ProgressReport:
    """Record (or correct) the level a target reached at the end of a period."""
    access.require_actor(actor, Action.PROGRESS_REPORT, target.unit)
    participating = Participation.objects.filter(
        movement_id=target.movement_id, unit_id=target.unit_id
    ).exists()
    errors = check_report(target=target, period=period, value=value, as_of=as_of, participating=participating)
    if errors:
        raise ServiceError(errors)
    report = ProgressReport.objects.filter(target=target, period=period).first()
    before = snapshot(report) if report else None
    if report is None:
        report = ProgressReport(target=target, period=period)
    report.value = Decimal(str(value))
    report.note = note.strip()
    report.as_of = as_of
    report.reported_by = _actor(actor)
    if evidence:
        report.evidence = evidence
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=report,
        unit=target.unit,
        before=before,
        after=snapshot(report),
    )
    return report


# --- duties, criteria, reminders ----------------------------------------------------------


@transaction.atomic
def duty_add(*, actor, movement: Movement, unit: Unit, text: str, due_date: dt.date | None = None) -> Duty:
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    _require_member_unit(movement, unit)
    duty = Duty.objects.create(movement=movement, unit=unit, text=text.strip(), due_date=due_date)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=duty, unit=unit, after=snapshot(duty))
    return duty


@transaction.atomic
def duty_set_status(*, actor, duty: Duty, status: str) -> Duty:
    if (
        actor is not None
        and not isinstance(actor, str)
        and not (
            access.can(actor, Action.MOVEMENT_EDIT, duty.movement.unit)
            or access.can(actor, Action.PROGRESS_REPORT, duty.unit)
        )
    ):
        access.require(actor, Action.MOVEMENT_EDIT, duty.movement.unit)
    before = snapshot(duty)
    duty.status = DutyStatus(status)
    duty.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=duty,
        unit=duty.unit,
        before=before,
        after=snapshot(duty),
    )
    return duty


@transaction.atomic
def criterion_record(
    *,
    actor,
    movement: Movement,
    unit: Unit,
    criterion: Criterion,
    met: bool,
    evidence: str = "",
    assessed_on: dt.date | None = None,
) -> CriterionResult:
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    _require_member_unit(movement, unit)
    if movement.criteria_set_id is None or criterion.criteria_set_id != movement.criteria_set_id:
        raise ServiceError(_("Tiêu chí này không thuộc bộ tiêu chí của phong trào."))
    if met and not evidence.strip():
        raise ServiceError({"evidence": _("Tiêu chí đạt cần có minh chứng (số văn bản, biên bản, số liệu).")})
    result = CriterionResult.objects.filter(movement=movement, unit=unit, criterion=criterion).first()
    before = snapshot(result) if result else None
    result = result or CriterionResult(movement=movement, unit=unit, criterion=criterion, met=met)
    result.met = met
    result.evidence = evidence.strip()
    result.assessed_on = assessed_on
    result.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=result,
        unit=unit,
        before=before,
        after=snapshot(result),
    )
    return result


@transaction.atomic
def overdue_remind(*, actor, movement: Movement, today: dt.date | None = None) -> int:
    """Notify the people responsible for every late unit, in the app and by email; returns how many."""
    from thidua.movements.selectors import overdue_items

    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    items = overdue_items(movement, today=today or timezone.localdate())
    by_unit: dict[int, list] = {}
    for item in items:
        by_unit.setdefault(item.unit.pk, []).append(item)
    if not by_unit:
        return 0
    units = Unit.objects.filter(pk__in=by_unit)
    recipients: dict[int, set[User]] = {}
    wanted = {Role.REPRESENTATIVE, Role.OFFICER}
    users = (
        User.objects.filter(is_active=True, grants__role__in=wanted)
        .prefetch_related("grants__unit")
        .distinct()
    )
    for user in users:
        for unit in units:
            if any(
                unit.is_within(g.unit)
                and g.role in wanted
                and (g.role == Role.REPRESENTATIVE or g.unit_id == unit.pk)
                for g in user.grants.all()
            ):
                recipients.setdefault(unit.pk, set()).add(user)
    notifications, mails = [], []
    for unit in units:
        late = by_unit[unit.pk]
        lines = sorted({f"{item.period.name} (hạn {item.period.due.strftime('%d/%m/%Y')})" for item in late})
        text = _(
            "Nhắc báo cáo phong trào “%(movement)s”: %(unit)s chưa báo cáo %(count)s chỉ tiêu, kỳ %(periods)s."
        ) % {"movement": movement.name, "unit": unit.name, "count": len(late), "periods": "; ".join(lines)}
        for user in recipients.get(unit.pk, ()):
            notifications.append(Notification(recipient=user, movement=movement, text=text))
            if user.email:
                mails.append((_("Nhắc báo cáo thi đua"), text, None, [user.email]))
    Notification.objects.bulk_create(notifications)
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=movement,
        unit=movement.unit,
        verb="nhắc báo cáo quá hạn",
        after={"units": sorted(by_unit), "notifications": len(notifications)},
    )
    return len(notifications)


# --- the plan as a document ---------------------------------------------------------------


@transaction.atomic
def movement_plan_draft(*, actor, movement: Movement):
    """Draft (or redraft) the movement's Kế hoạch in the document register, linked to the movement.

    A plan still in draft is rewritten in place from the movement's current data; an issued plan
    is frozen, so the documents app starts a new draft version of it.
    """
    from thidua.documents.services import document_create_draft, document_update
    from thidua.movements.paperwork import plan_model

    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    access.require_actor(actor, Action.DOCUMENT_EDIT, movement.unit)
    # Lock the movement row only: PostgreSQL cannot lock the nullable side of the outer join.
    movement = (
        Movement.objects.select_for_update(of=("self",))
        .select_related("unit", "plan_document")
        .get(pk=movement.pk)
    )
    model = plan_model(movement)
    if movement.plan_document is not None:
        document = document_update(actor=actor, document=movement.plan_document, model=model)
    else:
        document = document_create_draft(actor=actor, unit=movement.unit, model=model)
    if movement.plan_document_id != document.pk:
        before = snapshot(movement)
        movement.plan_document = document
        movement.save(update_fields=["plan_document"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=movement,
            unit=movement.unit,
            before=before,
            after=snapshot(movement),
            verb="soạn kế hoạch",
        )
    return document


# --- the yearly / final review report as a document -----------------------------------------


@transaction.atomic
def period_report_draft(*, actor, period: ReviewPeriod, today: dt.date | None = None):
    """Draft (or redraft) the Báo cáo sơ kết / tổng kết of a yearly or final review from the data.

    Same life as the plan: a report still in draft is rewritten in place from the current figures
    (the officer's edits to it are replaced); an issued report is frozen, so the documents app
    starts a new draft version of it. The narrative parts carry placeholders to fill in.
    """
    from thidua.documents.services import document_create_draft, document_update
    from thidua.movements.review import REVIEW_KINDS, review_model, review_results

    movement = period.movement
    access.require_actor(actor, Action.DOCUMENT_EDIT, movement.unit)
    if period.kind not in REVIEW_KINDS:
        raise ServiceError(_("Chỉ soạn báo cáo cho kỳ sơ kết năm hoặc tổng kết phong trào."), field="period")
    # Lock the period row only: PostgreSQL cannot lock the nullable side of the outer join.
    period = (
        ReviewPeriod.objects.select_for_update(of=("self",))
        .select_related("movement__unit", "report_document")
        .get(pk=period.pk)
    )
    movement = period.movement
    model = review_model(movement, period, review_results(movement, period, today=today))
    if period.report_document is not None:
        document = document_update(actor=actor, document=period.report_document, model=model)
    else:
        document = document_create_draft(actor=actor, unit=movement.unit, model=model)
    if period.report_document_id != document.pk:
        before = snapshot(period)
        period.report_document = document
        period.save(update_fields=["report_document"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=period,
            unit=movement.unit,
            before=before,
            after=snapshot(period),
            verb="soạn báo cáo tổng kết" if period.kind == PeriodKind.FINAL else "soạn báo cáo sơ kết",
        )
    return document
