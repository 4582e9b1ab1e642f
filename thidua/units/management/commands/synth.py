import time

from django.core.management.base import BaseCommand, CommandError

from thidua.units.synth import synth


class Command(BaseCommand):
    help = "Tạo dữ liệu tổng hợp có thể lặp lại: N xã, mỗi xã ~25 ấp và tổ chức, ~3.000 cá nhân."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=1)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--people", type=int, default=3000, help="số cá nhân mỗi xã")

    def handle(self, *args, communes, seed, people, **options):
        if communes < 1 or people < 0:
            raise CommandError("Số xã phải từ 1 trở lên và số cá nhân không âm.")
        started = time.perf_counter()
        try:
            result = synth(communes=communes, seed=seed, people_per_commune=people)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {result.provinces} tỉnh, {result.communes} xã, {result.units} đơn vị, "
                f"{result.people} cá nhân trong {time.perf_counter() - started:.1f} giây."
            )
        )
