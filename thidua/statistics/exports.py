"""A filled form as Excel in the official layout (title rows, merged header cells, column numbers) and
as PDF through Typst with the documents app's shipped fonts. Both are drawn from the form's data,
so a form added as a file prints without code. The paper is Vietnamese whatever the screen's
language, as every official paper of the software is."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from thidua.documents.render_pdf import FONT, compile_source, s
from thidua.lib.vn import format_date_short
from thidua.statistics.definitions import HeaderCell
from thidua.statistics.selectors import FormResult, receiving_body, reporting_body

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def file_name(result: FormResult, extension: str) -> str:
    unit = result.unit.code or str(result.unit.pk)
    return f"bieu-{result.form.id}-{result.year}-{unit}.{extension}"


def period_line(result: FormResult) -> str:
    start, end = format_date_short(result.start), format_date_short(result.end)
    return f"Năm {result.year} (từ ngày {start} đến ngày {end})"


def title_lines(result: FormResult) -> tuple[list[tuple[str, bool]], list[str]]:
    """The title block: the form's side (number bold, issuing act, receiving date) and the unit's side."""
    form = result.form
    left = [(f"Biểu số: {form.number}", True), (form.issued_by, False)]
    if form.receive_date:
        left.append((f"Ngày nhận báo cáo: {form.receive_date}", False))
    right = [
        f"Đơn vị báo cáo: {reporting_body(result.unit)}",
        f"Đơn vị nhận báo cáo: {receiving_body(result.unit)}",
    ]
    return left, right


def body_rows(result: FormResult) -> list[list[str | int]]:
    """Each row of the table body: label, code, (measure,) then the values ('' on heading rows)."""
    lines: list[list[str | int]] = []
    for line in result.rows:
        row = line.row
        leading: list[str | int] = [row.label, row.code]
        if result.form.has_measure:
            leading.append(row.measure)
        values: list[str | int] = ["" if value is None else value for value in line.values]
        lines.append(leading + values)
    return lines


# --- Excel -----------------------------------------------------------------------------------


def _merge(ws: Worksheet, row: int, column: int, text: str, *, rowspan: int = 1, colspan: int = 1) -> None:
    cell = ws.cell(row=row, column=column, value=text)
    if rowspan > 1 or colspan > 1:
        ws.merge_cells(
            start_row=row, start_column=column, end_row=row + rowspan - 1, end_column=column + colspan - 1
        )
    for r in range(row, row + rowspan):
        for c in range(column, column + colspan):
            ws.cell(row=r, column=c).border = BOX
    cell.alignment = CENTER


def form_xlsx(result: FormResult) -> bytes:
    form = result.form
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = f"Biểu {form.id}"
    width = form.width
    split = max(2, (width + 1) // 2)
    left, right = title_lines(result)
    for index, (text, bold) in enumerate(left, start=1):
        ws.cell(row=index, column=1, value=text).font = Font(bold=bold)
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=split)
    for index, text in enumerate(right, start=1):
        cell = ws.cell(row=index, column=split + 1, value=text)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(start_row=index, start_column=split + 1, end_row=index, end_column=width)
    at = len(left) + 2
    title = ws.cell(row=at, column=1, value=form.title)
    title.font = Font(bold=True, size=13)
    title.alignment = CENTER
    ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=width)
    period = ws.cell(row=at + 1, column=1, value=period_line(result))
    period.font = Font(italic=True)
    period.alignment = CENTER
    ws.merge_cells(start_row=at + 1, start_column=1, end_row=at + 1, end_column=width)
    at += 2
    if form.measure:
        measure = ws.cell(row=at, column=1, value=f"Đơn vị tính: {form.measure}")
        measure.font = Font(italic=True)
        measure.alignment = Alignment(horizontal="right")
        ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=width)
        at += 1
    top = at
    for head in form.header:
        _merge(ws, top + head.row, head.column + 1, head.text, rowspan=head.rowspan, colspan=head.colspan)
        ws.cell(row=top + head.row, column=head.column + 1).font = Font(bold=True)
    at = top + form.header_rows
    for number in form.numbers:
        _merge(ws, at, number.column + 1, number.text, colspan=number.colspan)
        ws.cell(row=at, column=number.column + 1).font = Font(bold=True)
    for line, values in zip(result.rows, body_rows(result), strict=True):
        at += 1
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row=at, column=index, value=value)
            cell.border = BOX
            cell.alignment = LEFT if index == 1 else CENTER
            if line.row.bold or line.row.heading:
                cell.font = Font(bold=True)
    widths = [48, 7] + [12] * (width - 2)
    for index, column_width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column_width
    # A wrapped header cell needs its rows tall enough: about 1.1 characters per unit of width.
    lines = dict.fromkeys(range(form.header_rows), 1.0)
    for head in form.header:
        span = sum(widths[head.column : head.column + head.colspan]) * 1.1
        lines[head.row] = max(lines[head.row], -(-len(head.text) // max(1, int(span))) / head.rowspan)
    for index, count in lines.items():
        ws.row_dimensions[top + index].height = 15 * max(1, round(count + 0.49))
    ws.freeze_panes = f"{get_column_letter(form.leading + 1)}{top + form.header_rows + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------


def _weight(bold: bool) -> str:
    return '"bold"' if bold else '"regular"'


def _typst_cell(cell: HeaderCell, *, bold: bool = True) -> str:
    body = f"text(weight: {_weight(bold)}, {s(cell.text)})"
    return f"table.cell(rowspan: {cell.rowspan}, colspan: {cell.colspan}, {body})"


def form_typst(result: FormResult) -> str:
    form = result.form
    left, right = title_lines(result)
    left_markup = " + linebreak() + ".join(f"text(weight: {_weight(bold)}, {s(text)})" for text, bold in left)
    right_markup = " + linebreak() + ".join(s(text) for text in right)
    data_columns = len(form.columns)
    widths = ["3fr", "auto"] + (["auto"] if form.has_measure else []) + ["1fr"] * data_columns
    size = "9pt" if data_columns <= 6 else "7pt"
    out = [
        '#set document(author: "thidua")',
        f'#set text(font: "{FONT}", size: {size}, lang: "vi", fallback: false)',
        f'#set page(paper: "a4", flipped: {"true" if form.width > 8 else "false"}, margin: 12mm)',
        f"#grid(columns: (1fr, 1fr), gutter: 8pt, align(left, {left_markup}), align(center, {right_markup}))",
        f'#v(6pt)\n#align(center, text(size: 12pt, weight: "bold", {s(form.title)}))',
        f"#align(center, emph({s(period_line(result))}))",
    ]
    if form.measure:
        out.append(f"#align(right, emph({s('Đơn vị tính: ' + form.measure)}))")
    cells: list[str] = [_typst_cell(cell) for cell in form.header]
    cells += [_typst_cell(cell) for cell in form.numbers]
    body: list[str] = []
    for line, values in zip(result.rows, body_rows(result), strict=True):
        weight = _weight(line.row.bold or line.row.heading)
        for index, value in enumerate(values):
            align = "left" if index == 0 else "center"
            body.append(f"table.cell(align: {align}, text(weight: {weight}, {s(str(value))}))")
    out.append(
        f"#table(columns: ({', '.join(widths)}), align: center + horizon, inset: 3pt,\n"
        f"  table.header({', '.join(cells)}),\n  {', '.join(body)})"
    )
    return "\n".join(out) + "\n"


def form_pdf(result: FormResult) -> bytes:
    return compile_source(form_typst(result))
