"""A document model as PDF through Typst, with the same layout as the .docx.

Every user string enters the Typst source as a string literal (`#"…"`), so quotes, #, $,
brackets, backslashes, stars, underscores, @ and angle brackets print literally. The font is
Liberation Serif (metric-compatible with Times New Roman, full Vietnamese coverage), shipped in
`fonts/` and passed with `font_paths`, so no system font is needed.
"""

from __future__ import annotations

import queue
from pathlib import Path
from typing import cast

import typst

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
from thidua.documents.qr import qr_svg

FONTS_DIR = Path(__file__).parent / "fonts"
CELL_ALIGN = {"l": "left", "c": "center", "r": "right"}
FONT = "Liberation Serif"


def s(text: str) -> str:
    """A Typst string literal holding `text` verbatim."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{escaped}"'


def t(text: str) -> str:
    """Markup that prints `text` verbatim; a number and symbol ("02/TTr-HĐTĐKT") in a box, so
    that a line never breaks at its hyphen."""
    parts, at = [], 0
    for match in NUMBER_SYMBOL.finditer(text):
        if match.start() > at:
            parts.append(f"#{s(text[at : match.start()])}")
        parts.append(f"#box({s(match.group())})")
        at = match.end()
    if at < len(text):
        parts.append(f"#{s(text[at:])}")
    return "".join(parts)


PREAMBLE = f"""
#set document(author: "thidua")
#set text(font: "{FONT}", size: 14pt, lang: "vi", fallback: false)
#set par(justify: true, leading: 0.6em, spacing: 0.9em)
"""

PAGE = f"""
#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: {MARGIN_LEFT_MM}mm, right: {MARGIN_RIGHT_MM}mm),
  header: context {{
    let n = counter(page).get().first()
    if n > 1 {{ align(center, text(size: 13pt, str(n))) }}
  }})
"""


def _block(block: Block, out: list[str]) -> None:
    indent = "#h(1.27cm)"
    if block.kind == BlockKind.TABLE and block.rows:
        columns = max(len(r) for r in block.rows)
        cells = []
        for r in range(len(block.rows)):
            for c, span, value in block.row_cells(r, columns):
                align, bold = block.cell_style(r, c)
                weight = '"bold"' if bold else '"regular"'
                colspan = f"colspan: {span}, " if span > 1 else ""
                # A cell is never justified; money is right-aligned (`Block.align`).
                cells.append(
                    f"table.cell({colspan}align: {CELL_ALIGN[align]}, "
                    f"[#set par(justify: false); #text(size: 13pt, weight: {weight}, {s(value)})])"
                )
        shares = ", ".join(f"{share:.4f}fr" for share in column_shares(block.rows))
        out.append(f"#table(columns: ({shares},), align: left, {', '.join(cells)})\n\n")
    elif block.kind == BlockKind.ARTICLE:
        out.append(f"{indent}#strong({s(f'Điều {block.label}.')}) {t(block.text)}\n\n")
    elif block.kind == BlockKind.HEADING:
        label = f"{block.label})" if block.level >= 5 else f"{block.label}."
        line = f"{label} {block.text}"
        is_title = not block.text.endswith((".", ";", ":")) or block.level == 1
        if is_title and block.level < 5:
            out.append(f"{indent}#strong({s(line)})\n\n")
        elif is_title:
            out.append(f"{indent}#emph[{t(line)}]\n\n")
        else:
            out.append(f"{indent}{t(line)}\n\n")
    elif block.kind == BlockKind.BULLET:
        marker = block.marker or "-"
        out.append(f"{indent}{t(f'{marker} {block.text}')}\n\n")
    else:
        out.append(f"{indent}{t(block.text)}\n\n")
    for child in block.children:
        _block(child, out)


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _head(document: Document) -> str:
    """The issuer over its rule on the left, the national title and motto over theirs on the right;
    under them, on one line, the number and the place and date (as the .docx lays them out)."""
    left = []
    for line in document.parent_issuer_lines:
        left.append(f"text(size: {HEAD_SIZE}pt, {s(line)})")
    for line in document.issuer_lines:
        left.append(f'text(size: {HEAD_SIZE}pt, weight: "bold", {s(line)})')
    left_cell = " + linebreak() + ".join(left) or '""'
    rule = "#v(-0.4em) #line(length: {}, stroke: 0.5pt)"
    left_rule = rule.format(_percent(ISSUER_RULE)) if left else ""
    number = ""
    if document.number or document.symbol:
        number = f"#text(size: 13pt, {s('Số: ' + document.number_symbol)})"
    if document.is_letter and document.abstract:
        number += f" #linebreak() #text(size: 12pt, {s(document.abstract)})"
    right_date = ""
    if document.place or document.date:
        right_date = f'#text(size: 14pt, style: "italic", {s(date_line(document.place, document.date))})'
    columns = ", ".join(_percent(c) for c in HEAD_COLUMNS)
    # As wide as the text and the outdent, moved left into the margin by the outdent (`layout`).
    return (
        f"#move(dx: -{HEAD_OUTDENT_MM}mm, block(width: 100% + {HEAD_OUTDENT_MM}mm, "
        f"grid(columns: ({columns}), align: center + top, row-gutter: 0.3em, inset: (x: {CELL_PAD_MM}mm),\n"
        f"  [#set par(justify: false); #{{{left_cell}}} {left_rule}],\n"
        f'  [#set par(justify: false); #text(size: {HEAD_SIZE}pt, weight: "bold", {s(document.national_title)}) '
        f'#linebreak() #text(size: 13pt, weight: "bold", {s(document.motto)}) '
        f"{rule.format(_percent(MOTTO_RULE))}],\n"
        f"  [#set par(justify: false); {number}],\n"
        f"  [#set par(justify: false); {right_date}],\n)))\n"
    )


def _opening(document: Document, out: list[str]) -> None:
    """Type and abstract, "Kính gửi", the authority line and the legal bases."""
    if not document.is_letter:
        out.append("#align(center)[#set par(justify: false)\n\n")
        out.append(f'#text(weight: "bold", {s(document.doc_type)})')
        if document.abstract:
            out.append(f' #linebreak() #text(weight: "bold", {s(document.abstract)})')
        out.append(f" #v(-0.4em) #line(length: {_percent(TYPE_RULE)}, stroke: 0.5pt)]\n\n\n")
    if document.addressee_lines:
        lines = document.addressee_lines
        out.append(f"#align(center, {s(lines[0])})\n\n")
        for line in lines[1:]:
            out.append(f"#pad(left: 4cm, {s(line)})\n\n")
        out.append("\n")
    if document.authority_line:
        out.append(f'#align(center, text(weight: "bold", {s(document.authority_line)}))\n\n\n')
    decision = document.doc_type == "QUYẾT ĐỊNH"
    for line in document.basis_lines:
        body = f"#emph[{t(line)}]" if decision else t(line)
        out.append(f"#h(1.27cm){body}\n\n\n")
    if document.enacting_line:
        out.append(f'#align(center, text(weight: "bold", {s(document.enacting_line)}))\n\n\n')


def _signature_parts(signer: Signer, *, title_size: int = 14) -> tuple[str, str]:
    """(titles and note, room to sign and the name) of a signature block."""
    lines = [f'#text(size: {title_size}pt, weight: "bold", {s(line)})' for line in signer.title_lines]
    if signer.note:
        lines.append(f'#text(size: {title_size}pt, style: "italic", {s(signer.note)})')
    name = f'#text(weight: "bold", {s(signer.name)})' if signer.name else ""
    return " #linebreak() ".join(lines), f"#v(5em) {name}"


def _signature(signer: Signer) -> str:
    """Titles and note of a signature block, room to sign, the name."""
    head, foot = _signature_parts(signer)
    return f"{head} {foot}"


def _foot(document: Document, out: list[str]) -> None:
    """Recipients on the left, the signer on the right (or two signers side by side, the recipients
    under them), then the confirmations and the annexes."""
    recipients = ""
    if document.recipient_lines:
        lines = " #linebreak() ".join(f"#text(size: 11pt, {s(line)})" for line in document.recipient_lines)
        recipients = (
            f'#text(size: 12pt, weight: "bold", style: "italic", {s("Nơi nhận:")}) #linebreak() {lines}'
        )
    # A signature block stays on one page: it moves to the next page whole.
    if document.signs_in_pairs:
        # Titles in one row, the room to sign and the names in the next: the names on one line.
        (left_head, left_foot), (right_head, right_foot) = (
            _signature_parts(signer, title_size=PAIR_TITLE_SIZE)
            for signer in (document.cosigner, document.signer)
        )
        out.append(
            f"#v(0.5em)\n#block(breakable: false, grid(columns: ({', '.join(_percent(c) for c in PAIR_COLUMNS)}), "
            f"align: center + top, inset: (x: {CELL_PAD_MM}mm),\n"
            f"  [#set par(justify: false); {left_head}], [#set par(justify: false); {right_head}],\n"
            f"  [{left_foot}], [{right_foot}],\n))\n"
        )
        if recipients:
            out.append(f"#v(1em)\n#block[#set par(justify: false, spacing: 0.3em); {recipients}]\n")
    else:
        out.append(
            f"#v(0.5em)\n#block(breakable: false, grid(columns: ({', '.join(_percent(c) for c in FOOT_COLUMNS)}), "
            f"align: (left + top, center + top), inset: (x: {CELL_PAD_MM}mm),\n"
            f"  [#set par(justify: false, spacing: 0.3em); {recipients}],\n"
            f"  [#set par(justify: false); {_signature(document.signer)}],\n))\n"
        )
    for extra in document.confirmations:
        out.append(f"#v(1.5em)\n#align(center)[#set par(justify: false); {_signature(extra)}]\n")
    if document.audit_line:
        out.append(f"#v(1em)\n#text(size: 8pt, fill: gray, {s(document.audit_line)})\n")
    for annex in document.annexes:
        out.append(f'#pagebreak()\n#align(center, text(weight: "bold", {s(annex.title)}))\n\n')
        if annex.subtitle:
            out.append(f"#align(center, emph({s(annex.subtitle)}))\n\n")
        for block in annex.blocks:
            _block(block, out)


def document_source(document: Document) -> str:
    """The Typst source of one document (without the page and font settings)."""
    out = [_head(document), "#v(1em)\n"]
    _opening(document, out)
    for block in document.body:
        _block(block, out)
        out.append("\n\n")
    _foot(document, out)
    return "".join(out)


# Compilers with the shipped fonts loaded, reused (font loading is the slow part). A compiler
# refuses to serve two threads at once ("Already borrowed"), and a server worker answers requests in
# several threads: each compilation borrows an idle one, or makes one, and gives it back.
_idle: queue.SimpleQueue[typst.Compiler] = queue.SimpleQueue()


def compile_source(source: str, *, standard: str | None = None) -> bytes:
    """The PDF of a Typst source; `standard` ("a-2b") makes it conform to that PDF standard."""
    try:
        compiler = _idle.get_nowait()
    except queue.Empty:
        compiler = typst.Compiler(font_paths=[str(FONTS_DIR)], ignore_system_fonts=True)
    try:
        # A PDF without an output path comes back as one bytes object (a list is for PNG/SVG pages).
        options = {"pdf_standards": standard} if standard else {}
        return cast(bytes, compiler.compile(input=source.encode("utf-8"), format="pdf", **options))
    finally:
        _idle.put(compiler)


# A draft is marked on every page, so a printed draft is never taken for the issued paper.
DRAFT_MARK = f"""
#set page(background: rotate(-35deg, text(size: 96pt, weight: "bold", fill: luma(225), {s("DỰ THẢO")})))
#set page(header: context {{
    let n = counter(page).get().first()
    align(right, text(size: 11pt, weight: "bold", {s("DỰ THẢO")}))
    if n > 1 {{ align(center, text(size: 13pt, str(n))) }}
  }})
"""


def full_source(document: Document, *, draft: bool = False) -> str:
    return PREAMBLE + PAGE + (DRAFT_MARK if draft else "") + document_source(document)


def render_pdf(document: Document, *, draft: bool = False) -> bytes:
    """The PDF of a document; `draft` marks every page "DỰ THẢO" (a document not issued)."""
    return compile_source(full_source(document, draft=draft))


ARCHIVE_STANDARD = "a-2b"


def render_archival(document: Document, *, title: str) -> bytes:
    """The issued paper as PDF/A-2b, the copy an archive keeps: fonts embedded, colours with their
    output intent, metadata in XMP; the same layout as `render_pdf`."""
    source = f"#set document(title: {s(title)})\n" + full_source(document)
    return compile_source(source, standard=ARCHIVE_STANDARD)


# --- certificates (Giấy khen, Giấy chứng nhận) -------------------------------------------------

CERT_PAGE = '#set page(paper: "a4", flipped: true, margin: (x: 20mm, y: 15mm))\n'


def _cert_line(role: str, text: str) -> str:
    size, bold, italic, red = CERT_STYLES[role]
    style = [f"size: {size}pt", f'weight: "{"bold" if bold else "regular"}"']
    if italic:
        style.append('style: "italic"')
    if red:
        style.append(f'fill: rgb("#{CERT_RED}")')
    space = CERT_SPACE_BEFORE.get(role)
    return (f"#v({space}mm) " if space else "") + f"#align(center, text({', '.join(style)}, {s(text)}))\n"


def certificate_source(cert: Certificate) -> str:
    """The Typst source of one certificate page: its lines centred in a golden frame, and at the
    foot the register number, the QR code and the verification code on the left, the date and the signer on the right."""
    verify = ""
    if cert.verify_line:
        target = cert.verify_url or cert.verification_code
        verify = (
            f'#image(bytes({s(qr_svg(target))}), format: "svg", width: {CERT_QR_MM}mm) #linebreak() '
            f"#text(size: 10pt, {s(cert.verify_line)})"
        )
    if cert.register_line:
        verify = f"#text(size: 12pt, {s(cert.register_line)}) #linebreak() {verify}"
    signer = _signature(cert.signer).replace("#v(5em)", "#v(18mm)")
    dated = f'#text(style: "italic", {s(cert.date_line)}) #linebreak() ' if cert.date_line else ""
    lines = "".join(_cert_line(role, text) for role, text in cert.lines)
    return (
        f'#rect(width: 100%, height: 100%, stroke: 3pt + rgb("#{CERT_FRAME}"), inset: 10mm)[\n'
        f"#set par(justify: false)\n{lines}"
        "#place(bottom, grid(columns: (1fr, 1fr), align: (left + bottom, center + bottom),\n"
        f"  [{verify}],\n  [{dated}{signer}],\n))\n]\n"
    )


def certificates_source(certs: list[Certificate]) -> str:
    """The whole Typst source of certificates, one landscape page each."""
    return PREAMBLE + CERT_PAGE + "#pagebreak()\n".join(certificate_source(c) for c in certs)


def render_certificates(certs: list[Certificate]) -> bytes:
    """Certificates as one landscape PDF, one page each."""
    return compile_source(certificates_source(certs))
