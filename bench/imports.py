"""The figures workbook import at 1,000 and 10,000 rows: seconds and memory.

Each size gets its own commune (hamlets × 20 indicators × 5 years of targets, inserted in bulk) and
two workbooks of the same rows (two quarters per target) with different figures. The first upload
creates every figure; the measured ones then change every figure (the workbooks alternate), so each
run writes, audits and refreshes the dashboard's read model for every row. Memory: the growth of the
process's peak resident size during the runs (Linux; "?" elsewhere). Figures only.
"""

import io
import itertools
import os
import random
from decimal import Decimal

from django.test import Client

from bench.harness import ScaleTable, measure, timed
from thidua.access import SYSTEM

SIZES = [1_000, 10_000]
INDICATORS = 20
YEARS = range(2022, 2027)
GOALS = "goal: 10,000 rows ≤ 3 s, ≤ 300 MB"


def _build(rows: int):
    """A commune with enough hamlets for `rows` figures (two quarters of each target)."""
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.movements.models import Target

    hamlets = -(-rows // (2 * INDICATORS * len(YEARS)))
    from bench.movements import running_movement

    commune, units, movement, indicators = running_movement(f"nhập {rows}", hamlets, YEARS)
    Target.objects.bulk_create(
        [
            Target(movement=movement, unit=u, year=y, indicator=ind, value=Decimal(20))
            for u in units
            for y in YEARS
            for ind in indicators
        ],
        batch_size=2000,
    )
    user = User.objects.create_user(username=f"bench-import-{rows}", password="x")
    role_grant(actor=SYSTEM, user=user, unit=commune, role=Role.OFFICER)
    return movement, commune, user


def _workbook(movement, rows: int, seed: int) -> bytes:
    """`rows` filled rows of the figures template: two quarters of each target, random figures."""
    from openpyxl import Workbook

    from thidua.movements.models import Target
    from thidua.movements.workbook import COLUMNS, SHEET

    rng = random.Random(seed)
    quarters: dict[int, list] = {}
    for p in movement.periods.filter(kind="quarter").order_by("start"):
        quarters.setdefault(p.end.year, []).append(p)
    # A workbook as a spreadsheet program saves it, with its <dimension> at the top (openpyxl's
    # write-only mode leaves it out, and a reader then scans the whole sheet to find its size).
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(COLUMNS)
    targets = Target.objects.filter(movement=movement).order_by("id")
    lines = (
        (t, p)
        for t in targets.values_list("id", "unit__name", "indicator__name", "year", "indicator__direction")
        for p in quarters[t[3]][:2]
    )
    for (t_id, unit, indicator, year, direction), p in itertools.islice(lines, rows):
        value = rng.randint(0, 1) if direction == "yes_no" else rng.randint(5, 40)
        ws.append([t_id, unit, indicator, "", year, 20, p.name, value, None, "nhập thử"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _peak_mb() -> float | None:
    """The process's peak resident size in MB (VmHWM), or None where /proc is not there."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Start the peak resident size again from the current size (Linux 4.0+)."""
    try:
        with open(f"/proc/{os.getpid()}/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _growth(before: float | None, reset: bool) -> str:
    after = _peak_mb()
    if before is None or after is None or not reset:
        return "RSS ?"
    return f"RSS +{after - before:.0f} MB (peak {after:.0f} MB)"


def run() -> None:
    from thidua.movements.workbook import import_figures

    table = ScaleTable(f"Figures workbook import ({GOALS})", sizes=[f"{n:,} rows" for n in SIZES])
    for rows in SIZES:
        size = f"{rows:,} rows"
        with timed() as built:
            movement, commune, user = _build(rows)
            books = [_workbook(movement, rows, seed) for seed in (1, 2)]
        client = Client()
        client.force_login(user)
        table.trivial(
            size, client, note=f"data built in {built.seconds:.1f} s, {len(books[0]) / 2**20:.1f} MB"
        )

        def upload(data: bytes, movement=movement, commune=commune, user=user, rows=rows) -> None:
            report = import_figures(actor=user, movement=movement, unit=commune, data=data)
            if report.errors or report.created + report.updated != rows:
                raise RuntimeError(f"the import did not save every row: {report.errors[:3]}")

        reset = _reset_peak()
        before = _peak_mb()
        with timed() as first:
            upload(books[0])
        once = {"median_ms": first.seconds * 1000, "p95_ms": first.seconds * 1000, "queries": ""}
        table.add(size, "upload, every figure new", once, note=_growth(before, reset))
        alternate = itertools.cycle([books[1], books[0]])
        reset = _reset_peak()
        before = _peak_mb()
        figures = measure(lambda alternate=alternate: upload(next(alternate)), n=3, warmup=0)
        # CPU beside the wall time: on a shared machine the wall time waits for the others' work.
        cpu = f"CPU {figures['cpu_ms'] / 1000:.2f} s (median run, this process)"
        table.add(size, "upload, every figure changed", figures, note=f"{_growth(before, reset)}; {cpu}")
    table.print()
