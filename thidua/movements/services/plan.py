"""The plan of a movement: create and edit it, its commendation quotas, its life cycle (draft →
launched → running → closed), its reporting periods, the cascade to the units below, and the plan
drafted as a document of the register."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_date_long
from thidua.movements import periods as period_names
from thidua.movements.models import (
    Cadence,
    CommendationQuota,
    Duty,
    Movement,
    MovementState,
    PeriodKind,
    PeriodState,
    ReviewPeriod,
)
from thidua.movements.services._rules import require_member_unit
from thidua.units.models import Unit

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

# (recipient kind, how many per period); a count of 0 removes the quota.
Quotas = Iterable[tuple[str, int]]


def _require_known_fields(fields: dict) -> None:
    unknown = set(fields) - set(MOVEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown movement fields: {sorted(unknown)}")


def _validate(movement: Movement) -> None:
    if movement.period_start and movement.period_end and movement.period_end < movement.period_start:
        raise ServiceError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="period_end")
    movement.full_clean(exclude=["lineage"], validate_constraints=False)


@transaction.atomic
def movement_create(
    *,
    actor: Actor,
    unit: Unit,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    parent: Movement | None = None,
    quotas: Quotas = (),
    awards: str = "",
    **fields,
) -> Movement:
    """A new movement in draft at `unit`, with its commendation quotas."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, unit)
    _require_known_fields(fields)
    if parent is not None and (parent.unit_id == unit.pk or not unit.is_within(parent.unit)):
        raise ServiceError(_("Chỉ đơn vị cấp dưới của đơn vị phát động mới thực hiện được phong trào này."))
    movement = Movement(
        unit=unit,
        name=name.strip(),
        period_start=period_start,
        period_end=period_end,
        parent=parent,
        created_by=actor if isinstance(actor, User) else None,
        **fields,
    )
    _validate(movement)
    movement.save()  # the lineage needs the id
    movement.lineage = f"{parent.lineage if parent else '/'}{movement.pk}/"
    changes.create(movement, actor=actor)
    _set_quotas(actor=actor, movement=movement, quotas=quotas, awards=awards)
    return movement


@transaction.atomic
def movement_update(
    *, actor: Actor, movement: Movement, quotas: Quotas = (), awards: str = "", **fields
) -> Movement:
    """Edit the plan (and its quotas) until the movement is closed; its dates stay once figures exist."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    if movement.state == MovementState.CLOSED:
        raise ServiceError(_("Phong trào đã kết thúc, không sửa được nữa."))
    _require_known_fields(fields)
    if (
        movement.state != MovementState.DRAFT
        and (
            fields.get("period_start", movement.period_start) != movement.period_start
            or fields.get("period_end", movement.period_end) != movement.period_end
        )
        and movement.periods.filter(reports__isnull=False).exists()
    ):
        raise ServiceError(_("Đã có số liệu báo cáo theo kỳ; không đổi được thời gian của phong trào."))
    with changes.tracked(movement, actor=actor):
        for name, value in fields.items():
            setattr(movement, name, value.strip() if isinstance(value, str) else value)
        _validate(movement)
    _set_quotas(actor=actor, movement=movement, quotas=quotas, awards=awards)
    return movement


@transaction.atomic
def quota_set(
    *, actor: Actor, movement: Movement, recipient_kind: str, per_period: int, awards: str = ""
) -> CommendationQuota | None:
    """Set the quota for one recipient kind; 0 removes it."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    return _put_quota(
        actor=actor, movement=movement, recipient_kind=recipient_kind, per_period=per_period, awards=awards
    )


def _set_quotas(*, actor: Actor, movement: Movement, quotas: Quotas, awards: str) -> None:
    for kind, count in quotas:
        _put_quota(actor=actor, movement=movement, recipient_kind=kind, per_period=count, awards=awards)


def _put_quota(
    *, actor: Actor, movement: Movement, recipient_kind: str, per_period: int, awards: str
) -> CommendationQuota | None:
    existing = movement.quotas.filter(recipient_kind=recipient_kind).first()
    if per_period <= 0:
        if existing:
            changes.delete(existing, actor=actor, unit=movement.unit)
        return None
    if existing:
        return changes.update(
            existing, actor=actor, unit=movement.unit, per_period=per_period, awards=awards.strip()
        )
    quota = CommendationQuota(
        movement=movement, recipient_kind=recipient_kind, per_period=per_period, awards=awards.strip()
    )
    return changes.create(quota, actor=actor, unit=movement.unit)


@transaction.atomic
def movement_from_plan(
    *,
    actor: Actor,
    unit: Unit,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    quotas: Quotas = (),
    awards: str = "",
    duties: Iterable[tuple[Unit, str, dt.date | None]] = (),
    **fields,
) -> Movement:
    """A draft movement from a plan received from above, with the duties read from its
    "Tổ chức thực hiện" section: all saved, or nothing."""
    movement = movement_create(
        actor=actor,
        unit=unit,
        name=name,
        period_start=period_start,
        period_end=period_end,
        quotas=quotas,
        awards=awards,
        **fields,
    )
    for duty_unit, text, due_date in duties:
        require_member_unit(movement, duty_unit)
        duty = Duty(movement=movement, unit=duty_unit, text=text.strip(), due_date=due_date)
        changes.create(duty, actor=actor)
    return movement


@transaction.atomic
def movement_copy(
    *,
    actor: Actor,
    source: Movement,
    unit: Unit,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    quotas: Quotas = (),
    awards: str = "",
    **fields,
) -> Movement:
    """A new draft at `unit` started from one of its earlier plans (last year's): the plan's fields
    as the officer has reviewed them, and the earlier plan's targets and duties moved on by the
    years between the two plans (those that fall outside the new period stay behind). A plan dated
    from 1 July 2025 keeps no abolished district in its recipients or bases (`reform`). All saved,
    or nothing."""
    from thidua.movements.reform import after_districts
    from thidua.movements.services.targets import write_targets

    if source.unit_id != unit.pk:
        raise ServiceError(_("Chỉ chép được kế hoạch trước đây của chính đơn vị này."), field="unit")
    # A plan of last year written before 1 July 2025 still sends to the district: not a new one.
    dated = fields.get("plan_date") or max(
        period_start, timezone.localdate()
    )  # written today at the earliest
    fields = after_districts(fields, unit=unit, dated=dated)
    movement = movement_create(
        actor=actor,
        unit=unit,
        name=name,
        period_start=period_start,
        period_end=period_end,
        quotas=quotas,
        awards=awards,
        **fields,
    )
    shift = period_start.year - source.period_start.year
    rows = [
        (t.unit, t.year + shift, t.indicator, t.value)
        for t in source.targets.select_related("unit", "indicator").order_by("year", "unit__path", "pk")
        if period_start.year <= t.year + shift <= period_end.year and t.unit.is_within(unit)
    ]
    write_targets(
        actor=actor, movement=movement, rows=rows, existing={}, verb="chép chỉ tiêu từ kế hoạch trước"
    )
    for duty in source.duties.select_related("unit").order_by("due_date", "pk"):
        if not duty.unit.is_within(unit):
            continue
        due = shift_years(duty.due_date, shift) if duty.due_date else None
        changes.create(Duty(movement=movement, unit=duty.unit, text=duty.text, due_date=due), actor=actor)
    return movement


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes the 28th in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- life cycle ---------------------------------------------------------------------------


def _move(movement: Movement, *, actor: Actor, action: Action, to: str, allowed: tuple, refusal: str, **kw):
    """Lock the row, check the actor and the state, move it; the caller's object is updated in place."""
    movement.refresh_from_db(from_queryset=Movement.objects.select_for_update())
    access.require_actor(actor, action, movement.unit)
    if movement.state not in allowed:
        raise ServiceError(refusal, code="illegal_transition")
    return changes.transition(movement, actor=actor, to=to, allowed=allowed, **kw)


@transaction.atomic
def movement_launch(*, actor: Actor, movement: Movement) -> Movement:
    """Draft → launched (the leader signs the plan). Creates the reporting periods if none exist."""
    _move(
        movement,
        actor=actor,
        action=Action.MOVEMENT_LAUNCH,
        to=MovementState.LAUNCHED,
        allowed=(MovementState.DRAFT,),
        refusal=_("Chỉ phát động được phong trào đang ở trạng thái dự thảo."),
        verb="phát động",
        launched_at=timezone.now(),
    )
    if not movement.periods.exists():
        _periods_generate(movement=movement)
    return movement


@transaction.atomic
def movement_start(*, actor: Actor, movement: Movement) -> Movement:
    """Launched → running: the units have received the plan and start reporting."""
    return _move(
        movement,
        actor=actor,
        action=Action.MOVEMENT_EDIT,
        to=MovementState.RUNNING,
        allowed=(MovementState.LAUNCHED,),
        refusal=_("Chỉ phong trào đã phát động mới chuyển sang đang thực hiện được."),
        verb="bắt đầu thực hiện",
    )


@transaction.atomic
def movement_results_publish(*, actor: Actor, movement: Movement, public: bool) -> Movement:
    """Publish the movement's results to every unit taking part (or withdraw them): while they are
    not published, a unit below sees only its own subtree's rows — a commune not its sibling's."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    verb = "công bố kết quả" if public else "thôi công bố kết quả"
    return changes.update(movement, actor=actor, verb=verb, results_public=public)


@transaction.atomic
def movement_close(*, actor: Actor, movement: Movement) -> Movement:
    """Launched or running → closed after the final review; all periods are locked."""
    _move(
        movement,
        actor=actor,
        action=Action.MOVEMENT_LAUNCH,
        to=MovementState.CLOSED,
        allowed=(MovementState.LAUNCHED, MovementState.RUNNING),
        refusal=_("Chỉ kết thúc được phong trào đã phát động hoặc đang thực hiện."),
        verb="kết thúc",
        closed_at=timezone.now(),
    )
    movement.periods.update(state=PeriodState.CLOSED)
    return movement


def _period_name(months: int, index: int, year: int) -> tuple[str, str]:
    kind = {3: PeriodKind.QUARTER, 6: PeriodKind.HALF_YEAR}.get(months, PeriodKind.YEAR)
    return period_names.generated_name(kind, index, year), kind


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
            name, kind = _period_name(months, index, year)
            result.append((name, kind, max(start, movement.period_start), min(end, movement.period_end)))
    return result


def _periods_generate(*, movement: Movement) -> list[ReviewPeriod]:
    """The reporting periods of the cadence, clipped to the movement, and the final review.

    Part of the launch (audited there), never called on its own."""
    grace = dt.timedelta(days=movement.report_grace_days)
    periods = [
        ReviewPeriod(movement=movement, name=name, kind=kind, start=start, end=end, due=end + grace)
        for name, kind, start, end in _period_bounds(movement)
    ]
    periods.append(
        ReviewPeriod(
            movement=movement,
            name=period_names.FINAL_NAME,  # data, in Vietnamese whatever the screen's language
            kind=PeriodKind.FINAL,
            start=movement.period_start,
            end=movement.period_end,
            due=movement.period_end + grace,
        )
    )
    return ReviewPeriod.objects.bulk_create(periods)


# --- cascade ------------------------------------------------------------------------------


@transaction.atomic
def movement_implement(*, actor: Actor, parent_movement: Movement, unit: Unit) -> Movement:
    """A draft movement at the lower `unit`, pre-filled from the parent and citing it as legal basis."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, unit)
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
    copied = (
        "kind",
        "period_start",
        "period_end",
        "purposes",
        "content_items",
        "form_and_time",
        "commendation_text",
        "programmes",
        "cadence",
        "report_grace_days",
        "criteria_set",
        "is_sample",
    )
    child = movement_create(
        actor=actor,
        unit=unit,
        parent=parent_movement,
        name=parent_movement.name,
        legal_bases=basis,
        **{name: getattr(parent_movement, name) for name in copied},
    )
    for quota in parent_movement.quotas.all():
        _put_quota(
            actor=actor,
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


# --- the plan as a document ---------------------------------------------------------------


@transaction.atomic
def movement_plan_draft(*, actor: Actor, movement: Movement):
    """Draft (or redraft) the movement's Kế hoạch in the document register, linked to the movement.

    A plan still in draft is rewritten in place from the movement's current data; an issued plan
    is frozen, so the documents app starts a new draft version of it.
    """
    from thidua.documents.services import document_create_draft, document_update
    from thidua.movements.papers import plan_model

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
    changes.update(movement, actor=actor, verb="soạn kế hoạch", plan_document=document)
    return document
