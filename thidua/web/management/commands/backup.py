from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.lib.backup import backup_write
from thidua.lib.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu, các tệp tải lên và tệp mốc nhật ký vào MỘT tệp (.tar hoặc .tar.gz) "
        "trong khi trang web vẫn chạy. Không gồm SECRET_KEY và AUDIT_KEY: sao lưu hai khóa đó riêng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="Tệp sao lưu (.tar, .tar.gz) hoặc thư mục để đặt tệp có tên theo giờ."
        )

    def handle(self, *args, **options):
        try:
            result = backup_write(Path(options["path"]))
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.counts.values())
        files = sum(1 for name in result.members if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {result.path}: cơ sở dữ liệu {result.vendor}, {rows} bản ghi, {files} tệp tải lên."
            )
        )
