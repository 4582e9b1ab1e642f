import time

from django.core.management.base import BaseCommand

from thidua.access import SystemActor
from thidua.units.official import official_specs
from thidua.units.services import units_bulk_upsert


class Command(BaseCommand):
    help = "Nạp (hoặc cập nhật) 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu theo danh mục chính thức."

    def handle(self, *args, **options):
        started = time.perf_counter()
        specs = official_specs()
        created, updated = units_bulk_upsert(actor=SystemActor("load-units"), specs=specs)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp {len(specs)} đơn vị: {created} mới, {updated} cập nhật, "
                f"{len(specs) - created - updated} không đổi ({elapsed:.1f} giây)."
            )
        )
