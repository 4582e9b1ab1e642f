"""Reads for movements: the movements a person sees, the list, and the dashboard figures.

The dashboard is computed from a fixed handful of queries whatever the number of units,
targets and periods. The rows of the review year on screen are fetched as plain tuples and the
completion arithmetic (`completion.py`) runs in Python; figures over all years and over a whole
cascade use the same rules as one SQL expression (`capped_completion_sql`), aggregated in the
database.
"""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar, cast

from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from thidua import access
from thidua.lib.text import fold
from thidua.movements import board
from thidua.movements import completion as calc
from thidua.movements.models import (
    Commitment,
    CommitmentState,
    CriterionResult,
    Indicator,
    Movement,
    Participation,
    ProgressReport,
    Target,
    TargetStanding,
)
from thidua.units.models import Unit, UnitKind

PAGE_SIZE = 25
APPROVED_SHOWN = 50  # approved registrations listed on the dashboard


# --- visibility ---------------------------------------------------------------------------


def visible_movements(user) -> QuerySet[Movement]:
    return access.filter_visible(
        user, Movement.objects.select_related("unit"), "unit", include_ancestors=True
    )


def movement_list(user, *, query: str = "", state: str = "", page=1):
    qs = visible_movements(user).order_by("-period_start", "name")
    if state:
        qs = qs.filter(state=state)
    if query:
        words = fold(query).split()
        movements = [m for m in qs if all(w in fold(m.name) for w in words)]
        return Paginator(movements, PAGE_SIZE).get_page(page)
    return Paginator(qs, PAGE_SIZE).get_page(page)


def units_for_commitment(user, movement: Movement, year: int | None = None) -> list[Unit]:
    """Units below the movement's unit for which the user may register commitments: not a council
    (it judges, it does not compete), nor — given a year — a unit whose registration is approved."""
    seen = set(approved_unit_ids(movement, year)) if year is not None else set()
    return _commitment_units(user, movement, seen, _children_if_needed(user, [movement]))


def units_for_commitment_many(user, movements: list[Movement]) -> dict[int, list[Unit]]:
    """`units_for_commitment` (any year) of several movements, in at most one query."""
    children = _children_if_needed(user, movements)
    return {m.pk: _commitment_units(user, m, set(), children) for m in movements}


def _submits_below(user, movement: Movement) -> bool:
    """The user may register for every unit right below the movement's unit."""
    return any(
        movement.unit.is_within(home) and access.can(user, access.Action.COMMITMENT_SUBMIT, home)
        for home in access.home_units(user)
    )


def _children_if_needed(user, movements: list[Movement]) -> dict[int, list[Unit]]:
    units = {m.unit_id for m in movements if _submits_below(user, m)}
    children: dict[int, list[Unit]] = {unit_id: [] for unit_id in units}
    if units:
        for unit in Unit.objects.filter(parent_id__in=units).order_by("path"):
            children[cast(int, unit.parent_id)].append(unit)
    return children


def _commitment_units(
    user, movement: Movement, seen: set[int], children: dict[int, list[Unit]]
) -> list[Unit]:
    result = []
    for home in access.home_units(user):
        if (
            home.is_within(movement.unit)
            and home.pk != movement.unit_id
            and access.can(user, access.Action.COMMITMENT_SUBMIT, home)
        ):
            result.append(home)
        elif movement.unit.is_within(home) and access.can(user, access.Action.COMMITMENT_SUBMIT, home):
            result.extend(children[movement.unit_id])
    unique = []
    for unit in result:
        if unit.pk not in seen and unit.kind != UnitKind.COUNCIL:
            seen.add(unit.pk)
            unique.append(unit)
    return unique


def approved_unit_ids(movement: Movement, year: int) -> set[int]:
    """Units whose registration for the year has been approved: nothing left to register."""
    approved = movement.commitments.filter(year=year, state=CommitmentState.APPROVED)
    return set(approved.values_list("unit_id", flat=True))


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
    unit_path: str = ""


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


OverdueItem = board.Late


@dataclass
class Dashboard:
    movement: Movement
    year: int | None
    years: list[int]
    targets: Sequence[TargetRow]
    by_indicator: list[board.Score]
    by_unit: list[board.Score]
    overall: int | None
    overall_all_years: int | None
    chart: list[tuple[str, int | None]]
    by_year: list[tuple[str, int | None]]
    overdue: list[OverdueItem]
    children: list["ChildRow"]
    rollup_percent: int | None
    pending_commitments: list
    approved_commitments: list
    criteria: dict | None
    # False when the rows are those of the viewer's own units only (a commune's users on a province
    # movement whose results are not published); the totals are the whole movement's either way.
    all_units: bool = True
    timeliness: board.Timeliness | None = None


def _year_for(movement: Movement, today: dt.date, year: int | None, years: list[int]) -> int | None:
    if year in years:
        return year
    if today.year in years:
        return today.year
    return years[-1] if years else None


Ranked = TypeVar("Ranked", Group, board.Score)
# Unit names repeat on every ranking a page draws: fold each once per process.
_name_key = functools.lru_cache(maxsize=8192)(fold)


def rank_groups(groups: list[Ranked]) -> list[Ranked]:
    """Ranking of units. Tie rule: higher completion, then more targets met, then name (A–Z).

    Units equal on completion and targets met share the rank (marked "đồng hạng"); the name only
    orders them on the page.
    """
    ordered = sorted(groups, key=lambda g: (-g.percent, -g.met, _name_key(g.name)))
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


def _reports_by_target(query: Q) -> dict[int, list[tuple[dt.date, int, Decimal]]]:
    """target id → [(period end, period id, value)] sorted by period end, then period id."""
    result: dict[int, list] = defaultdict(list)
    for target_id, end, period_id, value in ProgressReport.objects.filter(query).values_list(
        "target_id", "period__end", "period_id", "value"
    ):
        result[target_id].append((end, period_id, value))
    for rows in result.values():
        rows.sort()
    return result


TARGET_COLUMNS = (
    "id",
    "unit_id",
    "indicator_id",
    "year",
    "value",
    "baseline",
    "indicator__baseline",
    "indicator__direction",
)


def movement_years(movement: Movement) -> list[int]:
    years = sorted(
        Target.objects.filter(movement=movement).order_by("year").values_list("year", flat=True).distinct()
    )
    return years or list(range(movement.period_start.year, movement.period_end.year + 1))


def targets_at_latest(movement: Movement, scope: dict) -> tuple[list[TargetRow], list[tuple], dict]:
    """The movement's targets in `scope` (Target filter kwargs, e.g. `{"year": 2026}`; `{}` for all
    years) at their latest reported figures, the completion rules of `completion.py` applied.

    Four queries whatever the number of targets. Returns the rows sorted by indicator, then unit
    (tree order), then year; the raw target tuples and the reports by target (for the chart).
    """
    target_rows = list(Target.objects.filter(movement=movement, **scope).values_list(*TARGET_COLUMNS))
    reports = _reports_by_target(
        Q(target__movement=movement, **{f"target__{key}": value for key, value in scope.items()})
    )
    latest: dict[int, Decimal | None] = {tid: listed[-1][2] for tid, listed in reports.items() if listed}
    return _target_rows(target_rows, latest), target_rows, reports


def targets_at_standing(movement: Movement, scope: dict) -> list[TargetRow]:
    """`targets_at_latest` read from the dashboard's read model: each target's latest figure is
    its standing's, so the reports themselves are not read (four queries, rows as many as the
    targets whatever the years of history). A test keeps both equal."""
    target_rows = list(Target.objects.filter(movement=movement, **scope).values_list(*TARGET_COLUMNS))
    latest = dict(TargetStanding.objects.filter(movement=movement, **scope).values_list("target_id", "value"))
    return _target_rows(target_rows, latest)


def _target_rows(target_rows: list[tuple], latest: dict[int, Decimal | None]) -> list[TargetRow]:
    """The targets' rows at their latest figures (`latest`: target id → value), completion applied."""
    unit_ids = {row[1] for row in target_rows}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={row[2] for row in target_rows})}

    rows: list[TargetRow] = []
    for tid, unit_id, indicator_id, t_year, value, baseline, ind_baseline, direction in target_rows:
        current = latest.get(tid)
        base = baseline if baseline is not None else ind_baseline
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
                calc.completion(direction, value, current, base),
                units[unit_id].path,
            )
        )
    rows.sort(key=lambda r: (r.indicator_name, units[r.unit_id].path, r.year))
    return rows


def dashboard(
    movement: Movement, *, year: int | None = None, today: dt.date, viewer: access.Someone
) -> Dashboard:
    """The dashboard of one review year (the current one unless `year` names another), as `viewer`
    may read it.

    Read from the read model kept as figures are written (`board.py`, `services/standings.py`):
    the year's targets and the totals of units' years and periods, never the reports, so the cost
    follows units × targets whatever the years of history. The rules are those of `completion.py`.

    Rows naming a unit (targets, ranking, per-indicator counts, overdue reports, commitments, plans
    below, criteria) are only those of units `access.result_paths` lets the viewer read; the totals
    (the year's and all years' completion, the chart, the roll-up) are the whole movement's.
    """
    paths = access.result_paths(viewer, movement.unit, published=movement.results_public)
    periods = list(movement.periods.all())
    years_points, overall_all_years, counts = board.by_year(movement)
    years = sorted(counts) or movement_years(movement)
    year = _year_for(movement, today, year, years)
    rows = board.target_rows(movement, year, paths, counts.get(year) if year is not None else 0)
    children, rollup_percent = _children_rollup(movement, paths)
    commitments = (
        Commitment.objects.filter(movement=movement)
        .filter(_in_paths("unit", paths))
        .select_related("unit")
        .prefetch_related("pledges__indicator")
        .order_by("unit__path", "-year")
    )
    year_points = dict(years_points)
    return Dashboard(
        movement=movement,
        year=year,
        years=years,
        targets=rows,
        by_indicator=board.by_indicator(rows),
        by_unit=rank_groups(board.by_unit(movement, year, paths)),
        overall=year_points.get(str(year)),
        overall_all_years=overall_all_years,
        chart=board.chart(movement, periods, year, counts.get(year, 0) if year is not None else 0),
        by_year=years_points,
        overdue=[
            item
            for item in board.overdue(movement, periods, today)
            if access.within_paths(item.unit.path, paths)
        ],
        children=children,
        rollup_percent=rollup_percent,
        pending_commitments=list(commitments.filter(state=CommitmentState.SUBMITTED)),
        # The page lists the first approved ones: every year's registrations, pledges and all,
        # would grow with the years of history.
        approved_commitments=list(commitments.filter(state=CommitmentState.APPROVED)[:APPROVED_SHOWN]),
        criteria=criteria_summary(movement, paths),
        all_units=paths is None,
        timeliness=board.timeliness(movement, periods, year, today, paths),
    )


def _in_paths(field: str, paths: list[str] | None) -> Q:
    """A filter for records whose unit (`field`) lies in one of the subtrees `paths` (None: all)."""
    if paths is None:
        return Q()
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__path__startswith": path})
    return query


def overdue_items(movement: Movement, *, today: dt.date) -> list[OverdueItem]:
    return board.overdue(movement, list(movement.periods.all()), today)


@dataclass
class ChildRow:
    key: int
    name: str
    percent: int
    total: int


def _children_rollup(movement: Movement, paths: list[str] | None = None) -> tuple[list[ChildRow], int | None]:
    """Completion of each child plan, counting the targets of its whole cascade below (any depth).

    The total counts every plan below; the rows are only those of child plans whose unit lies in
    `paths` (None: all of them), as `access.result_paths` allows.
    """
    descendants = list(
        Movement.objects.filter(lineage__startswith=movement.lineage)
        .exclude(pk=movement.pk)
        .values_list("id", "lineage", "unit__name", "parent_id", "unit__path")
    )
    if not descendants:
        return [], None
    depth = len(movement.lineage.strip("/").split("/"))
    child_of = {mid: int(lineage.strip("/").split("/")[depth]) for mid, lineage, *_rest in descendants}
    ids = list(child_of)
    sums: dict[int, list] = {
        mid: [0, 0] for mid, _l, _n, parent, _path in descendants if parent == movement.pk
    }
    per_movement = [(mid, total, count) for mid, (total, count) in board.movement_totals(ids).items()]
    grand = [0, 0]
    for mid, total, count in per_movement:
        bucket = sums[child_of[mid]]
        bucket[0] += total
        bucket[1] += count
        grand[0] += total
        grand[1] += count
    names = {mid: name for mid, _l, name, _p, _path in descendants}
    shown = {mid for mid, _l, _n, _p, path in descendants if access.within_paths(path, paths)}
    rows = [
        ChildRow(mid, names[mid], board.percent(total, count) or 0, count)
        for mid, (total, count) in sums.items()
        if mid in shown
    ]
    return sorted(rows, key=lambda r: fold(r.name)), board.percent(grand[0], grand[1])


def movement_rollup(movement: Movement) -> int | None:
    """Completion of a movement together with every plan that implements it, at any depth: the
    totals the read model keeps of each (a row per unit and year), never the reports."""
    ids = list(Movement.objects.filter(lineage__startswith=movement.lineage).values_list("pk", flat=True))
    totals = board.movement_totals(ids).values()
    return board.percent(sum(capped for capped, _n in totals), sum(n for _c, n in totals))


# --- SQL completion: the rules of completion.py as one expression, for roll-ups over many rows ----


def _clamp(expr):
    return Case(
        When(GreaterThanOrEqual(expr, 1.0), then=Value(1.0)),
        When(LessThanOrEqual(expr, 0.0), then=Value(0.0)),
        default=expr,
        output_field=FloatField(),
    )


def latest_reports(targets: QuerySet[Target]) -> QuerySet[ProgressReport]:
    """The latest report of each target (by period end, then period id): its current level."""
    later = ProgressReport.objects.filter(target=OuterRef("target")).filter(
        Q(period__end__gt=OuterRef("period__end"))
        | Q(period__end=OuterRef("period__end"), period_id__gt=OuterRef("period_id"))
    )
    return ProgressReport.objects.filter(target__in=targets).exclude(Exists(later))


def capped_completion_sql(
    *,
    value: str = "value",
    target: str = "target__value",
    baseline: str = "baseline_or_indicator",
    direction: str = "target__indicator__direction",
):
    """`completion.completion(...).capped` of a reported level, as a database expression (float).

    The arguments name fields or annotations of a ProgressReport queryset. Kept equal to the
    Python rules by a test over every direction (`test_sql_completion.py`).
    """
    v = Cast(F(value), FloatField())
    t = Cast(F(target), FloatField())
    b = Cast(F(baseline), FloatField())
    one, zero = Value(1.0), Value(0.0)
    increase_or_reach = Q(**{f"{direction}__in": [calc.INCREASE, calc.REACH]})
    return Case(
        When(Q(**{direction: calc.YES_NO}) & Q(**{f"{value}__gte": 1}), then=one),
        When(Q(**{direction: calc.YES_NO}), then=zero),
        When(
            Q(**{direction: calc.INCREASE, f"{baseline}__isnull": False, f"{target}__gt": F(baseline)}),
            then=_clamp((v - b) / (t - b)),
        ),
        When(increase_or_reach & Q(**{target: 0}), then=one),
        When(increase_or_reach, then=_clamp(v / t)),
        When(
            Q(**{direction: calc.DECREASE, f"{baseline}__isnull": False, f"{baseline}__gt": F(target)}),
            then=_clamp((b - v) / (b - t)),
        ),
        When(Q(**{direction: calc.DECREASE, f"{value}__lte": F(target)}), then=one),
        When(Q(**{direction: calc.DECREASE}), then=_clamp(t / v)),
        default=zero,
        output_field=FloatField(),
    )


def _capped_latest(targets: QuerySet[Target]) -> QuerySet[ProgressReport]:
    return latest_reports(targets).annotate(
        baseline_or_indicator=Coalesce("target__baseline", "target__indicator__baseline"),
        capped=capped_completion_sql(),
    )


def _ratio(total: float | None, count: int) -> Decimal | None:
    """A float sum from the database as the Decimal ratio the Python rules would give."""
    if not count:
        return None
    # Rounded to 9 places so that float noise cannot tip a percentage across a half.
    return Decimal(repr(round((total or 0.0) / count, 9)))


def sql_rollup(targets: QuerySet[Target]) -> int | None:
    """Average capped completion of the targets (equal weights; unreported counts 0), in the database."""
    count = targets.count()
    if not count:
        return None
    total = _capped_latest(targets).aggregate(total=Sum("capped"))["total"]
    return calc.as_percent(_ratio(total, count))


def criteria_summary(movement: Movement, paths: list[str] | None = None) -> dict | None:
    """ "đạt x/19 tiêu chí" for each unit assessed against the movement's criteria set (of the
    units in `paths`, None: all)."""
    if movement.criteria_set is None:
        return None
    criteria = list(movement.criteria_set.criteria.all())
    results: defaultdict[Unit, dict[int, CriterionResult]] = defaultdict(dict)
    assessed = CriterionResult.objects.filter(movement=movement).filter(_in_paths("unit", paths))
    for result in assessed.select_related("unit"):
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
