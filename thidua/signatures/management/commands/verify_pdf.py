"""`thidua verify-pdf PATH [--json]`: the signature report of a received PDF, against the trust roots,
intermediates and revocation lists the admin configured. Exit status 0 when every signature is valid,
1 otherwise (unsigned, changed, untrusted), so a script can act on it."""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thidua.files.content import UploadRefused, check_size
from thidua.signatures.selectors import verify


class Command(BaseCommand):
    help = "Kiểm tra chữ ký số của một tệp PDF nhận được và in báo cáo (tiếng Việt)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="In báo cáo dạng JSON.")

    def handle(self, *args, path: str, json: bool = False, **options):  # noqa: A002
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        try:
            check_size(file.stat().st_size)
            report = verify(file.read_bytes(), name=file.name)
        except UploadRefused as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if json:
            self.stdout.write(_dumps(report.to_json()))
        else:
            self.stdout.write(report.summary)
            for problem in report.problems:
                self.stdout.write(f"! {problem}")
            for sig in report.signatures:
                self.stdout.write(f"\nChữ ký số {sig.number}: {sig.signer} – {sig.organisation}")
                self.stdout.write(f"  Thời điểm ký: {sig.signing_time or 'không ghi'}")
                for message in sig.messages:
                    self.stdout.write(f"  - {message}")
        if not report.ok:
            sys.exit(1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
