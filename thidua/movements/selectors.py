"""Reads for movements: who may see which movement, the list, and the dashboard figures.

The dashboard is computed from a fixed handful of queries whatever the number of units,
targets and periods: rows are fetched as plain tuples and the completion arithmetic
(`completion.py`) runs in Python.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from thidua import access
from thidua.lib.text import fold
from thidua.movements import completion as calc
from thidua.movements.models import (
    Commitment,
    CommitmentState,
    CriterionResult,
    Indicator,
    Movement,
    Participation,
    PeriodKind,
    PeriodState,
    ProgressReport,
    ReviewPeriod,
    Target,
)
from thidua.units.models import SEGMENT, Unit

PAGE_SIZE = 25


# --- visibility ---------------------------------------------------------------------------


def can_see(user, movement: Movement) -> bool:
    """A movement is seen by whoever holds a role on its unit, above it, or anywhere below it.

    A hamlet head sees the commune's movement (they take part in it); a commune officer sees
    the province's movement (they implement it).
    """
    return access.can(user, access.Action.VIEW, movement.unit) or access.has_role_within(user, movement.unit)


def require_see(user, movement: Movement) -> None:
    from django.http import Http404

    if not can_see(user, movement):
        raise Http404


def require_on(user, movement: Movement, action: access.Action, unit: Unit | None = None) -> None:
    """404 when the movement is hidden from the user, 403 when they see it but may not do this."""
    from django.core.exceptions import PermissionDenied

    require_see(user, movement)
    if not access.can(user, action, unit or movement.unit):
        raise PermissionDenied


def visible_movements(user) -> QuerySet[Movement]:
    qs = Movement.objects.select_related("unit")
    if getattr(user, "is_superuser", False):
        return qs
    paths = {path for path, _role, _id in access._grants(user)}
    if not paths:
        return qs.none()
    query = Q()
    ancestors: set[str] = set()
    for path in paths:
        query |= Q(unit__path__startswith=path)
        ancestors.update(path[:i] for i in range(SEGMENT, len(path), SEGMENT))
    if ancestors:
        query |= Q(unit__path__in=ancestors)
    return qs.filter(query)


def movement_list(user, *, query: str = "", state: str = "", page=1):
    qs = visible_movements(user).order_by("-period_start", "name")
    if state:
        qs = qs.filter(state=state)
    if query:
        words = fold(query).split()
        movements = [m for m in qs if all(w in fold(m.name) for w in words)]
        return Paginator(movements, PAGE_SIZE).get_page(page)
    return Paginator(qs, PAGE_SIZE).get_page(page)


def units_for_commitment(user, movement: Movement) -> list[Unit]:
    """Units below the movement's unit for which the user may register commitments."""
    result = []
    for home in access.home_units(user):
        if (
            home.is_within(movement.unit)
            and home.pk != movement.unit_id
            and access.can(user, access.Action.COMMITMENT_SUBMIT, home)
        ):
            result.append(home)
        elif movement.unit.is_within(home) and access.can(user, access.Action.COMMITMENT_SUBMIT, home):
            result.extend(Unit.objects.filter(parent=movement.unit).order_by("path"))
    seen, unique = set(), []
    for unit in result:
        if unit.pk not in seen:
            seen.add(unit.pk)
            unique.append(unit)
    return unique


def units_for_implementation(user, movement: Movement) -> list[Unit]:
    """Units strictly below the movement's unit, where the user may plan, that have no child plan yet."""
    taken = set(movement.children.values_list("unit_id", flat=True))
    return [
        home
        for home in access.home_units(user)
        if home.is_within(movement.unit)
        and home.pk != movement.unit_id
        and home.pk not in taken
        and access.can(user, access.Action.MOVEMENT_EDIT, home)
    ]


# --- the dashboard ------------------------------------------------------------------------


@dataclass
class TargetRow:
    id: int
    unit_id: int
    unit_name: str
    indicator_name: str
    measure: str
    direction: str
    year: int
    target: Decimal
    baseline: Decimal | None
    value: Decimal | None
    done: calc.Completion


@dataclass
class Group:
    key: int
    name: str
    completions: list = field(default_factory=list)
    rank: int = 0
    tied: bool = False

    @property
    def percent(self) -> int:
        return calc.as_percent(calc.rollup(self.completions)) or 0

    @property
    def met(self) -> int:
        return sum(1 for c in self.completions if c.met)

    @property
    def reported(self) -> int:
        return sum(1 for c in self.completions if c is not calc.NOT_REPORTED)

    @property
    def total(self) -> int:
        return len(self.completions)


@dataclass
class OverdueItem:
    unit: Unit
    period: ReviewPeriod
    missing: int


@dataclass
class Dashboard:
    movement: Movement
    year: int | None
    years: list[int]
    targets: list[TargetRow]
    by_indicator: list[Group]
    by_unit: list[Group]
    overall: int | None
    overall_all_years: int | None
    chart: list[tuple[str, int | None]]
    overdue: list[OverdueItem]
    children: list[Group]
    rollup_percent: int | None
    pending_commitments: list
    approved_commitments: list
    criteria: dict | None


def _year_for(movement: Movement, today: dt.date, year: int | None, years: list[int]) -> int | None:
    if year in years:
        return year
    if today.year in years:
        return today.year
    return years[-1] if years else None


def rank_groups(groups: list[Group]) -> list[Group]:
    """Ranking of units. Tie rule: higher completion, then more targets met, then name (A–Z).

    Units equal on completion and targets met share the rank (marked "đồng hạng"); the name only
    orders them on the page.
    """
    ordered = sorted(groups, key=lambda g: (-g.percent, -g.met, fold(g.name)))
    previous = None
    for position, group in enumerate(ordered, start=1):
        key = (group.percent, group.met)
        if previous is not None and key == (previous.percent, previous.met):
            group.rank = previous.rank
            group.tied = previous.tied = True
        else:
            group.rank = position
        previous = group
    return ordered


def _latest_values(
    movement_ids_q: Q, period_map: dict[int, dt.date]
) -> dict[int, list[tuple[dt.date, int, Decimal]]]:
    """target id → [(period end, period id, value)] sorted by period end."""
    result: dict[int, list] = defaultdict(list)
    for target_id, period_id, value in ProgressReport.objects.filter(movement_ids_q).values_list(
        "target_id", "period_id", "value"
    ):
        result[target_id].append((period_map.get(period_id, dt.date.min), period_id, value))
    for rows in result.values():
        rows.sort()
    return result


def dashboard(movement: Movement, *, year: int | None = None, today: dt.date, viewer=None) -> Dashboard:
    periods = list(movement.periods.all())
    period_map = {p.pk: p.end for p in periods}
    target_rows = list(
        Target.objects.filter(movement=movement).values_list(
            "id",
            "unit_id",
            "indicator_id",
            "year",
            "value",
            "baseline",
            "indicator__baseline",
            "indicator__direction",
        )
    )
    years = sorted({row[3] for row in target_rows}) or list(
        range(movement.period_start.year, movement.period_end.year + 1)
    )
    year = _year_for(movement, today, year, years)
    reports = _latest_values(Q(target__movement=movement), period_map)
    unit_ids = {row[1] for row in target_rows}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={row[2] for row in target_rows})}

    rows: list[TargetRow] = []
    all_years: list[calc.Completion] = []
    for tid, unit_id, indicator_id, t_year, value, baseline, ind_baseline, direction in target_rows:
        latest = reports.get(tid)
        current = latest[-1][2] if latest else None
        base = baseline if baseline is not None else ind_baseline
        done = calc.completion(direction, value, current, base)
        all_years.append(done)
        if t_year == year:
            indicator = indicators[indicator_id]
            rows.append(
                TargetRow(
                    tid,
                    unit_id,
                    units[unit_id].name,
                    indicator.name,
                    indicator.measure,
                    direction,
                    t_year,
                    value,
                    base,
                    current,
                    done,
                )
            )
    rows.sort(key=lambda r: (r.indicator_name, units[r.unit_id].path))

    by_indicator: dict[str, Group] = {}
    by_unit: dict[int, Group] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator_name, Group(0, row.indicator_name)).completions.append(row.done)
        by_unit.setdefault(row.unit_id, Group(row.unit_id, row.unit_name)).completions.append(row.done)

    chart = _chart(periods, target_rows, reports)
    children, rollup_percent = _children_rollup(movement)
    commitments = list(
        Commitment.objects.filter(movement=movement)
        .select_related("unit")
        .prefetch_related("pledges__indicator")
        .order_by("unit__path", "-year")
    )
    return Dashboard(
        movement=movement,
        year=year,
        years=years,
        targets=rows,
        by_indicator=sorted(by_indicator.values(), key=lambda g: g.name),
        by_unit=rank_groups(list(by_unit.values())),
        overall=calc.as_percent(calc.rollup(r.done for r in rows)),
        overall_all_years=calc.as_percent(calc.rollup(all_years)),
        chart=chart,
        overdue=_overdue(movement, periods, target_rows, reports, units, today),
        children=children,
        rollup_percent=rollup_percent,
        pending_commitments=[c for c in commitments if c.state == CommitmentState.SUBMITTED],
        approved_commitments=[c for c in commitments if c.state == CommitmentState.APPROVED],
        criteria=criteria_summary(movement),
    )


def _chart(periods, target_rows, reports) -> list[tuple[str, int | None]]:
    """Average capped completion at the end of each reporting period (targets of that period's year)."""
    by_year: dict[int, list] = defaultdict(list)
    for row in target_rows:
        by_year[row[3]].append(row)
    points = []
    for period in periods:
        if period.kind == PeriodKind.FINAL:
            continue
        dones = []
        for tid, _u, _i, _y, value, baseline, ind_baseline, direction in by_year.get(period.end.year, ()):
            current = None
            for end, _pid, reported in reports.get(tid, ()):
                if end <= period.end:
                    current = reported
                else:
                    break
            dones.append(
                calc.completion(direction, value, current, baseline if baseline is not None else ind_baseline)
            )
        points.append((period.name, calc.as_percent(calc.rollup(dones))))
    return points


def _overdue(movement, periods, target_rows, reports, units, today) -> list[OverdueItem]:
    """(unit, period, missing count) for every open period past its due date with targets not reported."""
    late_periods = [
        p for p in periods if p.kind != PeriodKind.FINAL and p.state == PeriodState.OPEN and p.due < today
    ]
    if not late_periods:
        return []
    reported = {(tid, pid) for tid, rows in reports.items() for _end, pid, _v in rows}
    items = []
    for period in late_periods:
        missing: dict[int, int] = defaultdict(int)
        for tid, unit_id, _i, t_year, *_rest in target_rows:
            if t_year == period.end.year and (tid, period.pk) not in reported:
                missing[unit_id] += 1
        for unit_id, count in missing.items():
            items.append(OverdueItem(units[unit_id], period, count))
    items.sort(key=lambda item: (item.period.due, item.unit.path))
    return items


def overdue_items(movement: Movement, *, today: dt.date) -> list[OverdueItem]:
    periods = list(movement.periods.all())
    target_rows = list(
        Target.objects.filter(movement=movement).values_list(
            "id",
            "unit_id",
            "indicator_id",
            "year",
            "value",
            "baseline",
            "indicator__baseline",
            "indicator__direction",
        )
    )
    reports = _latest_values(Q(target__movement=movement), {p.pk: p.end for p in periods})
    units = {u.pk: u for u in Unit.objects.filter(pk__in={r[1] for r in target_rows})}
    return _overdue(movement, periods, target_rows, reports, units, today)


def _children_rollup(movement: Movement) -> tuple[list[Group], int | None]:
    """Completion of each child plan, counting the targets of its whole cascade below (any depth)."""
    descendants = list(
        Movement.objects.filter(lineage__startswith=movement.lineage)
        .exclude(pk=movement.pk)
        .select_related("unit")
        .values_list("id", "lineage", "unit__name", "parent_id")
    )
    if not descendants:
        return [], None
    direct = {mid: Group(mid, name) for mid, _lin, name, parent in descendants if parent == movement.pk}
    child_of = {}
    depth = len(movement.lineage.strip("/").split("/"))
    for mid, lineage, _name, _parent in descendants:
        child_of[mid] = int(lineage.strip("/").split("/")[depth])
    ids = list(child_of)
    period_map = dict(ReviewPeriod.objects.filter(movement_id__in=ids).values_list("id", "end"))
    reports = _latest_values(Q(target__movement_id__in=ids), period_map)
    everything = []
    for tid, mid, value, baseline, ind_baseline, direction in Target.objects.filter(
        movement_id__in=ids
    ).values_list("id", "movement_id", "value", "baseline", "indicator__baseline", "indicator__direction"):
        latest = reports.get(tid)
        done = calc.completion(
            direction,
            value,
            latest[-1][2] if latest else None,
            baseline if baseline is not None else ind_baseline,
        )
        direct[child_of[mid]].completions.append(done)
        everything.append(done)
    return sorted(direct.values(), key=lambda g: fold(g.name)), calc.as_percent(calc.rollup(everything))


def movement_rollup(movement: Movement) -> int | None:
    """Completion of a movement together with every plan that implements it, at any depth."""
    ids = list(Movement.objects.filter(lineage__startswith=movement.lineage).values_list("id", flat=True))
    period_map = dict(ReviewPeriod.objects.filter(movement_id__in=ids).values_list("id", "end"))
    reports = _latest_values(Q(target__movement_id__in=ids), period_map)
    dones = []
    for tid, value, baseline, ind_baseline, direction in Target.objects.filter(
        movement_id__in=ids
    ).values_list("id", "value", "baseline", "indicator__baseline", "indicator__direction"):
        latest = reports.get(tid)
        dones.append(
            calc.completion(
                direction,
                value,
                latest[-1][2] if latest else None,
                baseline if baseline is not None else ind_baseline,
            )
        )
    return calc.as_percent(calc.rollup(dones))


def criteria_summary(movement: Movement) -> dict | None:
    """ "đạt x/19 tiêu chí" for each unit assessed against the movement's criteria set."""
    if movement.criteria_set_id is None:
        return None
    criteria = list(movement.criteria_set.criteria.all())
    results = defaultdict(dict)
    for result in CriterionResult.objects.filter(movement=movement).select_related("unit"):
        results[result.unit][result.criterion_id] = result
    units = [
        {"unit": unit, "met": sum(1 for r in by.values() if r.met), "results": by}
        for unit, by in sorted(results.items(), key=lambda item: item[0].path)
    ]
    return {"set": movement.criteria_set, "criteria": criteria, "total": len(criteria), "units": units}


def participating_unit_ids(movement: Movement) -> set[int]:
    return set(
        Participation.objects.filter(movement=movement, unit__isnull=False).values_list("unit_id", flat=True)
    )
