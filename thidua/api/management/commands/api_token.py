"""`thidua api-token create|list|revoke`: the API's tokens, made by whoever administers the server
for a unit's subtree. The secret is printed once, by `create`; only its hash is kept."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from thidua.access import SYSTEM
from thidua.api.models import ApiToken
from thidua.api.services import api_token_create, api_token_revoke
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit


def find_unit(text: str) -> Unit:
    """A unit by its official code (28051), or by its number in thidua (`#12`; also `12` when no unit
    has that code)."""
    text = text.strip()
    number = text.removeprefix("#")
    # Official codes are kept as loaded (W28051 for a commune or ward, P72 for a province); the
    # bare number printed on papers finds them too.
    codes = [text, f"W{text}", f"P{text}"] if text.isdigit() else [text]
    unit = None if text.startswith("#") else Unit.objects.filter(code__in=codes).order_by("depth").first()
    if unit is None and number.isdigit():
        unit = Unit.objects.filter(pk=int(number)).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã “{text}”. Xem mã đơn vị trên trang Đơn vị (hoặc dùng #số).")
    return unit


class Command(BaseCommand):
    help = "Mã truy cập API cho một đơn vị và các đơn vị bên dưới: tạo (mã hiện một lần), liệt kê, thu hồi."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="tạo mã mới")
        create.add_argument("--unit", required=True, help="mã đơn vị (mã hành chính, hoặc #số trong thidua)")
        create.add_argument("--label", default="", help="tên hệ thống dùng mã (ghi vào nhật ký)")
        create.add_argument(
            "--report-figures",
            action="store_true",
            help="cho phép gửi số liệu của các chỉ tiêu (POST /figures)",
        )
        create.add_argument("--expires", type=dt.date.fromisoformat, help="ngày hết hạn, YYYY-MM-DD")
        listing = sub.add_parser("list", help="liệt kê các mã")
        listing.add_argument("--unit", help="chỉ các mã của đơn vị này")
        revoke = sub.add_parser("revoke", help="thu hồi một mã")
        revoke.add_argument("token", help="số thứ tự của mã (cột đầu của list) hoặc phần đầu thidua_xxxx")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc

    def _create(self, options):
        unit = find_unit(options["unit"])
        label = options["label"] or f"Hệ thống của {unit.name}"
        token, secret = api_token_create(
            actor=SYSTEM,
            unit=unit,
            label=label,
            report_figures=options["report_figures"],
            expires_on=options["expires"],
        )
        rights = "đọc và gửi số liệu" if token.report_figures else "chỉ đọc"
        self.stderr.write(f"Đã tạo mã #{token.pk} “{token.label}” cho {unit.name} ({rights}).")
        self.stderr.write("Mã chỉ hiện một lần này; hãy lưu lại ngay (thidua không giữ mã, chỉ giữ dấu băm):")
        self.stdout.write(secret)

    def _list(self, options):
        tokens = ApiToken.objects.select_related("unit").order_by("id")
        if options["unit"]:
            tokens = tokens.filter(unit=find_unit(options["unit"]))
        for t in tokens:
            if t.revoked_at:
                state = f"đã thu hồi {t.revoked_at:%d/%m/%Y}"
            elif not t.is_active():
                state = f"hết hạn {t.expires_on:%d/%m/%Y}"
            else:
                state = "đang dùng" + (f" đến {t.expires_on:%d/%m/%Y}" if t.expires_on else "")
            rights = "đọc, gửi số liệu" if t.report_figures else "chỉ đọc"
            used = f"dùng lần cuối {t.last_used_at:%d/%m/%Y %H:%M}" if t.last_used_at else "chưa dùng"
            self.stdout.write(
                f"#{t.pk}\tthidua_{t.prefix}_…\t{t.unit.name}\t{t.label}\t{rights}\t{state}\t{used}"
            )

    def _revoke(self, options):
        text = options["token"].strip().removeprefix("#")
        if text.startswith("thidua_"):
            token = ApiToken.objects.filter(prefix=text.split("_")[1][:12]).first()
        else:
            token = ApiToken.objects.filter(pk=int(text)).first() if text.isdigit() else None
        if token is None:
            raise CommandError(f"Không có mã “{options['token']}”.")
        api_token_revoke(actor=SYSTEM, token=token)
        self.stdout.write(f"Đã thu hồi mã #{token.pk} “{token.label}”.")
