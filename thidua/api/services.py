"""Writes of the API: tokens (made and revoked by an admin of the unit) and the figures a token with
"report figures" sends, through the movements' own figures service."""

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import Action, Actor, ApiClient
from thidua.api.models import ApiToken
from thidua.audit import changes
from thidua.lib.errors import ServiceError
from thidua.movements.models import ProgressReport, ReviewPeriod, Target
from thidua.movements.services.figures import FIGURE_LIMIT, progress_report
from thidua.units.models import Unit

TOKEN_START = "thidua"
# thidua_<prefix>_<secret>: the prefix finds the row, the secret (256 bits) proves the holder.
_TOKEN_RE = re.compile(r"^thidua_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
# Figures a token sends at once: a hamlet's form or a commune's quarter, never a whole database.
MAX_FIGURES = 500
# A figure is kept with two decimals in at most 16 digits (movements.ProgressReport.value).

LABEL_EMPTY = gettext_lazy("Hãy đặt tên cho hệ thống sẽ dùng mã (ví dụ: Phần mềm báo cáo của Ấp Mỹ Hòa).")
EXPIRED_ALREADY = gettext_lazy("Ngày hết hạn phải từ hôm nay trở đi.")
REVOKED_ALREADY = gettext_lazy("Mã này đã bị thu hồi.")
NOT_A_NUMBER = gettext_lazy(
    "“%(text)s” không phải là số theo cách viết của API: ghi một số JSON, hoặc chuỗi chỉ gồm chữ số "
    "với dấu chấm ngăn phần thập phân (ví dụ 12.5), không dấu phẩy, không dấu ngăn nghìn."
)
DECIMAL_COMMA = gettext_lazy(
    "“%(text)s” dùng dấu phẩy: API nhận số có dấu chấm ngăn phần thập phân (ví dụ 2.5 thay cho 2,5) "
    "và không có dấu ngăn nghìn."
)
TOO_MANY_DECIMALS = gettext_lazy("“%(text)s” có quá 2 chữ số sau dấu thập phân.")
TOO_LARGE = gettext_lazy("“%(text)s” quá lớn.")
NO_FIGURES = gettext_lazy("Hãy gửi ít nhất một số liệu.")
TOO_MANY_FIGURES = gettext_lazy("Mỗi lần gửi tối đa %(limit)s số liệu.")
TARGET_UNKNOWN = gettext_lazy("Không có chỉ tiêu mã %(id)s trong các đơn vị của mã truy cập này.")
PERIOD_UNKNOWN = gettext_lazy("Phong trào của chỉ tiêu không có kỳ báo cáo mã %(id)s.")
TWICE = gettext_lazy("Chỉ tiêu %(target)s, kỳ %(period)s được gửi hai lần trong cùng một lần gửi.")


# --- tokens ---------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    unit: Unit,
    label: str,
    report_figures: bool = False,
    expires_on: dt.date | None = None,
) -> tuple[ApiToken, str]:
    """A new token for another system reading `unit`'s subtree (and reporting its figures when
    `report_figures`). Returns the token and its secret, which is shown this once and never kept."""
    access.require_actor(actor, Action.API_TOKEN_MANAGE, unit)
    label = " ".join(label.split())
    if not label:
        raise ServiceError(LABEL_EMPTY, field="label")
    if expires_on is not None and expires_on < timezone.localdate():
        raise ServiceError(EXPIRED_ALREADY, field="expires_on")
    prefix = secrets.token_hex(6)
    while prefix == DEMO_PREFIX:  # one chance in 2**48, and the demo's secret is public
        prefix = secrets.token_hex(6)
    raw = f"{TOKEN_START}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        label=label,
        unit=unit,
        prefix=prefix,
        secret_hash=_hash(raw),
        report_figures=report_figures,
        expires_on=expires_on,
        created_by=access.user_of(actor),
    )
    changes.create(token, actor=actor, exclude=("secret_hash",))
    return token, raw


# The demo's token: read-only on the demo commune, its secret printed by `thidua load-demo` and in the
# README, so public. Only the demo loader makes it (`api_token_create_demo`, refused to any other
# actor); `api_token_create` draws its prefix at random and never takes this one.
DEMO_PREFIX = "00000000de00"
DEMO_TOKEN = f"{TOKEN_START}_{DEMO_PREFIX}_demo_MyThanh_read-only_public-never-real-00"
DEMO_LABEL = "Mã mẫu của bản chạy thử (chỉ đọc)"


@transaction.atomic
def api_token_create_demo(*, actor: Actor, unit: Unit) -> ApiToken:
    """The demo's read-only token with its known secret (`DEMO_TOKEN`), for the demo loader only."""
    if not (isinstance(actor, access.SystemActor) and actor.label == "load-demo"):
        raise TypeError("the demo's token is made by `thidua load-demo` only")
    access.require_actor(actor, Action.API_TOKEN_MANAGE, unit)
    token = ApiToken(
        label=DEMO_LABEL,
        unit=unit,
        prefix=DEMO_PREFIX,
        secret_hash=_hash(DEMO_TOKEN),
        report_figures=False,
        created_by=None,
    )
    changes.create(token, actor=actor, exclude=("secret_hash",))
    return token


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Stop a token at once (a system retired, a secret leaked); the row stays for the audit log."""
    access.require_actor(actor, Action.API_TOKEN_MANAGE, token.unit)
    if token.revoked_at is not None:
        raise ServiceError(REVOKED_ALREADY)
    return changes.update(token, actor=actor, verb="thu hồi", revoked_at=timezone.now())


def token_lookup(raw: str, *, today: dt.date | None = None) -> ApiToken | None:
    """The live token `raw` stands for: None when it is malformed, unknown, revoked or expired.
    Compared in constant time, so the answer's timing tells nothing of the secret."""
    match = _TOKEN_RE.match(raw.strip())
    if match is None:
        return None
    token = ApiToken.objects.select_related("unit").filter(prefix=match.group(1)).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw.strip())):
        return None
    return token if token.is_active(today) else None


def client_for(token: ApiToken) -> ApiClient:
    """The actor a token acts as: its subtree, its actions, its label in the audit log."""
    return ApiClient(
        token_id=token.pk,
        label=_("API: %(label)s") % {"label": token.label},
        unit_id=token.unit_id,
        path=token.unit.path,
        actions=access.api_client_actions(report_figures=token.report_figures),
    )


def token_touch(token: ApiToken) -> None:
    """Note when the token was last used, at most once an hour: a read costs no write."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(hours=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureIn:
    """One figure as sent: the target, the period, the value (a JSON number or a plain string)."""

    target: int
    period: int
    value: Any
    note: str = ""
    as_of: dt.date | None = None


def parse_value(value: Any) -> Decimal:
    """A figure as another system sends it: a JSON number, or a string of digits with a dot before
    the decimals. A decimal comma ("2,5"), thousands separators, more than two decimals, anything
    else is refused with a Vietnamese message — a machine has no excuse for an ambiguous figure."""
    if isinstance(value, bool) or value is None:
        raise ServiceError(_("Hãy nhập giá trị."), field="value")
    if isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip()
        if "," in text:
            raise ServiceError(DECIMAL_COMMA % {"text": value}, field="value", code="decimal_comma")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ServiceError(NOT_A_NUMBER % {"text": value}, field="value", code="not_a_number")
    else:
        raise ServiceError(NOT_A_NUMBER % {"text": value}, field="value", code="not_a_number")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ServiceError(NOT_A_NUMBER % {"text": value}, field="value", code="not_a_number")
    if abs(number) >= FIGURE_LIMIT:
        raise ServiceError(TOO_LARGE % {"text": value}, field="value", code="too_large")
    if number != number.quantize(Decimal("0.01")):
        raise ServiceError(TOO_MANY_DECIMALS % {"text": value}, field="value", code="decimals")
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def figures_report(
    *, actor: ApiClient, figures: list[FigureIn], confirmed: bool = False
) -> list[ProgressReport]:
    """Figures sent by another system with a "report figures" token, all saved or none.

    Each goes through the movements' `progress_report` — the same checks (period open and begun,
    unit taking part, value allowed, a figure ten times the last one only when `confirmed`), the
    same audit entry (the token's label as the actor) and the same refresh of the dashboard's read
    model — inside this one transaction: the first figure refused undoes the ones before it. The
    refusal names the figure (`figures[i].field`)."""
    if not figures:
        raise ServiceError(NO_FIGURES, field="figures")
    if len(figures) > MAX_FIGURES:
        raise ServiceError(TOO_MANY_FIGURES % {"limit": MAX_FIGURES}, field="figures")
    values = []
    for i, figure in enumerate(figures):
        try:
            values.append(parse_value(figure.value))
        except ServiceError as exc:
            raise ServiceError(exc.message, field=f"figures[{i}].value", code=exc.code) from exc
    targets = {
        t.pk: t
        for t in access.filter_visible(
            actor,
            Target.objects.select_related("movement__unit", "unit", "indicator"),
        ).filter(pk__in={f.target for f in figures})
    }
    periods = {p.pk: p for p in ReviewPeriod.objects.filter(pk__in={f.period for f in figures})}
    seen: set[tuple[int, int]] = set()
    reports = []
    for i, (figure, value) in enumerate(zip(figures, values, strict=True)):
        target = targets.get(figure.target)
        if target is None:
            raise ServiceError(TARGET_UNKNOWN % {"id": figure.target}, field=f"figures[{i}].target")
        access.require_actor(actor, Action.API_REPORT_FIGURES, target.unit)
        period = periods.get(figure.period)
        if period is None or period.movement_id != target.movement_id:
            raise ServiceError(PERIOD_UNKNOWN % {"id": figure.period}, field=f"figures[{i}].period")
        if (target.pk, period.pk) in seen:
            raise ServiceError(
                TWICE % {"target": target.pk, "period": period.pk}, field=f"figures[{i}].target"
            )
        seen.add((target.pk, period.pk))
        try:
            reports.append(
                progress_report(
                    actor=actor,
                    target=target,
                    period=period,
                    value=value,
                    note=figure.note,
                    as_of=figure.as_of,
                    confirmed=confirmed,
                )
            )
        except ServiceError as exc:
            raise ServiceError(
                exc.message, field=f"figures[{i}].{exc.field or 'value'}", code=exc.code
            ) from exc
    return reports
