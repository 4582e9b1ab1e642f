"""Layout facts of the .docx (Decree 30/2020) and the text layer of the PDF."""

import io
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt
from pypdf import PdfReader

from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import render_pdf

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).resolve().parent.parent / "data" / "000_e0bb06a9f56f42be.txt"
SPECIAL_NAME = 'Nguyễn "Tí" [#$@<x>*_\\ Ánh'


@pytest.fixture(scope="module")
def plan():
    return read_document(SEED.read_bytes(), SEED.name).document


@pytest.fixture(scope="module")
def word(plan):
    return docx.Document(io.BytesIO(render_docx(plan)))


def _paragraph(word, text):
    for p in word.paragraphs:
        if p.text.startswith(text):
            return p
    for table in word.tables:
        for cell in table._cells:
            for p in cell.paragraphs:
                if p.text.startswith(text):
                    return p
    raise AssertionError(text)


def test_docx_page_is_a4_with_decree_margins(word):
    section = word.sections[0]
    # Word stores twips: allow the rounding.
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)


def test_docx_uses_times_new_roman_everywhere(word):
    runs = [r for p in word.paragraphs for r in p.runs]
    runs += [r for t in word.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}


@pytest.mark.parametrize(
    ("text", "size", "bold", "italic"),
    [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
        ("Độc lập - Tự do - Hạnh phúc", 13, True, False),
        ("ỦY BAN NHÂN DÂN", 12, True, False),
        ("Số: 23/KH-UBND", 13, False, False),
        ("Mỹ Thạnh, ngày 13 tháng 3 năm 2015", 14, False, True),
        ("KẾ HOẠCH", 14, True, False),
        ("Về việc phát động", 14, True, False),
        ("Nơi nhận:", 12, True, True),
        ("- Phòng Nội vụ huyện;", 11, False, False),
        ("CHỦ TỊCH", 14, True, False),
        ("Phạm Thanh Diễn", 14, True, False),
    ],
)
def test_docx_sizes_and_weights_follow_the_decree(word, text, size, bold, italic):
    run = _paragraph(word, text).runs[0]
    assert run.font.size == Pt(size)
    assert bool(run.font.bold) is bold and bool(run.font.italic) is italic


def test_docx_body_is_justified_with_first_line_indent_and_space_after(word):
    p = _paragraph(word, "Nhân kỷ niệm 55 năm")
    assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(p.paragraph_format.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert p.paragraph_format.space_after >= Pt(6)
    assert _paragraph(word, "KẾ HOẠCH").alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_docx_rules_under_issuer_and_motto(word):
    header = word.tables[0]
    for cell in header.rows[0].cells:
        assert any(
            p._p.pPr is not None
            and p._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr")
            is not None
            for p in cell.paragraphs
        )


def test_docx_page_number_in_header_from_page_two(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_docx_keeps_special_characters_literally(plan):
    from dataclasses import replace

    doc = replace(plan, signer=replace(plan.signer, name=SPECIAL_NAME))
    word = docx.Document(io.BytesIO(render_docx(doc)))
    assert _paragraph(word, "Nguyễn").text == SPECIAL_NAME


def test_pdf_text_layer_has_the_document_and_a_name_with_special_characters(plan):
    from dataclasses import replace

    doc = replace(plan, signer=replace(plan.signer, name=SPECIAL_NAME))
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 23/KH-UBND",
        "Mỹ Thạnh, ngày 13 tháng 3 năm 2015",
        "KẾ HOẠCH",
        "“Đồng khởi mới”",
        "- Lưu: VT, viet.27b.",
        SPECIAL_NAME,
    ]:
        assert expected in text
    assert len(reader.pages) >= 2


def test_pdf_embeds_liberation_serif_and_numbers_pages_from_two(plan):
    reader = PdfReader(io.BytesIO(render_pdf(plan)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("LiberationSerif" in f for f in fonts)
    assert not reader.pages[0].extract_text().strip().startswith("1")
    assert reader.pages[1].extract_text().strip().startswith("2")


def test_pdf_reads_back_through_the_reader(plan):
    parsed = read_document(render_pdf(plan), "plan.pdf")
    got = parsed.document
    assert (got.issuer, got.number_symbol, got.date, got.doc_type) == (
        plan.issuer,
        plan.number_symbol,
        plan.date,
        plan.doc_type,
    )
    assert got.recipients == plan.recipients and got.signer.name == plan.signer.name
