"""Reading uploaded workbooks safely, with every problem reported per cell in Vietnamese, and
writing text into a workbook as text (`safe_row`), never as a formula."""

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from thidua.lib.limits import LimitExceeded, bounded, check_sheets, check_zip, max_upload_bytes


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
    ws.reset_dimensions()  # a wrong <dimension> written by some programs must not cut rows off
    rows = list(ws.iter_rows(values_only=True))
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
