"""What the grid of targets shows for one year: units down, indicators across, as in the Excel
sheet officers keep, with the targets already assigned and last year's as a guide.

- Rows: the units right below the movement's unit (not its council, which judges and does not
  compete), and any unit of the movement that has a target this year or had one last year.
- Columns: the indicators the movement already uses, those last year's targets used, and those
  the officer adds to the grid.
- Last year's value of a cell: the unit's target for the indicator the year before, in this
  movement or else in the latest other movement launched by the same unit.

A fixed number of queries, whatever the size of the grid."""

from dataclasses import dataclass, field
from decimal import Decimal

from thidua.movements.models import Indicator, Movement, Target
from thidua.units.models import Unit, UnitKind

CellKey = tuple[int, int]  # (unit id, indicator id)


@dataclass
class TargetGrid:
    year: int
    units: list[Unit]
    indicators: list[Indicator]
    values: dict[CellKey, Decimal] = field(default_factory=dict)
    guide: dict[CellKey, Decimal] = field(default_factory=dict)

    @property
    def guide_year(self) -> int:
        return self.year - 1

    def others(self) -> list[Indicator]:
        """Indicators of the catalogue not yet in the grid, to add a column."""
        shown = {i.pk for i in self.indicators}
        return [i for i in Indicator.objects.order_by("name") if i.pk not in shown]


def _guide(movement: Movement, year: int) -> tuple[dict[CellKey, Decimal], set[int], set[int]]:
    """Last year's targets of the movement's subtree: this movement's, else the latest other plan's."""
    rows = (
        Target.objects.filter(
            movement__unit=movement.unit, year=year - 1, unit__path__startswith=movement.unit.path
        )
        .order_by("movement__period_start", "movement_id")
        .values_list("movement_id", "unit_id", "indicator_id", "value")
    )
    guide: dict[CellKey, Decimal] = {}
    own: dict[CellKey, Decimal] = {}
    for movement_id, unit_id, indicator_id, value in rows:
        (own if movement_id == movement.pk else guide)[(unit_id, indicator_id)] = value
    guide |= own
    return guide, {k[0] for k in guide}, {k[1] for k in guide}


def target_grid(movement: Movement, year: int, *, add: tuple[int, ...] = ()) -> TargetGrid:
    """The grid of `year` (one of the movement's years), with the indicators `add` as extra columns."""
    values = {
        (unit_id, indicator_id): value
        for unit_id, indicator_id, value in Target.objects.filter(movement=movement, year=year).values_list(
            "unit_id", "indicator_id", "value"
        )
    }
    guide, guide_units, guide_indicators = _guide(movement, year)
    used = set(movement.targets.values_list("indicator_id", flat=True).distinct())
    indicators = list(Indicator.objects.filter(pk__in=used | guide_indicators | set(add)).order_by("name"))
    below = (
        Unit.objects.filter(parent=movement.unit).exclude(kind=UnitKind.COUNCIL).values_list("pk", flat=True)
    )
    unit_ids = set(below) | {k[0] for k in values} | guide_units
    units = list(Unit.objects.subtree(movement.unit).filter(pk__in=unit_ids).order_by("path"))
    return TargetGrid(year=year, units=units, indicators=indicators, values=values, guide=guide)
