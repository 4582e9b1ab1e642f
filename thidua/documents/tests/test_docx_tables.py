"""Every table of the .docx states its layout whole — the cells' widths (which Word reads), the grid
(which LibreOffice reads), the table's width and a fixed layout, all agreeing — so that both
suites break the header's lines alike (tests/papers converts the demo's papers with LibreOffice)."""

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua.documents.builders import table
from thidua.documents.layout import CELL_MARGIN_EM, TABLE_EM, column_shares, text_em
from thidua.documents.model import Annex, Document, Signer, issuer_lines
from thidua.documents.render_docx import render_docx

TEXT_WIDTH = Mm(210 - 30 - 17)


@pytest.fixture(scope="module")
def word():
    annex = table(
        ["STT", "Họ tên / tập thể", "Danh hiệu, hình thức", "Tiền thưởng (đồng)"],
        [["01", "Hội Nông dân xã Mỹ Thạnh", "Giấy khen của Chủ tịch UBND xã", "900.000"]],
    )
    model = Document(
        doc_type="QUYẾT ĐỊNH",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        parent_issuer="UBND HUYỆN GIỒNG TRÔM",
        number="02",
        symbol="QĐ-UBND",
        place="Mỹ Thạnh",
        date=dt.date(2020, 12, 13),
        abstract="Về việc khen thưởng",
        signer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
        recipients=["Như Điều 3", "Lưu: VT"],
        annexes=[Annex(title="DANH SÁCH", blocks=[annex])],
    )
    return docx.Document(io.BytesIO(render_docx(model)))


def test_every_table_has_a_grid_agreeing_with_its_cells_and_a_fixed_layout(word):
    assert len(word.tables) == 3  # the header, the signature block, the annex
    for t in word.tables:
        tbl = t._tbl
        grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.gridCol_lst]
        for row in t.rows:
            assert [int(cell._tc.tcPr.tcW.get(qn("w:w"))) for cell in row.cells] == grid
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        width = tbl.tblPr.find(qn("w:tblW"))
        assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) == sum(grid)
        assert abs(sum(grid) - TEXT_WIDTH.twips) <= len(grid)  # the text width, to the rounding


def test_the_header_puts_the_number_and_the_date_on_a_second_row(word):
    head = word.tables[0]
    assert [c.text for c in head.rows[1].cells] == ["Số: 02/QĐ-UBND", "Mỹ Thạnh, ngày 13 tháng 12 năm 2020"]
    left = [p.text for p in head.rows[0].cells[0].paragraphs if p.text]
    assert left == ["UBND HUYỆN GIỒNG TRÔM", "ỦY BAN NHÂN DÂN", "XÃ MỸ THẠNH"]


def test_the_signature_block_is_never_split_across_pages(word):
    row = word.tables[1].rows[0]._tr
    assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None


def test_an_annex_column_is_as_wide_as_what_it_holds(word):
    grid = [int(col.get(qn("w:w"))) for col in word.tables[2]._tbl.tblGrid.gridCol_lst]
    assert grid[0] == min(grid)  # "STT"


def test_short_entries_stay_on_one_line_and_the_widest_column_gives_way():
    name = "Hội Liên hiệp Phụ nữ xã Mỹ Thạnh và các chi hội phụ nữ của sáu ấp trực thuộc"
    rows = [
        ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Số tiền (đồng)"],
        ["01", name, "Ấp Mỹ Hòa", "1.800.000"],
    ]
    widths = [share * TABLE_EM for share in column_shares(rows)]
    assert abs(sum(widths) - TABLE_EM) < 1e-6
    for column, entry in ((0, "STT"), (2, "Ấp Mỹ Hòa"), (3, "1.800.000")):
        assert widths[column] >= text_em(entry) + CELL_MARGIN_EM
    assert widths[1] < text_em(name)  # the long name wraps
    assert widths[1] >= text_em("Thạnh") + CELL_MARGIN_EM  # but holds its longest word


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("ỦY BAN NHÂN DÂN XÃ MỸ THẠNH", ["ỦY BAN NHÂN DÂN", "XÃ MỸ THẠNH"]),
        ("ỦY BAN NHÂN DÂN XÃ HƯNG LỄ", ["ỦY BAN NHÂN DÂN", "XÃ HƯNG LỄ"]),
        ("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ", ["HỘI ĐỒNG THI ĐUA –", "KHEN THƯỞNG XÃ"]),
        ("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ MỸ THẠNH", ["HỘI ĐỒNG THI ĐUA –", "KHEN THƯỞNG", "XÃ MỸ THẠNH"]),
        ("UBND HUYỆN GIỒNG TRÔM", ["UBND HUYỆN GIỒNG TRÔM"]),
        ("", []),
    ],
)
def test_a_long_name_in_the_header_is_split_where_an_official_would(name, lines):
    assert issuer_lines(name) == lines
