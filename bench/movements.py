"""Movement dashboard at 10 and 100 units (20 targets each, 5 years of quarterly figures), and the
import of a 10,000-row figures workbook (seconds and peak memory).

Data are inserted in bulk (not through the services) so that set-up stays short; the measured
requests and the import go through the real views and services.
"""

import datetime as dt
import io
import random
import resource
import tracemalloc
from decimal import Decimal

from django.test import Client

from bench.harness import print_table, time_requests, timed
from thidua.access import SYSTEM

YEARS = range(2022, 2027)
INDICATORS = 20
N = 30


def _build(n_units: int, tag: str):
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.movements import services
    from thidua.movements.models import Direction, Indicator, Participation, ProgressReport, Target
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    rng = random.Random(n_units)
    commune = unit_create(actor=SYSTEM, name=f"Xã đo {tag}", kind=UnitKind.COMMUNE, parent=None)
    units = [
        unit_create(actor=SYSTEM, name=f"Ấp {tag}-{i}", kind=UnitKind.HAMLET, parent=commune)
        for i in range(n_units)
    ]
    movement = services.movement_create(
        actor=SYSTEM,
        unit=commune,
        name=f"Phong trào đo {tag}",
        period_start=dt.date(YEARS[0], 1, 1),
        period_end=dt.date(YEARS[-1], 12, 31),
    )
    services.movement_launch(actor=SYSTEM, movement=movement)
    services.movement_start(actor=SYSTEM, movement=movement)
    directions = [Direction.INCREASE, Direction.DECREASE, Direction.REACH, Direction.YES_NO]
    indicators = [
        Indicator.objects.get_or_create(
            name=f"Chỉ tiêu đo {i}", defaults={"direction": directions[i % 4], "baseline": Decimal(10)}
        )[0]
        for i in range(INDICATORS)
    ]
    Participation.objects.bulk_create([Participation(movement=movement, unit=u) for u in units])
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
            for y in YEARS
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
    user = User.objects.create_user(username=f"bench-mov-{tag}", password="x")
    role_grant(actor=SYSTEM, user=user, unit=commune, role=Role.OFFICER)
    return movement, commune, user, len(targets), len(reports)


def _figures_workbook(movement, rows: int) -> bytes:
    from openpyxl import Workbook

    from thidua.movements.models import Target
    from thidua.movements.workbook import COLUMNS, SHEET

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append(COLUMNS)
    periods = {}
    for p in movement.periods.filter(kind="quarter"):
        periods.setdefault(p.end.year, []).append(p)
    written = 0
    for t_id, unit_name, ind_name, year, direction in (
        Target.objects.filter(movement=movement)
        .values_list("id", "unit__name", "indicator__name", "year", "indicator__direction")
        .order_by("id")
    ):
        value = 1 if direction == "yes_no" else 17
        for p in periods[year][:2]:
            ws.append([t_id, unit_name, ind_name, "", year, 20, p.name, value, None, ""])
            written += 1
            if written == rows:
                buffer = io.BytesIO()
                wb.save(buffer)
                return buffer.getvalue()
    raise RuntimeError("not enough targets for the workbook")


def run() -> None:
    rows = []
    built = {}
    for n_units in (10, 100):
        with timed() as t:
            movement, commune, user, n_targets, n_reports = _build(n_units, f"b{n_units}")
        built[n_units] = (movement, commune, user)
        client = Client()
        client.force_login(user)
        figures = time_requests(client, f"/movements/{movement.pk}/", n=N)
        rows.append(
            [
                f"{n_units} units",
                f"{n_targets} targets, {n_reports} reports",
                figures["median_ms"],
                figures["p95_ms"],
                figures["queries"],
                f"set-up {t.seconds:.1f} s",
            ]
        )
        export = time_requests(client, f"/movements/{movement.pk}/export.xlsx", n=5, warmup=1)
        rows.append(
            [
                f"{n_units} units",
                "dashboard export (.xlsx)",
                export["median_ms"],
                export["p95_ms"],
                export["queries"],
                "",
            ]
        )
    print_table(
        "Movement dashboard (5 years × 4 quarters)",
        ["size", "data", "median ms", "p95 ms", "queries", "note"],
        rows,
    )

    from thidua.movements.workbook import import_figures

    movement, commune, user = built[100]
    data = _figures_workbook(movement, 10_000)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with timed() as t:
        report = import_figures(actor=user, movement=movement, unit=commune, data=data)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    with timed() as t2:
        report2 = import_figures(actor=user, movement=movement, unit=commune, data=data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print_table(
        "Import of a 10,000-row figures workbook",
        ["run", "rows", "saved", "errors", "seconds", "memory"],
        [
            [
                "first (updates existing quarters)",
                report.total_rows,
                report.created + report.updated,
                len(report.errors),
                f"{t.seconds:.2f}",
                f"max RSS {rss_after / 1024:.0f} MB (was {rss_before / 1024:.0f} MB)",
            ],
            [
                "again, under tracemalloc",
                report2.total_rows,
                report2.created + report2.updated,
                len(report2.errors),
                f"{t2.seconds:.2f}",
                f"peak Python allocations {peak / 2**20:.0f} MB",
            ],
            ["workbook size", "", "", "", "", f"{len(data) / 2**20:.1f} MB"],
        ],
    )
