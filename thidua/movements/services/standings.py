"""The dashboard's read model, kept as figures and targets are written (models `TargetStanding`,
`UnitYearStanding`, `UnitPeriodStanding`, and the cascade's roll-up `CascadeStanding`).

Every service that writes a figure, corrects or deletes one, or sets, changes or removes a target
calls `standings_refresh` with the targets concerned, inside its own transaction: the rows of those
targets are computed again from their reports (the rules of `completion.py`), then the totals of
their units' years. The result depends only on the reports and targets, never on the order in
which they were written, so `standings_rebuild` (`thidua movements-rebuild`) computing everything
from scratch finds nothing to change after any sequence of writes.

The data migration that first fills the read model calls the same code with the historical models
(`Models`), so it cannot drift from what the services write.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.apps import apps as global_apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Actor
from thidua.audit.services import AuditAction, audit_record
from thidua.lib.bulk import insert_rows
from thidua.movements import completion as calc
from thidua.movements.models import STANDING_SCALE, Movement, Target
from thidua.units.models import SEGMENT

BATCH = 500  # targets per round of queries (SQLite takes at most 999 parameters in a query)
YearKey = tuple[int, int, int]  # (movement id, unit id, year)


class Models(NamedTuple):
    """The model classes the code reads and writes: the app's own, or a migration's historical ones."""

    movement: Any
    target: Any
    report: Any
    period: Any
    target_standing: Any
    unit_year: Any
    unit_period: Any
    # None in a migration's state before the roll-up existed (0007 fills the rest without it).
    cascade: Any = None

    @classmethod
    def of(cls, apps=global_apps) -> "Models":
        get = apps.get_model
        try:
            cascade = get("movements", "CascadeStanding")
        except LookupError:
            cascade = None
        names = (
            "Movement",
            "Target",
            "ProgressReport",
            "ReviewPeriod",
            "TargetStanding",
            "UnitYearStanding",
            "UnitPeriodStanding",
        )
        movement, target, report, period, target_standing, unit_year, unit_period = (
            get("movements", name) for name in names
        )
        return cls(movement, target, report, period, target_standing, unit_year, unit_period, cascade)


def scaled(ratio: Decimal) -> int:
    """A completion (0..1) as the integer the read model stores."""
    return int((ratio * STANDING_SCALE).to_integral_value(rounding=ROUND_HALF_EVEN))


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- one target ---------------------------------------------------------------------------

STANDING_FIELDS = ("movement_id", "unit_id", "indicator_id", "year", "value", "period_id", "capped", "met")
STANDING_COLUMNS = (*STANDING_FIELDS, "levels", "reported_in", "first_reported")
# The same columns by field name, as `insert_rows` takes them.
STANDING_NAMES = tuple(name.removesuffix("_id") for name in STANDING_COLUMNS)


@dataclass
class _TargetFacts:
    id: int
    movement_id: int
    unit_id: int
    indicator_id: int
    year: int
    value: Decimal
    baseline: Decimal | None
    direction: str


def _standing_of(facts: _TargetFacts, reports: list[tuple], periods: list[tuple]) -> tuple:
    """The stored columns of one target's standing (`STANDING_COLUMNS` order).

    `reports`: (period end, period id, value, first reported at) sorted; `periods`: (end, id) of
    the target's year."""

    def done(value: Decimal | None) -> calc.Completion:
        return calc.completion(facts.direction, facts.value, value, facts.baseline)

    latest = reports[-1] if reports else None
    current = done(latest[2] if latest else None)
    levels: dict[str, int] = {}
    for end, period_id in periods:
        known = [r for r in reports if r[0] <= end]
        if known:
            levels[str(period_id)] = scaled(done(known[-1][2]).capped)
    year_periods = {period_id for _end, period_id in periods}
    reported_in = sorted({r[1] for r in reports if r[1] in year_periods})
    first = {str(r[1]): _instant(r[3]) for r in reports if r[1] in year_periods}
    return (
        facts.movement_id,
        facts.unit_id,
        facts.indicator_id,
        facts.year,
        latest[2] if latest else None,
        latest[1] if latest else None,
        scaled(current.capped),
        current.met,
        levels,
        reported_in,
        first,
    )


def _instant(moment: dt.datetime) -> str:
    """A moment as the JSON columns keep it: UTC, ISO 8601 (one spelling per instant)."""
    return moment.astimezone(dt.UTC).isoformat()


LOCAL = ZoneInfo(settings.TIME_ZONE)


def on_time(completed_at: dt.datetime, due: dt.date) -> bool:
    """Reported on or before the due date, counted by the day in Vietnam."""
    return completed_at.astimezone(LOCAL).date() <= due


def _wanted_standings(models: Models, ids: list[int]) -> dict[int, tuple]:
    """target id → its standing's columns, computed from the reports (three queries)."""
    facts = [
        _TargetFacts(tid, m, u, i, y, v, b if b is not None else ib, d)
        for tid, m, u, i, y, v, b, ib, d in models.target.objects.filter(pk__in=ids).values_list(
            "id",
            "movement_id",
            "unit_id",
            "indicator_id",
            "year",
            "value",
            "baseline",
            "indicator__baseline",
            "indicator__direction",
        )
    ]
    reports: dict[int, list[tuple]] = defaultdict(list)
    for target_id, end, period_id, value, first in models.report.objects.filter(
        target_id__in=ids
    ).values_list("target_id", "period__end", "period_id", "value", "first_reported_at"):
        reports[target_id].append((end, period_id, value, first))
    periods: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for period_id, movement_id, end in models.period.objects.filter(
        movement_id__in={f.movement_id for f in facts}
    ).values_list("id", "movement_id", "end"):
        periods[(movement_id, end.year)].append((end, period_id))
    for listed in (*reports.values(), *periods.values()):
        listed.sort()
    return {
        f.id: _standing_of(f, reports.get(f.id, []), periods.get((f.movement_id, f.year), [])) for f in facts
    }


def _write_standings(models: Models, ids: list[int], wanted: dict[int, tuple]) -> int:
    """Make the stored standings of `ids` equal to `wanted` (a missing target loses its row)."""
    have = {
        row[0]: tuple(row[1:])
        for row in models.target_standing.objects.filter(target_id__in=ids).values_list(
            "target_id", *STANDING_COLUMNS
        )
    }
    new = [tid for tid in wanted if tid not in have]
    changed = [tid for tid in wanted if tid in have and have[tid] != wanted[tid]]
    gone = [tid for tid in have if tid not in wanted]
    for batch in _batches(gone):
        models.target_standing.objects.filter(target_id__in=batch).delete()
    # New and changed rows in one upsert of plain rows: Django's bulk_update writes a CASE per
    # column and row, and building a model instance per row costs more than the writing.
    insert_rows(
        models.target_standing,
        ("target", *STANDING_NAMES),
        [(tid, *wanted[tid]) for tid in new + changed],
        conflict=("target",),
        update=STANDING_NAMES,
    )
    return len(new) + len(changed) + len(gone)


# --- the totals of a unit's year ----------------------------------------------------------

YEAR_FIELDS = ("targets", "reported", "met", "capped")
PERIOD_FIELDS = ("year", "reported", "capped", "completed_at", "on_time")


def _wanted_totals(models: Models, keys: set[YearKey]) -> tuple[dict, dict]:
    """For (movement, unit, year) keys: the unit-year rows and the unit-period rows they should have,
    summed from the target standings."""
    years: dict[YearKey, list[int]] = {key: [0, 0, 0, 0] for key in keys}
    periods: dict[tuple[int, int, int], list] = {}
    firsts: dict[tuple[int, int, int], list[dt.datetime]] = defaultdict(list)
    by_movement: dict[int, set[YearKey]] = defaultdict(set)
    for key in keys:
        by_movement[key[0]].add(key)
    for movement_id, wanted in by_movement.items():
        units = sorted({k[1] for k in wanted})
        for batch in _batches(units):
            rows = models.target_standing.objects.filter(
                movement_id=movement_id, unit_id__in=batch, year__in={k[2] for k in wanted}
            ).values_list(
                "unit_id", "year", "value", "met", "capped", "levels", "reported_in", "first_reported"
            )
            for unit_id, year, value, met, capped, levels, reported_in, first in rows:
                key = (movement_id, unit_id, year)
                if key not in years:
                    continue
                total = years[key]
                total[0] += 1
                total[1] += value is not None
                total[2] += met
                total[3] += capped
                for period_id, level in levels.items():
                    at = periods.setdefault((movement_id, unit_id, int(period_id)), [year, 0, 0])
                    at[2] += level
                for period_id in reported_in:
                    periods.setdefault((movement_id, unit_id, period_id), [year, 0, 0])[1] += 1
                    firsts[(movement_id, unit_id, period_id)].append(
                        dt.datetime.fromisoformat(first[str(period_id)])
                    )
    # A period is fully reported once every target of the unit's year has a figure for it: at the
    # latest of their first reports.
    due = dict(models.period.objects.filter(pk__in={k[2] for k in periods}).values_list("pk", "due"))
    for key, at in periods.items():
        completed = None
        if at[1] and at[1] == years.get((key[0], key[1], at[0]), [0])[0]:
            completed = max(firsts[key])
        at += [completed, None if completed is None else on_time(completed, due[key[2]])]
    return (
        {key: tuple(v) for key, v in years.items() if v[0]},
        {key: tuple(v) for key, v in periods.items()},
    )


def _key_filter(keys: set[YearKey]) -> Q:
    query = Q(pk__in=[])
    by_movement_year: dict[tuple[int, int], set[int]] = defaultdict(set)
    for movement_id, unit_id, year in keys:
        by_movement_year[(movement_id, year)].add(unit_id)
    for (movement_id, year), units in by_movement_year.items():
        query |= Q(movement_id=movement_id, year=year, unit_id__in=units)
    return query


def _sync(model, have: dict, wanted: dict, key_fields: tuple, fields: tuple) -> int:
    """Create, update and delete rows of `model` so that `have` (key → values) becomes `wanted`."""
    new = [k for k in wanted if k not in have]
    changed = [k for k in wanted if k in have and have[k][1:] != wanted[k]]
    gone = [have[k][0] for k in have if k not in wanted]
    for batch in _batches(gone):
        model.objects.filter(pk__in=batch).delete()
    # New and changed rows in one upsert on the key's unique constraint (field names: no "_id").
    names = tuple(name.removesuffix("_id") for name in key_fields)
    insert_rows(
        model,
        (*names, *fields),
        [(*k, *wanted[k]) for k in new + changed],
        conflict=names,
        update=fields,
    )
    return len(new) + len(changed) + len(gone)


def _write_totals(models: Models, keys: set[YearKey]) -> int:
    if not keys:
        return 0
    wanted_years, wanted_periods = _wanted_totals(models, keys)
    changed = 0
    key_fields = ("movement_id", "unit_id")
    for batch in _batches(sorted(keys)):
        part = set(batch)
        have_years = {
            (m, u, y): (pk, *rest)
            for pk, m, u, y, *rest in models.unit_year.objects.filter(_key_filter(part)).values_list(
                "pk", "movement_id", "unit_id", "year", *YEAR_FIELDS
            )
        }
        have_periods = {
            (m, u, p): (pk, *rest)
            for pk, m, u, p, *rest in models.unit_period.objects.filter(_key_filter(part)).values_list(
                "pk", "movement_id", "unit_id", "period_id", *PERIOD_FIELDS
            )
        }
        changed += _sync(
            models.unit_year,
            have_years,
            {k: v for k, v in wanted_years.items() if k in part},
            (*key_fields, "year"),
            YEAR_FIELDS,
        )
        changed += _sync(
            models.unit_period,
            have_periods,
            {k: v for k, v in wanted_periods.items() if (k[0], k[1], v[0]) in part},
            (*key_fields, "period_id"),
            PERIOD_FIELDS,
        )
    return changed


# --- the cascade's roll-up: each movement by the units right below its unit ---------------

CascadeKey = tuple[int, int, int]  # (movement id, unit right below the movement's unit, year)
CASCADE_FIELDS = ("targets", "reported", "met", "capped")
CASCADE_COLUMNS = (*CASCADE_FIELDS, "reporting_units", "timeliness")


def _ancestors(lineage: str, movement_id: int) -> list[int]:
    """The movement and the plans above it, from its lineage ("/12/40/")."""
    ids = [int(part) for part in lineage.strip("/").split("/") if part]
    return ids or [movement_id]


def _cascade_keys(models: Models, keys: set[YearKey]) -> set[CascadeKey]:
    """The roll-up rows that changed unit-years count in: for the unit-year's movement and each plan
    above it, the unit right below that plan's unit on the way down to the unit-year's unit."""
    if models.cascade is None or not keys:
        return set()
    lineages = dict(models.movement.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "lineage"))
    ancestors = {mid: _ancestors(lineage, mid) for mid, lineage in lineages.items()}
    tops = dict(
        models.movement.objects.filter(pk__in={a for ids in ancestors.values() for a in ids}).values_list(
            "pk", "unit__path"
        )
    )
    unit_paths: dict[int, str] = {}
    unit_model = models.movement._meta.get_field("unit").related_model
    for batch in _batches(sorted({k[1] for k in keys})):
        unit_paths.update(unit_model.objects.filter(pk__in=batch).values_list("pk", "path"))
    below: set[tuple[int, str, int]] = set()
    for movement_id, unit_id, year in keys:
        path = unit_paths.get(unit_id)
        for ancestor in ancestors.get(movement_id, []):
            top = tops.get(ancestor)
            if path and top and path.startswith(top) and len(path) > len(top):
                below.add((ancestor, path[: len(top) + SEGMENT], year))
    ids: dict[str, int] = {}
    for batch in _batches(sorted({b[1] for b in below})):
        ids.update(unit_model.objects.filter(path__in=batch).values_list("path", "pk"))
    return {(a, ids[path], year) for a, path, year in below if path in ids}


def _wanted_cascade(models: Models, movement_id: int, keys: set[CascadeKey] | None) -> dict:
    """(movement, unit below, year) → summed figures of the unit-years of the movement's cascade in
    that unit's subtree, then the reporting on time of the movement's own unit-periods there;
    `keys` None: every unit below and year."""
    lineage, top = models.movement.objects.filter(pk=movement_id).values_list("lineage", "unit__path").get()
    unit_model = models.movement._meta.get_field("unit").related_model
    rows = models.unit_year.objects.filter(movement__lineage__startswith=lineage or f"/{movement_id}/")
    own = models.unit_period.objects.filter(movement_id=movement_id, on_time__isnull=False)
    if keys is not None:
        wanted_units = {k[1] for k in keys}
        paths = dict(unit_model.objects.filter(pk__in=wanted_units).values_list("path", "pk"))
        query = Q(pk__in=[])
        for path in paths:
            query |= Q(unit__path__startswith=path)
        rows = rows.filter(query, year__in={k[2] for k in keys})
        own = own.filter(query, year__in={k[2] for k in keys})
    else:
        rows = rows.filter(unit__path__startswith=top)
        own = own.filter(unit__path__startswith=top)

    def below(path: str) -> str | None:
        if len(path) <= len(top) or not path.startswith(top):
            return None
        return path[: len(top) + SEGMENT]

    totals: dict[tuple[str, int], list] = {}
    for path, year, mid, *figures in rows.values_list("unit__path", "year", "movement_id", *CASCADE_FIELDS):
        if (sub := below(path)) is None:
            continue
        total = totals.setdefault((sub, year), [0, 0, 0, 0, 0, {}])
        for i, figure in enumerate(figures):
            total[i] += figure
        total[4] += mid == movement_id and figures[0] > 0
    for path, year, period_id, in_time in own.values_list("unit__path", "year", "period_id", "on_time"):
        if (sub := below(path)) is None or (sub, year) not in totals:
            continue
        counts = totals[(sub, year)][5].setdefault(str(period_id), [0, 0])
        counts[0 if in_time else 1] += 1
    ids = dict(unit_model.objects.filter(path__in={p for p, _y in totals}).values_list("path", "pk"))
    wanted = {(movement_id, ids[path], year): tuple(v) for (path, year), v in totals.items() if v[0]}
    if keys is not None:
        wanted = {k: v for k, v in wanted.items() if k in keys}
    return wanted


def _write_cascade(models: Models, keys: set[CascadeKey] | None, movement_id: int | None = None) -> int:
    """Make the roll-up rows of `keys` (or, with `keys` None, all of `movement_id`'s) what the
    unit-years sum to."""
    if models.cascade is None:
        return 0
    by_movement: dict[int, set[CascadeKey] | None] = defaultdict(set)
    if keys is None:
        assert movement_id is not None
        by_movement[movement_id] = None
    else:
        for key in keys:
            listed = by_movement[key[0]]
            assert listed is not None
            listed.add(key)
    changed = 0
    key_fields = ("movement_id", "unit_id", "year")
    for ancestor, wanted_keys in by_movement.items():
        wanted = _wanted_cascade(models, ancestor, wanted_keys)
        rows = models.cascade.objects.filter(movement_id=ancestor)
        if wanted_keys is not None:
            rows = rows.filter(_key_filter(wanted_keys))
        have = {
            (m, u, y): (pk, *rest)
            for pk, m, u, y, *rest in rows.values_list(
                "pk", "movement_id", "unit_id", "year", *CASCADE_COLUMNS
            )
        }
        changed += _sync(models.cascade, have, wanted, key_fields, CASCADE_COLUMNS)
    return changed


# --- the entry points ---------------------------------------------------------------------


def refresh(models: Models, ids: Iterable[int], keys: Iterable[YearKey] = ()) -> int:
    """Compute the standings of the targets `ids` and the totals of their units' years (and of the
    extra `keys`) again; how many rows changed. The caller holds the movements' locks."""
    ids = sorted(set(ids))
    touched: set[YearKey] = set(keys)
    changed = 0
    for batch in _batches(ids):
        touched |= {
            (m, u, y)
            for m, u, y in models.target_standing.objects.filter(target_id__in=batch).values_list(
                "movement_id", "unit_id", "year"
            )
        }
        wanted = _wanted_standings(models, batch)
        touched |= {(w[0], w[1], w[3]) for w in wanted.values()}
        changed += _write_standings(models, batch, wanted)
    changed += _write_totals(models, touched)
    return changed + _write_cascade(models, _cascade_keys(models, touched))


def standings_refresh(targets: Iterable[Target | int]) -> int:
    """Bring the read model up to date for these targets after their figures, value or baseline
    changed, or after they were removed (pass the removed Target objects: their unit and year say
    which totals to count again). Call it once, inside the writing transaction, with every target
    concerned: a fixed number of queries per 500 targets. Returns how many rows changed.

    The movements concerned are locked first (PostgreSQL), so two people reporting at the same
    time are counted one after the other, each seeing the other's figures."""
    ids: set[int] = set()
    keys: set[YearKey] = set()
    for target in targets:
        if not isinstance(target, Target):
            ids.add(target)
            continue
        if target.pk is not None:
            ids.add(target.pk)
        keys.add((target.movement_id, target.unit_id, target.year))
    if not ids and not keys:
        return 0
    with transaction.atomic():
        movements = {k[0] for k in keys}
        for batch in _batches(sorted(ids)):
            movements |= set(Target.objects.filter(pk__in=batch).values_list("movement_id", flat=True))
        list(Movement.objects.select_for_update().filter(pk__in=movements).order_by("pk").values_list("pk"))
        return refresh(Models.of(), ids, keys)


def rebuild(models: Models, movement_ids: Iterable[int] | None = None) -> int:
    """Compute the whole read model of these movements (all when None) from the reports; how many
    rows changed. Rows left by targets that no longer exist are removed."""
    movements = models.movement.objects.order_by("pk")
    if movement_ids is not None:
        movements = movements.filter(pk__in=list(movement_ids))
    changed = 0
    for movement_id in movements.values_list("pk", flat=True):
        ids = list(models.target.objects.filter(movement_id=movement_id).values_list("pk", flat=True))
        stale = list(
            models.target_standing.objects.filter(movement_id=movement_id)
            .exclude(target_id__in=models.target.objects.filter(movement_id=movement_id).values("pk"))
            .values_list("target_id", flat=True)
        )
        changed += refresh(models, [*ids, *stale])
        changed += _drop_orphans(models, movement_id)
    if models.cascade is not None:
        # After every movement's totals: a plan's roll-up counts the plans below it. The plans above
        # the chosen ones count them too.
        chosen = list(movements.values_list("pk", "lineage"))
        roots = sorted({a for pk, lineage in chosen for a in _ancestors(lineage, pk)})
        for movement_id in roots:
            changed += _write_cascade(models, None, movement_id)
    return changed


def _drop_orphans(models: Models, movement_id: int) -> int:
    """Totals of unit-years with no target left (a rebuild counts only the keys it finds)."""
    live = set(
        models.target.objects.filter(movement_id=movement_id).values_list("unit_id", "year").distinct()
    )
    removed = 0
    for model in (models.unit_year, models.unit_period):
        orphans = [
            pk
            for pk, unit_id, year in model.objects.filter(movement_id=movement_id).values_list(
                "pk", "unit_id", "year"
            )
            if (unit_id, year) not in live
        ]
        for batch in _batches(orphans):
            removed += model.objects.filter(pk__in=batch).delete()[0]
    return removed


@transaction.atomic
def standings_rebuild(*, actor: Actor, movements: Iterable[Movement] | None = None) -> int:
    """Compute the dashboards' read model again from the reports themselves (every movement, or
    these), for a database restored from a backup or figures doubted. Idempotent: returns how many
    rows it had to change, and writes one audit entry only when that is not zero."""
    access.check_actor(actor)
    chosen = (
        Movement.objects.all()
        if movements is None
        else Movement.objects.filter(pk__in=[m.pk for m in movements])
    )
    ids = list(chosen.select_for_update().order_by("pk").values_list("pk", flat=True))
    changed = rebuild(Models.of(), ids)
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            model_label="movements.targetstanding",
            object_repr=_("Số liệu tổng hợp của %(n)s phong trào") % {"n": len(ids)},
            after={"movements": ids, "rows": changed},
            verb="tính lại số liệu tổng hợp phong trào",
        )
    return changed


def cascade_fill(models: Models) -> int:
    """Every movement's roll-up computed from the unit-years (the migration that adds it)."""
    return sum(
        _write_cascade(models, None, pk) for pk in models.movement.objects.values_list("pk", flat=True)
    )
