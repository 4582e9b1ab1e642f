"""`thidua personal-data --person ID --json`: everything thidua holds about one person, the same JSON
the person's page offers (`privacy/person_export.py`); `--pdf FILE` writes the PDF instead.

Run by whoever administers the server, on a person's request for access (Law 91/2025/QH15)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from thidua.people.models import Person
from thidua.privacy.person_export import person_data
from thidua.privacy.person_pdf import person_pdf


class Command(BaseCommand):
    help = "Mọi dữ liệu thidua đang lưu về một cá nhân (JSON hoặc PDF), theo yêu cầu của người đó."

    def add_arguments(self, parser):
        parser.add_argument("--person", type=int, required=True, help="mã cá nhân")
        parser.add_argument("--json", action="store_true", help="in JSON (mặc định)")
        parser.add_argument("--pdf", metavar="TỆP", help="ghi bản PDF vào tệp này")

    def handle(self, *args, **options):
        person = (
            Person.objects.select_related("unit", "household__hamlet").filter(pk=options["person"]).first()
        )
        if person is None:
            raise CommandError(f"Không có cá nhân mã {options['person']}.")
        with translation.override("vi"):
            data = person_data(person)
            if options["pdf"]:
                Path(options["pdf"]).write_bytes(person_pdf(data))
                self.stderr.write(f"Đã ghi {options['pdf']}.")
                if not options["json"]:
                    return
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
