"""What every movement workbook shares: the look of a template (bold header, shaded cells to fill
in, Excel's own checks on a column) and the reading of an upload (sheets, header, data rows, the
numbers and dates people type)."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.lib.excel import CellError, ImportReport, WorkbookError, append_row
from thidua.lib.text import fold
from thidua.lib.vn import parse_number

# The shade of the cells a unit fills in.
EDITABLE = PatternFill("solid", fgColor="FFF7E0")


# --- writing a template -------------------------------------------------------------------


def bold_header(*sheets) -> None:
    for sheet in sheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)


def shade(ws, columns: str) -> None:
    """Shade the given columns of the last row: the cells the unit fills in."""
    for col in columns:
        ws[f"{col}{ws.max_row}"].fill = EDITABLE


def excel_date(value: dt.date) -> str:
    """A date as Excel's serial number, for a validation formula."""
    return str((value - dt.date(1899, 12, 30)).days)


def list_check(source: str, *, allow_blank: bool) -> DataValidation:
    """A cell filled from a list: `source` is the range of the list."""
    return DataValidation(type="list", formula1=source, allow_blank=allow_blank)


def number_check() -> DataValidation:
    return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)


def date_check(start: dt.date, end: dt.date) -> DataValidation:
    return DataValidation(
        type="date",
        operator="between",
        formula1=excel_date(start),
        formula2=excel_date(end),
        allow_blank=True,
    )


def add_checks(ws, checks: list[tuple[DataValidation, str, str]], *, last: int) -> None:
    """Attach each (validation, column, message) to rows 2..`last` of the column."""
    for dv, col, message in checks:
        dv.error = message
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")


def widths(ws, sizes: dict[str, int]) -> None:
    for col, width in sizes.items():
        ws.column_dimensions[col].width = width


def new_sheet(wb: Workbook, title: str, header: list[str], rows) -> None:
    """A sheet of plain rows under a header."""
    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        append_row(ws, row)  # names and notes typed by people stay text, never formulas


# --- reading an upload --------------------------------------------------------------------


def require_sheets(wb, *names: str) -> None:
    for name in names:
        if name not in wb.sheetnames:
            raise WorkbookError(
                _("Không thấy trang “%(sheet)s” trong bảng tính; hãy dùng mẫu tải từ phần mềm.")
                % {"sheet": name}
            )


def header_error(ws, columns: list[str]) -> CellError | None:
    """A problem with the header row, or None when it is the template's (case and accents aside)."""
    return header_values_error(ws.title, [c.value for c in ws[1]], columns)


def header_values_error(sheet: str, values, columns: list[str]) -> CellError | None:
    """`header_error` of a header row already read as values."""
    header = [str(v or "").strip() for v in values]
    if [fold(h) for h in header[: len(columns)]] == [fold(c) for c in columns]:
        return None
    return CellError(sheet, 1, "", _("Dòng tiêu đề phải là: %(columns)s.") % {"columns": ", ".join(columns)})


def data_rows(ws, width: int, report: ImportReport, bad: set) -> Iterator[tuple[int, list]]:
    """(row number, the first `width` values) of each filled row below the header; counts the rows.

    A row in `bad` (a formula or a merged cell, already reported) is counted but not read.
    """
    for cells in ws.iter_rows(min_row=2, values_only=False):
        row_no = cells[0].row
        values = [c.value for c in cells[:width]] + [None] * (width - len(cells))
        if all(v in (None, "") for v in values):
            continue
        report.total_rows += 1
        if (ws.title, row_no) in bad:
            continue
        yield row_no, values


def value_rows(
    sheet: str, rows: list[tuple], width: int, report: ImportReport, bad: set
) -> Iterator[tuple[int, list]]:
    """`data_rows` of the rows below the header already read as values (`lib.excel.sheet_values`)."""
    for row_no, row in enumerate(rows[1:], start=2):
        values = list(row[:width]) + [None] * (width - len(row))
        if all(v in (None, "") for v in values):
            continue
        report.total_rows += 1
        if (sheet, row_no) in bad:
            continue
        yield row_no, values


# Decimal places a figure, target or pledge keeps (the models' DecimalFields).
FIGURE_DECIMALS = 2


def parse_decimal(value) -> Decimal | None:
    """A number as typed: Excel's own, or text read by `lib.vn.parse_number` (a Vietnamese decimal
    comma, English writing, ambiguous "1.234" refused with a `NumberError` saying why); None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float):
        return Decimal(str(value))
    return parse_number(str(value), decimals=FIGURE_DECIMALS)


def parse_date(value) -> dt.date | None:
    """A date as Excel's own or as dd/mm/yyyy text; None when blank; ValueError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
