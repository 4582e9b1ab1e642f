"""`thidua movements-rebuild`: compute the dashboards' read model again from the reports."""

from django.core.management.base import BaseCommand

from thidua.access import SYSTEM
from thidua.movements.models import Movement
from thidua.movements.services.standings import standings_rebuild


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tổng hợp của bảng theo dõi phong trào (số liệu mới nhất, mức hoàn thành, xếp hạng, "
        "tổng hợp theo từng xã của phong trào cấp tỉnh) "
        "từ các báo cáo đã nhập; dùng sau khi khôi phục dữ liệu hoặc khi nghi ngờ số liệu. Chạy lại bao nhiêu "
        "lần cũng được."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--movement",
            type=int,
            action="append",
            help="Chỉ tính lại phong trào này (mã số), cùng phần tổng hợp của các phong trào cấp trên nó.",
        )

    def handle(self, *args, movement: list[int] | None, **options):
        chosen = None if not movement else list(Movement.objects.filter(pk__in=movement))
        changed = standings_rebuild(actor=SYSTEM, movements=chosen)
        if not changed:
            self.stdout.write("Số liệu tổng hợp của các phong trào đã đúng.")
        else:
            self.stdout.write(f"Đã sửa {changed} dòng số liệu tổng hợp.")
