"""Proportions the .docx and the PDF share, so that Word, LibreOffice and the printed PDF lay a
paper out alike: the header's and the signature block's columns, the short rules, the widths of a
table's columns."""

from collections.abc import Sequence

# Shares of the text width (the page less the decree's margins).
HEAD_COLUMNS = (0.38, 0.62)  # the issuer and number | the national title and the date line
FOOT_COLUMNS = (0.45, 0.55)  # "Nơi nhận" | the signer
# Shares of their column: under the issuer a third to a half of its line, under the motto its length.
ISSUER_RULE = 0.35
MOTTO_RULE = 0.62
TYPE_RULE = 0.20  # under the type and abstract, of the text width

# Widths in em of the table's 13 pt text, as Times New Roman and Liberation Serif set it, roughly.
TABLE_EM = 35.5  # the text width of an A4 page in portrait, with the decree's margins
CELL_MARGIN_EM = 1.0  # a cell's left and right padding together, and a little room


_WIDE = {"%": 0.83, "@": 0.92, "&": 0.78, "—": 1.0, "–": 0.5}


def text_em(text: str) -> float:
    """About how wide `text` prints, in em: capitals wider than small letters, spaces narrow."""
    return sum(
        _WIDE.get(c) or (0.25 if c.isspace() else 0.72 if c.isupper() else 0.5 if c.isalnum() else 0.33)
        for c in text
    )


def column_shares(rows: Sequence[Sequence[str]], total_em: float = TABLE_EM) -> list[float]:
    """Each column's share of a table's width (the first row is the heading). Every column holds
    its longest word (bold in the heading); every column gets its longest entry on one line if the
    page allows, and when it does not, the widest columns give way first: "STT", a hamlet or an
    amount stay on one line and a long name wraps."""
    columns = max((len(r) for r in rows), default=0)
    least, wanted = [], []
    for c in range(columns):
        cells = [row[c] if c < len(row) else "" for row in rows]
        word = max((text_em(w) * 1.05 for cell in cells for w in cell.split()), default=0.0)
        entry = max((text_em(cell) * 1.08 for cell in cells[1:] or cells), default=0.0)
        least.append(word + CELL_MARGIN_EM)
        wanted.append(max(word, entry) + CELL_MARGIN_EM)
    if not columns:
        return []
    widths = wanted
    if sum(wanted) > total_em and sum(least) < total_em:
        # The cap on the widest columns that makes the table fit the page.
        low, high = 0.0, max(wanted)
        for _ in range(40):
            cap = (low + high) / 2
            if sum(min(w, max(cap, m)) for w, m in zip(wanted, least, strict=True)) > total_em:
                high = cap
            else:
                low = cap
        widths = [min(w, max(low, m)) for w, m in zip(wanted, least, strict=True)]
    elif sum(wanted) > total_em:
        widths = least
    total = sum(widths)
    return [w / total for w in widths]
