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
from thidua.documents.layout import (
    CELL_MARGIN_EM,
    HEAD_OUTDENT_MM,
    PAIR_COLUMNS,
    TABLE_EM,
    bold_em,
    column_shares,
    short_heading,
    text_em,
    whole_headings,
)
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
    for i, t in enumerate(word.tables):
        tbl = t._tbl
        grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.gridCol_lst]
        for row in t.rows:
            assert [int(cell._tc.tcPr.tcW.get(qn("w:w"))) for cell in row.cells] == grid
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        width = tbl.tblPr.find(qn("w:tblW"))
        assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) == sum(grid)
        # The text width, to the rounding; the header reaches into the left margin by its outdent,
        # indented by minus that much.
        outdent = Mm(HEAD_OUTDENT_MM).twips if i == 0 else 0
        assert abs(sum(grid) - TEXT_WIDTH.twips - outdent) <= len(grid)
        indent = tbl.tblPr.find(qn("w:tblInd"))
        assert (int(indent.get(qn("w:w"))) if indent is not None else 0) == -outdent


def test_the_header_puts_the_number_and_the_date_on_a_second_row(word):
    head = word.tables[0]
    assert [c.text for c in head.rows[1].cells] == ["Số: 02/QĐ-UBND", "Mỹ Thạnh, ngày 13 tháng 12 năm 2020"]
    left = [p.text for p in head.rows[0].cells[0].paragraphs if p.text]
    assert left == ["UBND HUYỆN GIỒNG TRÔM", "ỦY BAN NHÂN DÂN", "XÃ MỸ THẠNH"]


def test_the_signature_block_is_never_split_across_pages(word):
    row = word.tables[1].rows[0]._tr
    assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None


def test_two_signers_sign_side_by_side_in_a_borderless_row_with_the_recipients_under_them():
    """A biên bản: "THƯ KÝ" on the left, "CHỦ TỌA" on the right, each with room to sign and the
    name; the row states its grid and cell widths, has no borders, and "Nơi nhận" follows it."""
    model = Document(
        doc_type="BIÊN BẢN",
        issuer="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        parent_issuer="UBND XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2020, 12, 5),
        signer=Signer(title_lines=["CHỦ TỌA"], name="Phạm Thanh Diễn"),
        cosigner=Signer(title_lines=["THƯ KÝ"], name="Đỗ Thị Đào"),
        recipients=["Thành viên Hội đồng", "Lưu: VT"],
    )
    word = docx.Document(io.BytesIO(render_docx(model)))
    pair = word.tables[1]
    # Titles in the first row, the room to sign and the names in the second: names on one line.
    texts = [[[p.text for p in cell.paragraphs if p.text] for cell in row.cells] for row in pair.rows]
    assert texts == [[["THƯ KÝ"], ["CHỦ TỌA"]], [["Đỗ Thị Đào"], ["Phạm Thanh Diễn"]]]
    grid = [int(col.get(qn("w:w"))) for col in pair._tbl.tblGrid.gridCol_lst]
    for row in pair.rows:
        assert [int(c._tc.tcPr.tcW.get(qn("w:w"))) for c in row.cells] == grid
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert [round(w / sum(grid), 3) for w in grid] == list(PAIR_COLUMNS)
    borders = pair._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    assert all(p.paragraph_format.keep_with_next for p in pair.rows[0].cells[0].paragraphs)
    after = [p.text for p in word.paragraphs if p.text]
    assert after[-3:] == ["Nơi nhận:", "- Thành viên Hội đồng;", "- Lưu: VT."]
    assert Document.from_dict(model.to_dict()).cosigner == model.cosigner


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


VOTES = [
    ["Hạng", "Họ và tên / Tập thể", "Danh hiệu, hình thức", "Đồng ý", "Tỷ lệ", "Ngưỡng", "Kết quả"],
    ["01", "Hội Liên hiệp Phụ nữ xã Mỹ Thạnh", "Giấy khen", "2/2", "100%", "51%", "Đạt"],
    [
        "02",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Mỹ Thạnh",
        "Lao động tiên tiến",
        "1/2",
        "50%",
        "51%",
        "Không đạt",
    ],
]


def test_a_short_heading_holds_one_line_and_the_name_column_takes_the_rest():
    widths = [share * TABLE_EM for share in column_shares(VOTES)]
    assert whole_headings(VOTES) == {0, 3, 4, 5, 6}
    for column, heading in enumerate(VOTES[0]):
        if column in whole_headings(VOTES):
            # Bold, as the heading prints ("Tham dự" is wider than its letters count).
            assert widths[column] >= bold_em(heading) + CELL_MARGIN_EM, heading
    assert not short_heading("Họ và tên / Tập thể")  # a long heading wraps between its words
    assert widths[1] == max(widths)
    # Room to spare goes to the name, not to the number columns.
    rows = [["STT", "Họ và tên", "Tham dự"], ["01", "Phạm Thanh Diễn", "Có mặt"]]
    narrow = [share * TABLE_EM for share in column_shares(rows)]
    # A short heading over words may wrap; over figures it may not.
    annex = [["STT", "Chức vụ, đơn vị", "Số tiền (đồng)"], ["01", "Ấp Mỹ Hòa", "1.800.000"]]
    assert whole_headings(annex) == {0, 2} and short_heading("Chức vụ, đơn vị")
    assert narrow[0] < 4 and narrow[2] < bold_em("Tham dự") + CELL_MARGIN_EM + 0.5
    assert narrow[1] > TABLE_EM - 10


def test_the_preview_sets_the_same_column_widths_and_keeps_short_headings_whole():
    from django.template.loader import render_to_string

    block = table(VOTES[0], VOTES[1:])
    html = render_to_string("documents/_blocks.html", {"blocks": [block]})
    for share in column_shares(VOTES):
        assert f'<col style="width: {share * 100:.2f}%">' in html
    assert '<th class="doc-whole">Ngưỡng</th>' in html and "<th>Họ và tên / Tập thể</th>" in html


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("ỦY BAN NHÂN DÂN XÃ MỸ THẠNH", ["ỦY BAN NHÂN DÂN", "XÃ MỸ THẠNH"]),
        ("ỦY BAN NHÂN DÂN XÃ HƯNG LỄ", ["ỦY BAN NHÂN DÂN", "XÃ HƯNG LỄ"]),
        ("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ", ["HỘI ĐỒNG THI ĐUA –", "KHEN THƯỞNG XÃ"]),
        ("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ MỸ THẠNH", ["HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "XÃ MỸ THẠNH"]),
        # The council under its commune: the name fits its line whole, at the header's 12 pt.
        ("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", ["HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"]),
        ("UBND XÃ MỸ THẠNH", ["UBND XÃ MỸ THẠNH"]),
        ("UBND HUYỆN GIỒNG TRÔM", ["UBND HUYỆN GIỒNG TRÔM"]),
        ("BAN CHỈ ĐẠO PHONG TRÀO THI ĐUA ĐỒNG KHỞI MỚI", ["BAN CHỈ ĐẠO PHONG TRÀO", "THI ĐUA ĐỒNG KHỞI MỚI"]),
        ("", []),
    ],
)
def test_a_long_name_in_the_header_is_split_where_an_official_would(name, lines):
    assert issuer_lines(name) == lines
