"""`thidua serve`: the production web server (granian, WSGI), the one `deploy/` runs.

Why granian. Both servers from PyPI were measured on this project's pages on a 2-core machine,
2 worker processes each, loopback, `wrk -t2 -c32 -d10s` after a warm-up, DEBUG off, SQLite with
the demo commune (figures in requests/s; the machine was shared with other work, so they are
noisy; details in the README, "Đưa vào sử dụng"):

    server (2 workers)             portal `/`, three runs     trivial `/ping`
    gunicorn 27, sync              60 · 27 · 38               1,180 – 2,000
    gunicorn 27, gthread (2)       29                         1,680
    granian 2.8, wsgi, 1 thread    — · 39 · 94                —
    granian 2.8, wsgi, 2 threads   39 · 46 · 127              2,050 – 5,630

On the portal the servers are within the noise of a shared machine (granian ahead in two runs of
three, with lower p99: 0.54 s against 1.3 s in the calmest); the page's own Python time dominates.
On the trivial view granian is 2–3 times faster: its HTTP layer is Rust, so parsing requests,
keep-alive and writing responses take nothing from the Python workers. It is one wheel with no
system library and respawns failed workers itself; so granian. The application stays plain WSGI:
`gunicorn -w 5 thidua.wsgi:application` serves it too (gunicorn is not a dependency).

What the command does before it starts the server:
- `collectstatic` when the manifest of hashed files is missing or older than a static file of the
  code (whitenoise then serves the compressed, hashed files with a year's cache headers);
- `createcachetable` (the database cache; nothing to do when CACHE_URL names Redis);
- warns when migrations are not applied (run `thidua migrate` first, as the systemd unit does).

Settings: `--bind` or THIDUA_BIND (default 127.0.0.1:8000; `unix:/run/thidua.sock` for a socket),
`--workers` or THIDUA_WORKERS (default: one process per CPU core plus one — a granian worker
takes requests in its own Rust threads, so more processes than cores only add memory),
THIDUA_THREADS (Python threads per worker for requests that wait on the database, default 2).
Behind nginx set BEHIND_PROXY=1 (and TRUSTED_PROXIES when the proxy is another machine).
"""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thidua.lib.env import env_int, env_str

DEFAULT_BIND = "127.0.0.1:8000"


def default_workers() -> int:
    return env_int("THIDUA_WORKERS", (os.cpu_count() or 1) + 1)


def static_is_stale() -> bool:
    """True when the hashed files' manifest is missing or older than a static file of the code."""
    storage_backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" not in storage_backend:
        return False  # DEBUG: whitenoise serves the files from the apps themselves
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if os.path.getmtime(storage.path(path)) > built:
                return True
    return False


def granian_argv(bind: str, workers: int, threads: int) -> list[str]:
    argv = [sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", str(workers)]
    argv += ["--blocking-threads", str(threads), "--respawn-failed-workers", "--no-ws"]
    if bind.startswith("unix:"):
        argv += ["--uds", bind.removeprefix("unix:")]
    else:
        host, _, port = bind.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(
                f"Địa chỉ không hợp lệ: {bind!r} (cần dạng 127.0.0.1:8000 hoặc unix:/đường/dẫn)."
            )
        argv += ["--host", host.strip("[]"), "--port", port]
    return [*argv, "thidua.wsgi:application"]


class Command(BaseCommand):
    help = "Chạy máy chủ web thật (granian) cho môi trường sử dụng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=env_str("THIDUA_BIND", DEFAULT_BIND), help="host:port hoặc unix:PATH"
        )
        parser.add_argument("--workers", type=int, default=default_workers(), help="Số tiến trình xử lý.")
        parser.add_argument("--threads", type=int, default=env_int("THIDUA_THREADS", 2))

    def handle(self, *args, **options):
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("Số tiến trình và số luồng phải từ 1 trở lên.")
        if static_is_stale():
            self.stdout.write("Thu thập tệp tĩnh (collectstatic)…")
            call_command("collectstatic", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stderr.write("Cơ sở dữ liệu chưa cập nhật: hãy chạy `thidua migrate` trước.")
        connection.close()
        argv = granian_argv(options["bind"], options["workers"], options["threads"])
        self.stdout.write(f"thidua phục vụ tại {options['bind']} ({options['workers']} tiến trình)")
        sys.stdout.flush()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
        os.execv(argv[0], argv)
