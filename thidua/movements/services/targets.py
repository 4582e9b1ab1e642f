"""Targets assigned many at once: the grid of units × indicators an officer fills like the Excel
sheet kept until now, and the targets carried over when a plan is copied from last year's.

Every cell is checked first (`target_cells_check`, shared by the screen, which shows each problem
beside its cell); then all the cells are saved in one transaction, one upsert, and audited through
the bulk path — or nothing is saved."""

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.audit.services import AuditAction, audit_record_many, snapshot
from thidua.lib.errors import ServiceError
from thidua.movements.models import Direction, Indicator, Movement, ProgressReport, Target
from thidua.movements.services._rules import join, require_not_closed
from thidua.movements.services.figures import CONFIRM_HINT, rate_warning
from thidua.movements.services.standings import standings_refresh
from thidua.units.models import Unit

# Target.value keeps two decimals. SQLite stores a decimal as a float, where about 15 significant
# digits survive: a target stays below a million million (no commune's target comes near it).
DECIMALS = 2
LIMIT = Decimal(10) ** 12
CENT = Decimal(1).scaleb(-DECIMALS)  # values are saved as the database keeps them: the audit reads the same


class TargetCell(NamedTuple):
    """One cell of the grid: the unit's target for the indicator; None when the cell is empty."""

    unit: Unit
    indicator: Indicator
    value: Decimal | None


class AssignResult(NamedTuple):
    created: int
    updated: int
    removed: int


CellKey = tuple[int, int]  # (unit id, indicator id)


def _value_problem(indicator: Indicator, value: Decimal, *, confirmed: bool) -> str | None:
    if not value.is_finite():
        return _("Giá trị phải là một số.")
    if value < 0:
        return _("Giá trị chỉ tiêu không được âm.")
    if value >= LIMIT:
        return _("Giá trị quá lớn.")
    if value != value.quantize(CENT):
        return _("Chỉ ghi tối đa %(n)s chữ số sau dấu phẩy.") % {"n": DECIMALS}
    if indicator.direction == Direction.YES_NO and value not in (0, 1):
        return _("Chỉ tiêu có / không: ghi 1 (phải đạt) hoặc 0.")
    warning = rate_warning(indicator, value)
    if warning and not confirmed:
        return f"{warning} {CONFIRM_HINT}"
    return None


def target_cells_check(
    *, movement: Movement, year: int, cells: Iterable[TargetCell], confirmed: bool = False
) -> dict[CellKey, str]:
    """What is wrong with each cell, keyed by (unit id, indicator id); empty when all may be saved.

    The year and the movement's state are checked by `targets_assign` itself (they concern the
    whole grid, not a cell)."""
    errors: dict[CellKey, str] = {}
    cells = list(cells)
    reported = set(
        ProgressReport.objects.filter(
            target__movement=movement, target__year=year, target__unit__in={c.unit.pk for c in cells}
        ).values_list("target__unit_id", "target__indicator_id")
    )
    seen: set[CellKey] = set()
    for cell in cells:
        key = (cell.unit.pk, cell.indicator.pk)
        if key in seen:
            errors[key] = _("Ô này có hai giá trị.")
        elif not cell.unit.is_within(movement.unit):
            errors[key] = _("Đơn vị %(unit)s không thuộc phạm vi của phong trào.") % {"unit": cell.unit.name}
        elif cell.value is None:
            if key in reported:
                errors[key] = _("Đã có số liệu báo cáo theo chỉ tiêu này; không bỏ trống được.")
        else:
            problem = _value_problem(cell.indicator, Decimal(cell.value), confirmed=confirmed)
            if problem:
                errors[key] = problem
        seen.add(key)
    return errors


def _require_year(movement: Movement, year: int) -> None:
    if not movement.period_start.year <= year <= movement.period_end.year:
        raise ServiceError(
            _("Năm %(year)s nằm ngoài thời gian của phong trào (%(start)s – %(end)s).")
            % {"year": year, "start": movement.period_start.year, "end": movement.period_end.year},
            field="year",
        )


@transaction.atomic
def targets_assign(
    *, actor: Actor, movement: Movement, year: int, cells: Iterable[TargetCell], confirmed: bool = False
) -> AssignResult:
    """Assign a whole grid of targets for one year: a value sets the unit's target (the unit joins
    the movement), an empty cell removes a target that has no figures yet. All or nothing.

    A rate above 100 % is saved only when `confirmed`."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    require_not_closed(movement)
    _require_year(movement, year)
    cells = list(cells)
    errors = target_cells_check(movement=movement, year=year, cells=cells, confirmed=confirmed)
    if errors:
        first = next(c for c in cells if (c.unit.pk, c.indicator.pk) in errors)
        message = errors[(first.unit.pk, first.indicator.pk)]
        raise ServiceError(
            _("%(unit)s – %(indicator)s: %(message)s")
            % {"unit": first.unit.name, "indicator": first.indicator.name, "message": message},
            code="implausible" if message.endswith(CONFIRM_HINT) else "invalid",
        )
    existing = {
        (t.unit_id, t.indicator_id): t
        for t in Target.objects.filter(
            movement=movement, year=year, unit__in={c.unit.pk for c in cells}
        ).select_related("unit", "indicator")
    }
    wanted = [c for c in cells if c.value is not None]
    changed = [
        c
        for c in wanted
        if (c.unit.pk, c.indicator.pk) not in existing
        or existing[(c.unit.pk, c.indicator.pk)].value != Decimal(c.value)  # type: ignore[arg-type]
    ]
    emptied = [
        existing[k] for k in ((c.unit.pk, c.indicator.pk) for c in cells if c.value is None) if k in existing
    ]
    created, updated = write_targets(
        actor=actor,
        movement=movement,
        rows=[(c.unit, year, c.indicator, Decimal(c.value)) for c in changed],  # type: ignore[arg-type]
        existing=existing,
        verb="giao chỉ tiêu theo bảng",
    )
    if emptied:
        items = [(t, t.unit, snapshot(t), None) for t in emptied]
        audit_record_many(actor=actor, action=AuditAction.DELETE, items=items, verb="bỏ chỉ tiêu đã giao")
        Target.objects.filter(pk__in=[t.pk for t in emptied]).delete()
        standings_refresh(emptied)
    return AssignResult(created, updated, len(emptied))


def write_targets(
    *,
    actor: Actor,
    movement: Movement,
    rows: list[tuple[Unit, int, Indicator, Decimal]],
    existing: dict[CellKey, Target],
    verb: str,
) -> tuple[int, int]:
    """Save (unit, year, indicator, value) rows as targets of the movement in one upsert and audit
    them in bulk; `existing` holds the targets of those cells already saved. (created, updated).

    The caller has checked the actor and every value; the units join the movement."""
    if not rows:
        return 0, 0
    before = {key: snapshot(t) for key, t in existing.items()}
    targets = [
        Target(
            movement=movement, unit=unit, year=year, indicator=indicator, value=Decimal(value).quantize(CENT)
        )
        for unit, year, indicator, value in rows
    ]
    Target.objects.bulk_create(
        targets,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["movement", "unit", "year", "indicator"],
        update_fields=["value"],
    )
    if any(t.pk is None for t in targets):  # databases that do not return ids from an upsert
        ids = {
            (u, y, i): pk
            for pk, u, y, i in Target.objects.filter(movement=movement).values_list(
                "id", "unit_id", "year", "indicator_id"
            )
        }
        for t in targets:
            t.pk = ids[(t.unit_id, t.year, t.indicator_id)]
    for t in targets:  # the snapshot must show the baseline kept by the upsert
        old = existing.get((t.unit_id, t.indicator_id))
        if old is not None and old.year == t.year:
            t.baseline = old.baseline
    created = [t for t in targets if not _was_there(t, existing)]
    updated = [t for t in targets if _was_there(t, existing)]
    if created:
        items: list[tuple] = [(t, t.unit, None, snapshot(t)) for t in created]
        audit_record_many(actor=actor, action=AuditAction.CREATE, items=items, verb=verb)
    if updated:
        items = [(t, t.unit, before[(t.unit_id, t.indicator_id)], snapshot(t)) for t in updated]
        audit_record_many(actor=actor, action=AuditAction.UPDATE, items=items, verb=verb)
    for unit in {t.unit_id: t.unit for t in created}.values():
        join(actor=actor, movement=movement, unit=unit)
    standings_refresh(targets)
    return len(created), len(updated)


def _was_there(target: Target, existing: dict[CellKey, Target]) -> bool:
    old = existing.get((target.unit_id, target.indicator_id))
    return old is not None and old.year == target.year
