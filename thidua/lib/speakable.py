"""Vietnamese text made speakable before a voice reads it: every number, date, time, percent,
range, ordinal, Roman numeral and listed abbreviation written out in words; emoji dropped.

One reading rule for every region, the one the radio uses: "linh" for a zero ten ("một trăm linh
năm") and "bốn" after a ten ("ba mươi bốn"), month four is "tháng tư", ordinal one and four are
"thứ nhất", "thứ tư". A comma is the decimal mark ("2,6" → "hai phẩy sáu") and a dot followed by
three digits groups thousands ("1.234"), as Vietnamese writes them.

The abbreviations read in full are `data/abbreviations.json` ("abbreviations": anywhere as a whole
word, case-sensitive; "units": only right after a number), plus what the caller adds (a unit's
own list), which wins over the shipped one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from thidua.lib.errors import ServiceError
from thidua.lib.vn import number_in_words

DATA_FILE = Path(__file__).parent / "data" / "abbreviations.json"
# About twenty-five minutes of speech: a radio bulletin is a few minutes; more is a mistake.
MAX_CHARS = 20_000
TEXT_EMPTY = "text_empty"
TEXT_TOO_LONG = "text_too_long"

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Words after which an upper-case I, V, X … is a number ("Chương IV", "quý II", "Đại hội XIII").
_ROMAN_AFTER = (
    "chương|mục|phần|quý|khóa|khoá|đại hội|kỳ|kì|thế kỷ|thế kỉ|tập|phụ lục|giai đoạn|lần thứ|thứ|số"
)
_NOT_LETTER_AFTER = r"(?![^\W\d_])"  # a word may be followed by digits ("QH15"), not by a letter


@cache
def shipped() -> dict[str, dict[str, str]]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def words(n: int) -> str:
    """A whole number as the radio reads it."""
    return number_in_words(n, odd="linh").replace("mươi tư", "mươi bốn")


def _digits(text: str) -> str:
    return " ".join(_DIGITS[int(d)] for d in text)


def number(text: str) -> str:
    """ "1.234" → "một nghìn hai trăm ba mươi bốn", "2,6" → "hai phẩy sáu", "0912" read digit by digit."""
    whole, _sep, fraction = text.partition(",")
    whole = whole.replace(".", "")
    # "01" of a date is a number; "0912…" (a telephone, a code) is read digit by digit.
    said = _digits(whole) if len(whole) > 2 and whole.startswith("0") else words(int(whole))
    if not fraction:
        return said
    if len(fraction) <= 2 and not fraction.startswith("0"):
        return f"{said} phẩy {words(int(fraction))}"
    return f"{said} phẩy {_digits(fraction)}"


def _ordinal(n: int) -> str:
    return {1: "nhất", 4: "tư"}.get(n, words(n))


def _month(n: int) -> str:
    return "tư" if n == 4 else words(n)


def roman(text: str) -> int | None:
    """The value of a Roman numeral, or None when `text` is not a well-formed one."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for here, after in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN[here]
        total += -value if after in _ROMAN and _ROMAN[after] > value else value
    return total if 0 < total < 4000 and _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _clean(text: str) -> str:
    """NFKC (so "m²" is "m2" and full-width digits are digits); emoji, pictographs, private and
    invisible characters dropped; spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in "\n\t":
            kept.append(ch)
        elif category in ("So", "Sk", "Cs", "Co", "Cn", "Cc", "Cf") or "\ufe00" <= ch <= "\ufe0f":
            kept.append(" ")
        else:
            kept.append(ch)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in "".join(kept).split("\n"))
    return "\n".join(lines).strip()


def _valid_day(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _sub(pattern: str, replace: Callable[[re.Match[str]], str], text: str, flags: int = 0) -> str:
    return re.sub(pattern, lambda m: f" {replace(m)} ", text, flags=flags)


def _dates(text: str) -> str:
    def full(m: re.Match[str]) -> str:
        day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
        if not _valid_day(day, month):
            return m[0]
        return f"{m['w'] or 'ngày '}{words(day)} tháng {_month(month)} năm {words(year)}"

    def month_year(m: re.Match[str]) -> str:
        month, year = int(m["m"]), int(m["y"])
        if not 1 <= month <= 12:
            return m[0]
        return f"{m['w'] or 'tháng '}{_month(month)} năm {words(year)}"

    def day_month(m: re.Match[str]) -> str:
        day, month = int(m["d"]), int(m["m"])
        if not _valid_day(day, month):
            return m[0]
        return f"{m['w'] or 'ngày '}{words(day)} tháng {_month(month)}"

    sep = r"[/.\-]"
    text = _sub(
        rf"(?P<w>ngày\s+)?(?<![\d,.])(?P<d>\d{{1,2}}){sep}(?P<m>\d{{1,2}}){sep}(?P<y>\d{{4}})(?![\d])",
        full,
        text,
        re.IGNORECASE,
    )
    text = _sub(r"(?P<w>tháng\s+)?(?<![\d,.])(?P<m>\d{1,2})/(?P<y>\d{4})(?!\d)", month_year, text, re.I)
    return _sub(r"(?P<w>ngày\s+)?(?<![\d,.])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])", day_month, text, re.I)


def _clock(hour: int, minute: int) -> str:
    return f"{words(hour)} giờ" + (f" {words(minute)} phút" if minute else "")


def _times(text: str) -> str:
    text = _sub(
        r"(?<![\d,.])(\d{1,2})\s*(?:h|giờ|:)\s*(\d{2})(?:\s*(?:phút|p)" + _NOT_LETTER_AFTER + ")?(?!\\d)",
        lambda m: m[0] if int(m[1]) > 23 or int(m[2]) > 59 else _clock(int(m[1]), int(m[2])),
        text,
    )
    return _sub(r"(?<![\d,.])(\d{1,2})h" + _NOT_LETTER_AFTER, lambda m: f"{words(int(m[1]))} giờ", text)


def _romans(text: str) -> str:
    def read(m: re.Match[str]) -> str:
        value = roman(m["r"])
        if value is None:
            return m[0]
        said = _ordinal(value) if m["k"].lower().endswith("thứ") else words(value)
        return f"{m['k']} {said}"

    return _sub(rf"(?<!\w)(?P<k>{_ROMAN_AFTER})\s+(?P<r>[IVXLCDM]+)(?!\w)", read, text, re.IGNORECASE)


def _whole_words(text: str, table: Mapping[str, str], before: str = r"(?<!\w)") -> str:
    if not table:
        return text
    keys = sorted(table, key=len, reverse=True)
    pattern = before + "(" + "|".join(re.escape(k) for k in keys) + ")" + _NOT_LETTER_AFTER
    return re.sub(pattern, lambda m: f" {table[m[1]]} ", text)


def abbreviations(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The shipped list with the caller's entries over it (empty readings are dropped)."""
    table = dict(shipped()["abbreviations"])
    for written, spoken in (extra or {}).items():
        written, spoken = str(written).strip(), str(spoken).strip()
        if written and spoken:
            table[written] = spoken
    return table


def speakable(text: str, *, extra: Mapping[str, str] | None = None) -> str:
    """The text as a voice should read it; ServiceError when it is empty or too long."""
    if len(text) > MAX_CHARS:
        raise ServiceError(
            _("Văn bản dài %(n)s ký tự, quá giới hạn %(max)s ký tự của một bản tin đọc được; hãy rút gọn.")
            % {"n": f"{len(text):,}".replace(",", "."), "max": f"{MAX_CHARS:,}".replace(",", ".")},
            field="text",
            code=TEXT_TOO_LONG,
        )
    text = _clean(text)
    if not re.search(r"[^\W_]", text):
        raise ServiceError(_("Bản tin không có nội dung để đọc."), field="text", code=TEXT_EMPTY)
    # A document's number "12/2025/QĐ-UBND" is read "mười hai năm hai nghìn…", not as a month.
    text = re.sub(r"(?<![\d/])(\d+)/(\d{4})/(?=[^\W\d_])", r"\1 năm \2 ", text)
    text = _whole_words(text, abbreviations(extra))
    text = _dates(text)
    text = _times(text)
    text = _romans(text)
    text = _sub(
        rf"(?<![\d,.])({_NUMBER})\s*[–—\-]\s*({_NUMBER})(?![\d])",
        lambda m: f"{number(m[1])} đến {number(m[2])}",
        text,
    )
    text = _sub(r"(?<!\w)(thứ)\s+(\d+)(?!\d)", lambda m: f"{m[1]} {_ordinal(int(m[2]))}", text, re.I)
    text = _sub(rf"({_NUMBER})\s*%", lambda m: f"{number(m[1])} phần trăm", text)
    units = shipped()["units"]
    keys = "|".join(re.escape(k) for k in sorted(units, key=len, reverse=True))
    text = _sub(
        rf"({_NUMBER})\s*({keys})" + _NOT_LETTER_AFTER,
        lambda m: f"{number(m[1])} {units[m[2]]}",
        text,
    )
    text = _sub(_NUMBER, lambda m: number(m[0]), text)
    for symbol, said in (("&", "và"), ("+", "cộng"), ("=", "bằng"), ("@", "a còng"), ("/", "trên")):
        text = text.replace(symbol, f" {said} ")
    text = re.sub(r"[#*_~^|<>{}\[\]\\`]", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" ([,.;:!?)])", r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()
