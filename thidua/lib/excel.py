"""Reading uploaded workbooks safely, with every problem reported per cell in Vietnamese, and
writing text into a workbook as text (`safe_row`), never as a formula."""

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.xml.constants import SHEET_MAIN_NS

from thidua.lib.limits import LimitExceeded, Limits, bounded, check_sheets, check_zip, max_upload_bytes


@dataclass
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            where = f"{self.sheet}!{self.column}{self.row}"
        else:
            where = _("%(sheet)s, dòng %(row)s") % {"sheet": self.sheet, "row": self.row}
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[CellError] = field(default_factory=list)
    saved: bool = False

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.errors}


class WorkbookError(ValueError):
    """The upload as a whole cannot be read; the message is for the user."""


def open_workbook(data: bytes, *, max_bytes: int | None = None, read_only: bool = False):
    """Open an .xlsx upload, or raise WorkbookError with a Vietnamese message; larger than
    `max_bytes` (by default `THIDUA_MAX_UPLOAD_BYTES`) is refused unread.

    `read_only=True` streams the sheets (read them with `sheet_values`, which finds the merged cells
    itself): several times faster and smaller for a sheet of thousands of rows."""
    max_bytes = max_bytes or max_upload_bytes()
    if len(data) > max_bytes:
        raise WorkbookError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": len(data) // 1024 // 1024, "limit": max_bytes // 1024 // 1024}
        )
    if not data:
        raise WorkbookError(_("Tệp trống."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(
            _("Tệp không phải là bảng tính Excel (.xlsx). Hãy lưu lại tệp ở định dạng .xlsx rồi tải lên.")
        )
    try:
        # Before openpyxl builds anything: the zip's directory, then the cells counted as they
        # stream by in a child process bounded in time and memory (see `thidua.lib.limits`).
        check_zip(data)
        bounded(check_sheets, data)
    except LimitExceeded as exc:
        raise WorkbookError(str(exc)) from None
    try:
        # Fully loaded unless asked: merged cells are only visible on a loaded sheet (or through
        # `sheet_values`). Its size is bounded by the checks above.
        return load_workbook(io.BytesIO(data), data_only=False, read_only=read_only)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise WorkbookError(
            _("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx.")
        ) from exc


def sheet_problems(ws, *, header_row: int = 1) -> list[CellError]:
    """Merged cells and formulas in the data area: both make figures ambiguous, so refuse them."""
    errors = [_merged(ws.title, merged) for merged in ws.merged_cells.ranges if merged.max_row > header_row]
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                errors.append(_formula(ws.title, cell.row, cell.column_letter))
    return errors


def _merged(sheet: str, merged: CellRange) -> CellError:
    return CellError(
        sheet,
        merged.min_row,
        get_column_letter(merged.min_col),
        _("Ô gộp (%(cells)s) không được phép trong vùng dữ liệu; hãy bỏ gộp ô.") % {"cells": merged.coord},
    )


def _formula(sheet: str, row: int, column: str) -> CellError:
    return CellError(sheet, row, column, _("Ô chứa công thức; hãy dán giá trị thay cho công thức."))


# A merged range as the sheet's XML states it (any namespace prefix), e.g. <mergeCell ref="B3:C4"/>.
_MERGE_REF = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')


def sheet_values(ws, *, header_row: int = 1) -> tuple[list[tuple], list[CellError]]:
    """The values of every row of a read-only sheet (`open_workbook(read_only=True)`), row 1 first
    and missing rows as (), read in one pass; and what `sheet_problems` would report of it: merged
    cells and formulas below the header, in the same words."""
    rows = _values(ws)
    # A read-only sheet does not parse its merged ranges: they are listed after the cells, in the
    # sheet's own part of the archive.
    part = ws.parent._archive.read(ws._worksheet_path)
    merged = [CellRange(ref.decode()) for ref in _MERGE_REF.findall(part)]
    errors = [_merged(ws.title, m) for m in merged if m.max_row > header_row]
    for row_no, values in enumerate(rows[header_row:], start=header_row + 1):
        for col, value in enumerate(values, start=1):
            if _is_formula(value):
                errors.append(_formula(ws.title, row_no, get_column_letter(col)))
    return rows, errors


_NS = f"{{{SHEET_MAIN_NS}}}"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _TEXT, _RUN, _PHONETIC = (
    _NS + t for t in ("row", "c", "v", "f", "is", "t", "r", "rPh")
)


def _values(ws) -> list[tuple]:
    """The rows of a read-only sheet as `ws.iter_rows(values_only=True)` gives them when its
    dimensions are reset (row 1 first, a missing row as (), each row as wide as its last cell),
    typed by the same rules and with the workbook's own shared strings, date styles and epoch, but
    read in one lxml pass without openpyxl's objects per cell: several times faster on 10,000 rows.
    Whatever the sheet holds besides its rows is left to openpyxl."""
    from lxml import etree  # type: ignore[import-untyped]

    book = ws.parent
    cast = _Cast(ws._shared_strings, book._date_formats, book._timedelta_formats, book.epoch)
    rows: list[tuple] = []
    number = 0
    most = Limits.current().sheet_rows
    with book._archive.open(ws._worksheet_path) as source:
        for _event, row in etree.iterparse(
            source, events=("end",), tag=_ROW, resolve_entities=False, no_network=True, huge_tree=True
        ):
            number = _row_number(row.get("r"), number + 1)
            if number > most:  # counted by `check_sheets` already; never trust a number to size a list
                raise WorkbookError(
                    _("Bảng tính có dòng đánh số sai (%(number)s); hãy lưu lại tệp bằng Excel.")
                    % {"number": row.get("r")}
                )
            if number > len(rows):  # a row repeated or out of order is skipped, as openpyxl does
                rows.extend(() for _ in range(number - 1 - len(rows)))
                rows.append(cast.row(row))
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
    return rows


def _row_number(text: str | None, following: int) -> int:
    if not text:
        return following
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not number.is_integer() or number < 1:
        raise WorkbookError(
            _("Bảng tính có dòng đánh số sai (%(number)s); hãy lưu lại tệp bằng Excel.") % {"number": text}
        )
    return int(number)


@dataclass
class _Cast:
    """A cell's XML to its value, as openpyxl's `WorkSheetParser.parse_cell` reads it with formulas
    kept (`data_only=False`)."""

    strings: list
    dates: set
    durations: set
    epoch: object

    def row(self, row) -> tuple:
        cells: list[tuple[int, object]] = []
        column = 0
        for cell in row.iterchildren(_CELL):
            ref = cell.get("r")
            column = _column(ref.rstrip(_DIGITS)) if ref else column + 1
            cells.append((column, self.value(cell)))
        if not cells:
            return ()
        width = cells[-1][0]
        values: list = [None] * width
        for column, value in cells:
            if column <= width:
                values[column - 1] = value
        return tuple(values)

    def value(self, cell):
        value = formula = inline = None
        for child in cell:
            tag = child.tag
            if tag == _VALUE:
                value = child.text
            elif tag == _FORMULA:
                formula = child
            elif tag == _INLINE:
                inline = child
        if formula is not None:
            text = "=" + (formula.text or "")
            if formula.get("t") == "array":
                return ArrayFormula(ref=formula.get("ref"), text=text)
            if formula.get("t") == "dataTable":
                return DataTableFormula(**formula.attrib)
            return text
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return None if inline is None else _text(inline)
        if not value:
            return None
        if kind == "n":
            number = float(value) if ("." in value or "e" in value or "E" in value) else int(value)
            style = cell.get("s")
            if style and int(style) in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=int(style) in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str", "e"


_DIGITS = "0123456789"
_column = functools.lru_cache(maxsize=256)(column_index_from_string)


def _text(element) -> str:
    """A string's plain text (its own <t> and its runs' <t>; phonetic runs left out), as openpyxl's
    `Text.content`."""
    if element.find(_PHONETIC) is None:
        return "".join(element.itertext(_TEXT))
    parts = [element.findtext(_TEXT) or ""]
    parts += [run.findtext(_TEXT) or "" for run in element.iterchildren(_RUN)]
    return "".join(parts)


def _is_formula(value) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or isinstance(
        value, ArrayFormula | DataTableFormula
    )


# --- writing --------------------------------------------------------------------------------

# What makes a spreadsheet read typed text as a formula (or, in a CSV, as a command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(ws, value: str) -> Cell:
    """A cell of `ws` holding `value` as text, never as a formula (for `ws.append`)."""
    cell = Cell(ws, row=1, column=1, value=value)  # placed by `ws.append`
    cell.data_type = "s"
    return cell


def safe_row(ws, values) -> list:
    """The row with every text that could read as a formula made a text cell.

    Every workbook the project writes appends its rows through this (or `append_row`): a note,
    a name or a title typed by someone starting with "=" stays the text they typed.
    """
    return [
        text_cell(ws, value) if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
        for value in values
    ]


def append_row(ws, values) -> None:
    ws.append(safe_row(ws, values))
