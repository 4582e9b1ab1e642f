"""A document model as an editable .docx laid out per Decree 30/2020/NĐ-CP (domain.md §4)."""

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt, RGBColor

from thidua.documents.layout import (
    CELL_PAD_MM,
    CERT_FRAME,
    CERT_QR_MM,
    CERT_RED,
    CERT_SPACE_BEFORE,
    CERT_STYLES,
    FOOT_COLUMNS,
    HEAD_COLUMNS,
    HEAD_OUTDENT_MM,
    HEAD_SIZE,
    ISSUER_RULE,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MOTTO_RULE,
    NUMBER_SYMBOL,
    PAIR_COLUMNS,
    PAIR_TITLE_SIZE,
    TYPE_RULE,
    column_shares,
)
from thidua.documents.model import Block, BlockKind, Certificate, Document, Signer, date_line
from thidua.documents.qr import qr_png

FONT = "Times New Roman"
CELL_ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}
BODY_SIZE = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": MARGIN_LEFT_MM, "right": MARGIN_RIGHT_MM}
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
        _text(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _text(paragraph, text: str, size: float, *, bold=False, italic=False) -> None:
    """`text` as runs of the paragraph, each number and symbol ("02/TTr-HĐTĐKT") in a run of its
    own whose hyphens do not break (w:noBreakHyphen), as the PDF keeps it whole."""
    at = 0
    for match in NUMBER_SYMBOL.finditer(text):
        if match.start() > at:
            _font(paragraph.add_run(text[at : match.start()]), size, bold, italic)
        run = paragraph.add_run()
        _font(run, size, bold, italic)
        for i, part in enumerate(match.group().split("-")):
            if i:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            piece = OxmlElement("w:t")
            piece.text = part
            run._r.append(piece)
        at = match.end()
    if at < len(text):
        _font(paragraph.add_run(text[at:]), size, bold, italic)


def _rule(container, share: float, cell_width: Length) -> None:
    """A short centred horizontal rule right under the line above: the bottom border of an empty
    paragraph two points high, indented so that the rule is `share` of the cell's width."""
    paragraph = _para(container, "", after=Pt(4), align=WD_ALIGN_PARAGRAPH.CENTER)
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(3)  # exact: an empty paragraph is otherwise as high as a line of text
    side = Emu(int(cell_width * (1 - share) / 2))
    fmt.left_indent = side
    fmt.right_indent = side
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
    # The paragraph mark's own size: LibreOffice sizes an empty paragraph by it.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)  # last child of w:pPr, as the schema orders it


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )


def _grid(table, widths: list[Length]) -> None:
    """The cells' widths (tcW, which Word reads), the grid (w:tblGrid, which LibreOffice reads) and
    the table's width, all agreeing, in a fixed layout: both suites then break lines alike."""
    table.autofit = False  # w:tblLayout fixed
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(Emu(w).twips for w in widths)))
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _text_width(doc) -> Length:
    section = doc.sections[0]
    return Emu(section.page_width - section.left_margin - section.right_margin)


def _cell_margins(table) -> None:
    """Every cell's left and right padding, as the PDF and the screen pad their columns."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(Mm(CELL_PAD_MM).twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _outdent(table, by: Length) -> None:
    """The table starts `by` left of the text: aligned left and indented by minus that much."""
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(-by.twips))
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.insert_element_before(
        indent, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _layout_table(
    doc, shares: tuple[float, float], rows: int = 1, *, outdent: Length | None = None
) -> list[list]:
    """A borderless table of two columns laying out the header or a signature block; `outdent`
    widens it into the left margin by that much."""
    table = doc.add_table(rows=rows, cols=2)
    _no_borders(table)
    _cell_margins(table)
    width = _text_width(doc) + (outdent or 0)
    _grid(table, [Emu(int(width * share)) for share in shares])
    if outdent:
        _outdent(table, outdent)
    for cell in table._cells:
        # python-docx adds an empty paragraph to every new cell; we write our own.
        cell._tc.remove(cell.paragraphs[0]._p)
    return [row.cells for row in table.rows]


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
            width = _text_width(doc)
            _grid(table, [Emu(int(width * share)) for share in column_shares(block.rows)])
            for r in range(len(block.rows)):
                for c, span, value in block.row_cells(r, columns):
                    cell = table.cell(r, c)
                    if span > 1:  # gridSpan; python-docx sums the tcW of the merged cells
                        cell = cell.merge(table.cell(r, c + span - 1))
                    paragraph = cell.paragraphs[0]
                    align, bold = block.cell_style(r, c)
                    paragraph.alignment = CELL_ALIGN[align]  # never justified; money right-aligned
                    _font(paragraph.add_run(value), 13, bold=bold)
            _para(doc, "", 6, after=Pt(0))
        elif block.kind == BlockKind.ARTICLE:
            paragraph = _para(doc, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _font(paragraph.add_run(f"Điều {block.label}."), BODY_SIZE, bold=True)
            if block.text:
                _text(paragraph, f" {block.text}", BODY_SIZE)
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


def _signature(container, signer: Signer, *, before, title_size: int = 14, foot=None) -> None:
    """A signature block: titles, the note ("(Ký, đóng dấu)"), room to sign, the name; the room
    and the name go into `foot` when given (the next row of two signers side by side)."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(signer.title_lines):
        _para(
            container,
            line,
            title_size,
            bold=True,
            align=center,
            after=Pt(0),
            before=before if i == 0 else Pt(0),
        )
    if signer.note:
        _para(container, signer.note, title_size, italic=True, align=center, after=Pt(0))
    if foot is not None:
        for paragraph in container.paragraphs:
            paragraph.paragraph_format.keep_with_next = True  # the titles stay with the names
        container = foot
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
    """The issuer over its rule on the left, the national title and motto over theirs on the right;
    under them, on one line, the number and the place and date (Decree 30, Appendix I)."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    (left, right), (number, dated) = _layout_table(doc, HEAD_COLUMNS, rows=2, outdent=Mm(HEAD_OUTDENT_MM))
    for line in document.parent_issuer_lines:
        _para(left, line, HEAD_SIZE, align=center, after=Pt(0))
    for line in document.issuer_lines:
        _para(left, line, HEAD_SIZE, bold=True, align=center, after=Pt(0))
    if document.issuer or document.parent_issuer:
        _rule(left, ISSUER_RULE, left.width)
    if not left.paragraphs:
        _para(left, "", 13, after=Pt(0))  # a cell needs one paragraph
    _para(right, document.national_title, HEAD_SIZE, bold=True, align=center, after=Pt(0))
    _para(right, document.motto, 13, bold=True, align=center, after=Pt(0))
    _rule(right, MOTTO_RULE, right.width)
    if document.number or document.symbol:
        _para(number, f"Số: {document.number_symbol}", 13, align=center, after=Pt(0))
    if document.is_letter and document.abstract:
        _para(number, document.abstract, 12, align=center, after=Pt(0), before=Pt(6))
    if not number.paragraphs:
        _para(number, "", 13, after=Pt(0))
    line = date_line(document.place, document.date) if document.place or document.date else ""
    _para(dated, line, 14, italic=True, align=center, after=Pt(0))
    for cell in (left, right, number, dated):
        for paragraph in cell.paragraphs:
            if paragraph.paragraph_format.line_spacing == 1.15:
                # Single spacing, as Typst sets the header: the rules then sit right under their lines.
                paragraph.paragraph_format.line_spacing = 1.0


def _opening(doc, document: Document) -> None:
    """Type and abstract, "Kính gửi", the authority line and the legal bases."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    if not document.is_letter:
        _para(doc, document.doc_type, 14, bold=True, align=center, before=Pt(18), after=Pt(0))
        if document.abstract:
            _para(doc, document.abstract, 14, bold=True, align=center, after=Pt(0))
        _rule(doc, TYPE_RULE, _text_width(doc))
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
    if document.enacting_line:
        _para(doc, document.enacting_line, 14, bold=True, align=center, before=Pt(6))


def _recipients(container, document: Document, *, before) -> None:
    """ "Nơi nhận:" (12 pt bold italic) over its list (11 pt)."""
    paragraph = _para(container, "", after=Pt(0), before=before)
    _font(paragraph.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in document.recipient_lines:
        _para(container, line, 11, after=Pt(0))


def _keep_whole(cell) -> None:
    """The row of a signature block stays on one page: it moves to the next page whole."""
    cell._tc.getparent().get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _foot(doc, document: Document) -> None:
    """Recipients on the left, the signer on the right (or two signers side by side, the recipients
    under them), then the confirmations and the annexes."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    if document.signs_in_pairs:
        # Titles in one row, the room to sign and the names in the next: the names on one line.
        (left, right), (left_foot, right_foot) = _layout_table(doc, PAIR_COLUMNS, rows=2)
        _keep_whole(left)
        _keep_whole(left_foot)
        for head, foot, signer in (
            (left, left_foot, document.cosigner),
            (right, right_foot, document.signer),
        ):
            _signature(head, signer, before=Pt(12), title_size=PAIR_TITLE_SIZE, foot=foot)
        if document.recipient_lines:
            _recipients(doc, document, before=Pt(12))
    else:
        ((left, right),) = _layout_table(doc, FOOT_COLUMNS)
        _keep_whole(left)
        if document.recipient_lines:
            _recipients(left, document, before=Pt(12))
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


# --- certificates (Giấy khen, Giấy chứng nhận) -------------------------------------------------


def _frame(section) -> None:
    """The golden frame of a certificate: a page border 3 pt wide, 10 mm inside the margins' edge."""
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "text")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "24"), ("w:color", CERT_FRAME)):
            element.set(qn(key), value)
        borders.append(element)
    section._sectPr.insert_element_before(
        borders,
        "w:lnNumType",
        "w:pgNumType",
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
    )


def _certificate(doc, cert: Certificate, *, first: bool) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    for i, (role, text) in enumerate(cert.lines):
        size, bold, italic, red = CERT_STYLES[role]
        before = Mm(CERT_SPACE_BEFORE.get(role, 0))
        paragraph = _para(doc, "", size, align=center, after=Pt(0), before=before)
        paragraph.paragraph_format.line_spacing = 1.0
        if i == 0 and not first:
            paragraph.paragraph_format.page_break_before = True
        run = paragraph.add_run(text)
        _font(run, size, bold=bold, italic=italic)
        if red:
            run.font.color.rgb = RGBColor.from_string(CERT_RED)
    _para(doc, "", 14, after=Pt(0), before=Mm(6))
    ((left, right),) = _layout_table(doc, (0.5, 0.5))
    _keep_whole(left)
    if cert.register_line:
        _para(left, cert.register_line, 12, after=Pt(0))
    if cert.verify_line:
        picture = _para(left, "", 10, after=Pt(0))
        picture.add_run().add_picture(
            io.BytesIO(qr_png(cert.verify_url or cert.verification_code)), width=Mm(CERT_QR_MM)
        )
        _para(left, cert.verify_line, 10, after=Pt(0))
    else:
        _para(left, "", 10, after=Pt(0))
    if cert.date_line:
        _para(right, cert.date_line, 14, italic=True, align=center, after=Pt(0))
    _signature(right, cert.signer, before=Pt(0))


def build_certificates(certs: list[Certificate]):
    """Certificates in one python-docx Document: A4 landscape, one page each, in a golden frame."""
    doc = DocxDocument()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(15)
    _frame(section)
    for i, cert in enumerate(certs):
        _certificate(doc, cert, first=i == 0)
    return doc


def render_certificates(certs: list[Certificate]) -> bytes:
    """Certificates as a .docx, laid out as their PDF (`render_pdf.render_certificates`)."""
    out = io.BytesIO()
    build_certificates(certs).save(out)
    return out.getvalue()
