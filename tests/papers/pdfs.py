"""Reading PDFs as a reader sees them: poppler's words with their boxes, lines of a column, and the
short rules drawn in the header (found in a rendered image, as the eye finds them)."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

POINTS_PER_MM = 72 / 25.4
LEFT_MARGIN = 30 * POINTS_PER_MM
TEXT_WIDTH = (210 - 30 - 17) * POINTS_PER_MM
DPI = 150

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def normalise(text: str) -> str:
    """One space between words, Unicode composed (LibreOffice and Typst may differ in both)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


def words(pdf: Path) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True)
    found = []
    for page, chunk in enumerate(out.stdout.split("<page ")[1:], start=1):
        for x0, y0, x1, y1, text in _WORD.findall(chunk):
            word = normalise(html.unescape(text))
            found.append(Word(page, float(x0), float(y0), float(x1), float(y1), word))
    return found


def layout_lines(pdf: Path, page: int = 1) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return [normalise(line) for line in out.stdout.splitlines() if line.strip()]


def column_lines(found: list[Word], *, split_at: float) -> tuple[list[str], list[str]]:
    """The words left and right of `split_at` (points from the page's left edge), each side's words
    grouped into lines by their height on the page, top to bottom."""
    sides: tuple[list[str], list[str]] = ([], [])
    for side, keep in ((0, lambda w: w.x0 < split_at), (1, lambda w: w.x0 >= split_at)):
        lines: list[list[Word]] = []
        for word in sorted((w for w in found if keep(w)), key=lambda w: (w.page, w.middle, w.x0)):
            last = lines[-1][-1] if lines else None
            if last and last.page == word.page and abs(last.middle - word.middle) < 3:
                lines[-1].append(word)
            else:
                lines.append([word])
        sides[side].extend(" ".join(w.text for w in sorted(line, key=lambda w: w.x0)) for line in lines)
    return sides


@dataclass
class Rule:
    y: float  # points from the top of the page
    x0: float
    x1: float
    gap: float  # points between the rule and the lowest ink above it, within its length


def header_rules(pdf: Path, *, above: float) -> list[Rule]:
    """The horizontal rules of page 1 above `above` points: rows of at least 1 cm of dark pixels."""
    image = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True
    ).stdout
    _magic, width, height, _depth, data = image.split(maxsplit=4)
    width, height = int(width), int(height)
    rows = [data[y * width : (y + 1) * width] for y in range(min(height, int(above * DPI / 72)))]
    dark = re.compile(rb"[\x00-\x7f]")
    rules: list[Rule] = []
    for y, row in enumerate(rows):
        for run in re.finditer(rb"[\x00-\x7f]{%d,}" % int(DPI / 2.54), row):
            if any(abs(r.y - y * 72 / DPI) < 2 and abs(r.x0 - run.start() * 72 / DPI) < 2 for r in rules):
                continue  # the same rule, one pixel row lower
            up = y - 1
            while up > 0 and dark.search(rows[up][run.start() : run.end()]):
                up -= 1  # the rule's own thickness
            while up > 0 and not dark.search(rows[up][run.start() : run.end()]):
                up -= 1
            gap = (y - up) * 72 / DPI
            rules.append(Rule(y * 72 / DPI, run.start() * 72 / DPI, run.end() * 72 / DPI, gap))
    return rules
