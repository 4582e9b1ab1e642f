"""Movement dashboard at 10 and 100 units (20 targets each, 5 years of quarterly figures), its
.xlsx export, and the growth check (the same dashboard after 1, 5 and 10 years of history). The
figures import has its own module (`bench/imports.py`).

Data are inserted in bulk (not through the services) so that set-up stays short, then the read
model is computed from them by `standings_rebuild` (timed, as `thidua movements-rebuild` would run on
a restored database); the measured requests go through the real views.
Figures only: a benchmark never asserts a speed.
"""

import datetime as dt
import io
import random
from decimal import Decimal

from django.test import Client

from bench.harness import ScaleTable, measure, time_requests, timed
from thidua.access import SYSTEM

YEARS = range(2022, 2027)
INDICATORS = 20
N = 30
GOALS = "goals: dashboard p95 ≤ 50 ms, export ≤ 300 ms"


def running_movement(name: str, n_units: int, years):
    """A commune with `n_units` hamlets taking part in a running movement over `years`, and
    INDICATORS indicators of every direction: the set-up shared by the dashboard and import benches."""
    from thidua.movements import services
    from thidua.movements.models import Direction, Indicator, Participation
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    commune = unit_create(actor=SYSTEM, name=f"Xã {name}", kind=UnitKind.COMMUNE, parent=None)
    units = [
        unit_create(actor=SYSTEM, name=f"Ấp {name}-{i}", kind=UnitKind.HAMLET, parent=commune)
        for i in range(n_units)
    ]
    movement = services.movement_create(
        actor=SYSTEM,
        unit=commune,
        name=f"Phong trào {name}",
        period_start=dt.date(years[0], 1, 1),
        period_end=dt.date(years[-1], 12, 31),
    )
    services.movement_launch(actor=SYSTEM, movement=movement)
    services.movement_start(actor=SYSTEM, movement=movement)
    directions = [Direction.INCREASE, Direction.DECREASE, Direction.REACH, Direction.YES_NO]
    indicators = [
        Indicator.objects.get_or_create(
            name=f"Chỉ tiêu {name.split()[0]} {i}",
            defaults={"direction": directions[i % 4], "baseline": Decimal(10)},
        )[0]
        for i in range(INDICATORS)
    ]
    Participation.objects.bulk_create([Participation(movement=movement, unit=u) for u in units])
    return commune, units, movement, indicators


def _build(n_units: int, tag: str, years: range = YEARS):
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.movements.models import (
        PeriodState,
        ProgressReport,
        Target,
    )

    rng = random.Random(n_units)
    commune, units, movement, indicators = running_movement(f"đo {tag}", n_units, years)
    targets = Target.objects.bulk_create(
        [
            Target(
                movement=movement,
                unit=u,
                year=y,
                indicator=ind,
                value=Decimal(1 if ind.direction == "yes_no" else 20),
            )
            for u in units
            for y in years
            for ind in indicators
        ],
        batch_size=2000,
    )
    quarters = {}
    for p in movement.periods.filter(kind="quarter"):
        quarters.setdefault(p.end.year, []).append(p)
    reports = []
    for t in targets:
        for p in quarters[t.year]:
            value = rng.randint(0, 1) if t.indicator.direction == "yes_no" else rng.randint(5, 25)
            reports.append(ProgressReport(target=t, period=p, value=Decimal(value)))
    ProgressReport.objects.bulk_create(reports, batch_size=5000)
    # Past years' periods are closed, as a commune does after each year's review: what is late is
    # this year's, and the growth check compares the same page after more years, not a longer list.
    movement.periods.filter(end__lt=dt.date(years[-1], 1, 1)).update(state=PeriodState.CLOSED)
    user = User.objects.create_user(username=f"bench-mov-{tag}", password="x")
    role_grant(actor=SYSTEM, user=user, unit=commune, role=Role.OFFICER)
    return movement, commune, user, len(targets), len(reports)


def _rebuild(movement) -> float:
    """The read model of data inserted in bulk, as `thidua movements-rebuild` makes it; seconds."""
    from thidua.movements.services.standings import standings_rebuild

    with timed() as t:
        standings_rebuild(actor=SYSTEM, movements=[movement])
    return t.seconds


def _export(movement, user):
    """The file the export writes (synchronously up to THIDUA_JOB_ROWS targets, else in its job)."""
    from django.utils import timezone

    from thidua.movements import selectors, workbook

    def run() -> bytes:
        board = selectors.dashboard(movement, today=timezone.localdate(), viewer=user)
        buffer = io.BytesIO()
        workbook.dashboard_workbook(board).save(buffer)
        return buffer.getvalue()

    return run


def _figures(movement, user):
    """What the page reads (the read model), without the page around it: the years' navigation, the
    periods' table and the year chart grow with the years shown, not with the reports."""
    from django.utils import timezone

    from thidua.movements import selectors

    return lambda: selectors.dashboard(movement, today=timezone.localdate(), viewer=user)


def _dashboards(table: ScaleTable, size: str, built, note: str) -> None:
    movement, _commune, user, _targets, _reports = built
    client = Client()
    client.force_login(user)
    table.trivial(size, client, note=note)
    table.add(size, "movement dashboard", time_requests(client, f"/movements/{movement.pk}/", n=N))
    table.add(size, "  its figures alone (selectors.dashboard)", measure(_figures(movement, user), n=N))
    table.add(size, "its .xlsx export (the year's rows)", measure(_export(movement, user), n=5))


def _growth(built_5_years) -> None:
    """The same 100 units × 20 indicators after 1, 5 and 10 years of quarterly figures: the
    dashboard (of the current year) should take the same time whatever the years before it."""
    sizes = {"1 year": range(2026, 2027), "5 years": YEARS, "10 years": range(2017, 2027)}
    table = ScaleTable(
        f"Growth check: 100 units, dashboard of 2026 after 1, 5, 10 years ({GOALS})", list(sizes)
    )
    for size, years in sizes.items():
        if size == "5 years":
            built, note = built_5_years
        else:
            with timed() as t:
                built = _build(100, f"g{len(years)}", years)
            seconds = _rebuild(built[0])
            note = f"{built[4]} reports, built in {t.seconds:.0f} s + read model {seconds:.1f} s"
        _dashboards(table, size, built, note)
    table.print()


def run() -> None:
    table = ScaleTable(
        f"Movement dashboard, 20 targets a unit, 5 years × 4 quarters ({GOALS})", ["10 units", "100 units"]
    )
    for n_units in (10, 100):
        with timed() as t:
            data = _build(n_units, f"b{n_units}")
        seconds = _rebuild(data[0])
        note = (
            f"{data[3]} targets, {data[4]} reports, built in {t.seconds:.1f} s + read model {seconds:.1f} s"
        )
        _dashboards(table, f"{n_units} units", data, note)
        if n_units == 100:
            five_years = (data, note)
    table.print()
    _growth(five_years)
