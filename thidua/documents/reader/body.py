"""The body of a document: the preamble (authority line, legal bases, "QUYẾT ĐỊNH:") and the
tree of sections, articles, items, bullets and tables under it."""

from __future__ import annotations

import re

from thidua.documents.model import Block, BlockKind, Document
from thidua.documents.reader.lines import clean_lines, paragraphs
from thidua.documents.reader.patterns import ARABIC, ARTICLE, BASIS, BULLET, LETTER, ROMAN, is_upper


def read_body(text: str) -> list[Block]:
    """Read the plain text of a body (as `render_text.blocks_text` writes it) back into blocks.

    Headings "I." / "1." / "1.1." / "a)", "Điều 1.", bullets "- " / "+ ", "|"-separated table
    rows and paragraphs separated by a blank line or a full stop at the end of a line.
    """
    return tree(paragraphs(clean_lines(text)))


def read_preamble(paragraphs: list[str], doc: Document) -> int:
    """The authority line and bases before the body into `doc`; return where the body begins."""
    k = 0
    while k < len(paragraphs):
        p = paragraphs[k]
        if _is_authority(p, doc) and not doc.authority_line and not doc.bases:
            doc.authority_line = p
        elif BASIS.match(p):
            doc.bases.extend(_split_bases(p))
        elif re.fullmatch(r"(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|NGHỊ ĐỊNH|NAY CÔNG BỐ|LỆNH)\s*:?", p):
            k += 1
            break
        else:
            break
        k += 1
    return k


def _is_authority(paragraph: str, doc: Document) -> bool:
    """The line naming who enacts ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …", "HỘI ĐỒNG NHÀ NƯỚC"), above
    the legal bases; a numbered heading in upper case is not one."""
    if (
        not is_upper(paragraph)
        or paragraph.endswith(":")
        or ROMAN.match(paragraph)
        or ARABIC.match(paragraph)
    ):
        return False
    return doc.doc_type in ("QUYẾT ĐỊNH", "NGHỊ QUYẾT", "NGHỊ ĐỊNH", "LỆNH", "PHÁP LỆNH", "CHỈ THỊ", "")


def _split_bases(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[;.])\s+(?=(?:Căn cứ|Thực hiện|Xét|Theo đề nghị)\b)", paragraph)
    return [re.sub(r"\s*[;.,]+$", "", p.strip()) for p in parts if p.strip()]


def tree(paragraphs: list[str]) -> list[Block]:
    """Paragraphs into blocks: headings and articles open a level, the rest attach to the open one."""
    root: list[Block] = []
    stack: list[Block] = []  # open headings/articles, by level

    def attach(block: Block) -> None:
        (stack[-1].children if stack else root).append(block)

    def open_level(block: Block) -> None:
        while stack and stack[-1].level >= block.level:
            stack.pop()
        attach(block)
        stack.append(block)

    for p in paragraphs:
        if p.startswith("|"):
            cells = [c.strip() for c in p.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
                continue
            parent = stack[-1].children if stack else root
            if parent and parent[-1].kind == BlockKind.TABLE:
                parent[-1].rows.append(cells)
            else:
                attach(Block(kind=BlockKind.TABLE, rows=[cells]))
            continue
        if m := ARTICLE.match(p):
            open_level(Block(kind=BlockKind.ARTICLE, label=m.group("label"), text=m.group("text"), level=1))
        elif (m := ROMAN.match(p)) and m.group("text"):
            open_level(Block(kind=BlockKind.HEADING, label=m.group("label"), text=m.group("text"), level=1))
        elif m := ARABIC.match(p):
            level = 2 + m.group("label").count(".")
            open_level(
                Block(kind=BlockKind.HEADING, label=m.group("label"), text=m.group("text"), level=level)
            )
        elif m := LETTER.match(p):
            open_level(Block(kind=BlockKind.HEADING, label=m.group("label"), text=m.group("text"), level=5))
        elif m := BULLET.match(p):
            marker = "-" if m.group("marker") in "-–" else m.group("marker")
            attach(Block(kind=BlockKind.BULLET, marker=marker, text=m.group("text")))
        else:
            attach(Block(kind=BlockKind.PARAGRAPH, text=p))
    return root
