"""`thidua worker`: runs the jobs of the task queue (the database backend's `db_worker`).

Run one or more, next to `thidua serve` (systemd unit `thidua-worker.service`). A worker killed in
the middle of a job leaves it `running`; `thidua cron` fails it once it has reported nothing for
THIDUA_JOB_STALE_MINUTES, and its owner can run it again.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy các việc chạy nền (giấy khen, xuất Excel lớn, nhắc nhở) của hàng đợi."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then stop")
        parser.add_argument("--max-tasks", type=int, default=None, help="stop after this many jobs")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at the queue")

    def handle(self, *args, batch: bool, max_tasks: int | None, interval: float, **options):
        extra = ["--batch"] if batch else []
        if max_tasks is not None:
            extra += ["--max-tasks", str(max_tasks)]
        call_command("db_worker", "--interval", str(interval), "--queue-name", "*", *extra)
