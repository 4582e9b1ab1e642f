import time

from django.core.management.base import BaseCommand, CommandError

from thidua.units.synth import synth, synth_history


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tổng hợp có thể lặp lại: N xã, mỗi xã ~25 ấp và tổ chức, ~3.000 cá nhân; "
        "với --years, các năm phong trào của tỉnh."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=1)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--people", type=int, default=3000, help="số cá nhân mỗi xã")
        parser.add_argument(
            "--years",
            type=int,
            default=0,
            help="số năm phong trào, số liệu, đề nghị và khen thưởng của tỉnh (năm nay là năm cuối); 0: không tạo",
        )

    def handle(self, *args, communes, seed, people, years, **options):
        if communes < 1 or people < 0 or not 0 <= years <= 20:
            raise CommandError("Số xã phải từ 1 trở lên, số cá nhân không âm và số năm từ 0 đến 20.")
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
        if years:
            started = time.perf_counter()
            history = synth_history(seed=seed, years=years)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã tạo {years} năm: {history.movements} phong trào, {history.targets} chỉ tiêu, "
                    f"{history.reports} số liệu, {history.nominations} đề nghị, {history.awards} khen thưởng "
                    f"trong {time.perf_counter() - started:.1f} giây."
                )
            )
