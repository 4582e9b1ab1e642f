"""The streamed reading of a sheet's values (`lib.excel.sheet_values`) gives what openpyxl gives."""

import datetime as dt
import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.worksheet.formula import ArrayFormula

from thidua.lib.excel import open_workbook, sheet_values


def _openpyxl_rows(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data), read_only=True).active
    assert ws is not None
    ws.reset_dimensions()
    return _plain(ws.iter_rows(values_only=True))


def _plain(rows) -> list[tuple]:
    """Rows comparable with ==: an array formula as its range and text, a missing row as ()."""
    return [tuple((v.ref, v.text) if isinstance(v, ArrayFormula) else v for v in row) for row in rows]


def _saved(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_every_kind_of_cell_reads_as_openpyxl_reads_it():
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã", "Đơn vị", "Ngày", "Giá trị", "Có", "Ghi chú"])
    ws.append([1, "Ấp Đông", dt.date(2026, 3, 31), 12.5, True, "  cách  "])
    ws.append([2, "Xã Đ", dt.datetime(2026, 4, 1, 8, 30), 1e20, False, None])
    ws["B5"] = "chỉ ô B5"  # a row left out before it, and cells left out within it
    ws["F5"] = "=SUM(A2:A3)"
    ws["C6"] = 45000  # a number without a date style stays a number
    ws["C6"].number_format = "0"
    ws["D6"] = 45000
    ws["D6"].number_format = "dd/mm/yyyy"  # a serial with a date style reads as a date
    ws["E6"] = dt.timedelta(hours=36)
    ws["A7"] = CellRichText(["Thi ", TextBlock(InlineFont(b=True), "đua")])
    ws["B8"] = ArrayFormula("B8:B9", "=A2:A3*2")
    data = _saved(wb)
    rows, problems = sheet_values(open_workbook(data, read_only=True).active)
    assert _plain(rows) == _openpyxl_rows(data)
    assert rows[2][2] == dt.datetime(2026, 4, 1, 8, 30) and rows[3] == () and rows[6] == ("Thi đua",)
    assert [(p.row, p.column) for p in problems] == [(5, "F"), (8, "B")]


_SHARED = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
        '.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/sharedStrings.xml": (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
        "<si><t>Quý 1/2026</t></si><si><r><t>Đạt </t></r><r><rPr><b/></rPr><t>tốt</t></r></si>"
        '<si><t xml:space="preserve"> có khoảng trắng </t></si></sst>'
    ),
    "xl/worksheets/sheet1.xml": (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:B1"/><sheetData>'  # a wrong dimension, as some programs write it
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c>'
        '<c r="E3" t="str"><f>A3&amp;"x"</f><v> có khoảng trắng x</v></c><c r="F3" t="s"><v>0</v></c>'
        '<c r="G3"><f t="shared" si="0" ref="G3:G4">A1</f><v>0</v></c></row>'
        '<row r="4"><c r="G4"><f t="shared" si="0"/><v>0</v></c></row>'
        "</sheetData></worksheet>"
    ),
}


def test_shared_strings_and_a_wrong_dimension_read_as_openpyxl_reads_them():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in _SHARED.items():
            archive.writestr(name, text)
    data = buffer.getvalue()
    rows, problems = sheet_values(open_workbook(data, read_only=True)["Số liệu"])
    expected = _openpyxl_rows(data)
    assert rows[:3] == expected[:3] and len(rows) == len(expected) == 4
    assert rows[0] == ("Quý 1/2026", "Đạt tốt") and rows[2][:3] == (" có khoảng trắng ", True, "#N/A")
    # A shared formula's second cell: openpyxl translates it, both read it as a formula.
    assert rows[3][6].startswith("=") and expected[3][6].startswith("=")
    assert [(p.row, p.column) for p in problems] == [(3, "E"), (3, "G"), (4, "G")]
