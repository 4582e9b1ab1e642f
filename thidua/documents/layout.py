"""Proportions the .docx and the PDF share, so that Word, LibreOffice and the printed PDF lay a
paper out alike: the header's and the signature block's columns, the short rules, the widths of a
table's columns."""

import re
import unicodedata
from collections.abc import Sequence

# The page (A4 portrait) and the decree's margins, in millimetres.
PAGE_WIDTH_MM = 210
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 17
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# The header reaches a little into the left margin, as the decree's models print it: the issuing
# body at 12 pt bold ("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", 78 mm) and the national title at 12 pt bold
# (88 mm) then each hold one line. Its columns are shares of its own width.
HEAD_OUTDENT_MM = 12
HEAD_WIDTH_MM = TEXT_WIDTH_MM + HEAD_OUTDENT_MM
HEAD_COLUMNS = (0.475, 0.525)  # the issuer and number | the national title and the date line
HEAD_SIZE = 12  # the parent and the issuing body, and the national title (Decree 30: 12–13)
# Left and right padding of a layout table's cell, the same in the .docx, the PDF and the screen.
CELL_PAD_MM = 1.0
# A number and symbol ("02/TTr-HĐTĐKT", "91/2017/NĐ-CP") is never broken at its hyphen: the .docx
# writes a non-breaking hyphen, the PDF keeps it in one box.
NUMBER_SYMBOL = re.compile(r"\d+(?:/[\w]+)+(?:-[\w]+)+")
# Shares of the text width.
FOOT_COLUMNS = (0.45, 0.55)  # "Nơi nhận" | the signer
PAIR_COLUMNS = (0.5, 0.5)  # two signers side by side: the secretary | the chair
PAIR_TITLE_SIZE = 13  # their titles (Decree 30: 13–14), so "XÁC NHẬN CỦA CẤP TRÌNH KHEN" holds a line
# Shares of their column: under the issuer a third to a half of its line, under the motto its length.
ISSUER_RULE = 0.35
MOTTO_RULE = 0.62
TYPE_RULE = 0.20  # under the type and abstract, of the text width

# A certificate's lines by role (`model.Certificate.lines`): size in points, bold, italic, red.
CERT_STYLES: dict[str, tuple[int, bool, bool, bool]] = {
    "nation": (13, True, False, False),
    "motto": (13, True, False, False),
    "grantor": (15, True, False, False),
    "paper": (34, True, False, True),
    "title": (17, True, False, False),
    "lead": (15, False, False, False),
    "recipient": (22, True, False, False),
    "achievement": (15, False, False, False),
    "decision": (12, False, True, False),
}
CERT_SPACE_BEFORE = {"grantor": 4, "paper": 4, "lead": 2, "achievement": 2}  # millimetres
CERT_RED = "C00000"
CERT_FRAME = "B8860B"  # the golden frame
CERT_QR_MM = 25

# Widths in em of the table's 13 pt text, as Times New Roman and Liberation Serif set it, roughly.
TABLE_EM = 35.5  # the text width of an A4 page in portrait, with the decree's margins
CELL_MARGIN_EM = 1.0  # a cell's left and right padding together, and a little room


# Advance widths in em of Times New Roman Bold's capitals (Liberation Serif Bold has the same metrics);
# a letter with a diacritic is as wide as its base letter, a horn (Ư, Ơ) adds a little.
_BOLD_CAPS = {
    **dict.fromkeys("ACDNRUVXY", 0.722),
    **dict.fromkeys("BEKLTZ", 0.667),
    **dict.fromkeys("GHOQ", 0.778),
    **{"F": 0.611, "P": 0.611, "S": 0.556, "I": 0.389, "J": 0.5, "M": 0.944, "W": 1.0, "Đ": 0.722},
    **{" ": 0.25, "–": 0.5, "-": 0.333, ",": 0.25, ".": 0.25},
}


def caps_mm(text: str, size: float = HEAD_SIZE) -> float:
    """How wide a name in bold capitals prints at `size` points, in millimetres."""
    em = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if char != "Đ" else char
        em += _BOLD_CAPS.get(base, 0.722) + (0.05 if char in "ƯỪỨỬỮỰƠỜỚỞỠỢ" else 0.0)
    return em * size * 25.4 / 72


def head_fits(name: str) -> bool:
    """Whether a body's name holds one line of the header's left column."""
    column = HEAD_WIDTH_MM * HEAD_COLUMNS[0] - 2 * CELL_PAD_MM
    return caps_mm(name) <= column


_WIDE = {"%": 0.83, "@": 0.92, "&": 0.78, "—": 1.0, "–": 0.5}


def text_em(text: str) -> float:
    """About how wide `text` prints, in em: capitals wider than small letters, spaces narrow."""
    return sum(
        _WIDE.get(c) or (0.25 if c.isspace() else 0.72 if c.isupper() else 0.5 if c.isalnum() else 0.33)
        for c in text
    )


# A heading up to this wide (in em) is kept on one line, as in an official's Word table: "Tỷ lệ",
# "Ngưỡng", "Kết quả", "Số tiền (đồng)" are never broken; a longer one wraps between its words.
SHORT_HEADING_EM = 7.5


# Times New Roman Bold's small letters (Liberation Serif Bold's are the same), in em.
_BOLD_SMALL = {
    **dict.fromkeys("aegovxy", 0.5),
    **dict.fromkeys("bdhknpqu", 0.556),
    **dict.fromkeys("cez", 0.444),
    **{"f": 0.333, "i": 0.278, "j": 0.333, "l": 0.278, "m": 0.833, "r": 0.444, "s": 0.389, "t": 0.333},
    **{"w": 0.722, "(": 0.333, ")": 0.333, "/": 0.278, "%": 1.0, ":": 0.333},
}


def bold_em(text: str) -> float:
    """How wide `text` prints in bold, in em (a table's heading); a letter with a diacritic is as
    wide as its base letter, a horn (ư, ơ) adds a little."""
    em = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if char not in "Đđ" else char
        horn = 0.05 if base in "uoUO" and "\u031b" in unicodedata.normalize("NFD", char) else 0.0
        if char == "đ":
            em += 0.556
        elif base.isupper() or base in _BOLD_CAPS:
            em += _BOLD_CAPS.get(base, 0.722) + horn
        else:
            em += _BOLD_SMALL.get(base, 0.5) + horn
    return em


def short_heading(text: str) -> bool:
    """Whether a table's column heading is short enough to be kept on one line."""
    return bold_em(text) <= SHORT_HEADING_EM


LABEL_EM = 4.5  # "Hạng", "Đồng ý", "Kết quả", "Tham dự": a label kept whole whatever its column holds
_FIGURES = re.compile(r"^[\d.,/%\s–-]*$")


def whole_headings(rows: Sequence[Sequence[str]]) -> set[int]:
    """The columns whose heading is kept on one line, as an official sets a Word table: a short
    label ("STT", "Tỷ lệ", "Kết quả"), and a short heading over figures ("Số tiền (đồng)"); the
    heading of a column of words ("Chức vụ, đơn vị") may wrap, leaving room to the names."""
    if not rows:
        return set()
    whole = set()
    for c, heading in enumerate(rows[0]):
        figures = all(_FIGURES.match(row[c] if c < len(row) else "") for row in rows[1:])
        if short_heading(heading) and (bold_em(heading) <= LABEL_EM or figures):
            whole.add(c)
    return whole


def column_shares(rows: Sequence[Sequence[str]], total_em: float = TABLE_EM) -> list[float]:
    """Each column's share of a table's width (the first row is the heading). Every column holds
    its longest word (bold in the heading) and its heading on one line when `whole_headings` says; every
    column gets its longest entry on one line if the page allows, and when it does not, the widest
    columns give way first: "STT", a hamlet or an amount stay on one line and a long name wraps.
    What room is left goes to the widest column (the name), not to the number columns."""
    columns = max((len(r) for r in rows), default=0)
    if not columns:
        return []
    whole = whole_headings(rows)
    words, heads, wanted = [], [], []
    for c in range(columns):
        cells = [row[c] if c < len(row) else "" for row in rows]
        word = max(
            [text_em(w) * 1.05 for cell in cells for w in cell.split()]
            + [bold_em(w) * 1.04 for w in cells[0].split()],
            default=0.0,
        )
        head = bold_em(cells[0]) * 1.04 if c in whole else 0.0
        entry = max((text_em(cell) * 1.08 for cell in cells[1:] or cells), default=0.0)
        words.append(word + CELL_MARGIN_EM)
        heads.append(max(word, head) + CELL_MARGIN_EM)
        wanted.append(max(word, head, entry) + CELL_MARGIN_EM)
    # The short headings whole if the page allows, else only their longest words.
    least = heads if sum(heads) <= total_em else words
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
    else:
        # Everything holds one line: the rest of the page goes to the widest column.
        widest = widths.index(max(widths))
        widths = [w + (total_em - sum(widths) if c == widest else 0.0) for c, w in enumerate(widths)]
    total = sum(widths)
    return [w / total for w in widths]
