"""Importing people from an Excel workbook, all-or-nothing unless asked otherwise."""

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from thidua import access
from thidua.access import Action, Actor
from thidua.audit.services import AuditAction, audit_record_many, snapshot
from thidua.lib.excel import CellError, ImportReport, append_row, open_workbook, sheet_problems
from thidua.lib.text import fold
from thidua.people.models import Category, Gender, Person, PersonNameKey, name_keys_for
from thidua.units.models import Unit

COLUMNS = ["Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Đối tượng", "Ấp / đơn vị", "Điện thoại"]
_GENDERS = {fold(str(label)): value for value, label in Gender.choices} | {
    "nu": Gender.FEMALE,
    "nam": Gender.MALE,
}
_CATEGORIES = {fold(str(label)): value for value, label in Category.choices}


def template_workbook(unit: Unit) -> Workbook:
    """An empty workbook with the expected columns and the unit's hamlets listed for reference."""
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Cá nhân"
    ws.append(COLUMNS)
    for col, width in zip("ABCDEFG", (28, 10, 10, 24, 28, 28, 14), strict=True):
        ws.column_dimensions[col].width = width
    units = wb.create_sheet("Đơn vị")
    units.append(["Tên đơn vị"])
    for u in Unit.objects.subtree(unit).order_by("path")[:2000]:
        append_row(units, [u.name])
    genders = DataValidation(type="list", formula1='"Nam,Nữ,Khác"', allow_blank=False)
    categories = DataValidation(
        type="list", formula1='"' + ",".join(str(label) for _v, label in Category.choices) + '"'
    )
    year = DataValidation(
        type="whole", operator="between", formula1="1900", formula2="2100", allow_blank=True
    )
    for dv, col in ((genders, "B"), (categories, "E"), (year, "C")):
        dv.error = _("Giá trị không hợp lệ")
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}5000")
    return wb


def import_people(*, actor: Actor, unit: Unit, data: bytes, only_valid: bool = False) -> ImportReport:
    """Check every row; save nothing if any row is wrong, unless only_valid is set.

    The rows are saved in bulk with one audit entry each (`audit_record_many`), in one transaction.
    """
    access.require_actor(actor, Action.MANAGE_PEOPLE, unit)
    report = ImportReport()
    wb = open_workbook(data)
    ws = wb.worksheets[0]
    report.errors.extend(sheet_problems(ws))
    header = [str(c.value or "").strip() for c in ws[1]] if ws.max_row >= 1 else []
    if [fold(h) for h in header[: len(COLUMNS)]] != [fold(c) for c in COLUMNS]:
        report.errors.append(
            CellError(
                ws.title, 1, "", _("Dòng tiêu đề phải là: %(columns)s.") % {"columns": ", ".join(COLUMNS)}
            )
        )
        return report
    units_by_name = {u.search_key: u for u in Unit.objects.subtree(unit)}
    rows: list[tuple[int, Person]] = []
    for row in ws.iter_rows(min_row=2, max_col=len(COLUMNS)):
        values = [c.value for c in row]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        report.total_rows += 1
        person, problems = _person_from_row(values, unit, units_by_name)
        errors = [CellError(ws.title, row[0].row, col, msg) for col, msg in problems]
        report.errors.extend(errors)
        if not errors:
            rows.append((row[0].row, person))
    if report.errors and not only_valid:
        return report
    people = [p for number, p in rows if number not in report.error_rows]
    _save(actor, people)
    report.created = len(people)
    report.skipped = report.total_rows - len(people)
    report.saved = True
    return report


def _person_from_row(
    values: list, unit: Unit, units_by_name: dict[str, Unit]
) -> tuple[Person, list[tuple[str, str]]]:
    """The person a row describes, and the (column, message) of each problem found in it."""
    problems: list[tuple[str, str]] = []

    def err(column: str, message: str) -> None:
        problems.append((column, message))

    name = " ".join(str(values[0] or "").split())
    if len(name) < 2:
        err("A", _("Thiếu họ và tên."))
    gender = _GENDERS.get(fold(str(values[1] or "")))
    if gender is None:
        err("B", _("Giới tính phải là Nam, Nữ hoặc Khác."))
    birth_year = None
    if values[2] not in (None, ""):
        try:
            birth_year = int(str(values[2]).strip().split(".")[0])
            if not 1900 <= birth_year <= 2100:
                raise ValueError
        except ValueError:
            err("C", _("Năm sinh phải là số có 4 chữ số từ 1900 đến 2100."))
    category = Category.CITIZEN
    if values[4] not in (None, ""):
        category = _CATEGORIES.get(fold(str(values[4])))
        if category is None:
            err("E", _("Đối tượng không có trong danh mục (xem danh sách thả xuống)."))
    target = unit
    if values[5] not in (None, ""):
        target = units_by_name.get(fold(str(values[5])))
        if target is None:
            err("F", _("Không có đơn vị '%(name)s' thuộc %(unit)s.") % {"name": values[5], "unit": unit.name})
    phone = str(values[6] or "").replace(" ", "").replace(".", "")
    if phone and not phone.lstrip("+").isdigit():
        err("G", _("Số điện thoại chỉ gồm chữ số."))
    person = Person(
        full_name=name,
        gender=gender,
        birth_year=birth_year,
        position=str(values[3] or "").strip(),
        category=category,
        unit=target,
        phone=phone,
        search_key=fold(name),
    )
    return person, problems


@transaction.atomic
def _save(actor: Actor, people: list[Person]) -> None:
    Person.objects.bulk_create(people, batch_size=1000)
    PersonNameKey.objects.bulk_create(name_keys_for(people), batch_size=2000)
    audit_record_many(
        actor=actor,
        action=AuditAction.IMPORT,
        items=[(p, p.unit, None, snapshot(p)) for p in people],
        verb="nhập từ Excel",
    )
