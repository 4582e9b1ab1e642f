"""From extracted text to clean lines, and from lines to paragraphs."""

from __future__ import annotations

import re
import unicodedata

from thidua.documents.model import NATIONAL_TITLE
from thidua.documents.reader.patterns import (
    ARABIC,
    ARTICLE,
    AUTHORITY,
    BASIS,
    BULLET,
    DATE_LINE,
    DOC_TYPES,
    LETTER,
    MOTTO,
    NUMBER,
    OLD_NATIONAL_TITLE,
    PARTY_TITLE,
    RECIPIENTS,
    ROMAN,
    RULE,
    UPPER_VN,
    canonical,
    is_name,
    is_upper,
)
from thidua.lib.syllables import split_glued

# Decorations under or beside header lines: "*****", "-------", "___", "=====".
_DECORATION = re.compile(r"\s*(?:[*\-=~─—–•]\s*){3,}\s*")
_DECORATION_END = re.compile(r"^\s*(?:[*\-_=~─—–•]\s*){3,}|(?:\s*[*\-_=~─—–•]){3,}\s*$")
_GLUED_PUNCTUATION = re.compile(r"([;,:])([" + UPPER_VN + r"][a-zà-ỹđ])")
# Pages saved as JSON or scraped from HTML sources keep their line breaks as written escapes.
_ESCAPED_BREAK = re.compile(r"\\r\\n|\\n|\\r")
# Lines a web page ran together: an article, the enacting line or "Nơi nhận" after the end of
# the sentence before it ("… như sau: Điều 1. …", "QUYẾT ĐỊNH: Điều 1.", "… này./. Nơi nhận:").
_RUN_ON = re.compile(
    r"(?<=[.:;])\s*(?=Điều\s+\d{1,3}\s*[.:]\s)|(?<=\S)\s*(?=Nơi\s+nhận\s*:)|(?<=[.;])\s+(?=QUYẾT ĐỊNH\s*:)"
)
# Markdown, as OCR tools and converters write it: **bold**, *italic*, "# " headings, "\-".
_MD_BOLD = re.compile(r"\*\*(?=\S)[^*\n]+?\*\*|__(?=\S)[^_\n]+?__")
_MD_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![*\w])")
_MD_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)", re.MULTILINE)
_MD_DOUBLE_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+(?=[-+][ \t])", re.MULTILINE)


def _unmarkdown(text: str) -> str:
    """The plain text of a Markdown page: emphasis, heading and quote marks, escapes, and the
    double bullets of a list converted from a list ("- - Như trên;") taken off."""
    text = re.sub(r"(?<!\*)\*\*(?=[^\s*])([^\n]*?[^\s*])\*\*(?!\*)", r"\1", text)
    text = re.sub(r"__(?=\S)([^\n]*?\S)__", r"\1", text)
    text = re.sub(r"(?<!\*)\*\*(?!\*)", "", text)  # a bold run over several lines; "*****" stays
    text = _MD_ITALIC.sub(r"\1", text)
    text = _MD_LINE.sub("", text)
    text = _MD_DOUBLE_BULLET.sub(r"\1", text)
    return re.sub(r"\\([-*_#.()\[\]|>+!])", r"\1", text)


# Markup left by a page saved from the web ("</xml", "<br/>").
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:[ \t][^<>\n]*)?/?>|^</?[A-Za-z][\w:-]*[ \t]*$", re.MULTILINE)


def plain_text(text: str) -> str:
    """The text with what carried it taken off: escaped line breaks, the markup of a saved web page
    and the Markdown of an OCR tool or converter; spaces inside a line are kept."""
    text = unicodedata.normalize("NFC", text)
    if len(_ESCAPED_BREAK.findall(text)) >= 3:
        text = _ESCAPED_BREAK.sub("\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\u200b", "").replace("\ufeff", "")
    if "<" in text:
        text = _MARKUP.sub(" ", text)
    if _MD_BOLD.search(text) or re.search(r"^#{1,6} \S|^\*\*[^\s*]|[^\s*]\*\*$", text, re.MULTILINE):
        text = _unmarkdown(text)
    return text


def clean_lines(text: str) -> list[str]:
    """Normalised lines; a rule of dashes becomes a blank line, merged header columns come apart.

    Text pasted from web pages is mended on the way: words glued together are split
    (`thidua.lib.syllables`), decorations glued to a line and stray "|" of layout tables are
    taken off, and lines hard-wrapped in the middle of a sentence, a title or the place-date line
    are joined back.
    """
    text = plain_text(text)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = re.sub(r"[ ]{2,}", " ", raw).strip()
        for cell in _layout_cells(line):
            if (RULE.match(cell) or re.fullmatch(r"[*\-_=~─—–•·+]{1,2}", cell)) and "|" not in cell:
                lines.append("")  # a rule separates, like a blank line
                continue
            for piece in _undecorate(cell):
                if not piece:
                    lines.append("")
                    continue
                for part in _RUN_ON.split(split_glued(piece)):
                    lines.extend(_split_merged(part.strip()))
    return _join_wrapped(lines)


def _layout_cells(line: str) -> list[str]:
    """A line with "|" left by a layout table: its cells, one line each. A real table row
    ("| STT | Họ và tên |") is kept whole."""
    if "|" not in line:
        return [line]
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    filled = [c for c in cells if c]
    table_row = line.startswith("|") and len(filled) >= 2 and not any(_is_layout(c) for c in filled)
    if table_row or (line.startswith("|") and RULE.match(line.replace("|", "-"))):
        return [line]
    return filled or [""]


def _is_layout(cell: str) -> bool:
    """A cell that belongs to the header or the signature, not to a table of the body."""
    return bool(
        NATIONAL_TITLE in canonical(cell)
        or MOTTO.search(cell)
        or NUMBER.match(cell)
        or DATE_LINE.search(cell)
        or RECIPIENTS.match(cell)
        or AUTHORITY.match(cell)
        or cell.rstrip(":") in DOC_TYPES
    )


def _undecorate(line: str) -> list[str]:
    """A line without the decorations glued to it; a decoration inside it separates two lines.

    Underscores only count at the ends of a line: inside it they stand for a number or a day
    not yet written ("Số: ___/QĐ-UBND", "ngày ___ tháng").
    """
    if "|" in line or RULE.match(line):
        return [line]
    line = _DECORATION_END.sub("", line)
    parts = [p.strip() for p in _DECORATION.split(line)]
    # A dash between words ("Thi đua - Khen thưởng") is one character, never three.
    return [_spaced(p) for p in parts if p] or [""]


def _spaced(line: str) -> str:
    """A space after a ; , or : glued to the next word ("2015;Căn cứ")."""
    return _GLUED_PUNCTUATION.sub(r"\1 \2", line)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join lines hard-wrapped in the middle: a sentence whose next line starts lower case, and a
    national title, motto or place-date line broken in two (with blank lines between). A joined
    line is taken apart again where it merged two header columns, and may complete the line
    above it in turn ("Trà" / "Vinh, ngày 18 tháng 10" / "năm 2022")."""
    out: list[str] = []
    for line in lines:
        if not line:
            out.append(line)
            continue
        above = len(out) - 1
        while above > 0 and not out[above] and len(out) - above <= 2:
            above -= 1
        if above >= 0 and out[above] and _continues(out[above], line):
            joined = f"{out[above]} {line}"
            del out[above:]
            out.extend(_split_merged(joined))
        else:
            out.append(line)
        # the line completes the one above it (at most two blanks between), maybe more than once
        while True:
            back = len(out) - 2
            while back >= 0 and not out[back] and len(out) - 1 - back <= 3:
                back -= 1
            if back < 0 or not out[back] or not _completes(out[back], out[-1]):
                break
            joined = f"{out[back]} {out[-1]}"
            del out[back:]
            out.append(joined)
    return out


def _is_place_start(line: str) -> bool:
    """One or two capitalised words, the beginning of a place name broken off its date line."""
    words = line.split()
    return 0 < len(words) <= 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


def _continues(previous: str, line: str) -> bool:
    return bool(
        line[:1].islower()
        and not LETTER.match(line)
        and not previous.endswith((".", ";", ":", "!", "?"))
        and not previous.startswith(("|", "Số", "Nơi nhận"))
        and not line.startswith("ngày")  # "Số: 12/QĐ-UBND" over "ngày …" is no sentence
        and not is_upper(previous)
        and not is_name(previous)  # a signer's name is whole; what follows is a note or a scrap
        and not (DATE_LINE.match(previous) and len(previous) < 60)  # a place-date line is whole
    )


def _completes(previous: str, line: str) -> bool:
    """Two lines that make one header line only together."""
    if re.fullmatch(r"Số\s*[:.]?", previous) and re.match(r"^\w", line):
        return True  # "Số:" over "15/2022/NQ-HĐND"
    date = DATE_LINE.match(line)
    if date and not date.group("place") and _is_place_start(previous.rstrip(",")):
        return True  # "Hà Nội," over "ngày 5 tháng 3 năm 2020"
    if date and _is_place_start(previous) and len((date.group("place") or "").split()) <= 2:
        return True  # "Trà" over "Vinh, ngày 18 tháng 10 năm 2022"
    joined = f"{previous} {line}"
    return any(
        key(joined) and not key(previous) and not key(line)
        for key in (
            lambda t: NATIONAL_TITLE in canonical(t) or OLD_NATIONAL_TITLE in canonical(t),
            lambda t: bool(MOTTO.search(t)),
            lambda t: bool(DATE_LINE.match(t)) and len(t) < 90,
        )
    )


def _split_merged(line: str) -> list[str]:
    """Undo two header columns merged on one line; return the parts in reading order."""
    if not line:
        return [line]
    for marker in (NATIONAL_TITLE, OLD_NATIONAL_TITLE, PARTY_TITLE):
        at = canonical(line).find(marker)
        if at > 0:
            return [line[:at].strip(), *_split_merged(line[at:])]
        if at == 0 and len(line) > len(marker):
            return [line[: len(marker)], *_split_merged(line[len(marker) :].strip())]
    number = re.search(r"\sSố\s*[:.]?\s*\d", line)
    if number and is_upper(line[: number.start()]):
        # the issuer and the number of two header columns on one line
        return [line[: number.start()].strip(), *_split_merged(line[number.start() :].strip())]
    match = MOTTO.search(line)
    if match and (match.start() > 0 or match.end() < len(line)):
        parts = [line[: match.start()].strip(), match.group(0)]
        after = line[match.end() :].strip()
        return [p for p in parts if p] + (_split_merged(after) if after else [])
    date = re.search(r",?\s*ngày\s+(\d{1,2}|\.+|…+)?\s*tháng", line)
    if re.match(r"^(?:(?:Luật|Pháp lệnh|Lệnh)\s+)?Số\s*[:.]", line, re.IGNORECASE) and date:
        tokens = line[: date.start()].split()
        # The number and symbol are codes ("12/QĐ-UBND", "216-LCT"); the place starts at the
        # first ordinary word ("Hà Nội").
        at = next(
            (
                i
                for i, t in enumerate(tokens)
                if i and re.search(r"[a-zà-ỹ]", t) and not re.search(r"[\d/\-]", t)
            ),
            None,
        )
        if at is not None and at > 1:
            return [" ".join(tokens[:at]), f"{' '.join(tokens[at:])}{line[date.start() :]}".strip()]
        if at is None and len(tokens) > 1:
            # "Số: 12/QĐ-UBND, ngày …": a date without its place
            return [" ".join(tokens).rstrip(","), line[date.start() :].strip(" ,")]
    return [line]


def paragraphs(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs; a structural marker always starts a new one."""
    out: list[str] = []
    current: list[str] = []

    def flush():
        if current:
            out.append(" ".join(current))
            current.clear()

    for line in lines:
        if not line:
            flush()
            continue
        starts = bool(
            ROMAN.match(line)
            or ARABIC.match(line)
            or LETTER.match(line)
            or ARTICLE.match(line)
            or BULLET.match(line)
            or BASIS.match(line)
            or RECIPIENTS.match(line)
            or line.startswith("|")
        )
        ends_previous = bool(current) and current[-1].endswith((".", ";", ":", "!", "?", "./", ". /"))
        # An upper-case line (the authority over the preamble) stands alone above ordinary text.
        title_above = bool(current) and is_upper(current[-1]) and not is_upper(line)
        if (
            starts
            or title_above
            or ends_previous
            and line[:1].isupper()
            or line.startswith("|")
            or (current and current[-1].startswith("|"))
        ):
            flush()
        current.append(line)
    flush()
    return out
