"""The dashboard's figures read from the read model (`services/standings.py`), never from the reports.

Every read here is over the rows of one year's targets (units × indicators) or over the totals of
units' years and periods, so a dashboard costs the same after one year of history or ten, on
SQLite and PostgreSQL alike. Completions are summed as the stored integers (capped completion ×
`STANDING_SCALE`), exactly; a percentage rounds their average as `completion.as_percent` does.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, overload

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Collate

from thidua.movements import completion as calc
from thidua.movements.models import (
    STANDING_SCALE,
    Movement,
    PeriodKind,
    PeriodState,
    ReviewPeriod,
    TargetStanding,
    UnitPeriodStanding,
    UnitYearStanding,
)
from thidua.units.models import Unit

if TYPE_CHECKING:
    from thidua.movements.selectors import TargetRow


def percent(capped: int | None, count: int) -> int | None:
    """The average of `count` stored completions summing to `capped`, as a whole percentage."""
    if not count:
        return None
    return calc.as_percent(Decimal(capped or 0) / (Decimal(count) * STANDING_SCALE))


def in_paths(field: str, paths: list[str] | None) -> Q:
    """A filter for records whose unit (`field`) lies in one of the subtrees `paths` (None: all)."""
    if paths is None:
        return Q()
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__path__startswith": path})
    return query


def _year(year: int | None) -> Q:
    """The rows of that year; none when there is no year (a movement without targets)."""
    return Q(pk__in=[]) if year is None else Q(year=year)


@dataclass
class Score:
    """A unit's (or an indicator's) targets of the year taken together, as the ranking shows them."""

    key: int
    name: str
    total: int
    met: int
    reported: int
    capped: int
    rank: int = 0
    tied: bool = False

    @cached_property
    def percent(self) -> int:
        return percent(self.capped, self.total) or 0


# --- the targets' rows --------------------------------------------------------------------

ROW_COLUMNS = (
    "target_id",
    "unit_id",
    "unit__name",
    "indicator__name",
    "indicator__measure",
    "indicator__direction",
    "year",
    "target__value",
    "target__baseline",
    "indicator__baseline",
    "value",
    "unit__path",
)


class TargetRows(Sequence):
    """The year's targets at their latest figures, sorted by indicator, unit (tree order), year.

    Lazy: a page of 25 fetches 25 rows (LIMIT/OFFSET in the database), the export all of them; a
    row (`selectors.TargetRow`, with its completion) is made only when read. Names are sorted by
    code point on every database (the order Python gives), whatever its collation."""

    def __init__(self, standings: QuerySet[TargetStanding], count: int | None = None):
        binary = "C" if connection.vendor == "postgresql" else "BINARY"
        self.standings = standings.order_by(
            Collate("indicator__name", binary), Collate("unit__path", binary), "year", "target_id"
        )
        self._count = count

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.standings.count()
        return self._count

    def count(self, value=None) -> int:  # what Paginator asks for
        return len(self) if value is None else super().count(value)

    @overload
    def __getitem__(self, index: int) -> "TargetRow": ...
    @overload
    def __getitem__(self, index: slice) -> list["TargetRow"]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(r) for r in self.standings.values_list(*ROW_COLUMNS)[index]]
        if index < 0:
            index += len(self)
        rows = list(self.standings.values_list(*ROW_COLUMNS)[index : index + 1])
        if not rows:
            raise IndexError(index)
        return self._row(rows[0])

    def __iter__(self) -> Iterator["TargetRow"]:
        return (self._row(r) for r in self.standings.values_list(*ROW_COLUMNS))

    @staticmethod
    def _row(r: tuple) -> "TargetRow":
        from thidua.movements.selectors import TargetRow

        tid, unit_id, unit_name, name, measure, direction, year, target, baseline, ind_base, value, path = r
        base = baseline if baseline is not None else ind_base
        done = calc.completion(direction, target, value, base)
        return TargetRow(
            tid, unit_id, unit_name, name, measure, direction, year, target, base, value, done, path
        )


def target_rows(
    movement: Movement, year: int | None, paths: list[str] | None, count: int | None
) -> TargetRows:
    """`count`: how many targets the year has, when known (all units shown)."""
    standings = TargetStanding.objects.filter(movement=movement).filter(_year(year), in_paths("unit", paths))
    return TargetRows(standings, count if paths is None else None)


def by_indicator(rows: TargetRows) -> list[Score]:
    """Per indicator, over the rows shown (units of every row, the same year): one grouped query."""
    groups = (
        rows.standings.order_by()
        .values("indicator_id", "indicator__name")
        .annotate(
            total=Count("pk"),
            met_count=Count("pk", filter=Q(met=True)),
            reported=Count("value"),
            capped_sum=Sum("capped"),
        )
        .values_list("indicator_id", "indicator__name", "total", "met_count", "reported", "capped_sum")
    )
    return sorted((Score(0, name, *figures) for _id, name, *figures in groups), key=lambda g: g.name)


# --- totals of units' years ---------------------------------------------------------------


def by_year(movement: Movement) -> tuple[list[tuple[str, int | None]], int | None, dict[int, int]]:
    """Completion of each year's targets and of all years together; the targets counted each year."""
    totals = list(
        UnitYearStanding.objects.filter(movement=movement)
        .order_by()
        .values("year")
        .annotate(capped=Sum("capped"), targets=Sum("targets"))
        .values_list("year", "capped", "targets")
    )
    totals.sort()
    points = [(str(year), percent(capped, count)) for year, capped, count in totals]
    overall = percent(sum(t[1] or 0 for t in totals), sum(t[2] or 0 for t in totals))
    return points, overall, {year: count for year, _capped, count in totals}


def by_unit(movement: Movement, year: int | None, paths: list[str] | None) -> list[Score]:
    rows = (
        UnitYearStanding.objects.filter(movement=movement)
        .filter(_year(year), in_paths("unit", paths))
        .values_list("unit_id", "unit__name", "targets", "met", "reported", "capped")
    )
    return [
        Score(unit_id, name, total, met, reported, capped)
        for unit_id, name, total, met, reported, capped in rows
    ]


def chart(
    movement: Movement, periods: list[ReviewPeriod], year: int | None, targets: int
) -> list[tuple[str, int | None]]:
    """Average completion of the year's targets at the end of each of its periods (levels carry
    forward until a new figure arrives; a target with none yet counts 0 %)."""
    shown = [p for p in periods if p.end.year == year and p.kind != PeriodKind.FINAL]
    if not shown:
        return []
    sums = dict(
        UnitPeriodStanding.objects.filter(movement=movement, period__in=shown)
        .order_by()
        .values("period_id")
        .annotate(capped=Sum("capped"))
        .values_list("period_id", "capped")
    )
    return [(p.display_name, percent(sums.get(p.pk, 0), targets)) for p in shown]


@dataclass
class Late:
    unit: Unit
    period: ReviewPeriod
    missing: int


def overdue(movement: Movement, periods: list[ReviewPeriod], today: dt.date) -> list[Late]:
    """(unit, period, targets not reported) for every open period past its due date: the targets
    each unit has in the period's year less the figures it reported for that period."""
    late = [
        p for p in periods if p.kind != PeriodKind.FINAL and p.state == PeriodState.OPEN and p.due < today
    ]
    if not late:
        return []
    targets: dict[int, dict[int, int]] = defaultdict(dict)
    for unit_id, year, count in UnitYearStanding.objects.filter(
        movement=movement, year__in={p.end.year for p in late}, targets__gt=0
    ).values_list("unit_id", "year", "targets"):
        targets[year][unit_id] = count
    reported = {
        (unit_id, period_id): count
        for unit_id, period_id, count in UnitPeriodStanding.objects.filter(
            movement=movement, period__in=late, reported__gt=0
        ).values_list("unit_id", "period_id", "reported")
    }
    missing = [
        (unit_id, period, count - reported.get((unit_id, period.pk), 0))
        for period in late
        for unit_id, count in targets.get(period.end.year, {}).items()
        if count > reported.get((unit_id, period.pk), 0)
    ]
    units = {u.pk: u for u in Unit.objects.filter(pk__in={m[0] for m in missing})} if missing else {}
    items = [Late(units[unit_id], period, left) for unit_id, period, left in missing]
    items.sort(key=lambda item: (item.period.due, item.unit.path))
    return items


def overdue_by_movement(
    movements: list[Movement], today: dt.date, *, shown: int, within: dict[int, list[str]] | None = None
) -> dict[int, tuple[list[Late], int]]:
    """`overdue` for several movements at once, in a fixed number of queries: movement id → (its
    first `shown` late reports, how many there are). A movement in `within` counts only the units
    in the subtrees (unit paths) given for it; only the units shown are read."""
    ids = [m.pk for m in movements]
    late = [
        p
        for p in ReviewPeriod.objects.filter(movement_id__in=ids, state=PeriodState.OPEN, due__lt=today)
        .exclude(kind=PeriodKind.FINAL)
        .order_by("due", "id")
    ]
    if not late:
        return {}
    targets: dict[tuple[int, int], list[tuple[int, str, int]]] = defaultdict(list)
    for movement_id, unit_id, path, year, count in (
        UnitYearStanding.objects.filter(
            movement_id__in={p.movement_id for p in late},
            year__in={p.end.year for p in late},
            targets__gt=0,
        )
        .order_by("unit__path")
        .values_list("movement_id", "unit_id", "unit__path", "year", "targets")
    ):
        paths = (within or {}).get(movement_id)
        if paths is None or any(path.startswith(prefix) for prefix in paths):
            targets[(movement_id, year)].append((unit_id, path, count))
    reported = {
        (unit_id, period_id): count
        for unit_id, period_id, count in UnitPeriodStanding.objects.filter(
            period__in=late, reported__gt=0
        ).values_list("unit_id", "period_id", "reported")
    }
    missing: dict[int, list[tuple[dt.date, str, int, ReviewPeriod, int]]] = defaultdict(list)
    for period in late:
        for unit_id, path, count in targets.get((period.movement_id, period.end.year), []):
            left = count - reported.get((unit_id, period.pk), 0)
            if left > 0:
                missing[period.movement_id].append((period.due, path, unit_id, period, left))
    for rows in missing.values():
        rows.sort(key=lambda row: row[:2])  # by due date, then by unit path: as `overdue` sorts
    wanted = {row[2] for rows in missing.values() for row in rows[:shown]}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=wanted)} if wanted else {}
    return {
        movement_id: ([Late(units[u], period, left) for _d, _p, u, period, left in rows[:shown]], len(rows))
        for movement_id, rows in missing.items()
    }


def movement_totals(movement_ids: list[int]) -> dict[int, tuple[int, int]]:
    """movement id → (summed completion, targets) over all its years."""
    return {
        mid: (capped or 0, count or 0)
        for mid, capped, count in UnitYearStanding.objects.filter(movement_id__in=movement_ids)
        .order_by()
        .values("movement_id")
        .annotate(capped=Sum("capped"), count=Sum("targets"))
        .values_list("movement_id", "capped", "count")
    }


@dataclass
class Reported:
    unit: Unit
    period: ReviewPeriod
    completed_at: dt.datetime


@dataclass
class Timeliness:
    """Reporting on the year's periods that came due, per unit that owes them (a unit with targets
    that year owes every period): how many were owed, fully reported by the due date, after it, or
    not yet; and which (unit, period) came late."""

    due: int = 0
    on_time: int = 0
    late: list[Reported] = field(default_factory=list)
    late_count: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.on_time - self.late_count

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def timeliness(
    movement: Movement, periods: list[ReviewPeriod], year: int | None, today: dt.date, paths: list[str] | None
) -> Timeliness:
    """The counts are the whole movement's; the late rows only those of units in `paths` (None: all)."""
    due = [p for p in periods if p.kind != PeriodKind.FINAL and p.end.year == year and p.due < today]
    result = Timeliness()
    if not due or year is None:
        return result
    units = UnitYearStanding.objects.filter(movement=movement, year=year, targets__gt=0).count()
    result.due = units * len(due)
    by_id = {p.pk: p for p in due}
    late: list[tuple[int, ReviewPeriod, dt.datetime]] = []
    for unit_id, period_id, on_time, completed_at in UnitPeriodStanding.objects.filter(
        movement=movement, period__in=due, on_time__isnull=False
    ).values_list("unit_id", "period_id", "on_time", "completed_at"):
        if on_time:
            result.on_time += 1
        elif completed_at is not None:  # always: `on_time` is set only with it
            result.late_count += 1
            late.append((unit_id, by_id[period_id], completed_at))
    names = {u.pk: u for u in Unit.objects.filter(pk__in={row[0] for row in late})} if late else {}
    result.late = sorted(
        (
            Reported(names[unit_id], period, at)
            for unit_id, period, at in late
            if paths is None or any(names[unit_id].path.startswith(path) for path in paths)
        ),
        key=lambda item: (item.period.due, item.unit.path),
    )
    return result
