"""From extracted text to clean lines, and from lines to paragraphs."""

from __future__ import annotations

import re
import unicodedata

from thidua.documents.model import NATIONAL_TITLE
from thidua.documents.reader.patterns import (
    ARABIC,
    ARTICLE,
    BASIS,
    BULLET,
    LETTER,
    MOTTO,
    PARTY_TITLE,
    RECIPIENTS,
    ROMAN,
    RULE,
)


def clean_lines(text: str) -> list[str]:
    """Normalised lines; a rule of dashes becomes a blank line, merged header columns come apart."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\u200b", "")
    text = text.replace("CỘNG HOÀ", "CỘNG HÒA")
    lines = []
    for raw in text.split("\n"):
        line = re.sub(r"[ ]{2,}", " ", raw).strip()
        if RULE.match(line) and "|" not in line:
            lines.append("")  # a rule separates, like a blank line
            continue
        lines.extend(_split_merged(line))
    return lines


def _split_merged(line: str) -> list[str]:
    """Undo two header columns merged on one line; return the parts in reading order."""
    if not line:
        return [line]
    for marker in (NATIONAL_TITLE, PARTY_TITLE):
        at = line.find(marker)
        if at > 0:
            return [line[:at].strip(), *_split_merged(line[at:])]
        if at == 0 and len(line) > len(marker):
            return [marker, *_split_merged(line[len(marker) :].strip())]
    match = MOTTO.search(line)
    if match and (match.start() > 0 or match.end() < len(line)):
        parts = [line[: match.start()].strip(), match.group(0), line[match.end() :].strip()]
        return [p for p in parts if p]
    date = re.search(r",?\s*ngày\s+(\d{1,2}|\.+|…+)?\s*tháng", line)
    if re.match(r"^Số\s*[:.]", line) and date:
        tokens = line[: date.start()].split()
        slash = max((i for i, t in enumerate(tokens) if "/" in t), default=None)
        if slash is not None and slash + 1 < len(tokens):
            number = " ".join(tokens[: slash + 1])
            place = " ".join(tokens[slash + 1 :])
            return [number, f"{place}{line[date.start() :]}".strip()]
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
        if (
            starts
            or ends_previous
            and line[:1].isupper()
            or line.startswith("|")
            or (current and current[-1].startswith("|"))
        ):
            flush()
        current.append(line)
    flush()
    return out
