"""The API, version 1 (`/api/v1/`): thin operations over `selectors` (reads) and `services` (the one
write, figures), each behind the token (`http.TokenAuth`), its rate limit and `thidua.access`."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Query, Swagger
from ninja.errors import HttpError
from ninja.pagination import paginate

from thidua import access
from thidua.access import Action, ApiClient
from thidua.api import schemas, selectors, services
from thidua.api.http import (
    IdPagination,
    PerMinute,
    Rows,
    TokenAuth,
    UnicodeJSON,
    client_of,
    install_handlers,
    token_unit,
)
from thidua.movements.models import Movement

DESCRIPTION = """
API đọc dữ liệu thi đua – khen thưởng của một đơn vị và các đơn vị trực thuộc.

**Mã truy cập.** Quản trị viên của đơn vị tạo mã trên trang “Mã API” của thidua (hoặc bằng lệnh
`thidua api-token create --unit MÃ_ĐƠN_VỊ`); mã chỉ hiện một lần. Gửi mã trong mọi yêu cầu: `Authorization: Bearer thidua_…`. Mã chỉ đọc được đơn vị của
mình và các đơn vị bên dưới; mã được cấp quyền “gửi số liệu” (`--report-figures`) còn gửi được số liệu
của các chỉ tiêu thuộc các đơn vị đó (`POST /figures`).

**Trang.** Danh sách xếp theo mã (id), mỗi trang `limit` dòng (mặc định 50, tối đa 200); `next` là
địa chỉ trang sau (`?after=<id cuối>`), `null` ở trang cuối.

**Số.** Số liệu là chuỗi số thập phân có dấu chấm và đúng hai chữ số thập phân (`"12.50"`, kiểu
`string`, `format: decimal`), để không sai lệch khi máy đọc thành số thực; tiền là số nguyên (đồng).
Khi gửi số liệu, được dùng số JSON (`12.5`) hoặc chuỗi (`"12.5"`).

**Lỗi.** `{"detail": "<thông báo tiếng Việt>", "field": "<tham số hoặc trường>", "code": "<mã lỗi>"}`
với mã HTTP 401 (thiếu mã hoặc mã không dùng được), 403, 404, 422 (dữ liệu không hợp lệ), 429
(quá số yêu cầu mỗi phút).
"""

CERTIFICATE_MISSING = gettext_lazy(
    "Không tìm thấy giấy chứng nhận, giấy khen có mã này. Hãy kiểm tra lại mã in trên giấy."
)
TOKEN_RATE = PerMinute("THIDUA_API_RATE_PER_MINUTE", 120)
PUBLIC_RATE = PerMinute("THIDUA_API_PUBLIC_RATE_PER_MINUTE", 30, public=True)

api = NinjaAPI(
    title="thidua API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[TOKEN_RATE],
    renderer=UnicodeJSON(),
    # Swagger UI from django-ninja's own static files; no call to the public validator.
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)

_ERRORS = {401: schemas.Error, 404: schemas.Error, 422: schemas.Error, 429: schemas.Error}


def _client(request: HttpRequest) -> ApiClient:
    """The token behind the call, checked for reading by `access` (the one place of every rule)."""
    client = client_of(request)
    access.require(client, Action.API_READ, token_unit(request))
    return client


def _page(queryset, row) -> Rows:
    return Rows(queryset, row)


# --- units and people -----------------------------------------------------------------------


@api.get(
    "/units",
    response={200: list[schemas.Unit], **_ERRORS},
    tags=["Đơn vị"],
    summary="Các đơn vị",
    description="Đơn vị của mã truy cập và mọi đơn vị bên dưới; `parent`: các đơn vị trực thuộc một đơn vị; `kind`: một loại đơn vị.",
)
@paginate(IdPagination)
def unit_list(request: HttpRequest, parent: int | None = None, kind: str | None = None):
    """The token's unit and every unit below it; `parent` lists one unit's children, `kind` one kind."""
    return _page(selectors.units(_client(request), parent=parent, kind=kind), selectors.unit_row)


@api.get(
    "/units/{unit_id}",
    response={200: schemas.Unit, **_ERRORS},
    tags=["Đơn vị"],
    summary="Một đơn vị",
    description="Một đơn vị trong phạm vi của mã.",
)
def unit_detail(request: HttpRequest, unit_id: int):
    unit = access.get_unit(_client(request), unit_id, Action.API_READ)
    return selectors.unit_row(unit)


@api.get(
    "/people",
    response={200: list[schemas.Person], **_ERRORS},
    tags=["Cá nhân"],
    summary="Các cá nhân",
    description="Cá nhân thuộc các đơn vị của mã: họ tên, đơn vị, giới tính, chức vụ, đối tượng. Không bao giờ có số điện thoại, địa chỉ, năm sinh, ghi chú hay kỷ luật.",
)
@paginate(IdPagination)
def person_list(request: HttpRequest, unit: int | None = None):
    """People of the token's units: name, unit, gender, position and category only — never a
    phone, an address, a year of birth or any discipline."""
    return _page(selectors.people(_client(request), unit=unit), selectors.person_row)


@api.get(
    "/people/{person_id}",
    response={200: schemas.Person, **_ERRORS},
    tags=["Cá nhân"],
    summary="Một cá nhân",
    description="Một cá nhân (cùng các trường như danh sách).",
)
def person_detail(request: HttpRequest, person_id: int):
    client = _client(request)
    person = access.get_for(
        client, selectors.people(client).select_related("unit"), Action.API_READ, pk=person_id
    )
    return selectors.person_row(person)


# --- movements, targets, figures ----------------------------------------------------------------


@api.get(
    "/movements",
    response={200: list[schemas.Movement], **_ERRORS},
    tags=["Phong trào"],
    summary="Các phong trào",
    description="Phong trào do các đơn vị của mã phát động, và phong trào của cấp trên mà các đơn vị đó tham gia.",
)
@paginate(IdPagination)
def movement_list(request: HttpRequest, state: str | None = None):
    """Movements the token's units run, and those of the units above them that they take part in."""
    return _page(selectors.movements(_client(request), state=state), selectors.movement_row)


@api.get(
    "/movements/{movement_id}",
    response={200: schemas.MovementDetail, **_ERRORS},
    tags=["Phong trào"],
    summary="Một phong trào và các kỳ báo cáo",
    description="Một phong trào và các kỳ báo cáo của nó (mã kỳ dùng khi gửi số liệu).",
)
def movement_detail(request: HttpRequest, movement_id: int):
    movement = access.get_shared(
        _client(request), Movement.objects.select_related("unit"), None, pk=movement_id
    )
    return selectors.movement_detail(movement)


@api.get(
    "/targets",
    response={200: list[schemas.Target], **_ERRORS},
    tags=["Phong trào"],
    summary="Chỉ tiêu và mức đạt",
    description="Chỉ tiêu của các đơn vị của mã, kèm số liệu mới nhất và mức hoàn thành. Mã của một xã không đọc chỉ tiêu của xã khác trong phong trào của tỉnh.",
)
@paginate(IdPagination)
def target_list(
    request: HttpRequest, movement: int | None = None, year: int | None = None, unit: int | None = None
):
    """Targets of the token's units, each with its latest figure and completion."""
    client = _client(request)
    return _page(selectors.targets(client, movement=movement, year=year, unit=unit), selectors.target_row)


@api.get(
    "/figures",
    response={200: list[schemas.Figure], **_ERRORS},
    tags=["Phong trào"],
    summary="Số liệu đã báo cáo",
    description="Số liệu đã báo cáo cho các chỉ tiêu của các đơn vị của mã.",
)
@paginate(IdPagination)
def figure_list(
    request: HttpRequest,
    movement: int | None = None,
    period: int | None = None,
    unit: int | None = None,
    target: int | None = None,
):
    client = _client(request)
    qs = selectors.figures(client, movement=movement, period=period, unit=unit, target=target)
    return _page(qs, selectors.figure_row)


@api.post(
    "/figures",
    response={200: schemas.FiguresOut, 403: schemas.Error, **_ERRORS},
    tags=["Phong trào"],
    summary="Gửi số liệu (mã có quyền gửi số liệu)",
    description="Gửi số liệu cho các chỉ tiêu của các đơn vị của mã (mã được cấp quyền “gửi số liệu”). Lưu tất cả hoặc không lưu gì; cùng các bước kiểm tra, cùng nhật ký (tên của mã là người thực hiện) và cùng bảng theo dõi như khi nhập trên trang báo cáo. Số liệu bị từ chối được nêu trong `field` (ví dụ `figures[2].value`) với thông báo tiếng Việt. Số liệu bất thường (tỷ lệ trên 100 %, gấp 10 lần kỳ trước) cần `confirmed: true`.",
)
def figures_post(request: HttpRequest, payload: schemas.FiguresIn):
    """Report figures of the token's units' targets, all saved or none, through the same service as
    the report form: the same checks, the same audit entry (the token's name as who did it), the same
    dashboard. A refused figure is named in `field` (`figures[2].value`) with a Vietnamese message."""
    client = _client(request)
    reports = services.figures_report(
        actor=client,
        figures=[
            services.FigureIn(target=f.target, period=f.period, value=f.value, note=f.note, as_of=f.as_of)
            for f in payload.figures
        ],
        confirmed=payload.confirmed,
    )
    return {"saved": len(reports), "figures": [selectors.figure_row(r) for r in reports]}


# --- commendations ------------------------------------------------------------------------------


@api.get(
    "/nominations",
    response={200: list[schemas.Nomination], **_ERRORS},
    tags=["Khen thưởng"],
    summary="Đề nghị và trạng thái",
    description="Đề nghị khen thưởng của các đơn vị của mã và trạng thái của chúng (không có báo cáo thành tích hay kết quả kiểm tra điều kiện).",
)
@paginate(IdPagination)
def nomination_list(request: HttpRequest, year: int | None = None, state: str | None = None):
    client = _client(request)
    return _page(selectors.nominations(client, year=year, state=state), selectors.nomination_row)


@api.get(
    "/awards",
    response={200: list[schemas.Award], **_ERRORS},
    tags=["Khen thưởng"],
    summary="Khen thưởng",
    description="Khen thưởng (quyết định đã ký, hoặc đã có từ trước) do các đơn vị của mã quyết định hoặc trao cho cá nhân, tập thể, hộ thuộc các đơn vị đó, cả khen thưởng đã bị hủy: `state` là `in_force` (còn hiệu lực) hoặc `annulled` (đã hủy, kèm ngày hủy `annulled_on` và quyết định hủy `annul_decision`; lý do hủy không được cung cấp). Lọc: `state=in_force` hoặc `state=annulled`.",
)
@paginate(IdPagination)
def award_list(request: HttpRequest, year: int | None = None, state: schemas.AwardState | None = None):
    return _page(selectors.awards(_client(request), year=year, state=state), selectors.award_row)


class ExportQuery(schemas.Schema):
    year: int = schemas.Field(..., ge=1945, le=2100, description="Năm khen thưởng.")


@api.get(
    "/awards/export",
    response={200: schemas.AwardsExport, **_ERRORS},
    tags=["Khen thưởng"],
    summary="Xuất khen thưởng của một năm (cho cơ sở dữ liệu thi đua, khen thưởng quốc gia)",
    description="Mọi khen thưởng của một năm trong phạm vi của mã, còn hiệu lực hay đã bị hủy (`state`), thành một văn bản JSON (định dạng `thidua-awards-export/2`; JSON Schema: `thidua/api/data/awards-export-2.json`) — điểm nối với Cơ sở dữ liệu quốc gia về thi đua, khen thưởng cho đến khi giao diện của cơ sở dữ liệu đó được công bố. Năm không có khen thưởng: danh sách rỗng.",
)
def awards_export(request: HttpRequest, query: Query[ExportQuery]):
    """Every award of one year of the token's units, in force or annulled, as one JSON document
    (format `thidua-awards-export/2`, JSON Schema in `thidua/api/data/awards-export-2.json`)."""
    client = _client(request)
    return selectors.awards_export(client, unit=token_unit(request), year=query.year)


@api.get(
    "/decisions",
    response={200: list[schemas.Decision], **_ERRORS},
    tags=["Khen thưởng"],
    summary="Quyết định đã ký",
    description="Quyết định khen thưởng đã ký của các đơn vị của mã.",
)
@paginate(IdPagination)
def decision_list(request: HttpRequest, year: int | None = None):
    return _page(selectors.decisions(_client(request), year=year), selectors.decision_row)


@api.get(
    "/certificates/{code}",
    response={200: schemas.Certificate, 404: schemas.Error, 422: schemas.Error, 429: schemas.Error},
    auth=None,
    throttle=[PUBLIC_RATE],
    tags=["Xác minh"],
    summary="Xác minh giấy chứng nhận, giấy khen (công khai, không cần mã)",
    description="Xác minh giấy chứng nhận, giấy khen theo mã in trên giấy (chữ hoa hay thường, có dấu cách hay gạch nối đều được), như trang xác minh công khai. Không cần mã truy cập; giới hạn số lần mỗi phút theo địa chỉ.",
)
def certificate(request: HttpRequest, code: str):
    """What the public verification page shows of the certificate bearing this code (typed in any
    case, with spaces or hyphens)."""
    found = selectors.certificate(code[:80])
    if found is None:
        raise HttpError(404, str(CERTIFICATE_MISSING))
    return found
