"""Building blocks for the papers the domain apps write: sections, headings, paragraphs,
bullets and tables of the Decree 30 document model, and the body name as running text.

Each domain app builds its own papers whole from these (`movements/papers.py`,
`commendations/papers/`); this module knows nothing of movements or awards.
"""

import re

from thidua.documents.model import Block, BlockKind, clause

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def clauses(bases: list[str]) -> list[str]:
    """Bases without their closing ";" or "." (the renderers add them), so callers may pass either."""
    return [clause(b) for b in bases if clause(b)]


def sections_to_blocks(sections: list[dict]) -> list[Block]:
    """[{"title": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": [...], "items": [{"title", "paragraphs", "bullets"}]}]."""
    blocks = []
    for i, section in enumerate(sections):
        heading = Block(kind=BlockKind.HEADING, label=ROMAN[i], level=1, text=section["title"].upper())
        heading.children += [Block(kind=BlockKind.PARAGRAPH, text=p) for p in section.get("paragraphs", [])]
        heading.children += [
            Block(kind=BlockKind.BULLET, marker="-", text=b) for b in section.get("bullets", [])
        ]
        for j, item in enumerate(section.get("items", []), start=1):
            sub = Block(kind=BlockKind.HEADING, label=str(j), level=2, text=item["title"])
            sub.children += [Block(kind=BlockKind.PARAGRAPH, text=p) for p in item.get("paragraphs", [])]
            sub.children += [
                Block(kind=BlockKind.BULLET, marker="-", text=b) for b in item.get("bullets", [])
            ]
            heading.children.append(sub)
        blocks.append(heading)
    return blocks


def table(header: list[str], rows: list[list[str]]) -> Block:
    return Block(kind=BlockKind.TABLE, rows=[header, *rows])


def heading(label: str, level: int, text: str, children: list[Block] | None = None) -> Block:
    return Block(kind=BlockKind.HEADING, label=label, level=level, text=text, children=children or [])


def paras(texts: list[str]) -> list[Block]:
    return [Block(kind=BlockKind.PARAGRAPH, text=x) for x in texts if x]


def bullets(texts: list[str]) -> list[Block]:
    return [Block(kind=BlockKind.BULLET, marker="-", text=x) for x in texts if x]


_LEVEL = re.compile(r"\s(XÃ|PHƯỜNG|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN|TỈNH|THÀNH PHỐ)\s")


def body_name(issuer: str) -> str:
    """ "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH" as running text: "Ủy ban nhân dân xã Mỹ Thạnh"."""
    if not issuer.isupper():
        return issuer
    match = _LEVEL.search(issuer)
    if not match:
        return issuer.capitalize()
    return f"{issuer[: match.start()].capitalize()} {match.group(1).lower()} {issuer[match.end() :].title()}"
