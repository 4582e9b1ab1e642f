"""`thidua statistics`: one statistics form for a unit and a year, as Excel, PDF or a printed table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.statistics import exports
from thidua.statistics.definitions import all_forms, get_form
from thidua.statistics.selectors import REPORTING_KINDS, compute_form
from thidua.units.models import Unit


class Command(BaseCommand):
    help = (
        "Lập biểu thống kê thi đua, khen thưởng của một xã hoặc tỉnh cho một năm, theo chế độ báo cáo"
        " áp dụng cho năm đó."
    )

    def add_arguments(self, parser):
        parser.add_argument("--form", required=True, help="Mã biểu: " + ", ".join(all_forms()))
        parser.add_argument(
            "--year", type=int, required=True, help="Năm báo cáo (từ 01/12 năm trước đến 30/11)."
        )
        parser.add_argument("--unit", required=True, help="Mã đơn vị (mã hành chính) của xã hoặc tỉnh.")
        parser.add_argument("--xlsx", type=Path, help="Ghi biểu ra tệp Excel này.")
        parser.add_argument("--pdf", type=Path, help="Ghi biểu ra tệp PDF này.")

    def handle(self, *args, form: str, year: int, unit: str, xlsx: Path | None, pdf: Path | None, **options):
        definition = get_form(form, year)
        if definition is None:
            raise CommandError(
                f"Không có biểu {form} cho năm {year}. Các biểu: {', '.join(all_forms(year))}."
            )
        found = Unit.objects.filter(code=unit).first()
        if found is None or found.kind not in REPORTING_KINDS:
            raise CommandError(f"Không có xã hoặc tỉnh mã {unit}.")
        result = compute_form(definition, found, year)
        for warning in result.warnings:
            self.stderr.write(warning)
        if xlsx:
            xlsx.write_bytes(exports.form_xlsx(result))
            self.stdout.write(f"Đã ghi {xlsx}")
        if pdf:
            pdf.write_bytes(exports.form_pdf(result))
            self.stdout.write(f"Đã ghi {pdf}")
        if not xlsx and not pdf:
            for values in exports.body_rows(result):
                label, code, *rest = values
                self.stdout.write(f"{code:>3} {str(label)[:60]:<60} " + " ".join(f"{v!s:>5}" for v in rest))
