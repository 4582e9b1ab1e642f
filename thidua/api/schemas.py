"""What the API answers and accepts, as typed schemas: the OpenAPI document (`/api/v1/openapi.json`)
and the awards export's JSON Schema (`data/awards-export-1.json`) are generated from these.

A person is shown only by the fields every role and the public may see in the personal-data map
(`thidua.privacy.datamap`): name, unit, gender, position, category — never a phone, an address, a
year of birth, a note, or any discipline, inspection or complaint (`PERSON_FIELDS`, kept so by a test).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import PlainSerializer, StrictFloat, StrictInt, StrictStr, WithJsonSchema

# The fields of people.Person the API shows (the test checks each against the data map).
PERSON_FIELDS = ("id", "full_name", "gender", "position", "category", "unit")


# Figures are decimal text, exact to the cent: a JSON number is read as a binary double by most
# clients, which holds neither 0.1 exactly nor the 16 digits a figure may have. Money is an integer
# number of đồng. (Why: the app's README, "Numbers".)
DECIMAL_PATTERN = r"^-?\d{1,14}\.\d{2}$"


def _cents(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


DecimalText = Annotated[
    Decimal,
    PlainSerializer(_cents, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "decimal",
            "pattern": DECIMAL_PATTERN,
            "description": "Số thập phân viết thành chuỗi, đúng tới hai chữ số sau dấu chấm.",
            "examples": ["2.60", "1250.00"],
        },
        mode="serialization",
    ),
]
OptionalDecimalText = Annotated[
    Decimal | None,
    PlainSerializer(lambda value: None if value is None else _cents(value), return_type=str | None),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN, "examples": ["2.60"]},
                {"type": "null"},
            ]
        },
        mode="serialization",
    ),
]
AwardState = Literal["in_force", "annulled"]


class Error(Schema):
    """A refusal: a message in Vietnamese for a person, and where it applies (a parameter or a
    field of what was sent) when it is about one."""

    detail: str = Field(..., examples=["Thiếu mã truy cập."])
    field: str | None = Field(None, examples=["figures[0].value"])
    code: str | None = Field(None, examples=["decimal_comma"])


class Unit(Schema):
    id: int
    name: str
    short_name: str
    kind: str = Field(..., description="province, commune, hamlet, mass_org, council, …")
    kind_label: str
    code: str | None = Field(None, description="Mã đơn vị hành chính chính thức, nếu có.")
    parent_id: int | None
    depth: int


class Person(Schema):
    id: int
    full_name: str
    gender: str
    position: str
    category: str
    unit_id: int


class Period(Schema):
    id: int
    name: str
    kind: str
    start: dt.date
    end: dt.date
    due: dt.date
    state: str


class Movement(Schema):
    id: int
    name: str
    unit_id: int
    kind: str
    state: str
    state_label: str
    plan_number: str
    plan_date: dt.date | None
    period_start: dt.date
    period_end: dt.date
    parent_id: int | None = Field(None, description="Phong trào cấp trên mà phong trào này triển khai.")


class MovementDetail(Movement):
    periods: list[Period]


class Target(Schema):
    id: int
    movement_id: int
    unit_id: int
    year: int
    indicator_id: int
    indicator: str
    measure: str
    direction: str = Field(..., description="increase, decrease, reach, yes_no")
    value: DecimalText
    baseline: OptionalDecimalText
    latest_value: OptionalDecimalText = Field(None, description="Số liệu mới nhất đã báo cáo.")
    latest_period_id: int | None = None
    completion_pct: int | None = Field(None, description="Mức hoàn thành (%), tối đa 100.")
    met: bool = False


class Figure(Schema):
    id: int
    target_id: int
    period_id: int
    unit_id: int
    value: DecimalText
    as_of: dt.date | None
    note: str
    reported_at: dt.datetime


class Nomination(Schema):
    id: int
    year: int
    commune_id: int
    unit_id: int
    award_type: str = Field(..., description="Mã danh hiệu, hình thức (như trong danh mục).")
    award_name: str
    recipient_kind: str = Field(..., description="individual, collective, household")
    recipient_name: str
    state: str
    state_label: str
    movement_id: int | None
    updated_at: dt.datetime


class Award(Schema):
    id: int
    year: int
    award_type: str
    award_name: str
    level: str = Field(..., description="commune (cấp xã), province (cấp tỉnh), state (cấp nhà nước)")
    recipient_kind: str
    recipient_name: str
    person_id: int | None
    collective_id: int | None
    commune_id: int = Field(..., description="Đơn vị đã quyết định khen thưởng.")
    decision_id: int | None
    decision_number: str = Field("", description="Số, ký hiệu quyết định.")
    decision_date: dt.date | None = None
    external_ref: str = Field("", description="Quyết định ngoài hệ thống (khen thưởng đã có từ trước).")
    verify_code: str
    state: AwardState = Field(..., description="in_force (còn hiệu lực), annulled (đã bị hủy)")
    annulled_on: dt.date | None = Field(None, description="Ngày hủy (khen thưởng đã bị hủy).")
    annul_decision: str = Field("", description="Số, ký hiệu quyết định hủy khen thưởng.")


class Decision(Schema):
    id: int
    commune_id: int
    title: str
    year: int
    number_label: str
    signed_on: dt.date | None
    signer_name: str
    total_amount: int = Field(..., description="Tổng tiền thưởng (đồng).")
    awards_count: int


class Certificate(Schema):
    """What the public verification page shows of one certificate."""

    valid: bool = Field(..., description="false khi khen thưởng đã bị hủy.")
    annulled: bool
    annulled_on: dt.date | None
    annul_decision: str
    recipient_name: str
    paper: str = Field(..., description="Giấy chứng nhận hoặc Giấy khen.")
    award_name: str
    year: int
    decision_number: str
    decision_date: dt.date | None
    issuer: str
    verify_code: str = Field(..., description="Mã xác minh in theo nhóm bốn ký tự.")


# --- the figures a token sends ------------------------------------------------------------------

FigureValue = StrictInt | StrictFloat | StrictStr | None


class FigureIn(Schema):
    target: int = Field(..., description="Mã chỉ tiêu (GET /targets).")
    period: int = Field(..., description="Mã kỳ báo cáo của phong trào (GET /movements/{id}).")
    value: FigureValue = Field(
        ...,
        description='Số JSON (12.5) hoặc chuỗi chữ số có dấu chấm thập phân ("12.5"); tối đa 2 chữ số '
        "thập phân; không dấu phẩy, không dấu ngăn nghìn. Chỉ tiêu có/không: 1 hoặc 0.",
        examples=[12.5],
    )
    note: str = Field("", max_length=2000)
    as_of: dt.date | None = Field(None, description="Ngày của số liệu (YYYY-MM-DD).")


class FiguresIn(Schema):
    figures: list[FigureIn]
    confirmed: bool = Field(
        False,
        description="Xác nhận số liệu bất thường (tỷ lệ trên 100 %, gấp 10 lần kỳ trước) là đúng.",
    )


class FiguresOut(Schema):
    saved: int
    figures: list[Figure]


# --- the awards export ------------------------------------------------------------------------

# Version 2 lists annulled awards too, each with its state (version 1 left them out).
EXPORT_FORMAT = "thidua-awards-export/2"


class ExportUnit(Schema):
    id: int
    name: str
    code: str | None
    kind: str


class ExportRecipient(Schema):
    kind: str = Field(..., description="individual (cá nhân), collective (tập thể), household (hộ gia đình)")
    name: str
    person_id: int | None = None
    gender: str | None = Field(None, description="male, female (cá nhân)")
    position: str | None = None
    unit: ExportUnit | None = Field(None, description="Đơn vị của cá nhân, hoặc chính tập thể được khen.")


class ExportDecision(Schema):
    id: int | None
    number: str = Field(..., description="Số, ký hiệu quyết định (hoặc quyết định ngoài hệ thống).")
    signed_on: dt.date | None
    signer_name: str
    issuer: ExportUnit


class ExportAward(Schema):
    id: int
    year: int
    award_type: str = Field(..., description="Mã danh hiệu, hình thức trong danh mục của thidua.")
    award_name: str
    level: str
    is_title: bool = Field(..., description="true: danh hiệu thi đua; false: hình thức khen thưởng.")
    recipient: ExportRecipient
    decision: ExportDecision
    verify_code: str
    state: AwardState = Field(..., description="in_force (còn hiệu lực), annulled (đã bị hủy)")
    annulled_on: dt.date | None = Field(None, description="Ngày hủy (khen thưởng đã bị hủy).")
    annul_decision: str = Field("", description="Số, ký hiệu quyết định hủy khen thưởng.")


class AwardsExport(Schema):
    """A year's awards of a unit's subtree, for the national commendation database until its
    interface is published: in force and annulled (`state`); awards of unsigned decisions are left
    out."""

    format: str = Field(EXPORT_FORMAT, description="Tên và phiên bản của định dạng.")
    year: int
    unit: ExportUnit = Field(..., description="Đơn vị mà mã truy cập (hoặc lệnh) xuất dữ liệu.")
    generated_at: dt.datetime
    count: int
    awards: list[ExportAward]


def export_json_schema() -> dict[str, Any]:
    """The JSON Schema of the export, as kept in `data/awards-export-1.json`."""
    schema = AwardsExport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "thidua-awards-export-2.json"
    return schema
