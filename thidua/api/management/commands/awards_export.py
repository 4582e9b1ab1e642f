"""`thidua awards-export --year 2025 --unit 28051 [--output FILE]`: a year's awards as the API's export
(`GET /api/v1/awards/export?year=`), for the national commendation database until its interface is
published. The JSON Schema is `thidua/api/data/awards-export-2.json`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from thidua.access import ApiClient, api_client_actions
from thidua.api.management.commands.api_token import find_unit
from thidua.api.schemas import AwardsExport
from thidua.api.selectors import awards_export


class Command(BaseCommand):
    help = (
        "Xuất khen thưởng của một năm (của một đơn vị và các đơn vị bên dưới) thành JSON, "
        "theo định dạng thidua-awards-export/2."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="năm khen thưởng")
        parser.add_argument("--unit", required=True, help="mã đơn vị (mã hành chính, hoặc #số trong thidua)")
        parser.add_argument("--output", metavar="TỆP", help="ghi vào tệp này (mặc định: in ra)")

    def handle(self, *args, **options):
        unit = find_unit(options["unit"])
        # The command reads as a read-only token of the unit would: the same subtree, the same rows.
        scope = ApiClient(
            token_id=0,
            label="hệ thống",
            unit_id=unit.pk,
            path=unit.path,
            actions=api_client_actions(report_figures=False),
        )
        data = AwardsExport.model_validate(awards_export(scope, unit=unit, year=options["year"]))
        text = json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Đã ghi {data.count} khen thưởng năm {data.year} vào {options['output']}.")
        else:
            self.stdout.write(text)
