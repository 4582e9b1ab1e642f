from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.lib.errors import ServiceError
from thidua.lib.restore import restore_archive


class Command(BaseCommand):
    help = (
        "Khôi phục một tệp sao lưu của `thidua backup` vào một cài đặt TRỐNG: kiểm tra mã SHA-256 của "
        "mọi tệp trước, rồi khôi phục cơ sở dữ liệu, tệp tải lên và tệp mốc; cần cùng AUDIT_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp sao lưu do `thidua backup` tạo ra.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không có tệp sao lưu {path}.")
        try:
            result = restore_archive(path)
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục ({result.vendor_from} → {result.vendor_to}, {result.method}): {rows} bản ghi "
                f"khớp bản kê, {result.media_files} tệp tải lên. Chạy `thidua audit-verify` để kiểm tra nhật ký."
            )
        )
