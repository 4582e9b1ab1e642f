"""`thidua cron`: the scheduled work, run from a systemd timer (every few minutes is fine).

Idempotent: the overdue reminders go out once per movement per day (the day's job has a key), a
stale job is failed once, an expired file is removed once. Prints what it did.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.jobs import schedule


class Command(BaseCommand):
    help = "Việc định kỳ: nhắc báo cáo quá hạn, thông báo công khai hết hạn, việc chạy nền bị treo, tệp hết hạn, dữ liệu cá nhân hết thời hạn lưu."

    def handle(self, *args, **options):
        for line in schedule.run_all(now=timezone.now()):
            self.stdout.write(line)
