"""Plain text of a document, laid out the way the reader expects a typed document."""

import functools

from thidua.documents.model import Block, BlockKind, Document, date_line, issuer_lines


def block_lines(block: Block) -> list[str]:
    """The printed first line of a block (headings and articles carry their label)."""
    if block.kind == BlockKind.ARTICLE:
        return [f"Điều {block.label}. {block.text}".rstrip()]
    if block.kind == BlockKind.HEADING:
        if block.level >= 5:
            return [f"{block.label}) {block.text}"]
        return [f"{block.label}. {block.text}"]
    if block.kind == BlockKind.BULLET:
        return [f"{block.marker or '-'} {block.text}"]
    if block.kind == BlockKind.TABLE:
        return ["| " + " | ".join(row) + " |" for row in block.rows]
    return [block.text]


def _emit(lines: list[str], blocks: list[Block]) -> None:
    for block in blocks:
        lines.extend(block_lines(block))
        lines.append("")
        _emit(lines, block.children)


def blocks_text(blocks: list[Block]) -> str:
    """A block tree as the plain text an officer edits; `reader.read_body` reads it back."""
    lines: list[str] = []
    _emit(lines, blocks)
    return "\n".join(lines).rstrip() + ("\n" if lines else "")


def render_text(doc: Document) -> str:
    lines: list[str] = []
    if doc.parent_issuer:
        lines.append(doc.parent_issuer)
    lines.extend(issuer_lines(doc.issuer))
    if doc.number or doc.symbol:
        lines.append(f"Số: {doc.number_symbol}")
    lines.extend([doc.national_title, doc.motto])
    if doc.place or doc.date:
        lines.append(date_line(doc.place, doc.date))
    if doc.is_letter:
        lines.extend([doc.abstract] if doc.abstract else [])
    else:
        lines.extend(["", doc.doc_type])
        if doc.abstract:
            lines.append(doc.abstract)
    lines.append("")
    if doc.addressee_lines:
        lines.extend([*doc.addressee_lines, ""])
    if doc.authority_line:
        lines.extend([doc.authority_line, ""])
    lines.extend(doc.basis_lines)
    if doc.basis_lines:
        lines.append("")
    if doc.doc_type == "QUYẾT ĐỊNH" and any(b.kind == BlockKind.ARTICLE for b in doc.body):
        lines.extend(["QUYẾT ĐỊNH:", ""])

    emit = functools.partial(_emit, lines)
    emit(doc.body)
    if doc.recipient_lines:
        lines.append("Nơi nhận:")
        lines.extend(doc.recipient_lines)
        lines.append("")
    # Two signers side by side read left first: the one signing beside the signer, then the signer.
    cosigner = [doc.cosigner] if doc.signs_in_pairs else []
    for i, block in enumerate([*cosigner, doc.signer]):
        lines.extend([""] * bool(i) + block.title_lines)
        if block.note:
            lines.append(block.note)
        if block.name:
            lines.extend(["", block.name])
    if doc.audit_line:
        lines.extend(["", doc.audit_line])
    for extra in doc.confirmations:
        lines.extend(["", *extra.title_lines])
        if extra.note:
            lines.append(extra.note)
        if extra.name:
            lines.extend(["", extra.name])
    for annex in doc.annexes:
        lines.extend(["", annex.title, annex.subtitle, ""])
        emit(annex.blocks)
    return "\n".join(lines).rstrip() + "\n"
