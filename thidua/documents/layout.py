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

# A column is at least as wide as its longest word, and a long text does not take the whole table.
_MIN_CHARS = 3
_MAX_CHARS = 40


def column_shares(rows: Sequence[Sequence[str]]) -> list[float]:
    """Each column's share of a table's width, from what it holds: "STT" narrow, names wide."""
    columns = max((len(r) for r in rows), default=0)
    weights = []
    for c in range(columns):
        cells = [row[c] for row in rows if c < len(row)]
        longest_word = max((len(w) for cell in cells for w in cell.split()), default=0)
        longest_cell = max((len(cell) for cell in cells), default=0)
        weights.append(max(_MIN_CHARS, longest_word + 1, min(longest_cell, _MAX_CHARS)))
    total = sum(weights)
    return [w / total for w in weights]
