"""The cascade's roll-up (`CascadeStanding`): a province movement's figures by commune, counting the
province's targets of each commune and the targets each commune's own plan gives its hamlets; kept
by every write in the same transaction, equal to what a rebuild gives after any sequence of writes."""

import datetime as dt
from decimal import Decimal as D
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.access import SYSTEM
from thidua.lib.errors import ServiceError
from thidua.movements import services
from thidua.movements.models import (
    CascadeStanding,
    PeriodKind,
    ProgressReport,
    Target,
    UnitYearStanding,
)
from thidua.movements.services.figures import progress_report_delete
from thidua.movements.services.standings import Models, cascade_fill, standings_rebuild
from thidua.movements.services.targets import TargetCell
from thidua.units.models import Unit

YEAR = 2026


@pytest.fixture
def cascade(tree, indicators):
    """The province's movement for 2026, implemented by both communes (each plan launched)."""
    province = services.movement_create(
        actor=SYSTEM,
        unit=tree.province,
        name="Thi đua “Cả nước chung tay vì người nghèo”",
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
    )
    services.movement_launch(actor=SYSTEM, movement=province)
    children = {}
    for key in ("commune", "other"):
        child = services.movement_implement(actor=SYSTEM, parent_movement=province, unit=getattr(tree, key))
        services.movement_launch(actor=SYSTEM, movement=child)
        children[key] = child
    for movement in (province, *children.values()):
        movement.refresh_from_db()
    return province, children


def _cells(cascade, tree):
    province, children = cascade
    return [
        (province, tree.commune, "income"),
        (province, tree.commune, "road"),
        (province, tree.other, "income"),
        (children["commune"], tree.hamlet, "income"),
        (children["commune"], tree.hamlet2, "poor"),
        (children["commune"], tree.hamlet, "insurance"),
        (children["other"], tree.other_hamlet, "income"),
        (children["other"], tree.other_hamlet, "road"),
    ]


def rollup(movement) -> list:
    return sorted(
        CascadeStanding.objects.filter(movement=movement).values_list(
            "unit_id", "year", "targets", "reported", "met", "capped", "reporting_units", "timeliness"
        )
    )


def summed(movement) -> list:
    """The roll-up as a plain sum of the unit-years of the cascade, by the unit right below."""
    totals: dict = {}
    top = movement.unit.path
    for path, year, *figures in UnitYearStanding.objects.filter(
        movement__lineage__startswith=movement.lineage, unit__path__startswith=top
    ).values_list("unit__path", "year", "targets", "reported", "met", "capped"):
        if len(path) > len(top):
            total = totals.setdefault((path[: len(top) + 4], year), [0, 0, 0, 0])
            for i, figure in enumerate(figures):
                total[i] += figure
    from thidua.units.models import Unit

    ids = dict(Unit.objects.values_list("path", "pk"))
    return sorted((ids[p], y, *v) for (p, y), v in totals.items() if v[0])


def on_time_from_reports(movement) -> dict:
    """(commune, year) → (units with the movement's own targets, {period: [on time, late]}), counted
    from the reports: a unit's period is done at the latest first report once every target has one."""
    vietnam = dt.timezone(dt.timedelta(hours=7))
    top = movement.unit.path
    counts: dict = {}
    for unit_id, path, year in (
        Target.objects.filter(movement=movement)
        .values_list("unit_id", "unit__path", "year")
        .order_by()
        .distinct()
    ):
        commune = Unit.objects.get(path=path[: len(top) + 4]).pk
        units, periods = counts.setdefault((commune, year), [0, {}])
        counts[(commune, year)][0] = units + 1
        targets = Target.objects.filter(movement=movement, unit_id=unit_id, year=year)
        for period in movement.periods.filter(end__year=year):
            firsts = list(
                ProgressReport.objects.filter(target__in=targets, period=period).values_list(
                    "first_reported_at", flat=True
                )
            )
            if firsts and len(firsts) == targets.count():
                late = max(firsts).astimezone(vietnam).date() > period.due
                periods.setdefault(str(period.pk), [0, 0])[late] += 1
    return {key: (units, periods) for key, (units, periods) in counts.items()}


OPERATIONS = st.one_of(
    st.tuples(st.just("target"), st.integers(0, 7), st.integers(0, 60)),
    st.tuples(st.just("unset"), st.integers(0, 7)),
    # The last number: the day the figure is written, from 1 January 2026 (before, on or after due).
    st.tuples(
        st.just("report"), st.integers(0, 7), st.integers(0, 5), st.integers(0, 70), st.integers(0, 400)
    ),
    st.tuples(st.just("delete"), st.integers(0, 7), st.integers(0, 5)),
)


def _apply(op, cells, indicators) -> None:
    kind, cell, *rest = op
    movement, unit, name = cells[cell]
    indicator = indicators[name]
    target = Target.objects.filter(movement=movement, unit=unit, indicator=indicator, year=YEAR).first()
    if kind == "target":
        value = D(rest[0] % 2) if indicator.direction == "yes_no" else D(rest[0])
        services.target_set(
            actor=SYSTEM, movement=movement, unit=unit, year=YEAR, indicator=indicator, value=value
        )
        return
    if kind == "unset":
        services.targets_assign(
            actor=SYSTEM, movement=movement, year=YEAR, cells=[TargetCell(unit, indicator, None)]
        )
        return
    if target is None:
        return
    periods = list(movement.periods.exclude(kind=PeriodKind.FINAL).order_by("end", "pk"))
    period = periods[rest[0] % len(periods)]
    if kind == "report":
        value = D(rest[1] % 2) if indicator.direction == "yes_no" else D(rest[1])
        moment = dt.datetime(YEAR, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=rest[2], hours=rest[2] % 24)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            services.progress_report(actor=SYSTEM, target=target, period=period, value=value, confirmed=True)
    else:
        report = ProgressReport.objects.filter(target=target, period=period).first()
        if report is not None:
            progress_report_delete(actor=SYSTEM, report=report)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=30))
def test_a_rebuild_finds_the_roll_up_every_write_kept(operations, cascade, tree, indicators):
    province, children = cascade
    cells = _cells(cascade, tree)
    saved = transaction.savepoint()
    try:
        for op in operations:
            try:
                with transaction.atomic():
                    _apply(op, cells, indicators)
            except ServiceError:
                pass  # a refused write changes nothing
        kept = {m.pk: rollup(m) for m in (province, *children.values())}
        assert [row[:6] for row in kept[province.pk]] == summed(province)
        for movement in (province, *children.values()):
            timeliness = {(u, y): (n, t) for u, y, *_f, n, t in kept[movement.pk]}
            counted = on_time_from_reports(movement)  # no row: the plans' targets only
            assert timeliness == {k: counted.get(k, (0, {})) for k in timeliness}
        assert standings_rebuild(actor=SYSTEM) == 0
        CascadeStanding.objects.all().delete()
        standings_rebuild(actor=SYSTEM, movements=[children["other"]])  # the plans above it too
        assert rollup(province) == kept[province.pk]
        CascadeStanding.objects.all().delete()
        assert cascade_fill(Models.of()) == sum(len(rows) for rows in kept.values())
        assert {m.pk: rollup(m) for m in (province, *children.values())} == kept
    finally:
        transaction.savepoint_rollback(saved)


def test_a_commune_row_counts_the_province_targets_and_the_hamlets_of_its_own_plan(cascade, tree, indicators):
    province, children = cascade
    income = services.target_set(
        actor=SYSTEM,
        movement=province,
        unit=tree.commune,
        year=YEAR,
        indicator=indicators["income"],
        value=D(50),
    )
    for hamlet in (tree.hamlet, tree.hamlet2):
        services.target_set(
            actor=SYSTEM,
            movement=children["commune"],
            unit=hamlet,
            year=YEAR,
            indicator=indicators["road"],
            value=D(1),
        )
    q1 = province.periods.get(name=f"Quý 1/{YEAR}")
    services.progress_report(actor=SYSTEM, target=income, period=q1, value=D(50))  # met
    road = Target.objects.get(movement=children["commune"], unit=tree.hamlet)
    services.progress_report(
        actor=SYSTEM, target=road, period=children["commune"].periods.get(name=f"Quý 1/{YEAR}"), value=D(1)
    )
    row = CascadeStanding.objects.get(movement=province, unit=tree.commune, year=YEAR)
    assert (row.targets, row.reported, row.met) == (3, 2, 2)
    assert not CascadeStanding.objects.filter(movement=province, unit=tree.other).exists()
    # The commune's own plan rolls up by hamlet.
    assert [row[:6] for row in rollup(children["commune"])] == summed(children["commune"])
    assert {r[0] for r in rollup(children["commune"])} == {tree.hamlet.pk, tree.hamlet2.pk}
