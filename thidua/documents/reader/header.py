"""The header of a document: issuer, number and symbol, place and date, type, and the abstract
(title) under the type line, with the addressees of a tờ trình or công văn."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from thidua.documents.model import NATIONAL_TITLE, Document
from thidua.documents.reader.parsed import DocumentReadError
from thidua.documents.reader.patterns import (
    ADDRESSEES,
    ARABIC,
    ARTICLE,
    BASIS,
    BULLET,
    DATE_LINE,
    DOC_TYPES,
    MOTTO,
    NUMBER,
    OLD_NATIONAL_TITLE,
    PARTY_TITLE,
    RECIPIENTS,
    ROMAN,
    UPPER_VN,
    canonical,
    is_name,
    is_upper,
    strip_recipient,
)

_LOCALITY_START = re.compile(r"^(XÃ|PHƯỜNG|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN|TỈNH|THÀNH PHỐ|TP\.|VIỆT NAM)\b")
# How the name of a body begins: a line of the header starting otherwise continues the one above.
_BODY_START = re.compile(
    r"^(ỦY BAN|UỶ BAN|UBND|HĐND|UBMTTQ|MTTQ|HỘI|BAN|BỘ|SỞ|PHÒNG|CỤC|CHI CỤC|TỔNG CỤC|VỤ|VIỆN|"
    r"VĂN PHÒNG|TRƯỜNG|TRUNG TÂM|TRUNG ƯƠNG|CÔNG AN|QUÂN|ĐẢNG|CHI BỘ|TỈNH ỦY|TỈNH UỶ|HUYỆN ỦY|"
    r"HUYỆN UỶ|THÀNH ỦY|THÀNH UỶ|ĐOÀN|THÀNH ĐOÀN|TỈNH ĐOÀN|HUYỆN ĐOÀN|MẶT TRẬN|THANH TRA|KHO BẠC|"
    r"TÒA ÁN|TOÀ ÁN|BỆNH VIỆN|BẢO HIỂM|LIÊN ĐOÀN|CÔNG ĐOÀN|TỔNG CÔNG TY|CÔNG TY|CHÍNH PHỦ|THỦ TƯỚNG|"
    r"CHỦ TỊCH|QUỐC HỘI|TIỂU BAN|TỔ|HỌC VIỆN|ĐẠI HỌC|NGÂN HÀNG|THƯỜNG TRỰC|HĐTĐKT|BCH|BCĐ)\b"
)
_UNPLACED_BODIES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND")
# The authority that enacts, printed under the abstract: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …",
# "HỘI ĐỒNG NHÂN DÂN TỈNH …", "LỆNH CỦA CHỦ TỊCH", "BỘ TRƯỞNG BỘ NỘI VỤ".
_AUTHORITY_START = re.compile(
    r"^(CHỦ TỊCH|PHÓ CHỦ TỊCH|ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|HĐND|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|"
    r"CHÁNH|TRƯỞNG BAN|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|BAN BÍ THƯ|BỘ CHÍNH TRỊ|QUỐC HỘI|CHÍNH PHỦ|"
    r"ĐOÀN CHỦ TỊCH|THƯỜNG TRỰC|LỆNH CỦA|(?:[" + UPPER_VN + r"]+ )?CỦA CHỦ TỊCH\b)"
)
# A line of a title that ends on one of these words goes on on the next line.
_DANGLING = re.compile(
    r"(?:\s(?:CỦA|VÀ|VỀ|CHO|TẠI|THEO|VỚI|TRONG|ĐỐI VỚI|VIỆC|CÁC|NHỮNG|LÀ|ĐỂ|TỪ|ĐẾN|THUỘC|TRÊN)|[-,–])$",
    re.IGNORECASE,
)
# How an abstract begins when the type line and the abstract were merged on one line.
_ABSTRACT_START = re.compile(
    r"^(Về|V/v|Ban hành|Phát động|Triển khai|Công bố|Của|Quy định|Sửa đổi|Công nhận|Phê duyệt|Tặng)\b",
    re.IGNORECASE,
)


def read_header(lines: list[str], doc: Document, warnings: list[str]) -> int:
    """Read everything above the abstract into `doc`; return the index of the type line.

    May rewrite `lines` in place: a type merged with its abstract is cut in two, and the right
    header column of a công văn read after its "V/v …" is moved up.
    """
    type_at = _find_type_line(lines, doc)
    if type_at is not None:
        header = lines[:type_at]
    else:
        type_at, header = _letter_header(lines, doc)
        if type_at is None:
            # No type line: the header, if any, is what stands above the first line of text.
            header = _leading_header(lines)
            type_at = len(header) - 1
    header_lines, seen_title = _read_header_lines(header, doc, warnings)
    if not doc.doc_type and not doc.number_symbol and not seen_title and not _reads_as_document(lines):
        raise DocumentReadError(
            _("Không nhận ra văn bản hành chính: không thấy quốc hiệu, số ký hiệu hay tên loại văn bản.")
        )
    if not doc.doc_type:
        warnings.append(_("Không tìm thấy tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH, …)."))
    if not doc.number and not doc.symbol:
        warnings.append(_("Không tìm thấy số, ký hiệu của văn bản."))
    _read_issuer(header_lines, doc)
    return type_at


def _leading_header(lines: list[str]) -> list[str]:
    """The header lines at the top of a text without a type line: issuer, titles, number, date.

    An upper-case line after the number, date or title is the abstract, not the header.
    """
    seen_key = False
    seen_header = False
    end = 0
    for i, line in enumerate(lines[:24]):
        if not re.search(r"\w", line):
            continue
        key = _is_title_line(line) or bool(NUMBER.match(line)) or bool(DATE_LINE.match(line))
        if key:
            seen_key = True
        elif not (is_upper(line) and not seen_key and len(line) < 90):
            if seen_header or len(line) > 40:
                break
            continue  # a scrap above the header (a handwritten note, a page number): kept, not read
        seen_header = True
        end = i + 1
    return lines[:end]


def _reads_as_document(lines: list[str]) -> bool:
    """A post without its header is still a document when it has the body of one: articles,
    or legal bases followed by numbered sections, or a title naming its type."""
    first = next((line for line in lines if line), "")
    if any(first.upper().startswith(t + " ") or first.upper() == t for t in DOC_TYPES):
        return True
    articles = sum(1 for line in lines if ARTICLE.match(line))
    bases = any(BASIS.match(line) for line in lines)
    headings = sum(1 for line in lines if ROMAN.match(line))
    return articles >= 2 or (bases and (articles or headings >= 2))


def _find_type_line(lines: list[str], doc: Document) -> int | None:
    """The line "KẾ HOẠCH", "QUYẾT ĐỊNH", … within the first lines; sets `doc.doc_type`."""
    for i, line in enumerate(lines):
        if BASIS.match(line):
            break  # below the legal bases, "QUYẾT ĐỊNH:" enacts; it does not name the type
        upper = line.rstrip(":").strip()
        if upper in DOC_TYPES and not (line.endswith(":") and _enacts(lines, i)):
            doc.doc_type = upper
            return i
        merged = next((t for t in DOC_TYPES if line.startswith(t + " ") and is_upper(t)), None)
        rest = line[len(merged) :].strip() if merged else ""
        if merged and (_ABSTRACT_START.match(rest) or (is_upper(line) and _under_date(lines[:i]))):
            doc.doc_type = merged
            lines[i : i + 1] = [merged, line[len(merged) :].strip()]
            return i
        if i > 40:
            break
    return None


def _under_date(above: list[str]) -> bool:
    """The line right under the place-date line (blank lines aside): where the type stands."""
    previous = next((line for line in reversed(above) if line), "")
    return bool(DATE_LINE.match(previous))


def _enacts(lines: list[str], at: int) -> bool:
    """ "QUYẾT ĐỊNH:" over "Điều 1. …": the enacting line of the body, not the type of the paper."""
    following = next((line for line in lines[at + 1 :] if line), "")
    return bool(ARTICLE.match(following) or ROMAN.match(following) or re.match(r"^\d{1,2}\s*[.)]", following))


def _letter_header(lines: list[str], doc: Document) -> tuple[int | None, list[str]]:
    """A công văn has no type line: its abstract "V/v …" sits under the number.

    Return where the type line would be (the line before "V/v …") and the header lines.
    """
    vv = next(
        (
            i
            for i, line in enumerate(lines[:40])
            if re.match(r"^(V/v|V/V|Về việc)\b", line) and i and _above_is_header(lines[:i])
        ),
        None,
    )
    if vv is None:
        return None, []
    doc.doc_type = "CÔNG VĂN"
    # Columns read one after the other put the right one (national title, motto, date)
    # after "V/v …": move those lines up into the header.
    end = vv
    while end < len(lines) and lines[end] and not _is_title_line(lines[end]):
        end += 1
    moved, j = [], end
    while j < len(lines) and j < end + 12:
        line = lines[j]
        if _is_title_line(line) or (moved and DATE_LINE.match(line)):
            moved.append(line)
        elif line:
            break
        j += 1
    if moved:
        lines[vv:j] = [*moved, *lines[vv:end], ""]
        vv += len(moved)
    return vv - 1, lines[:vv]  # the abstract is read from the "V/v" line on


def _above_is_header(lines: list[str]) -> bool:
    """Whether a number or the national title stands above: a "Về việc …" line under them is the
    abstract of a công văn, not the first line of a post."""
    return any(NUMBER.match(line) or _is_title_line(line) for line in lines)


def _is_title_line(line: str) -> bool:
    """The national title, the Party's title or the motto."""
    return canonical(line) in (NATIONAL_TITLE, OLD_NATIONAL_TITLE, PARTY_TITLE) or bool(MOTTO.fullmatch(line))


def _read_header_lines(header: list[str], doc: Document, warnings: list[str]) -> tuple[list[str], bool]:
    """Number, place and date into `doc`; return the issuer's lines and whether a title was seen."""
    issuer_lines: list[str] = []
    seen_title = False
    dated = False
    for line in header:
        if not line:
            continue
        if _is_title_line(line):
            seen_title = True
        elif NUMBER.match(line) and not doc.number_symbol:
            ns = re.sub(r"\s+", "", NUMBER.match(line).group("ns")).replace("–", "-")
            number, _slash, symbol = ns.partition("/")
            doc.number, doc.symbol = number, symbol
            if not number:
                warnings.append(_("Văn bản chưa có số (số để trống)."))
        elif DATE_LINE.match(line) and doc.date is None and not doc.place:
            _read_date_line(line, doc, warnings)
            dated = True
        elif is_upper(line) and not is_name(line) and not (issuer_lines and dated):
            # Upper-case lines under the date, once the issuer was read above it, are a stamp
            # ("ĐẾN NGÀY 20/10/2010"), not a second issuer: they go to the warnings.
            issuer_lines.append(line)
        else:
            warnings.append(_("Dòng ở phần đầu văn bản không đọc được: “%(line)s”") % {"line": line})
    return issuer_lines, seen_title


def _read_date_line(line: str, doc: Document, warnings: list[str]) -> None:
    match = DATE_LINE.match(line)
    doc.place = (match.group("place") or "").strip(" ,")
    try:
        doc.date = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except (TypeError, ValueError):
        warnings.append(_("Ngày ban hành không hợp lệ hoặc để trống: “%(line)s”") % {"line": line})


def _read_issuer(header_lines: list[str], doc: Document) -> None:
    """Group header lines into bodies; the last is the issuer, the ones above its parent.

    A line goes on the body above it when it names a place ("XÃ MỸ THẠNH"), when the line above
    ends on a joining word, when it does not start as a body does ("ĐUA - KHEN THƯỞNG TRUNG
    ƯƠNG" under "HỘI ĐỒNG THI"), or when the line above is too short to be a body of its own
    ("THƯỜNG TRỰC" over "HĐND - UBND TỈNH HÒA BÌNH"), or names a people's council or committee
    without its place: "ỦY BAN NHÂN DÂN" over "ỦY BAN MTTQ VIỆT NAM" over "TỈNH ĐẮK LẮK" are two
    bodies issuing together, not a body under its parent.
    """
    groups: list[str] = []
    for line in header_lines:
        if groups and (
            _LOCALITY_START.match(line)
            or groups[-1].endswith(("VÀ", "-", ","))
            or not _BODY_START.match(line)
            or len(groups[-1].split()) <= 2
            or groups[-1] in _UNPLACED_BODIES
        ):
            groups[-1] = f"{groups[-1]} {line}"
        else:
            groups.append(line)
    if groups:
        doc.issuer = groups[-1]
        doc.parent_issuer = " ".join(groups[:-1])


def read_abstract(lines: list[str], type_at: int, doc: Document, warnings: list[str]) -> int:
    """The abstract: the lines right after the type, up to the first blank or basis; then the
    addressees. Return where the body begins."""
    i = type_at + 1
    while i < len(lines) and not lines[i]:
        i += 1
    abstract: list[str] = []
    while i < len(lines):
        if not lines[i]:
            # An upper-case abstract may go on after a blank line, as older papers print it.
            k = i
            while k < len(lines) and not lines[k]:
                k += 1
            if not (abstract and k < len(lines) and _continues_upper_abstract(abstract, lines[k])):
                break
            i = k
        line = lines[i]
        if BASIS.match(line) or _starts_block(line) or ADDRESSEES.match(line) or RECIPIENTS.match(line):
            break
        if abstract and line.endswith((".", ":")) and len(line.split()) >= 8:
            break  # a sentence of the body, not a line of the title
        if (
            abstract
            and is_upper(line)
            and (not is_upper(abstract[-1]) or _AUTHORITY_START.match(line))
            and not _DANGLING.search(abstract[-1])
        ):
            break  # the authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN …") under the abstract
        if doc.date is None and not doc.place and DATE_LINE.match(line):
            # Two header columns read in turn: the date of the right column after "V/v …".
            _read_date_line(line, doc, warnings)
            i += 1
            continue
        abstract.append(line)
        i += 1
    doc.abstract = " ".join(abstract)
    if doc.date is None and not doc.place:
        # The place-date line printed under the abstract of a công văn.
        for k in range(i, min(i + 6, len(lines))):
            if DATE_LINE.match(lines[k]) and len(lines[k]) < 90:
                _read_date_line(lines[k], doc, warnings)
                lines[k] = ""
                break
    return _read_addressees(lines, i, doc)


def _continues_upper_abstract(abstract: list[str], line: str) -> bool:
    return (
        is_upper(abstract[-1])
        and is_upper(line)
        and not abstract[-1].endswith((".", ":", ";"))
        and not line.endswith(":")
        and not _AUTHORITY_START.match(line)
        and not _starts_block(line)
        and not re.match(r"^(CHƯƠNG|PHẦN|MỤC|NAY)\b", line)
        and len(abstract) < 6
    )


def _starts_block(line: str) -> bool:
    return bool(
        ROMAN.match(line)
        or ARTICLE.match(line)
        or ARABIC.match(line)
        or re.match(r"^(Chương|CHƯƠNG)\s+[IVXL\d]+\b", line)
        or line.startswith("|")
    )


def _read_addressees(lines: list[str], i: int, doc: Document) -> int:
    """ "Kính gửi: X." or "Kính gửi:" over "- X;" lines; return where the rest begins."""
    j = i
    while j < len(lines) and not lines[j]:
        j += 1
    match = ADDRESSEES.match(lines[j]) if j < len(lines) else None
    if not match:
        return i
    j += 1
    if match.group("rest"):
        doc.addressees = [strip_recipient(match.group("rest"))]
        return j
    while True:
        k = j
        while k < len(lines) and not lines[k]:
            k += 1
        bullet = BULLET.match(lines[k]) if k < len(lines) else None
        if not bullet:
            return j
        doc.addressees.append(strip_recipient(bullet.group("text")))
        j = k + 1
        if lines[k].rstrip().endswith("."):
            return j
