"""The shapes the reader recognises in a line of an administrative document, and the small
tests on a line that every part of the reader shares."""

from __future__ import annotations

import re

from thidua.documents.model import TYPE_CODES

UPPER_VN = "A-ZĐÀ-ỸÁÂĂÊÔƠƯ"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
RULE = re.compile(r"^[\s\-_*=~.─—–•·+]{3,}$")
# The national title before 1976, which older papers carry.
OLD_NATIONAL_TITLE = "VIỆT NAM DÂN CHỦ CỘNG HÒA"
# Types a commune receives from above but does not issue itself: read, never written.
RECEIVED_TYPES = (
    "LỆNH",
    "LUẬT",
    "PHÁP LỆNH",
    "SẮC LỆNH",
    "NGHỊ ĐỊNH",
    "THÔNG TƯ",
    "THÔNG TƯ LIÊN TỊCH",
    "CÔNG ĐIỆN",
    "KẾT LUẬN",
    "ĐIỀU LỆ",
    "GIẤY GIỚI THIỆU",
    "GIẤY CHỨNG NHẬN",
    "GIẤY XÁC NHẬN",
)
DOC_TYPES = sorted([*TYPE_CODES, *RECEIVED_TYPES], key=len, reverse=True)
# Older papers and pasted pages drop the dashes of the motto ("Độc lập Tự do Hạnh phúc").
MOTTO = re.compile(r"Độc\s+lập\s*[-–—,]?\s*Tự\s+do\s*[-–—,]?\s*Hạnh\s+phúc", re.IGNORECASE)
DATE_LINE = re.compile(
    r"(?:(?P<place>[^,\d]{2,60}?)\s*,?\s*)?ngày\s+(?P<d>\d{1,2}|\.+|…+|_+|\s*)\s*tháng\s+(?P<m>\d{1,2}|\.+|…+|_+|\s*)"
    r"\s*năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
# "Số: 12/QĐ-UBND"; a law or an ordinance prints "Luật số: 06/2022/QH15".
NUMBER = re.compile(
    r"^(?:(?:Luật|Pháp lệnh|Lệnh|Bộ luật)\s+)?Số\s*[:.]?\s*(?P<ns>[\w\s./\-–&]*?)\s*$", re.IGNORECASE
)
ROMAN = re.compile(r"^(?P<label>[IVXL]{1,5})\s*[.)]\s*(?P<text>.*)$")
ARABIC = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]\s+(?P<text>.+)$")
LETTER = re.compile(r"^(?P<label>[a-zđ])\s*[)]\s*(?P<text>.+)$")
ARTICLE = re.compile(r"^Điều\s+(?P<label>\d{1,3})\s*[.:]\s*(?P<text>.*)$")
BULLET = re.compile(r"^(?P<marker>[-+•–*])\s+(?P<text>.+)$")
BASIS = re.compile(r"^(Căn cứ|Thực hiện|Xét|Theo đề nghị)\b")
LEGAL_BASIS = re.compile(r"^(Căn cứ|Thực hiện)\b")
ADDRESSEES = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
AUTHORITY = re.compile(
    r"(?:^|\s)(?P<prefix>TM|T\.M|KT|K\.T|Q|TL|T\.L|TUQ)\.\s*(?=["
    + UPPER_VN
    + r"])|(?:^|\s)(?P<slashed>[TK]/M|K/T|T/L)\s+(?=["
    + UPPER_VN
    + r"])"
)
SIGN_NOTE = re.compile(r"^\(?\s*(đã ký|ký tên|ký,|ký và|đã ký và đóng dấu)", re.IGNORECASE)
ANNEX_TITLE = re.compile(r"^(PHỤ LỤC|DANH SÁCH|BẢNG|BIỂU)\b")


def canonical(line: str) -> str:
    """The line with "CỘNG HOÀ" spelt as the national title spells it, to recognise the title;
    the same length, so that a position found in it is a position in `line`. What is read keeps
    the spelling as printed."""
    return line.replace("CỘNG HOÀ", "CỘNG HÒA")


def is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def is_name(line: str) -> bool:
    """A person's name: 2–6 capitalised words, no digits or punctuation."""
    words = line.split()
    if not 2 <= len(words) <= 6 or re.search(r"[\d,;:()/“”\"]", line):
        return False
    return all(w[0].isupper() for w in words) and not is_upper(line)


def strip_recipient(text: str) -> str:
    """An addressee or recipient without the punctuation that ends its line."""
    return re.sub(r"[;.,]+\s*$", "", text.strip()).strip()
