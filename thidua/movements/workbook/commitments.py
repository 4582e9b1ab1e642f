"""The commitments workbook: a unit's registration for one year (pledges and titles), downloaded
prefilled, filled in, uploaded back as a draft registration."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook

from thidua.access import Actor
from thidua.lib.errors import ServiceError
from thidua.lib.excel import CellError, ImportReport, append_row, open_workbook, sheet_problems
from thidua.lib.text import fold
from thidua.lib.vn import NumberError
from thidua.movements.models import Commitment, Indicator, Movement, Target
from thidua.movements.services import commitment_save
from thidua.movements.workbook import _sheets
from thidua.units.models import Unit

# Sheet and column names are the template's format, checked on upload (see `figures.SHEET`).
PLEDGE_SHEET = "Đăng ký chỉ tiêu"
TITLE_SHEET = "Danh hiệu"
CATALOGUE_SHEET = "Danh mục chỉ tiêu"
PLEDGE_COLUMNS = ["Đơn vị", "Năm", "Chỉ tiêu", "Đơn vị tính", "Giá trị đăng ký", "Thời hạn"]
TITLE_COLUMNS = ["Danh hiệu đăng ký"]
MAX_TITLE = 255

Pledge = tuple[Indicator, Decimal, dt.date | None]


# --- the template -------------------------------------------------------------------------


def commitments_workbook(movement: Movement, *, unit: Unit, year: int) -> Workbook:
    """A unit's registration for one year: pledges prefilled, indicators from a list, values ≥ 0."""
    wb = Workbook()
    ws = wb.active
    ws.title = PLEDGE_SHEET
    ws.append(PLEDGE_COLUMNS)
    for indicator, value, deadline in _pledge_rows(movement, unit, year):
        value = float(value) if value is not None else None
        append_row(ws, [unit.name, year, indicator.name, indicator.measure, value, deadline])
        _sheets.shade(ws, "CEF")
    commitment = Commitment.objects.filter(movement=movement, unit=unit, year=year).first()
    lines = commitment.title_lines() if commitment else []
    _sheets.new_sheet(wb, TITLE_SHEET, TITLE_COLUMNS, ([line] for line in lines))
    indicators = list(Indicator.objects.order_by("name"))
    _sheets.new_sheet(
        wb,
        CATALOGUE_SHEET,
        ["Chỉ tiêu", "Đơn vị tính", "Chiều"],
        ([i.name, i.measure, i.get_direction_display()] for i in indicators),
    )
    catalogue = f"='{CATALOGUE_SHEET}'!$A$2:$A${max(len(indicators) + 1, 2)}"
    checks = [
        (_sheets.list_check(catalogue, allow_blank=True), "C", _("Chọn chỉ tiêu trong danh mục.")),
        (_sheets.number_check(), "E", _("Nhập số không âm.")),
        (
            _sheets.date_check(movement.period_start, movement.period_end),
            "F",
            _("Thời hạn phải nằm trong thời gian của phong trào."),
        ),
    ]
    _sheets.add_checks(ws, checks, last=max(ws.max_row, 2) + 200)
    _sheets.bold_header(*wb.worksheets)
    _sheets.widths(ws, dict(zip("ABCDEF", (24, 7, 40, 12, 16, 13), strict=True)))
    _sheets.widths(wb[TITLE_SHEET], {"A": 50})
    _sheets.widths(wb[CATALOGUE_SHEET], {"A": 40})
    ws.freeze_panes = "A2"
    return wb


def _pledge_rows(
    movement: Movement, unit: Unit, year: int
) -> list[tuple[Indicator, Decimal | None, dt.date | None]]:
    """The unit's registration for the year if any, otherwise the targets it was given."""
    commitment = Commitment.objects.filter(movement=movement, unit=unit, year=year).first()
    if commitment is not None:
        return [(p.indicator, p.value, p.deadline) for p in commitment.pledges.select_related("indicator")]
    return [
        (t.indicator, t.value, None)
        for t in Target.objects.filter(movement=movement, unit=unit, year=year)
        .select_related("indicator")
        .order_by("indicator__name")
    ]


# --- the upload ---------------------------------------------------------------------------


def import_commitments(
    *, actor: Actor, movement: Movement, unit: Unit, year: int, data: bytes, only_valid: bool = False
) -> ImportReport:
    """Check every cell of a commitments workbook, then save the unit's registration as a draft.

    All-or-nothing unless `only_valid`: then the rows with an error are left out. The registration
    stays a draft; the unit sends it from its page.
    """
    report = ImportReport()
    wb = open_workbook(data)
    _sheets.require_sheets(wb, PLEDGE_SHEET, TITLE_SHEET)
    ws, ts = wb[PLEDGE_SHEET], wb[TITLE_SHEET]
    for sheet, columns in ((ws, PLEDGE_COLUMNS), (ts, TITLE_COLUMNS)):
        problem = _sheets.header_error(sheet, columns)
        if problem is not None:
            report.errors.append(problem)
    if report.errors:
        return report
    report.errors.extend(sheet_problems(ws))
    report.errors.extend(sheet_problems(ts))
    bad = {(e.sheet, e.row) for e in report.errors}
    pledges = _read_pledges(ws, movement, unit, year, report, bad)
    titles = _read_titles(ts, report, bad)
    if report.errors and not only_valid:
        return report
    error_rows = {e.row for e in report.errors if e.sheet == ws.title}
    valid = [pledge for row_no, pledge in pledges if row_no not in error_rows]
    report.skipped = report.total_rows - len(valid)
    existing = Commitment.objects.filter(movement=movement, unit=unit, year=year).first()
    try:
        commitment_save(
            actor=actor,
            movement=movement,
            unit=unit,
            year=year,
            titles="\n".join(titles),
            note=existing.note if existing else "",
            pledges=valid,
        )
    except ServiceError as exc:
        report.errors.append(CellError(ws.title, 1, "", exc.message))
        return report
    report.created = len(valid)
    report.saved = True
    return report


def _read_pledges(
    ws, movement: Movement, unit: Unit, year: int, report: ImportReport, bad: set
) -> list[tuple[int, Pledge]]:
    """The pledge rows without errors, with their row numbers; errors go to `report`."""
    indicators = {fold(i.name): i for i in Indicator.objects.all()}
    pledges: dict[int, tuple[int, Pledge]] = {}
    for row_no, values in _sheets.data_rows(ws, len(PLEDGE_COLUMNS), report, bad):
        errors: list[CellError] = []

        def err(col: str, msg: str, errors=errors, row_no=row_no) -> None:
            errors.append(CellError(ws.title, row_no, col, msg))

        pledge = _read_pledge(values, movement, unit, year, indicators, err)
        if not errors and pledge[0].pk in pledges:
            first = pledges[pledge[0].pk][0]
            err("C", _("Chỉ tiêu này đã có ở dòng %(row)s.") % {"row": first})
        if errors:
            report.errors.extend(errors)
            continue
        pledges[pledge[0].pk] = (row_no, pledge)
    return list(pledges.values())


def _read_pledge(values: list, movement: Movement, unit: Unit, year: int, indicators: dict, err):
    """One pledge row read and checked cell by cell; problems go to `err`."""
    raw_unit, raw_year, raw_indicator, _measure, raw_value, raw_deadline = values[:6]
    if fold(str(raw_unit or "")) != fold(unit.name):
        err(
            "A",
            _("Bảng này là của %(unit)s; dòng ghi “%(row_unit)s”.")
            % {"unit": unit.name, "row_unit": raw_unit or ""},
        )
    try:
        row_year = int(str(raw_year).strip())
    except (TypeError, ValueError):
        row_year = None
    if row_year != year:
        err("B", _("Năm phải là %(year)s.") % {"year": year})
    indicator = indicators.get(fold(str(raw_indicator or "")))
    if indicator is None:
        err(
            "C",
            _("“%(indicator)s” không có trong danh mục chỉ tiêu; hãy chọn trong danh sách.")
            % {"indicator": raw_indicator or ""},
        )
    value = _read_value(raw_value, err)
    try:
        deadline = _sheets.parse_date(raw_deadline)
        if deadline and not movement.period_start <= deadline <= movement.period_end:
            err("F", _("Thời hạn nằm ngoài thời gian của phong trào."))
    except ValueError:
        err("F", _("“%(value)s” không phải là ngày (dd/mm/yyyy).") % {"value": raw_deadline})
        deadline = None
    return indicator, value, deadline


def _read_value(raw, err) -> Decimal | None:
    value = None
    try:
        value = _sheets.parse_decimal(raw)
        if value is None:
            err("E", _("Thiếu giá trị đăng ký."))
        elif not value.is_finite():
            raise InvalidOperation
        elif value < 0:
            err("E", _("Giá trị đăng ký không được âm."))
    except NumberError as exc:
        err("E", str(exc))
        value = None
    except (InvalidOperation, ValueError):
        err("E", _("“%(value)s” không phải là số.") % {"value": raw})
    return value


def _read_titles(ts, report: ImportReport, bad: set) -> list[str]:
    """The titles registered, one a row; a title too long goes to `report`."""
    titles = []
    for cells in ts.iter_rows(min_row=2, max_col=1, values_only=False):
        cell = cells[0]
        if cell.value in (None, "") or (ts.title, cell.row) in bad:
            continue
        text = str(cell.value).strip()
        if len(text) > MAX_TITLE:
            message = _("Tên danh hiệu quá dài (tối đa 255 ký tự).")
            report.errors.append(CellError(ts.title, cell.row, "A", message))
            continue
        titles.append(text)
    return titles
