"""A province under load: locust (headless) against `thidua serve`, 2 workers, on SQLite and PostgreSQL.

Each database gets a throw-away data directory (THIDUA_DATA_DIR, SQLITE_PATH or a fresh PostgreSQL
database), `thidua migrate`, `thidua synth --communes 100 --people 100` (a province of 100 synthetic
communes, fewer people each for a shorter setup), the demo commune (`thidua load-demo`: movements,
surveys, decisions with certificates) and council sessions (`bench.load_data`), all through the
services. Then, on 127.0.0.1 only, with fixed durations: the trivial view `/ping` alone (the floor),
the public portal alone, and 50 users for 60 s mixing citizens, officers, a hamlet head and council
members (bench/locustfile.py). The server is stopped at the end whatever happens.

PostgreSQL: with DATABASE_URL set (`scripts/with-postgres.sh make bench`) the run uses a new database
on that server; otherwise it starts one through `scripts/with-postgres.sh`. `python -m bench load`
runs this benchmark alone. Goals are printed beside the figures, not asserted.
"""

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = 50
DURATION = 60
ALONE = 15  # seconds for the floor and the portal alone
# People arrive over five seconds, not in the same instant: twenty staff logging in at once would
# measure twenty password hashes queued on two workers, which no office sees at 8 o'clock either.
ARRIVALS_PER_S = 10
WORKERS = 2
COMMUNES = 100
PEOPLE = 100
P95_GOAL_MS = 300
MODES = {
    "ping": ["Ping"],
    "portal": ["PortalOnly"],
    "mix": ["Citizen", "Officer", "HamletHead", "CouncilMember"],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data_dir: str, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("THIDUA_TESTING", "DATABASE_URL", "SQLITE_PATH")}
    env.update(
        THIDUA_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="thidua.settings",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="0",
        BEHIND_PROXY="1",
        TRUSTED_PROXIES="127.0.0.1",
        # Plain HTTP on loopback: cookies marked Secure (the default with DEBUG off) would never come back.
        SECURE_COOKIES="0",
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env["SQLITE_PATH"] = os.path.join(data_dir, "thidua.sqlite3")
    return env


def _run(env: dict, *argv: str) -> str:
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _setup(env: dict, plan: str) -> float:
    started = time.perf_counter()
    thidua = str(BIN / "thidua")
    _run(env, thidua, "migrate", "--verbosity", "0")
    _run(env, thidua, "synth", "--communes", str(COMMUNES), "--people", str(PEOPLE))
    _run(env, thidua, "load-demo", "--if-empty")
    _run(env, sys.executable, "-m", "bench.load_data", "setup", plan)
    return time.perf_counter() - started


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("thidua serve stopped before answering")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("thidua serve did not answer /ping in time")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def _locust(env: dict, port: int, mode: str, users: int, seconds: int, prefix: str) -> list[dict]:
    argv = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
    argv += [
        "-u",
        str(users),
        "-r",
        str(min(users, ARRIVALS_PER_S)),
        "-t",
        f"{seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
    ]
    argv += MODES[mode]
    argv += ["--csv", prefix, "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING"]
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 120)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no figures:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    with stats.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _failures(prefix: str) -> list[str]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [f"{r['Occurrences']}× {r['Name']}: {r['Error'][:120]}" for r in csv.DictReader(handle)]


def _rps(rows: list[dict]) -> float:
    return next(float(r["Requests/s"]) for r in rows if r["Name"] == "Aggregated")


def _round(label: str, database_url: str | None) -> None:
    data_dir = tempfile.mkdtemp(prefix="thidua-load-")
    try:
        env = _env(data_dir, database_url)
        plan = os.path.join(data_dir, "plan.json")
        setup_seconds = _setup(env, plan)
        env["LOAD_PLAN"] = plan
        before = json.loads(Path(plan).read_text(encoding="utf-8"))["counts"]
        port = _free_port()
        log = open(os.path.join(data_dir, "server.log"), "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        server = subprocess.Popen(
            [str(BIN / "thidua"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(port, server)
            floor = _rps(_locust(env, port, "ping", USERS, ALONE, os.path.join(data_dir, "ping")))
            portal = _rps(_locust(env, port, "portal", USERS, ALONE, os.path.join(data_dir, "portal")))
            prefix = os.path.join(data_dir, "mix")
            rows = _locust(env, port, "mix", USERS, DURATION, prefix)
        finally:
            _stop(server)
            log.close()
        after = json.loads(_run(env, sys.executable, "-m", "bench.load_data", "count"))
        server_log = Path(data_dir, "server.log").read_text(encoding="utf-8", errors="replace")
        _report(label, setup_seconds, floor, portal, rows, _failures(prefix), before, after, server_log)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _report(label, setup_seconds, floor, portal, rows, failures, before, after, server_log) -> None:
    from bench.harness import print_table

    table = [
        [
            r["Name"],
            int(r["Request Count"]),
            int(r["Failure Count"]),
            float(r["Requests/s"]),
            r["50%"],
            r["95%"],
            r["99%"],
            "ok" if r["95%"] != "N/A" and float(r["95%"]) <= P95_GOAL_MS else "MISSED",
        ]
        for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"]))
    ]
    print_table(
        f"Load, {label}: {USERS} users arriving {ARRIVALS_PER_S} a second, for {DURATION} s, thidua serve ({WORKERS} workers), "
        f"{COMMUNES} synthetic communes + the demo commune (setup {setup_seconds:.0f} s)",
        ["page", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", f"p95 ≤ {P95_GOAL_MS} ms"],
        table,
    )
    errors = sum(int(r["Failure Count"]) for r in rows if r["Name"] == "Aggregated")
    locked = server_log.count("database is locked")
    answers = next((r for r in rows if r["Name"] == "survey answer"), None)
    taken = int(answers["Request Count"]) - int(answers["Failure Count"]) if answers else 0
    written = after["survey_responses"] - before["survey_responses"]
    share = portal / floor if floor else 0.0
    print(f"floor: trivial /ping alone, {USERS} users, no pause, {ALONE} s: {floor:.0f} req/s")
    print(
        f"portal / alone, same way: {portal:.0f} req/s = {share:.0%} of the floor "
        f"(goal ≥ 50 %: {'ok' if share >= 0.5 else 'MISSED'})"
    )
    print(
        f"errors: {errors} (goal 0: {'ok' if errors == 0 else 'MISSED'}); 'database is locked' in the server log: {locked}"
    )
    lost = max(0, taken - written)
    print(
        f"survey answers: {taken} accepted, {written} rows written, {lost} lost (goal 0: "
        f"{'ok' if lost == 0 else 'MISSED'}); {max(0, written - taken)} written beyond the accepted ones "
        "were in flight when the run stopped (saved, their answer never read)"
    )
    print(
        f"also written: {after['progress_reports'] - before['progress_reports']} new progress-report rows (a figure reported again for the same period replaces its row), "
        f"{after['ballots'] - before['ballots']} ballots"
    )
    print(
        "citizens post through distinct X-Forwarded-For addresses (BEHIND_PROXY=1, TRUSTED_PROXIES=127.0.0.1), "
        "as behind nginx: the per-address limits of the public forms apply to each simulated citizen"
    )
    for line in failures[:15]:
        print(f"  failure: {line}")
    if locked:
        print(
            "  server log: " + next(line for line in server_log.splitlines() if "database is locked" in line)
        )


def _postgres_url() -> str:
    """A new, empty database on the server DATABASE_URL names (the bench's own database stays apart)."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = f"thidua_load_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


def run() -> None:
    for label in ("SQLite", "PostgreSQL"):
        try:
            if label == "SQLite":
                _round(label, None)
            elif os.environ.get("DATABASE_URL"):
                _round(label, _postgres_url())
            else:
                # A throw-away PostgreSQL server only for this round; it prints its own table.
                sys.stdout.flush()
                subprocess.run(
                    [
                        str(ROOT / "scripts" / "with-postgres.sh"),
                        sys.executable,
                        "-m",
                        "bench.load",
                        "postgres",
                    ],
                    cwd=ROOT,
                    timeout=900,
                    check=True,
                )
        except Exception as exc:  # one database's failure should not hide the other's figures
            print(f"\n## Load, {label}: failed: {exc}")


if __name__ == "__main__":
    if sys.argv[1:] == ["postgres"]:
        _round("PostgreSQL", _postgres_url())
    else:
        run()
