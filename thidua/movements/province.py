"""The province dashboard: a movement launched by a province, seen commune by commune.

For each commune (each unit of kind commune right below the movement's unit) it shows whether the
commune implemented the movement (a plan below it, `Movement.parent`), its registration with the
province and the registrations inside its own plan, its reports for the periods that came due,
its completion of the province's targets (`UnitYearStanding`) and of the whole cascade in the
commune (`CascadeStanding`: the province's targets and those its own plan gives its hamlets), its
rank, and — when the movement has a New Rural criteria set — how many criteria it meets.

Every read is over rows of the read model kept as figures are written (`services/standings.py`) or
over one row per commune: a fixed number of queries, O(communes × periods) rows, whatever the
years of history or the number of hamlets and reports.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q

from thidua.movements import board
from thidua.movements.models import (
    CascadeStanding,
    Commitment,
    CommitmentState,
    CriterionResult,
    Movement,
    MovementState,
    PeriodKind,
    ReviewPeriod,
    UnitYearStanding,
)
from thidua.units.models import Unit, UnitKind

# Completion bands of the chart "how many communes reached how far".
BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))


@dataclass
class CommuneRow:
    unit: Unit
    plan: Movement | None = None  # the commune's plan implementing the movement
    registration: str = ""  # its registration with the province for the year (a CommitmentState)
    registrations_below: int = 0  # registrations of the units inside the commune's plan
    score: board.Score | None = None  # the province's targets of the commune for the year
    cascade: board.Score | None = None  # the whole cascade in the commune for the year
    # Reporting on the province's periods of the year that came due (counted per unit that owes
    # them: the commune, and any of its hamlets the province gave targets): how many were owed, how
    # many were fully reported by the due date, after it, or not yet.
    due: int = 0
    on_time: int = 0
    late_count: int = 0
    missing_count: int = 0
    late: list[ReviewPeriod] = field(default_factory=list)  # periods reported after their due date
    missing: list[ReviewPeriod] = field(default_factory=list)  # periods past due, not fully reported
    criteria_met: int | None = None
    rank: int = 0
    tied: bool = False

    @property
    def implemented(self) -> bool:
        return self.plan is not None and self.plan.state != MovementState.DRAFT

    @property
    def registration_label(self) -> str:
        return str(CommitmentState(self.registration).label) if self.registration else ""

    @property
    def percent(self) -> int | None:
        return self.score.percent if self.score and self.score.total else None

    @property
    def cascade_percent(self) -> int | None:
        return self.cascade.percent if self.cascade and self.cascade.total else None

    @property
    def reported_all(self) -> bool:
        """Every period that came due has a figure for every target the province gave the commune."""
        return bool(self.score and self.score.total) and not self.missing

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


@dataclass
class ProvinceBoard:
    movement: Movement
    year: int | None
    years: list[int]
    communes: list[CommuneRow]
    due_periods: list[ReviewPeriod]
    criteria_total: int | None

    @cached_property
    def count(self) -> int:
        return len(self.communes)

    @cached_property
    def implemented(self) -> int:
        return sum(1 for c in self.communes if c.implemented)

    @cached_property
    def registered(self) -> int:
        return sum(1 for c in self.communes if c.registration)

    @cached_property
    def with_targets(self) -> int:
        return sum(1 for c in self.communes if c.score and c.score.total)

    @cached_property
    def reported_all(self) -> int:
        return sum(1 for c in self.communes if c.reported_all)

    @cached_property
    def overdue(self) -> list[CommuneRow]:
        """Communes with a period past due still not fully reported."""
        return [c for c in self.communes if c.missing]

    @cached_property
    def reported_late(self) -> list[CommuneRow]:
        """Communes that reported a period after its due date."""
        return [c for c in self.communes if c.late]

    @cached_property
    def missing_by_period(self) -> list[tuple[ReviewPeriod, list[str]]]:
        """Each period past due with the communes that have not fully reported it, in period order:
        a few lines whatever the number of communes."""
        return _by_period(self.overdue, "missing")

    @cached_property
    def late_by_period(self) -> list[tuple[ReviewPeriod, list[str]]]:
        """Each period with the communes that reported it after its due date."""
        return _by_period(self.reported_late, "late")

    @cached_property
    def timeliness(self) -> tuple[int, int, int, int]:
        """Periods due, reported on time, reported late, missing: every commune together."""
        rows = self.communes
        return (
            sum(c.due for c in rows),
            sum(c.on_time for c in rows),
            sum(c.late_count for c in rows),
            sum(c.missing_count for c in rows),
        )

    @cached_property
    def on_time_percent(self) -> int | None:
        due, on_time, _late, _missing = self.timeliness
        return round(100 * on_time / due) if due else None

    @cached_property
    def overall(self) -> int | None:
        """Completion of all the province's targets of the year in every commune together."""
        scores = [c.score for c in self.communes if c.score]
        return board.percent(sum(s.capped for s in scores), sum(s.total for s in scores))

    @cached_property
    def cascade_overall(self) -> int | None:
        scores = [c.cascade for c in self.communes if c.cascade]
        return board.percent(sum(s.capped for s in scores), sum(s.total for s in scores))

    @cached_property
    def ranking(self) -> list[CommuneRow]:
        return sorted((c for c in self.communes if c.rank), key=lambda c: (c.rank, c.unit.path))

    @cached_property
    def unranked(self) -> list[CommuneRow]:
        return [c for c in self.communes if not c.rank]

    @cached_property
    def rows(self) -> list[CommuneRow]:
        """The communes as the page lists them: the ranked ones by rank, then the others."""
        return self.ranking + self.unranked

    @cached_property
    def bands(self) -> list[tuple[str, int]]:
        """How many ranked communes fall in each completion band."""
        counts: Counter[tuple[int, int]] = Counter()
        for row in self.ranking:
            value = row.percent if row.percent is not None else row.cascade_percent or 0
            for low, high in BANDS:
                if low <= value < high:
                    counts[(low, high)] += 1
        return [(f"{low}–{min(high, 100)}%", counts[(low, high)]) for low, high in BANDS]

    @cached_property
    def criteria_reached(self) -> int:
        """Communes meeting every criterion of the set (đạt chuẩn)."""
        total = self.criteria_total
        return sum(1 for c in self.communes if total and c.criteria_met == total)

    def share(self, part: int) -> int | None:
        return round(100 * part / self.count) if self.count else None


def _by_period(rows: list[CommuneRow], attr: str) -> list[tuple[ReviewPeriod, list[str]]]:
    periods: dict[int, ReviewPeriod] = {}
    names: dict[int, list[str]] = {}
    for row in rows:
        for period in getattr(row, attr):
            periods.setdefault(period.pk, period)
            names.setdefault(period.pk, []).append(row.unit.name)
    ordered = sorted(periods.values(), key=lambda p: (p.end, p.pk))
    return [(period, names[period.pk]) for period in ordered]


def communes_of(unit: Unit) -> list[Unit]:
    """The communes and wards right below a province, in tree order."""
    return list(Unit.objects.filter(parent=unit, kind=UnitKind.COMMUNE).order_by("path"))


def province_movements(unit: Unit) -> list[Movement]:
    """The province's own movements, the running ones first."""
    order: dict[str, int] = {
        str(MovementState.RUNNING): 0,
        str(MovementState.LAUNCHED): 1,
        str(MovementState.CLOSED): 2,
        str(MovementState.DRAFT): 3,
    }
    movements = list(Movement.objects.filter(unit=unit).order_by("-period_start", "name"))
    return sorted(movements, key=lambda m: order.get(m.state, 9))


def province_board(
    movement: Movement, *, year: int | None = None, today: dt.date, details: bool = True
) -> ProvinceBoard:
    """The movement commune by commune for one year (the current one unless `year` names another
    year of the movement). The caller checks that the viewer may read the roll-up. Without
    `details`, the registrations and the criteria are left unread (the home page shows neither)."""
    communes = communes_of(movement.unit)
    rows = {unit.pk: CommuneRow(unit) for unit in communes}
    years = list(range(movement.period_start.year, movement.period_end.year + 1))
    if year not in years:
        year = today.year if today.year in years else years[-1]
    for plan in Movement.objects.filter(parent=movement).only("pk", "unit_id", "state", "name"):
        if plan.unit_id in rows:
            rows[plan.unit_id].plan = plan
    if details:
        _registrations(movement, rows, year)
    for unit_id, name, total, met, reported, capped in UnitYearStanding.objects.filter(
        movement=movement, year=year, unit__parent=movement.unit_id
    ).values_list("unit_id", "unit__name", "targets", "met", "reported", "capped"):
        if unit_id in rows:
            rows[unit_id].score = board.Score(unit_id, name, total, met, reported, capped)
    due = [
        p
        for p in movement.periods.order_by("end")
        if p.kind != PeriodKind.FINAL and p.end.year == year and p.due < today
    ]
    for unit_id, total, met, reported, capped, units, timeliness in CascadeStanding.objects.filter(
        movement=movement, year=year, unit__parent=movement.unit_id
    ).values_list("unit_id", "targets", "met", "reported", "capped", "reporting_units", "timeliness"):
        if unit_id in rows:
            rows[unit_id].cascade = board.Score(
                unit_id, rows[unit_id].unit.name, total, met, reported, capped
            )
            _reports(rows[unit_id], due, units, timeliness)
    criteria_total = _criteria(movement, rows) if details else None
    _rank(list(rows.values()))
    return ProvinceBoard(movement, year, years, list(rows.values()), due, criteria_total)


def _registrations(movement: Movement, rows: dict[int, CommuneRow], year: int) -> None:
    for unit_id, state in Commitment.objects.filter(
        movement=movement, year=year, unit__parent=movement.unit_id
    ).values_list("unit_id", "state"):
        if unit_id in rows:
            rows[unit_id].registration = state
    below = (
        Commitment.objects.filter(movement__parent=movement, year=year)
        .exclude(state=CommitmentState.DRAFT)
        .order_by()
        .values_list("movement__unit_id")
        .annotate(n=Count("pk"))
    )
    for unit_id, count in below:
        if unit_id in rows:
            rows[unit_id].registrations_below = count


def _reports(row: CommuneRow, due: list[ReviewPeriod], units: int, timeliness: dict) -> None:
    """The commune's reporting on the periods past due, from its roll-up row: `units` owe every
    period; `timeliness` {period id: [fully reported on time, late]} (`CascadeStanding`)."""
    for period in due if units else []:
        on_time, late = timeliness.get(str(period.pk), (0, 0))
        row.due += units
        row.on_time += on_time
        row.late_count += late
        row.missing_count += units - on_time - late
        if late:
            row.late.append(period)
        if units - on_time - late:
            row.missing.append(period)


def _criteria(movement: Movement, rows: dict[int, CommuneRow]) -> int | None:
    """Criteria of the movement's set each commune meets, assessed in the movement or any plan below
    it (a criterion counts once)."""
    if movement.criteria_set is None:
        return None
    total = movement.criteria_set.criteria.count()
    met = (
        CriterionResult.objects.filter(
            movement__lineage__startswith=movement.lineage,
            unit__parent=movement.unit_id,
            criterion__criteria_set_id=movement.criteria_set_id,
        )
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("criterion", distinct=True, filter=Q(met=True)))
    )
    for unit_id, count in met:
        if unit_id in rows:
            rows[unit_id].criteria_met = count
    return total


def _rank(rows: list[CommuneRow]) -> None:
    """Rank by the province's targets (higher completion, then more targets met; equal ones share
    the rank); when the province gave no targets that year, by the whole cascade in each commune."""
    use_own = any(r.score and r.score.total for r in rows)
    scored = [(r, r.score if use_own else r.cascade) for r in rows]
    groups = [score for _row, score in scored if score and score.total]
    by_key = {row.unit.pk: row for row, score in scored if score and score.total}
    from thidua.movements.selectors import rank_groups

    for score in rank_groups(groups):
        row = by_key[score.key]
        row.rank, row.tied = score.rank, score.tied
