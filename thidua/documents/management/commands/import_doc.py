"""`thidua import-doc PATH --json`: read an existing document and print what was understood."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.documents.reader import DocumentReadError, read_document


class Command(BaseCommand):
    help = (
        "Đọc một văn bản (.txt, .docx, .odt, .doc, .pdf, bản scan, ảnh chụp) và in các trường nhận ra được."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, path, json: bool = False, **options):  # noqa: A002
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        try:
            parsed = read_document(file.read_bytes(), file.name)
        except DocumentReadError as exc:
            raise CommandError(str(exc)) from None
        data = parsed.to_json()
        if json:
            self.stdout.write(_dumps(data))
            return
        for key, value in data.items():
            if key != "sections":
                self.stdout.write(f"{key}: {value}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
