"""What the text says beyond its layout: the issuer when the header lacks it, the campaigns it
names, the period it covers and the quotas of awards it sets."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from thidua.documents.model import Document, walk
from thidua.documents.reader.parsed import ParsedDocument
from thidua.documents.reader.patterns import UPPER_VN

_BODY_MENTION = re.compile(
    r"(?P<body>(?:(?:Ủy|Uỷ) ban nhân dân|Hội đồng nhân dân|(?:Ủy|Uỷ) ban Mặt trận Tổ quốc(?: Việt Nam)?|"
    r"Ban Chấp hành Hội [\wÀ-ỹ ]+?|Hội Nông dân|Hội Liên hiệp Phụ nữ|Hội Cựu chiến binh|"
    r"Đoàn Thanh niên Cộng sản Hồ Chí Minh|Sở [\wÀ-ỹ]+(?: [\wÀ-ỹ]+)?|Phòng [\wÀ-ỹ]+(?: [\wÀ-ỹ]+)?))"
    r" (?P<level>xã|phường|thị trấn|thị xã|huyện|quận|tỉnh|thành phố)"
    r" (?P<name>(?:[" + UPPER_VN + r"][\wÀ-ỹ]*)(?: [" + UPPER_VN + r"][\wÀ-ỹ]*){0,3})"
)
_QUOTED = re.compile(r"[“\"](?P<name>[^“”\"]{3,120})[”\"]")
_CAMPAIGN_BEFORE = re.compile(
    r"(phong trào(?: thi đua)?|thi đua|cuộc vận động|vận động|đẩy mạnh|chương trình|đề án|chủ đề)\s*$",
    re.IGNORECASE,
)
_DMY = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
_PERIOD_DAYS = re.compile(
    rf"từ ngày\s+(?P<a>{_DMY})\s*(?:đến|tới)(?: hết)? ngày\s+(?P<b>{_DMY})", re.IGNORECASE
)
_PERIOD_YEARS = re.compile(r"giai đoạn\s+(?P<a>\d{4})\s*[-–—]\s*(?P<b>\d{4})", re.IGNORECASE)
_PERIOD_FROM_TO_YEAR = re.compile(
    r"từ(?: đầu)? năm\s+(?P<a>\d{4})\s*(?:đến|tới)(?: hết| cuối)? năm\s+(?P<b>\d{4})", re.IGNORECASE
)
_PERIOD_UNTIL_YEAR = re.compile(r"đến(?: hết| cuối)? năm\s+(?P<b>\d{4})", re.IGNORECASE)
_PERIOD_UNTIL_DAY = re.compile(rf"(?:đến|tới)(?: hết)? ngày\s+(?P<b>{_DMY})", re.IGNORECASE)
_QUOTA = re.compile(r"(?P<n>\d{1,4})\s+(?P<kind>tập thể|cá nhân|hộ gia đình)", re.IGNORECASE)
_QUOTA_CONTEXT = re.compile(
    r"xét chọn|chọn|chỉ tiêu|tối đa|số lượng|khen thưởng|biểu dương|tặng|đề nghị", re.IGNORECASE
)


def read_content(parsed: ParsedDocument, paragraphs: list[str]) -> None:
    """Fill in what the body says, and warn about the signer or date not found."""
    doc = parsed.document
    _infer_issuer(doc, parsed, paragraphs)
    parsed.campaign_names = _campaigns([doc.abstract, *paragraphs])
    parsed.period_start, parsed.period_end = _period(doc.abstract, paragraphs)
    parsed.quotas = _quotas(paragraphs)
    if not doc.signer.name:
        parsed.warnings.append(_("Không tìm thấy họ tên người ký."))
    if not doc.date:
        parsed.warnings.append(_("Không đọc được ngày ban hành."))


def _infer_issuer(doc: Document, parsed: ParsedDocument, paragraphs: list[str]) -> None:
    """When the header lacks the issuing body, find it in the text (and say it was inferred)."""
    if doc.issuer:
        _complete_issuer(doc, parsed)
        return
    if issuing := _issuing_body(paragraphs[:3]):
        doc.issuer = issuing.upper()
        parsed.inferred.add("issuer")
        parsed.warnings.append(
            _("Cơ quan ban hành được suy ra từ nội dung: “%(issuer)s”.") % {"issuer": doc.issuer}
        )
        return
    mentions = []
    for p in paragraphs:
        for m in _BODY_MENTION.finditer(p):
            before = p[max(0, m.start() - 6) : m.start()]
            mentions.append((m, "của " in before))
    if not mentions:
        parsed.warnings.append(_("Không xác định được cơ quan ban hành."))
        return

    def score(item):
        m, is_other = item
        return (m.group("name") == doc.place, not is_other)

    best = max(mentions, key=score)[0]  # max keeps the first of equals
    doc.issuer = f"{best.group('body')} {best.group('level')} {best.group('name')}".upper()
    parsed.inferred.add("issuer")
    parsed.warnings.append(
        _("Cơ quan ban hành được suy ra từ nội dung: “%(issuer)s”.") % {"issuer": doc.issuer}
    )


# The sentence by which a body issues the paper: "…; Ban Chấp hành Thành đoàn Hà Nội ban hành
# Kế hoạch …", "UBND huyện xây dựng Kế hoạch …".
_ISSUING = re.compile(
    r"(?:^|[;,.:]\s+)(?P<body>(?:Ban|Ủy ban|Uỷ ban|UBND|Hội đồng|HĐND|Hội|Sở|Phòng|Thành đoàn|Tỉnh đoàn|"
    r"Huyện đoàn|Đoàn|Đảng ủy|Đảng uỷ|Thường trực|Văn phòng|Bộ|Trung ương)\b[^;,.:]{2,80}?)\s+"
    r"(?:ban hành|xây dựng|triển khai|hướng dẫn|thông báo)\s+(?:Kế hoạch|Quyết định|Hướng dẫn|"
    r"Thông báo|Chương trình|Quy chế|Quy định|Chỉ thị|Nghị quyết|kế hoạch|hướng dẫn|thông báo)\b"
)
# The level of a body in its name: a name without one is incomplete ("ỦY BAN NHÂN DÂN").
_LEVEL_WORD = re.compile(r"\b(XÃ(?! HỘI)|PHƯỜNG|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN|TỈNH|THÀNH PHỐ|TP\.|TRUNG ƯƠNG)\b")


def _issuing_body(paragraphs: list[str]) -> str:
    """The body a paper without header names as its author in the sentence that issues it."""
    for p in paragraphs:
        if m := _ISSUING.search(p):
            words = m.group("body").split()
            if len(words) <= 10 and all(w[:1].isupper() or w.islower() for w in words):
                return m.group("body").strip()
    return ""


def _complete_issuer(doc: Document, parsed: ParsedDocument) -> None:
    """A header that prints only "ỦY BAN NHÂN DÂN": the authority line over the preamble names
    the body whole ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"); take it from there and say so."""
    line = doc.authority_line
    if doc.parent_issuer or not line or _LEVEL_WORD.search(doc.issuer) or not _LEVEL_WORD.search(line):
        return
    at = line.find(doc.issuer)
    if at < 0:
        return
    doc.issuer = line[at:]
    parsed.inferred.add("issuer")
    parsed.warnings.append(
        _("Cơ quan ban hành được suy ra từ nội dung: “%(issuer)s”.") % {"issuer": doc.issuer}
    )


def _campaigns(texts: list[str]) -> list[str]:
    """The quoted names after "phong trào", "cuộc vận động", …, in order, without repeats."""
    names: list[str] = []
    for text in texts:
        for m in _QUOTED.finditer(text):
            before = text[max(0, m.start() - 40) : m.start()]
            name = m.group("name").strip()
            if _CAMPAIGN_BEFORE.search(before) and name not in names:
                names.append(name)
    return names


def _parse_dmy(text: str) -> dt.date | None:
    m = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text) or re.search(
        r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text
    )
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _period(abstract: str, paragraphs: list[str]) -> tuple[dt.date | None, dt.date | None]:
    """The movement's period: explicit ranges first, then "đến năm …", abstract before body."""
    timed = [p for p in paragraphs if "thời gian" in p.lower()]
    ordered = [abstract, *timed, *paragraphs]
    for text in ordered:
        if m := _PERIOD_DAYS.search(text):
            return _parse_dmy(m.group("a")), _parse_dmy(m.group("b"))
        if m := _PERIOD_YEARS.search(text) or _PERIOD_FROM_TO_YEAR.search(text):
            return dt.date(int(m.group("a")), 1, 1), dt.date(int(m.group("b")), 12, 31)
    for text in ordered:
        if m := _PERIOD_UNTIL_DAY.search(text):
            return None, _parse_dmy(m.group("b"))
        if m := _PERIOD_UNTIL_YEAR.search(text):
            return None, dt.date(int(m.group("b")), 12, 31)
    return None, None


def _quotas(paragraphs: list[str]) -> list[dict]:
    """The first count of each kind of award ("05 tập thể", "10 cá nhân") in a sentence on quotas."""
    found: dict[str, int] = {}
    for p in paragraphs:
        for sentence in re.split(r"(?<=[.;])\s+", p):
            if not _QUOTA_CONTEXT.search(sentence):
                continue
            for m in _QUOTA.finditer(sentence):
                found.setdefault(m.group("kind").lower(), int(m.group("n")))
    return [{"kind": kind, "count": count} for kind, count in found.items()]


def body_text(document: Document) -> str:
    """All the text of the body, for search and checks."""
    return "\n".join(b.text for b in walk(document.body) if b.text)
