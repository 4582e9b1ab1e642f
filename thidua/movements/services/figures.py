"""What units must reach and what they report: the indicator catalogue, targets, the figures
reported each period (one at a time or a whole form at once), duties and overdue reminders."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import Role, User
from thidua.audit import changes
from thidua.audit.services import AuditAction, audit_record
from thidua.files import content
from thidua.files.models import StoredFile
from thidua.files.services import stored_file_create
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_date_short, format_figure, screen_date_short
from thidua.movements.models import (
    Direction,
    Duty,
    DutyStatus,
    Indicator,
    Movement,
    PeriodKind,
    PeriodState,
    ProgressReport,
    ReviewPeriod,
    Target,
)
from thidua.movements.services._rules import (
    OPEN_STATES,
    is_participating,
    join,
    require_member_unit,
)
from thidua.movements.services.standings import standings_refresh
from thidua.notifications.models import Kind as NotificationKind
from thidua.notifications.services import notify
from thidua.units.models import Unit

# --- indicators and targets ---------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    actor: Actor,
    name: str,
    measure: str = "",
    direction: str = Direction.INCREASE,
    baseline: Decimal | None = None,
    is_sample: bool = False,
) -> Indicator:
    """A new entry in the shared catalogue of indicators (any planner may add one)."""
    access.check_actor(actor)
    indicator = Indicator(
        name=name.strip(),
        measure=measure.strip(),
        direction=direction,
        baseline=baseline,
        is_sample=is_sample,
    )
    indicator.full_clean()
    return changes.create(indicator, actor=actor)


@transaction.atomic
def target_set(
    *,
    actor: Actor,
    movement: Movement,
    unit: Unit,
    year: int,
    indicator: Indicator,
    value: Decimal,
    baseline: Decimal | None = None,
) -> Target:
    """Set a unit's target for one indicator and year (the unit joins the movement if needed)."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    return put_target(
        actor=actor,
        movement=movement,
        unit=unit,
        year=year,
        indicator=indicator,
        value=value,
        baseline=baseline,
    )


def put_target(
    *,
    actor: Actor,
    movement: Movement,
    unit: Unit,
    year: int,
    indicator: Indicator,
    value: Decimal,
    baseline: Decimal | None = None,
) -> Target:
    """`target_set` without the access check, for a service that has made its own (the approval of
    a registration sets the pledges as targets, in the reviewer's name)."""
    require_member_unit(movement, unit)
    if Decimal(value) < 0:
        raise ServiceError(_("Giá trị chỉ tiêu không được âm."), field="value")
    for field, number in (("value", value), ("baseline", baseline)):
        if number is not None and abs(Decimal(number)) >= FIGURE_LIMIT:
            raise ServiceError(TOO_LARGE, field=field)
    if not movement.period_start.year <= year <= movement.period_end.year:
        raise ServiceError(_("Năm của chỉ tiêu phải nằm trong thời gian của phong trào."), field="year")
    target = Target.objects.filter(movement=movement, unit=unit, year=year, indicator=indicator).first()
    if target is None:
        target = Target(
            movement=movement, unit=unit, year=year, indicator=indicator, value=value, baseline=baseline
        )
        changes.create(target, actor=actor)
    else:
        fields: dict[str, Any] = {"value": value}
        if baseline is not None:
            fields["baseline"] = baseline
        changes.update(target, actor=actor, **fields)
    join(actor=actor, movement=movement, unit=unit)
    standings_refresh([target])
    return target


# --- figures ------------------------------------------------------------------------------


# Figures, targets and baselines are kept with 2 digits after the decimal comma; SQLite keeps a number
# exactly up to 15 digits in all, so 13 before the comma (PostgreSQL's columns would take 14).
FIGURE_LIMIT = Decimal(10) ** 13
TOO_LARGE = gettext_lazy("Giá trị quá lớn: tối đa 13 chữ số trước dấu phẩy.")


def _value_problem(target: Target, value) -> str | None:
    if value is None:
        return _("Hãy nhập giá trị.")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        return _("Giá trị phải là một số.")
    if number < 0:
        return _("Giá trị không được âm.")
    if number >= FIGURE_LIMIT:
        return str(TOO_LARGE)
    if target.indicator.direction == Direction.YES_NO and number not in (0, 1):
        return _("Chỉ tiêu có / không: nhập 1 (đã đạt) hoặc 0 (chưa đạt).")
    return None


def check_report(
    *,
    target: Target,
    period: ReviewPeriod,
    value,
    as_of: dt.date | None,
    participating: bool,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Problems with one figure, keyed by field; empty when it may be saved. Shared by form and import.

    A period that has not started yet takes no figures: the level reached at the end of a quarter
    cannot be known before the quarter begins."""
    errors: dict[str, str] = {}
    movement = target.movement
    today = today or timezone.localdate()
    if period.movement_id != target.movement_id:
        errors["period"] = _("Kỳ báo cáo không thuộc phong trào này.")
    elif period.state == PeriodState.CLOSED:
        errors["period"] = _("Kỳ “%(period)s” đã khóa, không nhận thêm số liệu.") % {
            "period": period.display_name
        }
    elif period.start > today:
        errors["period"] = _("Kỳ “%(period)s” chưa bắt đầu (từ ngày %(start)s), chưa nhận số liệu.") % {
            "period": period.display_name,
            "start": screen_date_short(period.start),
        }
    elif period.kind != PeriodKind.FINAL and period.end.year != target.year:
        errors["period"] = _("Kỳ “%(period)s” không thuộc năm %(year)s của chỉ tiêu.") % {
            "period": period.display_name,
            "year": target.year,
        }
    if movement.state not in OPEN_STATES:
        errors["period"] = _("Phong trào chưa phát động hoặc đã kết thúc, không nhận số liệu.")
    if not participating:
        errors["unit"] = _("Đơn vị %(unit)s không tham gia phong trào này.") % {"unit": target.unit.name}
    problem = _value_problem(target, value)
    if problem:
        errors["value"] = problem
    if as_of is not None and not movement.period_start <= as_of <= movement.period_end:
        errors["as_of"] = _("Ngày %(date)s nằm ngoài thời gian của phong trào (%(start)s – %(end)s).") % {
            "date": format_date_short(as_of),
            "start": format_date_short(movement.period_start),
            "end": format_date_short(movement.period_end),
        }
    return errors


CONFIRM_HINT = _("Nếu số liệu đúng, đánh dấu “Tôi xác nhận số liệu này đúng” rồi lưu lại.")


def rate_warning(indicator: Indicator, value: Decimal) -> str | None:
    """A rate (an indicator measured in %) above 100 %: possible, rarely right."""
    if indicator.measure.strip() == "%" and Decimal(str(value)) > 100:
        return _("%(value)s %% là tỷ lệ vượt quá 100 %%.") % {"value": format_figure(value)}
    return None


def figure_warnings(*, target: Target, period: ReviewPeriod, value: Decimal) -> list[str]:
    """Why a figure looks wrong (it may still be right): a rate over 100 %, or ten times the
    unit's last figure for the indicator (or a tenth of it). Saved only once confirmed."""
    number = Decimal(str(value))
    rate = rate_warning(target.indicator, number)
    warnings = [rate] if rate else []
    if target.indicator.direction == Direction.YES_NO:
        return warnings
    last = (
        ProgressReport.objects.filter(
            target__movement_id=target.movement_id,
            target__unit_id=target.unit_id,
            target__indicator_id=target.indicator_id,
            period__end__lt=period.start,
        )
        .select_related("period")
        .order_by("-period__end")
        .first()
    )
    if last is not None and last.value > 0 and (number >= 10 * last.value or 10 * number <= last.value):
        warnings.append(
            _("%(value)s chênh hơn 10 lần so với số liệu kỳ %(period)s (%(last)s).")
            % {
                "value": format_figure(number),
                "period": last.period.display_name,
                "last": format_figure(last.value),
            }
        )
    return warnings


def _require_plausible(target: Target, period: ReviewPeriod, value, field: str) -> None:
    warnings = figure_warnings(target=target, period=period, value=value)
    if warnings:
        raise ServiceError(" ".join([*warnings, str(CONFIRM_HINT)]), field=field, code="implausible")


def _put_report(
    *,
    actor: Actor,
    target: Target,
    period: ReviewPeriod,
    value,
    note: str,
    as_of,
    evidence,
    reported_at: dt.datetime | None = None,
) -> ProgressReport:
    report = ProgressReport.objects.filter(target=target, period=period).first()
    fields = {
        "value": Decimal(str(value)),
        "note": note.strip(),
        "as_of": as_of,
        "reported_by": actor if isinstance(actor, User) else None,
    }
    if evidence:
        fields["evidence"] = evidence
    if report is None:
        # Set here, not by the field's default, so that the moment is the one this write sees.
        now = timezone.now()
        fields["first_reported_at"] = min(reported_at, now) if reported_at else now
        return changes.create(
            ProgressReport(target=target, period=period, **fields), actor=actor, unit=target.unit
        )
    return changes.update(report, actor=actor, unit=target.unit, **fields)


@transaction.atomic
def progress_report(
    *,
    actor: Actor,
    target: Target,
    period: ReviewPeriod,
    value: Decimal,
    note: str = "",
    as_of: dt.date | None = None,
    evidence=None,
    confirmed: bool = False,
    reported_at: dt.datetime | None = None,
) -> ProgressReport:
    """Record (or correct) the level a target reached at the end of a period; an implausible
    figure (`figure_warnings`) only when `confirmed`. `reported_at`: when a figure entered now was
    first reported on paper (never later than now); it counts for reporting on time."""
    access.require_actor(actor, Action.PROGRESS_REPORT, target.unit)
    participating = is_participating(target.movement, target.unit)
    errors = check_report(target=target, period=period, value=value, as_of=as_of, participating=participating)
    if errors:
        field, message = next(iter(errors.items()))
        raise ServiceError(message, field=field)
    if not confirmed:
        _require_plausible(target, period, value, "value")
    report = _put_report(
        actor=actor,
        target=target,
        period=period,
        value=value,
        note=note,
        as_of=as_of,
        evidence=_store_evidence(actor, target.unit, evidence),
        reported_at=reported_at,
    )
    standings_refresh([target])
    return report


def _store_evidence(actor: Actor, unit: Unit, upload) -> StoredFile | None:
    """The one stored copy of the evidence, referenced by every figure it is attached to."""
    if not upload:
        return None
    return stored_file_create(
        actor=actor, upload=upload, allowed=content.EVIDENCE, unit=unit, field="evidence"
    )


@transaction.atomic
def progress_report_many(
    *,
    actor: Actor,
    movement: Movement,
    unit: Unit,
    period: ReviewPeriod,
    figures: Iterable[tuple[Target, Decimal]],
    note: str = "",
    as_of: dt.date | None = None,
    evidence=None,
    confirmed: bool = False,
) -> list[ProgressReport]:
    """A unit's figures for one period, all saved or none.

    The first figure refused stops the whole batch with a `ServiceError` whose field is
    `value_<target id>`, the name the report form gives that figure's box; an implausible figure
    (`figure_warnings`) is refused with the code "implausible" unless `confirmed`.
    """
    access.require_actor(actor, Action.PROGRESS_REPORT, unit)
    require_member_unit(movement, unit)
    participating = is_participating(movement, unit)
    figures = list(figures)
    for target, value in figures:
        if target.movement_id != movement.pk or target.unit_id != unit.pk:
            raise ServiceError(_("Chỉ tiêu không thuộc đơn vị này."), field=f"value_{target.pk}")
        errors = check_report(
            target=target, period=period, value=value, as_of=as_of, participating=participating
        )
        if errors:
            raise ServiceError(next(iter(errors.values())), field=f"value_{target.pk}")
        if not confirmed:
            _require_plausible(target, period, value, f"value_{target.pk}")
    evidence = _store_evidence(actor, unit, evidence)
    reports = [
        _put_report(
            actor=actor, target=target, period=period, value=value, note=note, as_of=as_of, evidence=evidence
        )
        for target, value in figures
    ]
    standings_refresh(target for target, _value in figures)
    return reports


@transaction.atomic
def progress_report_delete(*, actor: Actor, report: ProgressReport) -> None:
    """Withdraw a figure entered by mistake, while its period is open: the target's level falls
    back to its previous figure (or to not reported)."""
    target = report.target
    access.require_actor(actor, Action.PROGRESS_REPORT, target.unit)
    if report.period.state == PeriodState.CLOSED:
        raise ServiceError(
            _("Kỳ “%(period)s” đã khóa, không xóa được số liệu.") % {"period": report.period.display_name},
            field="period",
        )
    if target.movement.state not in OPEN_STATES:
        raise ServiceError(_("Phong trào chưa phát động hoặc đã kết thúc, không sửa được số liệu."))
    changes.delete(report, actor=actor, unit=target.unit)
    standings_refresh([target])


# --- duties and reminders -----------------------------------------------------------------


@transaction.atomic
def duty_add(
    *, actor: Actor, movement: Movement, unit: Unit, text: str, due_date: dt.date | None = None
) -> Duty:
    """Assign a duty of the plan's "Tổ chức thực hiện" to a unit of the movement."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    require_member_unit(movement, unit)
    return changes.create(
        Duty(movement=movement, unit=unit, text=text.strip(), due_date=due_date), actor=actor
    )


@transaction.atomic
def duty_set_status(*, actor: Actor, duty: Duty, status: str) -> Duty:
    """The planner, or the unit the duty is assigned to, marks its progress."""
    movement_unit = duty.movement.unit
    if not (
        access.can(access.check_actor(actor), Action.MOVEMENT_EDIT, movement_unit)
        or access.can(actor, Action.PROGRESS_REPORT, duty.unit)
    ):
        access.require_shared(actor, Action.MOVEMENT_EDIT, movement_unit)
    if status not in DutyStatus.values:
        raise ServiceError(_("Tình trạng không hợp lệ."), field="status")
    return changes.update(duty, actor=actor, status=DutyStatus(status))


def _reminder_recipients(units: list[Unit]) -> dict[int, set[User]]:
    """Per late unit: its own officers and the representatives of it or of a unit above it."""
    wanted = {Role.REPRESENTATIVE, Role.OFFICER}
    users = (
        User.objects.filter(is_active=True, grants__role__in=wanted)
        .prefetch_related("grants__unit")
        .distinct()
    )
    recipients: dict[int, set[User]] = {}
    for user in users:
        for unit in units:
            if any(
                unit.is_within(g.unit)
                and g.role in wanted
                and (g.role == Role.REPRESENTATIVE or g.unit_id == unit.pk)
                for g in user.grants.all()
            ):
                recipients.setdefault(unit.pk, set()).add(user)
    return recipients


@transaction.atomic
def overdue_remind(*, actor: Actor, movement: Movement, today: dt.date | None = None) -> int:
    """Notify the people responsible for every late unit, in the app and by email; returns how many."""
    from thidua.movements.selectors import overdue_items

    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    by_unit: dict[int, list] = {}
    today = today or timezone.localdate()
    for item in overdue_items(movement, today=today):
        by_unit.setdefault(item.unit.pk, []).append(item)
    if not by_unit:
        return 0
    units = list(Unit.objects.filter(pk__in=by_unit))
    recipients = _reminder_recipients(units)
    told, mails = 0, []
    for unit in units:
        late = by_unit[unit.pk]
        lines = sorted({f"{item.period.name} (hạn {format_date_short(item.period.due)})" for item in late})
        text = _(
            "Nhắc báo cáo phong trào “%(movement)s”: %(unit)s chưa báo cáo %(count)s chỉ tiêu, kỳ %(periods)s."
        ) % {"movement": movement.name, "unit": unit.name, "count": len(late), "periods": "; ".join(lines)}
        # Once a day per late unit: a second run (the button, `thidua cron`) tells nobody twice.
        people = notify(
            actor=actor,
            recipients=recipients.get(unit.pk, ()),
            kind=NotificationKind.FIGURES_OVERDUE,
            text=text,
            link=reverse("movements:detail", args=[movement.pk]),
            unit=unit,
            key=f"overdue:{movement.pk}:{unit.pk}",
            today=today,
            emailed=True,
        )
        told += len(people)
        mails += [(_("Nhắc báo cáo thi đua"), text, None, [user.email]) for user in people if user.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    # Not a change to the movement: a record that reminders went out, and to how many.
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=movement,
        unit=movement.unit,
        verb="nhắc báo cáo quá hạn",
        after={"units": sorted(by_unit), "notifications": told},
    )
    return told


@transaction.atomic
def duties_remind(*, actor: Actor, today: dt.date) -> int:
    """Tell the people responsible for a unit whose duties of a running movement are past their due
    date and not done (`thidua cron`, once a day per movement and unit; mailed by the digest).
    Returns how many were told."""
    access.check_actor(actor)
    late = (
        Duty.objects.filter(due_date__lt=today, movement__state__in=OPEN_STATES)
        .exclude(status=DutyStatus.DONE)
        .select_related("movement", "unit")
        .order_by("movement_id", "unit_id", "due_date", "id")
    )
    by_pair: dict[tuple[Movement, Unit], list[Duty]] = {}
    for duty in late:
        by_pair.setdefault((duty.movement, duty.unit), []).append(duty)
    if not by_pair:
        return 0
    recipients = _reminder_recipients(list({unit.pk: unit for _m, unit in by_pair}.values()))
    told = 0
    for (movement, unit), duties in by_pair.items():
        lines = "; ".join(f"{d.text[:80]} (hạn {format_date_short(d.due_date)})" for d in duties)
        text = _(
            "Nhắc nhiệm vụ phong trào “%(movement)s”: %(unit)s còn %(count)s nhiệm vụ quá hạn chưa hoàn "
            "thành: %(duties)s."
        ) % {"movement": movement.name, "unit": unit.name, "count": len(duties), "duties": lines}
        people = notify(
            actor=actor,
            recipients=recipients.get(unit.pk, ()),
            kind=NotificationKind.DUTY_OVERDUE,
            text=text,
            link=reverse("movements:detail", args=[movement.pk]),
            unit=unit,
            key=f"duty-overdue:{movement.pk}:{unit.pk}",
            today=today,
        )
        if people:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                instance=movement,
                unit=unit,
                verb="nhắc nhiệm vụ quá hạn",
                after={"duties": [d.pk for d in duties], "notifications": len(people)},
            )
        told += len(people)
    return told
