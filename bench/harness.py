"""Shared measuring tools: a throw-away database, request timing and query counting."""

import os
import statistics
import tempfile
import time
from contextlib import contextmanager

_setup_done = False


def setup_django(db_name: str = "bench") -> None:
    """Point Django at a fresh SQLite file (or DATABASE_URL when set) and migrate it."""
    global _setup_done
    if _setup_done:
        return
    os.environ.setdefault("THIDUA_TESTING", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    if not os.environ.get("DATABASE_URL"):
        directory = tempfile.mkdtemp(prefix="thidua-bench-")
        os.environ["SQLITE_PATH"] = os.path.join(directory, f"{db_name}.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _setup_done = True


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_requests(client, url: str, n: int = 50, warmup: int = 3, before=None) -> dict:
    """Median and p95 server time in ms over n GETs, and the SQL query count of one request;
    `before()`, when given, runs ahead of every request, outside the time measured."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    if before:
        before()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    timings = []
    for _ in range(n):
        if before:
            before()
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 95),
        "queries": queries,
        "n": n,
    }


@contextmanager
def timed():
    """with timed() as t: ...; t.seconds afterwards."""

    class Result:
        seconds = 0.0

    result = Result()
    started = time.perf_counter()
    yield result
    result.seconds = time.perf_counter() - started


def print_table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(h)), *(len(_fmt(r[i])) for r in rows)) for i, h in enumerate(header)]
    print(f"\n## {title}")
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(_fmt(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


TRIVIAL = "/ping"
TRIVIAL_LABEL = "trivial view (/ping, no database)"


def measure(fn, n: int = 3, warmup: int = 1) -> dict:
    """Median and p95 wall time in ms of `fn()` over n runs (a job, an export), the process CPU
    time of the median run, and the SQL queries of one run: the same keys as time_requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    timings, cpu = [], []
    for _ in range(n):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 95),
        "cpu_ms": statistics.median(cpu),
        "queries": len(ctx.captured_queries),
        "n": n,
    }


class ScaleTable:
    """One table of pages or jobs measured at several data sizes, each figure beside its ratio to
    the trivial view measured in the same process with the same client at that size.

        table = ScaleTable("Foundation pages", sizes=["1 commune", "100 communes"])
        for size in ...:                        # build the data of this size, sign a client in
            table.trivial(size, client)         # /ping: the floor of this size's ratios
            table.add(size, "unit list", time_requests(client, "/units/"))
            table.add(size, "1,000 certificates → zip", measure(lambda: make_zip()), note="…")
        table.print()

    A row is printed once per label with, for each size: median ms, p95 ms, SQL queries and
    median / trivial median. Figures only: a benchmark never asserts a speed."""

    def __init__(self, title: str, sizes: list[str]):
        self.title = title
        self.sizes = sizes
        self.floor: dict[str, float] = {}
        self.figures: dict[str, dict[str, dict]] = {}
        self.notes: dict[str, list[str]] = {}

    def trivial(self, size: str, client, n: int = 200, note: str = "") -> dict:
        """Measure the trivial view with `client` and make it this size's floor (and first row);
        `note` says what the size is (how long its data took to build)."""
        figures = time_requests(client, TRIVIAL, n=n, warmup=20)
        self.floor[size] = figures["median_ms"]
        self.add(size, TRIVIAL_LABEL, figures, note=note)
        return figures

    def add(self, size: str, label: str, figures: dict, note: str = "") -> None:
        if size not in self.sizes:
            raise ValueError(f"unknown size {size!r}")
        self.figures.setdefault(label, {})[size] = figures
        if note:
            self.notes.setdefault(label, []).append(f"{size}: {note}")

    def rows(self) -> tuple[list[str], list[list]]:
        header = ["page or job"]
        for size in self.sizes:
            header += [f"{size} median ms", "p95 ms", "queries", "× trivial"]
        header.append("note")
        rows = []
        for label, by_size in self.figures.items():
            row: list = [label]
            for size in self.sizes:
                figures = by_size.get(size)
                if figures is None:
                    row += ["", "", "", ""]
                    continue
                floor = self.floor.get(size)
                ratio = f"{figures['median_ms'] / floor:.1f}×" if floor else "?"
                row += [figures["median_ms"], figures["p95_ms"], figures.get("queries", ""), ratio]
            row.append("; ".join(self.notes.get(label, [])))
            rows.append(row)
        return header, rows

    def print(self) -> None:
        header, rows = self.rows()
        print_table(self.title, header, rows)
