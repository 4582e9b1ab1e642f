"""`thidua personal-data-map`: the data map of the installation, from `thidua/privacy/datamap.py`.

With --markdown it prints the README's section "Dữ liệu cá nhân" (a guard test checks that the
README holds exactly this), for a commune to hand to its data-protection officer.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from thidua.privacy import datamap, render


class Command(BaseCommand):
    help = "Bản đồ dữ liệu cá nhân: mỗi trường, mục đích, căn cứ, ai được xem, thời hạn lưu."

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help="in dạng Markdown (mục README)")

    def handle(self, *args, **options):
        missing = datamap.unclassified()
        if missing:
            raise CommandError("Chưa phân loại trong bản đồ dữ liệu: " + ", ".join(missing))
        with translation.override("vi"):
            if options["markdown"]:
                self.stdout.write(render.markdown(), ending="")
                return
            for row in render.rows():
                self.stdout.write(
                    f"{row.model}.{row.field}\t{row.data_class}\t{row.seen_by}\t{row.retention}"
                )
