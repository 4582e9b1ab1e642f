"""Load the New Rural Development criteria sets shipped as JSON (or a province's edited copy)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.movements.criteria import criteria_load

DATA = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Nạp các bộ tiêu chí Nông thôn mới (Quyết định 318/QĐ-TTg, 51/2025/QĐ-TTg) hoặc một tệp JSON đã sửa."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Tệp JSON; mặc định là các bộ tiêu chí đi kèm phần mềm.")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or sorted(DATA.glob("ntm_*.json"))
        for path in paths:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Không đọc được {path}: {exc}") from exc
            criteria_set = criteria_load(data)
            self.stdout.write(f"{criteria_set.code}: {criteria_set.criteria.count()} tiêu chí")
