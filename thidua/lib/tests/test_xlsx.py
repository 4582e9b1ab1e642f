"""Plain sheets written straight as XML read back in openpyxl as what was written."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from thidua.lib.xlsx import PlainWorkbook, column_letter


def test_columns_are_lettered_as_excel_does():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_plain_workbook_reads_back_as_written():
    book = PlainWorkbook()
    rows = [
        ["=1+cmd|' /C calc'!A0", 3, Decimal("2.50"), dt.date(2026, 10, 10), None, True],
        ["Ấp Mỹ Hòa & <Thạnh Lợi>\x07", -1.5, 0, dt.datetime(2026, 1, 2, 3, 4), "", False],
    ]
    book.add_sheet("Chi tiết", ["Đơn vị", "Số", "Giá trị", "Hạn", "Trống", "Đạt"], (r for r in rows))
    book.add_sheet("Một tên trang dài hơn ba mươi mốt ký tự", ["A"], [])
    buffer = io.BytesIO()
    book.save(buffer)
    wb = load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames == ["Chi tiết", "Một tên trang dài hơn ba mươi m"]
    ws = wb["Chi tiết"]
    header, first, second = list(ws.iter_rows())
    assert [c.value for c in header] == ["Đơn vị", "Số", "Giá trị", "Hạn", "Trống", "Đạt"]
    assert all(c.font.b for c in header)
    assert [c.value for c in first] == ["=1+cmd|' /C calc'!A0", 3, 2.5, dt.datetime(2026, 10, 10), None, True]
    assert first[0].data_type == "s"  # text, never a formula
    assert [c.value for c in second] == [
        "Ấp Mỹ Hòa & <Thạnh Lợi>",
        -1.5,
        0,
        dt.datetime(2026, 1, 2, 3, 4),
        None,
        False,
    ]
    assert not wb["Một tên trang dài hơn ba mươi m"]["A2"].value


def test_title_rows_stand_above_the_header_bold_with_an_empty_row_between():
    book = PlainWorkbook()
    book.add_sheet(
        "Xếp hạng",
        ["Hạng", "Xã"],
        [[1, "Xã Đông Thành"]],
        titles=["XẾP HẠNG CÁC XÃ", "Tỉnh Tây Ninh – năm 2026"],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    ws = load_workbook(io.BytesIO(buffer.getvalue()))["Xếp hạng"]
    assert [ws[f"A{r}"].value for r in range(1, 6)] == [
        "XẾP HẠNG CÁC XÃ",
        "Tỉnh Tây Ninh – năm 2026",
        None,
        "Hạng",
        1,
    ]
    assert ws["A1"].font.b and ws["B4"].font.b and not ws["B5"].font.b
    assert ws["B5"].value == "Xã Đông Thành"
