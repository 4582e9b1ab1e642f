"""A table's group heading ("TẬP THỂ (02 tập thể)") and total rows span the empty cells after their
label — merged cells in the .docx, `colspan` in Typst and in the preview — so they stand on one line."""

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from thidua.documents.builders import table
from thidua.documents.model import Annex, Document, Signer
from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import document_source, render_pdf
from thidua.documents.render_text import blocks_text

HEADER = ["STT", "Tên tập thể, cá nhân", "Chức vụ", "Hình thức", "Tiền thưởng (đồng)"]


def annex_table():
    block = table(
        HEADER,
        [
            ["I", "TẬP THỂ (01 tập thể)", "", "", "900.000"],
            ["01", "Hội Nông dân xã Mỹ Thạnh", "", "Giấy khen", "900.000"],
            ["II", "CÁ NHÂN (01 cá nhân)", "", "", "500.000"],
            ["01", "Đặng Văn Đức", "Bí thư", "Giấy khen", "500.000"],
            ["", "TỔNG CỘNG", "", "", "1.400.000"],
        ],
    )
    block.align, block.bold_rows, block.merged_rows = "cllcr", [1, 3, 5], [1, 3, 5]
    return block


def decision():
    return Document(
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
        annexes=[Annex(title="DANH SÁCH", blocks=[annex_table()])],
    )


def test_a_merged_row_label_takes_in_the_empty_cells_after_it():
    block = annex_table()
    assert block.row_cells(1) == [(0, 1, "I"), (1, 3, "TẬP THỂ (01 tập thể)"), (4, 1, "900.000")]
    assert block.row_cells(5) == [(0, 1, ""), (1, 3, "TỔNG CỘNG"), (4, 1, "1.400.000")]
    assert block.row_cells(4) == [(c, 1, text) for c, text in enumerate(block.rows[4])]  # not merged
    assert block.row_cells(0) == [(c, 1, text) for c, text in enumerate(HEADER)]


def test_the_docx_merges_the_cells_keeping_the_grid_and_the_widths():
    word = docx.Document(io.BytesIO(render_docx(decision())))
    annex = word.tables[-1]
    tbl = annex._tbl
    grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.gridCol_lst]
    assert len(grid) == 5
    row = tbl.tr_lst[1]
    tcs = row.tc_lst
    assert len(tcs) == 3
    assert tcs[1].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "3"
    assert [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in tcs] == [grid[0], sum(grid[1:4]), grid[4]]
    assert tcs[1].xpath("string(.)") == "TẬP THỂ (01 tập thể)"
    assert tcs[1].xpath(".//w:b") and tcs[1].xpath(".//w:jc")[0].get(qn("w:val")) == "left"
    assert len(tbl.tr_lst[2].tc_lst) == 5  # an entry row keeps its five cells


def test_the_typst_source_spans_the_columns():
    source = document_source(decision())
    assert (
        'table.cell(colspan: 3, align: left, [#set par(justify: false); #text(size: 13pt, weight: "bold"'
        in source
    )
    assert source.count("colspan: 3") == 3


def test_the_preview_spans_the_columns():
    from django.template.loader import render_to_string

    html = render_to_string("documents/_blocks.html", {"blocks": [annex_table()]})
    assert html.count('colspan="3"') == 3
    assert '<td colspan="3" class="cell-l doc-bold">TẬP THỂ (01 tập thể)</td>' in html


def test_the_plain_text_and_the_reader_still_read_the_table():
    assert "TẬP THỂ (01 tập thể)" in blocks_text([annex_table()])
    pdf = render_pdf(decision())
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "TẬP THỂ (01 tập thể)" in text
    read = read_document(render_docx(decision()), "decision.docx")
    assert "TẬP THỂ (01 tập thể)" in str(read)


@pytest.mark.parametrize("merged", [[], [1]])
def test_an_unmerged_table_is_unchanged(merged):
    block = annex_table()
    block.merged_rows = merged
    assert len(block.row_cells(3)) == 5
