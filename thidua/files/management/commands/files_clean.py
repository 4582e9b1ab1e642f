"""`thidua files-clean`: delete the uploaded files no record refers to any more."""

import datetime as dt

from django.core.management.base import BaseCommand

from thidua.files.services import stored_files_clean


class Command(BaseCommand):
    help = "Xóa các tệp tải lên không còn bản ghi nào dùng đến (cũ hơn --older-than phút)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="Chỉ xóa tệp cũ hơn số phút này (để yên tệp đang được lưu); mặc định 60.",
        )

    def handle(self, *args, older_than: int, **options):
        rows, files = stored_files_clean(older_than=dt.timedelta(minutes=older_than))
        self.stdout.write(f"Đã xóa {rows} tệp không còn dùng và {files} tệp mồ côi trên đĩa.")
