"""How the API meets HTTP: the bearer token, the rate limit per token, pages by id, and every refusal
as JSON with a Vietnamese message (`{"detail": …, "field": …, "code": …}`)."""

import random
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.pagination import PaginationBase
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from thidua.access import ApiClient
from thidua.api import services
from thidua.api.models import RateCount
from thidua.lib.clients import client_ip, client_key
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit

NO_TOKEN = gettext_lazy(
    "Thiếu mã truy cập. Gửi mã trong tiêu đề “Authorization: Bearer <mã>”; quản trị viên của đơn vị "
    "tạo mã trên trang “Mã API” của thidua hoặc bằng lệnh “thidua api-token create”."
)
BAD_TOKEN = gettext_lazy("Mã truy cập không đúng, đã bị thu hồi hoặc đã hết hạn.")
READ_ONLY = gettext_lazy(
    "Mã truy cập này chỉ được đọc. Quản trị viên cấp quyền “gửi số liệu” khi tạo mã (--report-figures)."
)
NOT_FOUND = gettext_lazy("Không tìm thấy, hoặc không thuộc các đơn vị của mã truy cập này.")
TOO_MANY = gettext_lazy(
    "Quá nhiều yêu cầu: tối đa %(limit)s yêu cầu mỗi phút. Hãy thử lại sau %(wait)s giây."
)
INVALID = gettext_lazy("Dữ liệu gửi lên không hợp lệ.")
BAD_BODY = gettext_lazy("Nội dung gửi lên không phải JSON hợp lệ.")


class UnicodeJSON(JSONRenderer):
    """Vietnamese as it is written, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


# --- the token --------------------------------------------------------------------------------


class TokenRefused(AuthenticationError):
    def __init__(self) -> None:
        super().__init__(401, str(BAD_TOKEN))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer thidua_…`: the live token's `ApiClient`, or a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        found = services.token_lookup(token)
        if found is None:
            raise TokenRefused()
        services.token_touch(found)
        request._thidua_api_unit = found.unit  # type: ignore[attr-defined]  # for this request only
        return services.client_for(found)


def token_unit(request: HttpRequest) -> Unit:
    """The unit of the token behind the request, read with the token."""
    unit = getattr(request, "_thidua_api_unit", None)
    if not isinstance(unit, Unit):
        raise PermissionDenied
    return unit


def client_of(request: HttpRequest) -> ApiClient:
    """The token behind the request (set by `TokenAuth` before any operation runs)."""
    client = getattr(request, "auth", None)
    if not isinstance(client, ApiClient):  # a programming error: the operation has no auth
        raise PermissionDenied
    return client


# --- the rate limit -----------------------------------------------------------------------------


def _per_minute(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _database_cache() -> bool:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return backend.endswith("DatabaseCache")


def count_call(ident: str, minute: int) -> int:
    """This call's number within `minute` for `ident`, counted atomically across processes.

    With the database's cache, Django's `incr` is a read then a write (two callers at once both
    read 5 and write 6) and each `add` or `set` also counts the whole cache table; here one upsert
    (PostgreSQL, SQLite 3.35+) counts it, under the row's lock. Redis's INCR and the local memory
    cache's are atomic already and cost no database write."""
    if not _database_cache():
        key = f"api-rate:{ident}:{minute}"
        if cache.add(key, 1, timeout=120):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: this call starts the count again
            cache.set(key, 1, timeout=120)
            return 1
    table = connection.ops.quote_name(RateCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (ident, minute, calls) VALUES (%s, %s, 1) "
            f"ON CONFLICT (ident) DO UPDATE SET "
            f"calls = CASE WHEN {table}.minute = excluded.minute THEN {table}.calls + 1 ELSE 1 END, "
            f"minute = excluded.minute RETURNING calls",
            [ident, minute],
        )
        (calls,) = cursor.fetchone()
        if calls == 1 and random.random() < 0.01:
            # addresses seen once on the public check leave no row behind for long
            cursor.execute(f"DELETE FROM {table} WHERE minute < %s", [minute - 1])
    return int(calls)


class PerMinute(BaseThrottle):
    """A fixed window of one minute, counted for the installation, not for one process (`count_call`:
    Redis, or one row per caller in the database): at most `THIDUA_API_RATE_PER_MINUTE` calls of one
    token, `THIDUA_API_PUBLIC_RATE_PER_MINUTE` of one address to the public certificate check."""

    def __init__(self, setting: str, default: int, *, public: bool = False):
        self.setting, self.default, self.public = setting, default, public
        self._wait: float | None = None

    @property
    def limit(self) -> int:
        return _per_minute(self.setting, self.default)

    def allow_request(self, request: HttpRequest) -> bool:
        if self.public:
            ident = "public-" + client_key(client_ip(request), "api-public")[:64]
        else:
            ident = f"token-{client_of(request).token_id}"
        now = time.time()
        window = int(now // 60)
        count = count_call(ident, window)
        request._thidua_rate_limit = self.limit  # type: ignore[attr-defined]  # for the message
        if count > self.limit:
            self._wait = (window + 1) * 60 - now
            return False
        return True

    def wait(self) -> float | None:
        return self._wait


# --- pages by id --------------------------------------------------------------------------------


class Rows(NamedTuple):
    """What a list operation returns: its query (ordered by id) and how to show one row."""

    queryset: QuerySet
    row: Callable[[Any], dict[str, Any]]


class IdPagination(PaginationBase):
    """Pages by id (`?after=<last id>&limit=`): each page costs the same however deep, and a row added
    while a client walks the list neither repeats nor hides another. `next` is the next page's
    address, null on the last page."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="Số dòng mỗi trang (1–200).")
        after: int = Field(0, ge=0, description="Mã (id) của dòng cuối trang trước; 0: trang đầu.")

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(None, description="Địa chỉ trang sau; null ở trang cuối.")

    def paginate_queryset(self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        rows: Rows = queryset
        page = list(rows.queryset.filter(pk__gt=pagination.after)[: pagination.limit + 1])
        more = len(page) > pagination.limit
        page = page[: pagination.limit]
        following = None
        if more and page:
            query = request.GET.copy()
            query["after"] = str(page[-1].pk)
            query["limit"] = str(pagination.limit)
            following = f"{request.path}?{query.urlencode()}"
        return {"items": [rows.row(item) for item in page], "next": following}


# --- refusals -----------------------------------------------------------------------------------


def _error(api: NinjaAPI, request: HttpRequest, status: int, detail: Any, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": str(detail), **extra}, status=status)


# pydantic's error types, as a person reads them.
_PROBLEMS = {
    "missing": gettext_lazy("bắt buộc phải có"),
    "int_parsing": gettext_lazy("phải là số nguyên"),
    "int_type": gettext_lazy("phải là số nguyên"),
    "bool_parsing": gettext_lazy("phải là true hoặc false"),
    "bool_type": gettext_lazy("phải là true hoặc false"),
    "date_from_datetime_parsing": gettext_lazy("phải là ngày dạng YYYY-MM-DD"),
    "date_parsing": gettext_lazy("phải là ngày dạng YYYY-MM-DD"),
    "date_type": gettext_lazy("phải là ngày dạng YYYY-MM-DD"),
    "string_type": gettext_lazy("phải là chuỗi chữ"),
    "string_too_long": gettext_lazy("quá dài"),
    "list_type": gettext_lazy("phải là một danh sách"),
    "model_attributes_type": gettext_lazy("phải là một đối tượng JSON"),
    "dict_type": gettext_lazy("phải là một đối tượng JSON"),
    "json_invalid": gettext_lazy("không phải JSON hợp lệ"),
}


def _where(loc: list[Any]) -> str:
    """`["body", "payload", "figures", 0, "value"]` → `figures[0].value`; a query parameter by its name."""
    parts = [p for p in loc if p not in ("body", "query", "path", "payload", "ninja_pagination")]
    # A union's branches (int, float, str) name themselves after the field; they are not places.
    parts = [p for p in parts if not (isinstance(p, str) and p.startswith(("int", "float", "str", "none")))]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validation_message(errors: list[dict[str, Any]]) -> tuple[str, str | None]:
    """The first problem of a request pydantic refused, in Vietnamese, and where it is."""
    first = errors[0] if errors else {}
    where = _where(list(first.get("loc", [])))
    kind = first.get("type", "")
    ctx = first.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        problem = _("phải từ %(limit)s trở lên") % {"limit": ctx.get("ge", ctx.get("gt"))}
    elif kind in ("less_than_equal", "less_than"):
        problem = _("không được quá %(limit)s") % {"limit": ctx.get("le", ctx.get("lt"))}
    elif kind == "literal_error":
        problem = _("phải là một trong: %(choices)s") % {"choices": ctx.get("expected", "")}
    elif kind in _PROBLEMS:
        problem = str(_PROBLEMS[kind])
    elif kind.endswith("_type"):
        problem = _("sai kiểu dữ liệu")
    else:
        problem = _("không hợp lệ")
    if kind == "json_invalid" or not where:
        return f"{INVALID} {_('Nội dung gửi lên')} {problem}.", where or None
    return _("“%(field)s” %(problem)s.") % {"field": where, "problem": problem}, where


def install_handlers(api: NinjaAPI) -> None:
    """Every refusal of the API as `{"detail", "field", "code"}`, in Vietnamese."""

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = BAD_TOKEN if isinstance(exc, TokenRefused) else NO_TOKEN
        response = _error(api, request, 401, message, code="unauthorized")
        response["WWW-Authenticate"] = 'Bearer realm="thidua"'
        return response

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, int(exc.wait or 60))
        limit = getattr(request, "_thidua_rate_limit", "")
        return _error(api, request, 429, TOO_MANY % {"limit": limit, "wait": wait}, code="rate_limited")

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own 400 is a body it could not read: its message is English.
        message = BAD_BODY if exc.status_code == 400 else exc.message
        return _error(
            api, request, exc.status_code, message, code="bad_request" if exc.status_code == 400 else None
        )

    def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        message, where = validation_message(exc.errors)
        return _error(api, request, 422, message, field=where, code="invalid")

    def on_refused(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return _error(api, request, 422, exc.message, field=exc.field, code=exc.code)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, NOT_FOUND, code="not_found")

    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _error(api, request, 403, READ_ONLY, code="forbidden")

    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(ValidationError, on_invalid)
    api.add_exception_handler(ServiceError, on_refused)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
