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


def time_requests(client, url: str, n: int = 50, warmup: int = 3) -> dict:
    """Median and p95 server time in ms over n GETs, and the SQL query count of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    timings = []
    for _ in range(n):
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
