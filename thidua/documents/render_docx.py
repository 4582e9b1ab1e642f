"""A document model as an editable .docx laid out per Decree 30/2020/NĐ-CP (domain.md §4)."""

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.documents.model import Block, BlockKind, Document, Signer, date_line, issuer_lines

FONT = "Times New Roman"
CELL_ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}
BODY_SIZE = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 17}
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
ZERO = Pt(0)


def _font(run, size: float, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str = "",
    size: float = BODY_SIZE,
    *,
    bold=False,
    italic=False,
    align=None,
    indent: bool = False,
    after=SPACE_AFTER,
    before=ZERO,
):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = after
    fmt.space_before = before
    fmt.line_spacing = 1.15
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _rule(container, width_cm: float, cell_width_cm: float) -> None:
    """A short centred horizontal rule: the bottom border of an empty, indented paragraph."""
    paragraph = _para(container, "", 4, after=Pt(4), align=WD_ALIGN_PARAGRAPH.CENTER)
    side = max(0.0, (cell_width_cm - width_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _layout_table(doc, widths_cm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for cell, width in zip(table.rows[0].cells, widths_cm, strict=True):
        cell.width = Cm(width)
        # python-docx adds an empty paragraph to every new cell; we write our own.
        cell._tc.remove(cell.paragraphs[0]._p)
    return table.rows[0].cells


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _blocks(doc, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == BlockKind.TABLE and block.rows:
            columns = max(len(r) for r in block.rows)
            table = doc.add_table(rows=len(block.rows), cols=columns)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    paragraph = table.cell(r, c).paragraphs[0]
                    align, bold = block.cell_style(r, c)
                    paragraph.alignment = CELL_ALIGN[align]  # never justified; money right-aligned
                    _font(paragraph.add_run(value), 13, bold=bold)
            _para(doc, "", 6, after=Pt(0))
        elif block.kind == BlockKind.ARTICLE:
            paragraph = _para(doc, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _font(paragraph.add_run(f"Điều {block.label}."), BODY_SIZE, bold=True)
            if block.text:
                _font(paragraph.add_run(f" {block.text}"), BODY_SIZE)
        elif block.kind == BlockKind.HEADING:
            label = f"{block.label})" if block.level >= 5 else f"{block.label}."
            # A numbered paragraph of running text (ends with a full stop) is not bold.
            is_title = not block.text.endswith((".", ";", ":")) or block.level == 1
            paragraph = _para(doc, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _font(
                paragraph.add_run(f"{label} {block.text}"),
                BODY_SIZE,
                bold=is_title and block.level < 5,
                italic=block.level >= 5 and is_title,
            )
        elif block.kind == BlockKind.BULLET:
            _para(doc, f"{block.marker or '-'} {block.text}", indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        else:
            _para(doc, block.text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _blocks(doc, block.children)


def _signature(container, signer: Signer, *, before) -> None:
    """A signature block: titles, the note ("(Ký, đóng dấu)"), room to sign, the name."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(signer.title_lines):
        _para(container, line, 14, bold=True, align=center, after=Pt(0), before=before if i == 0 else Pt(0))
    if signer.note:
        _para(container, signer.note, 14, italic=True, align=center, after=Pt(0))
    for _ in range(3):
        _para(container, "", 14, after=Pt(0))
    if signer.name:
        _para(container, signer.name, 14, bold=True, align=center, after=Pt(0))


def _page(doc, *, landscape: bool) -> None:
    """Times New Roman, A4, the decree's margins, page numbers from page 2."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    _page_number_header(section)


def _head(doc, document: Document) -> None:
    """The issuer and number on the left, the national title and the date line on the right."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = _layout_table(doc, (6.0, 10.0))
    if document.parent_issuer:
        _para(left, document.parent_issuer, 13, align=center, after=Pt(0))
    for line in issuer_lines(document.issuer):
        _para(left, line, 13, bold=True, align=center, after=Pt(0))
    if document.issuer or document.parent_issuer:
        _rule(left, 2.0, 6.0)
    if document.number or document.symbol:
        _para(left, f"Số: {document.number_symbol}", 13, align=center, after=Pt(0))
    if document.is_letter and document.abstract:
        _para(left, document.abstract, 12, align=center, after=Pt(0), before=Pt(6))
    if not left.paragraphs:
        _para(left, "", 13, after=Pt(0))  # a cell needs one paragraph
    _para(right, document.national_title, 12, bold=True, align=center, after=Pt(0))
    _para(right, document.motto, 13, bold=True, align=center, after=Pt(0))
    _rule(right, 5.5, 10.0)
    if document.place or document.date:
        _para(right, date_line(document.place, document.date), 14, italic=True, align=center, after=Pt(0))


def _opening(doc, document: Document) -> None:
    """Type and abstract, "Kính gửi", the authority line and the legal bases."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    if not document.is_letter:
        _para(doc, document.doc_type, 14, bold=True, align=center, before=Pt(18), after=Pt(0))
        if document.abstract:
            _para(doc, document.abstract, 14, bold=True, align=center, after=Pt(0))
        _rule(doc, 3.0, 16.5)
    if document.addressee_lines:
        lines = document.addressee_lines
        _para(doc, lines[0], 14, align=center, before=Pt(6), after=Pt(0) if len(lines) > 1 else Pt(6))
        for line in lines[1:]:
            paragraph = _para(doc, line, 14, after=Pt(0))
            paragraph.paragraph_format.left_indent = Cm(4)
    if document.authority_line:
        _para(doc, document.authority_line, 14, bold=True, align=center, before=Pt(6))
    decision = document.doc_type == "QUYẾT ĐỊNH"
    for line in document.basis_lines:
        _para(doc, line, italic=decision, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if decision and any(b.kind == BlockKind.ARTICLE for b in document.body):
        _para(doc, "QUYẾT ĐỊNH:", 14, bold=True, align=center, before=Pt(6))


def _foot(doc, document: Document) -> None:
    """Recipients on the left, the signer on the right, then the confirmations and the annexes."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = _layout_table(doc, (7.5, 9.0))
    if document.recipient_lines:
        paragraph = _para(left, "", after=Pt(0), before=Pt(12))
        _font(paragraph.add_run("Nơi nhận:"), 12, bold=True, italic=True)
        for line in document.recipient_lines:
            _para(left, line, 11, after=Pt(0))
    else:
        _para(left, "", 11, after=Pt(0))
    _signature(right, document.signer, before=Pt(12))
    for extra in document.confirmations:
        _signature(doc, extra, before=Pt(18))
    if document.audit_line:
        _para(doc, document.audit_line, 8, before=Pt(12))
    for annex in document.annexes:
        breaker = _para(doc, after=Pt(0))
        breaker.add_run().add_break(WD_BREAK.PAGE)
        _para(doc, annex.title, 14, bold=True, align=center, after=Pt(0))
        if annex.subtitle:
            _para(doc, annex.subtitle, 14, italic=True, align=center)
        _blocks(doc, annex.blocks)


def build_docx(document: Document, *, landscape: bool = False):
    """The python-docx Document (for callers that add to it); `render_docx` gives bytes."""
    doc = DocxDocument()
    _page(doc, landscape=landscape)
    _head(doc, document)
    _opening(doc, document)
    _blocks(doc, document.body)
    _foot(doc, document)
    return doc


def render_docx(document: Document, *, landscape: bool = False) -> bytes:
    out = io.BytesIO()
    build_docx(document, landscape=landscape).save(out)
    return out.getvalue()
