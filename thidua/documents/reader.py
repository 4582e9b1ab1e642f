"""Read an existing administrative document (.txt, .docx, .pdf text layer) into the model.

The entry point is `read_document(data, filename) -> ParsedDocument`; `read_text` parses text
that is already extracted. Real documents are messy (merged header columns, stray spaces in
numbers, rules of dashes, "|" tables, signer blocks beside the recipients), so every step is a
tolerant heuristic, and whatever cannot be placed is kept as a raw block or named in
`warnings`: nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.documents.model import (
    NATIONAL_TITLE,
    TYPE_CODES,
    Annex,
    Block,
    BlockKind,
    Document,
    Signer,
    walk,
)

MAX_BYTES = 10 * 1024 * 1024


class DocumentReadError(Exception):
    """The file cannot be read as a document; the message is for the user (Vietnamese)."""


@dataclass
class ParsedDocument:
    document: Document
    campaign_names: list[str] = field(default_factory=list)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    quotas: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inferred: set[str] = field(default_factory=set)  # fields guessed, not read from their place

    def to_json(self) -> dict:
        doc = self.document
        return {
            "issuer": doc.issuer,
            "parent_issuer": doc.parent_issuer,
            "number_symbol": doc.number_symbol,
            "place": doc.place,
            "date": doc.date.isoformat() if doc.date else None,
            "doc_type": doc.doc_type,
            "abstract": doc.abstract,
            "addressees": list(doc.addressees),
            # "bases" are the legal bases proper (Căn cứ …, Thực hiện …); the proposals a decision
            # considers (Xét đề nghị …, Theo đề nghị …) stand in the same preamble but apart here.
            "bases": [b for b in doc.bases if _LEGAL_BASIS.match(b)],
            "considerations": [b for b in doc.bases if not _LEGAL_BASIS.match(b)],
            "campaign_names": list(self.campaign_names),
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "quotas": list(self.quotas),
            "recipients": list(doc.recipients),
            "signer_title": doc.signer.title,
            "signer_name": doc.signer.name,
            "sections": doc.to_dict()["body"],
            "inferred": sorted(self.inferred),
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- files


def read_document(data: bytes, filename: str) -> ParsedDocument:
    """Read the bytes of an uploaded file; raise DocumentReadError with a Vietnamese message."""
    if len(data) > MAX_BYTES:
        raise DocumentReadError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": len(data) // 1024 // 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise DocumentReadError(_("Tệp rỗng, không có nội dung."))
    name = (filename or "").lower()
    if data.startswith(b"%PDF"):
        text = _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        text = _docx_text(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentReadError(
            _("Đây là tệp Word cũ (.doc). Hãy mở bằng Word và lưu lại thành .docx rồi tải lên.")
        )
    elif name.endswith((".pdf", ".docx")):
        raise DocumentReadError(_("Tệp bị hỏng hoặc không đúng định dạng như tên tệp cho biết."))
    else:
        text = _decode_text(data)
    return read_text(text)


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data:
            raise DocumentReadError(_("Tệp không phải văn bản (có dữ liệu nhị phân)."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentReadError(
                _("Không đọc được tệp: không phải văn bản Unicode (UTF-8). Hãy lưu lại với mã UTF-8.")
            ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(3, len(text) // 100):
        raise DocumentReadError(_("Tệp không phải văn bản (có nhiều ký tự điều khiển)."))
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise DocumentReadError(
                    _("Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
                )
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            lines = text.splitlines()
            # The page number printed in the top margin from page 2 on.
            if number > 1 and lines and lines[0].strip().isdigit():
                lines = lines[1:]
            pages.append("\n".join(lines))
    except DocumentReadError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on broken files
        raise DocumentReadError(
            _("Tệp PDF bị hỏng, không đọc được (%(error)s).") % {"error": type(exc).__name__}
        ) from None
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        raise DocumentReadError(
            _("Tệp PDF không có lớp chữ (có thể là bản scan). Hãy tải lên bản .docx hoặc PDF có chữ.")
        )
    return text


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentReadError(_("Tệp nén này không phải tài liệu Word (.docx)."))
        document = docx.Document(io.BytesIO(data))
    except DocumentReadError:
        raise
    except Exception:
        raise DocumentReadError(_("Tệp .docx bị hỏng, không đọc được.")) from None

    out: list[str] = []

    def paragraph_lines(paragraph: Paragraph) -> list[str]:
        return paragraph.text.replace("\v", "\n").split("\n")

    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.extend(paragraph_lines(Paragraph(element, document)))
            out.append("")
        elif tag == "tbl":
            table = Table(element, document)
            rows = [[cell for cell in row.cells] for row in table.rows]
            flat = " ".join(c.text for row in rows for c in row)
            layout = any(k in flat for k in ("CỘNG HÒA", "Nơi nhận", "Số:", "Độc lập"))
            # A signature block alone: one row, two cells, one of them empty.
            cells = [c.text.strip() for c in rows[0]] if len(rows) == 1 else []
            layout = layout or (len(cells) == 2 and cells.count("") == 1)
            if layout:
                # Header and signature tables: read column by column, like a person does.
                columns = max(len(r) for r in rows) if rows else 0
                for col in range(columns):
                    seen = set()
                    for row in rows:
                        if col < len(row) and id(row[col]._tc) not in seen:
                            seen.add(id(row[col]._tc))
                            for p in row[col].paragraphs:
                                out.extend(paragraph_lines(p))
                    out.append("")
            else:
                for row in rows:
                    cells = []
                    last = None
                    for cell in row:
                        if cell._tc is last:
                            continue  # merged cell repeated by python-docx
                        last = cell._tc
                        cells.append(cell.text.replace("\n", " ").replace("|", "/").strip())
                    out.append("| " + " | ".join(cells) + " |")
                out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- text

_UPPER_VN = "A-ZĐÀ-ỸÁÂĂÊÔƠƯ"
_RULE = re.compile(r"^[\s\-_*=~.─—–•·+]{3,}$")
_DOC_TYPES = sorted(TYPE_CODES, key=len, reverse=True)
_DATE_LINE = re.compile(
    r"(?P<place>[^,\d]{2,60}?)\s*,?\s*ngày\s+(?P<d>\d{1,2}|\.+|…+|\s*)\s*tháng\s+(?P<m>\d{1,2}|\.+|…+|\s*)"
    r"\s*năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^Số\s*[:.]?\s*(?P<ns>[\w\s./\-–]*?)\s*$", re.IGNORECASE)
_ROMAN = re.compile(r"^(?P<label>[IVXL]{1,5})\s*[.)]\s*(?P<text>.*)$")
_ARABIC = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]\s+(?P<text>.+)$")
_LETTER = re.compile(r"^(?P<label>[a-zđ])\s*[)]\s*(?P<text>.+)$")
_ARTICLE = re.compile(r"^Điều\s+(?P<label>\d{1,3})\s*[.:]\s*(?P<text>.*)$")
_BULLET = re.compile(r"^(?P<marker>[-+•–*])\s+(?P<text>.+)$")
_BASIS = re.compile(r"^(Căn cứ|Thực hiện|Xét|Theo đề nghị)\b")
_LEGAL_BASIS = re.compile(r"^(Căn cứ|Thực hiện)\b")
_ADDRESSEES = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_AUTHORITY = re.compile(r"(?:^|\s)(?P<prefix>TM|KT|Q|TL|TUQ)\.\s*(?=[" + _UPPER_VN + r"])")
_SIGN_NOTE = re.compile(r"^\(?\s*(đã ký|ký tên|ký,|ký và|đã ký và đóng dấu)", re.IGNORECASE)
_TITLE_WORDS = (
    "CHỦ TỊCH",
    "GIÁM ĐỐC",
    "TRƯỞNG",
    "BỘ TRƯỞNG",
    "BÍ THƯ",
    "THƯ KÝ",
    "CHỦ TỌA",
    "CHÁNH",
    "NGƯỜI",
    "CÔNG CHỨC",
    "HIỆU TRƯỞNG",
    "PHÓ",
    "XÁC NHẬN",
)


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def _is_name(line: str) -> bool:
    """A person's name: 2–6 capitalised words, no digits or punctuation."""
    words = line.split()
    if not 2 <= len(words) <= 6 or re.search(r"[\d,;:()/“”\"]", line):
        return False
    return all(w[0].isupper() for w in words) and not _is_upper(line)


def _clean_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\u200b", "")
    text = text.replace("CỘNG HOÀ", "CỘNG HÒA")
    lines = []
    for raw in text.split("\n"):
        line = re.sub(r"[ ]{2,}", " ", raw).strip()
        if _RULE.match(line) and "|" not in line:
            lines.append("")  # a rule separates, like a blank line
            continue
        lines.extend(_split_merged(line))
    return lines


_MOTTO = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.IGNORECASE)


def _split_merged(line: str) -> list[str]:
    """Undo two header columns merged on one line; return the parts in reading order."""
    if not line:
        return [line]
    for marker in (NATIONAL_TITLE, "ĐẢNG CỘNG SẢN VIỆT NAM"):
        at = line.find(marker)
        if at > 0:
            return [line[:at].strip(), *_split_merged(line[at:])]
        if at == 0 and len(line) > len(marker):
            return [marker, *_split_merged(line[len(marker) :].strip())]
    match = _MOTTO.search(line)
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


def _paragraphs(lines: list[str]) -> list[str]:
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
            _ROMAN.match(line)
            or _ARABIC.match(line)
            or _LETTER.match(line)
            or _ARTICLE.match(line)
            or _BULLET.match(line)
            or _BASIS.match(line)
            or _RECIPIENTS.match(line)
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


def read_text(text: str) -> ParsedDocument:
    """Parse extracted text into a ParsedDocument."""
    lines = _clean_lines(text)
    if not any(lines):
        raise DocumentReadError(_("Tệp không có nội dung chữ."))
    doc = Document()
    parsed = ParsedDocument(document=doc)
    warnings = parsed.warnings

    # ---- header: everything before the type line
    type_at = None
    for i, line in enumerate(lines):
        upper = line.rstrip(":").strip()
        if upper in _DOC_TYPES and not (i + 1 < len(lines) and upper == "QUYẾT ĐỊNH" and doc.doc_type):
            type_at = i
            doc.doc_type = upper
            break
        merged = next((t for t in _DOC_TYPES if line.startswith(t + " ") and _is_upper(t)), None)
        if merged and re.match(
            r"^(Về|V/v|Ban hành|Phát động|Triển khai|Công bố)\b", line[len(merged) :].strip()
        ):
            type_at = i
            doc.doc_type = merged
            lines[i : i + 1] = [merged, line[len(merged) :].strip()]
            break
        if i > 40:
            break
    header = lines[:type_at] if type_at is not None else []
    if type_at is None:
        # A công văn has no type line: its abstract "V/v …" sits under the number.
        vv = next((i for i, line in enumerate(lines[:40]) if re.match(r"^V/v\b", line)), None)
        if vv is not None:
            doc.doc_type = "CÔNG VĂN"
            # Columns read one after the other put the right one (national title, motto, date)
            # after "V/v …": move those lines up into the header.
            end = vv
            while end < len(lines) and lines[end] and not _header_line(lines[end]):
                end += 1
            moved, j = [], end
            while j < len(lines) and j < end + 12:
                line = lines[j]
                if _header_line(line) or (moved and _DATE_LINE.match(line)):
                    moved.append(line)
                elif line:
                    break
                j += 1
            if moved:
                lines[vv:j] = [*moved, *lines[vv:end], ""]
                vv += len(moved)
            header = lines[:vv]
            type_at = vv - 1  # the abstract loop below starts on the "V/v" line
        else:
            header = []
    header_lines: list[str] = []
    seen_title = False
    for line in header:
        if not line:
            continue
        if line == NATIONAL_TITLE or line == "ĐẢNG CỘNG SẢN VIỆT NAM" or _MOTTO.fullmatch(line):
            seen_title = True
        elif _NUMBER.match(line) and not doc.number_symbol:
            ns = re.sub(r"\s+", "", _NUMBER.match(line).group("ns")).replace("–", "-")
            number, _slash, symbol = ns.partition("/")
            doc.number, doc.symbol = number, symbol
            if not number:
                warnings.append(_("Văn bản chưa có số (số để trống)."))
        elif _DATE_LINE.match(line) and doc.date is None and not doc.place:
            _read_date_line(line, doc, warnings)
        elif _is_upper(line) and not _is_name(line):
            header_lines.append(line)
        else:
            warnings.append(_("Dòng ở phần đầu văn bản không đọc được: “%(line)s”") % {"line": line})
    if not doc.doc_type and not doc.number_symbol and not seen_title:
        raise DocumentReadError(
            _("Không nhận ra văn bản hành chính: không thấy quốc hiệu, số ký hiệu hay tên loại văn bản.")
        )
    if not doc.doc_type:
        warnings.append(_("Không tìm thấy tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH, …)."))
        type_at = next((i for i, line in enumerate(lines) if _DATE_LINE.match(line)), -1)
    _read_issuer(header_lines, doc)

    # ---- abstract: the lines right after the type, up to the first blank or basis
    i = type_at + 1
    while i < len(lines) and not lines[i]:
        i += 1
    abstract: list[str] = []
    while (
        i < len(lines)
        and lines[i]
        and not _BASIS.match(lines[i])
        and not _starts_block(lines[i])
        and not _ADDRESSEES.match(lines[i])
    ):
        if _is_upper(lines[i]) and abstract and doc.doc_type == "QUYẾT ĐỊNH":
            break
        if doc.date is None and not doc.place and _DATE_LINE.match(lines[i]):
            # Two header columns read in turn: the date of the right column after "V/v …".
            _read_date_line(lines[i], doc, warnings)
            i += 1
            continue
        abstract.append(lines[i])
        i += 1
    doc.abstract = " ".join(abstract)
    if doc.abstract.startswith("V/v"):
        doc.abstract = doc.abstract
    i = _read_addressees(lines, i, doc)
    rest = lines[i:]

    # ---- annexes after the signature, then the tail: recipients and signer block
    rest, annex_lines = _split_annexes(rest)
    doc.annexes = _read_annexes(annex_lines)
    body_lines, tail_lines = _split_tail(rest)
    _read_tail(tail_lines, doc, warnings)

    # ---- preamble (authority line, bases, "QUYẾT ĐỊNH:") and body tree
    paragraphs = _paragraphs(body_lines)
    k = 0
    while k < len(paragraphs):
        p = paragraphs[k]
        if doc.doc_type == "QUYẾT ĐỊNH" and _is_upper(p) and not doc.authority_line and not doc.bases:
            doc.authority_line = p
        elif _BASIS.match(p):
            doc.bases.extend(_split_bases(p))
        elif re.fullmatch(r"(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ)\s*:?", p):
            k += 1
            break
        else:
            break
        k += 1
    doc.body = _tree(paragraphs[k:], warnings)

    # ---- what the body says
    _infer_issuer(doc, parsed, paragraphs)
    everything = [doc.abstract, *paragraphs]
    parsed.campaign_names = _campaigns(everything)
    parsed.period_start, parsed.period_end = _period(doc.abstract, paragraphs)
    parsed.quotas = _quotas(paragraphs)
    if not doc.signer.name:
        warnings.append(_("Không tìm thấy họ tên người ký."))
    if not doc.date:
        warnings.append(_("Không đọc được ngày ban hành."))
    return parsed


def _header_line(line: str) -> bool:
    return line in (NATIONAL_TITLE, "ĐẢNG CỘNG SẢN VIỆT NAM") or bool(_MOTTO.fullmatch(line))


def _read_addressees(lines: list[str], i: int, doc: Document) -> int:
    """ "Kính gửi: X." or "Kính gửi:" over "- X;" lines; return where the rest begins."""
    j = i
    while j < len(lines) and not lines[j]:
        j += 1
    match = _ADDRESSEES.match(lines[j]) if j < len(lines) else None
    if not match:
        return i
    j += 1
    if match.group("rest"):
        doc.addressees = [_strip_recipient(match.group("rest"))]
        return j
    while True:
        k = j
        while k < len(lines) and not lines[k]:
            k += 1
        bullet = _BULLET.match(lines[k]) if k < len(lines) else None
        if not bullet:
            return j
        doc.addressees.append(_strip_recipient(bullet.group("text")))
        j = k + 1
        if lines[k].rstrip().endswith("."):
            return j


def read_body(text: str) -> list[Block]:
    """Read the plain text of a body (as `render_text.blocks_text` writes it) back into blocks.

    Headings "I." / "1." / "1.1." / "a)", "Điều 1.", bullets "- " / "+ ", "|"-separated table
    rows and paragraphs separated by a blank line or a full stop at the end of a line.
    """
    return _tree(_paragraphs(_clean_lines(text)), [])


def _starts_block(line: str) -> bool:
    return bool(_ROMAN.match(line) or _ARTICLE.match(line) or line.startswith("|"))


def _read_date_line(line: str, doc: Document, warnings: list[str]) -> None:
    match = _DATE_LINE.match(line)
    doc.place = match.group("place").strip(" ,")
    try:
        doc.date = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except (TypeError, ValueError):
        warnings.append(_("Ngày ban hành không hợp lệ hoặc để trống: “%(line)s”") % {"line": line})


_LOCALITY_START = re.compile(r"^(XÃ|PHƯỜNG|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN|TỈNH|THÀNH PHỐ|TP\.|VIỆT NAM)\b")


def _read_issuer(header_lines: list[str], doc: Document) -> None:
    """Group header lines into bodies; the last is the issuer, the ones above its parent."""
    groups: list[str] = []
    for line in header_lines:
        if groups and (_LOCALITY_START.match(line) or groups[-1].endswith(("VÀ", "-", ","))):
            groups[-1] = f"{groups[-1]} {line}"
        else:
            groups.append(line)
    if groups:
        doc.issuer = groups[-1]
        doc.parent_issuer = " ".join(groups[:-1])


_ANNEX_TITLE = re.compile(r"^(PHỤ LỤC|DANH SÁCH|BẢNG|BIỂU)\b")


def _split_annexes(lines: list[str]) -> tuple[list[str], list[str]]:
    """Cut the annexes ("DANH SÁCH …", "PHỤ LỤC …" printed after the signature) off the end."""
    anchor = next((i for i, line in enumerate(lines) if _RECIPIENTS.match(line)), None)
    if anchor is None:
        return lines, []
    for i in range(anchor + 1, len(lines)):
        line = lines[i]
        if _ANNEX_TITLE.match(line) and _is_upper(line) and any(_is_name(x) for x in lines[anchor:i]):
            return lines[:i], lines[i:]
    return lines, []


def _read_annexes(lines: list[str]) -> list[Annex]:
    annexes: list[Annex] = []
    i = 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        title = []
        while i < len(lines) and lines[i] and _is_upper(lines[i]) and not lines[i].startswith("|"):
            title.append(lines[i])
            i += 1
        while i < len(lines) and not lines[i]:
            i += 1
        subtitle = []
        if i < len(lines) and lines[i].startswith("("):
            while i < len(lines) and lines[i]:
                subtitle.append(lines[i])
                i += 1
                if subtitle[-1].endswith(")"):
                    break
        start = i
        while i < len(lines) and not (
            _ANNEX_TITLE.match(lines[i]) and _is_upper(lines[i]) and (i == 0 or not lines[i - 1])
        ):
            i += 1
        annex = Annex(title=" ".join(title), subtitle=" ".join(subtitle))
        annex.blocks = _tree(_paragraphs(lines[start:i]), [])
        annexes.append(annex)
    return annexes


def _split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Cut the body from the recipients and signer block at the end."""
    at = next((i for i, line in enumerate(lines) if _RECIPIENTS.match(line)), None)
    if at is None:
        at = len(lines)
    # A signer block may precede "Nơi nhận" (text of a two-column table read in order).
    j = at
    while j > 0 and (
        not lines[j - 1]
        or _is_name(lines[j - 1])
        or _SIGN_NOTE.match(lines[j - 1])
        or (_is_upper(lines[j - 1]) and _looks_signer_title(lines[j - 1]))
    ):
        j -= 1
    block = [x for x in lines[j:at] if x]
    if block and any(_looks_signer_title(x) for x in block) and _is_name(block[-1]):
        at = j
    elif at == len(lines):
        at = j if block and _is_name(block[-1]) and any(_is_upper(x) for x in block) else at
    return lines[:at], lines[at:]


def _looks_signer_title(line: str) -> bool:
    return (
        bool(_AUTHORITY.match(line))
        or (_is_upper(line) and len(line) < 60 and any(w in line for w in _TITLE_WORDS))
        or (_is_upper(line) and len(line) < 60 and line.startswith(("ỦY BAN", "UỶ BAN", "HỘI", "BAN ")))
    )


def _read_tail(lines: list[str], doc: Document, warnings: list[str]) -> None:
    # Undo a signer title merged at the end of a recipient line: "- Như Điều 3; KT. CHỦ TỊCH".
    split: list[str] = []
    for line in lines:
        recip = _RECIPIENTS.match(line)
        if recip and recip.group("rest"):
            split.extend(["Nơi nhận:", recip.group("rest")])
            continue
        auth = _AUTHORITY.search(line)
        if auth and auth.start() > 0 and not _is_upper(line[: auth.start()]):
            split.extend([line[: auth.start()].strip(), line[auth.start() :].strip()])
            continue
        trailing = re.search(r"[;.,]\s+((?:[" + _UPPER_VN + r"]{2,}\s?){1,6})$", line)
        if line.startswith(("-", "+")) and trailing and _looks_signer_title(trailing.group(1).strip()):
            split.extend([line[: trailing.start(1)].strip(), trailing.group(1).strip()])
            continue
        split.append(line)
    title_lines: list[str] = []
    recipients: list[str] = []
    extras: list[Signer] = []  # signature blocks after the signer's ("XÁC NHẬN CỦA …")
    in_recipients = False
    for line in split:
        if not line:
            in_recipients = in_recipients and bool(recipients) and False
            continue
        if _RECIPIENTS.match(line):
            in_recipients = True
            continue
        bullet = _BULLET.match(line)
        if bullet and (in_recipients or not title_lines):
            recipients.append(_strip_recipient(bullet.group("text")))
            in_recipients = True
        elif _SIGN_NOTE.match(line):
            if extras and not extras[-1].name:
                extras[-1].note = line
            else:
                doc.signer.note = line
        elif _looks_signer_title(line) or (_is_upper(line) and title_lines and not doc.signer.name):
            if doc.signer.name:
                if not extras or extras[-1].name:
                    extras.append(Signer())
                extras[-1].title_lines.append(line)
            else:
                title_lines.append(line)
        elif _is_name(line) and title_lines and not doc.signer.name:
            doc.signer.name = line
        elif _is_name(line) and extras and not extras[-1].name:
            extras[-1].name = line
        elif in_recipients and recipients and not recipients[-1].endswith((";", ".")):
            recipients[-1] = _strip_recipient(f"{recipients[-1]} {line}")
        elif in_recipients and not title_lines:
            recipients.append(_strip_recipient(line))
        else:
            warnings.append(_("Dòng cuối văn bản không đọc được: “%(line)s”") % {"line": line})
    doc.signer.title_lines = title_lines
    doc.recipients = recipients
    doc.confirmations = extras


def _strip_recipient(text: str) -> str:
    return re.sub(r"[;.,]+\s*$", "", text.strip()).strip()


def _split_bases(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[;.])\s+(?=(?:Căn cứ|Thực hiện|Xét|Theo đề nghị)\b)", paragraph)
    return [re.sub(r"\s*[;.,]+$", "", p.strip()) for p in parts if p.strip()]


def _tree(paragraphs: list[str], warnings: list[str]) -> list[Block]:
    root: list[Block] = []
    stack: list[Block] = []  # open headings/articles, by level

    def attach(block: Block) -> None:
        (stack[-1].children if stack else root).append(block)

    def open_level(block: Block) -> None:
        while stack and stack[-1].level >= block.level:
            stack.pop()
        attach(block)
        stack.append(block)

    for p in paragraphs:
        if p.startswith("|"):
            cells = [c.strip() for c in p.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
                continue
            parent = stack[-1].children if stack else root
            if parent and parent[-1].kind == BlockKind.TABLE:
                parent[-1].rows.append(cells)
            else:
                attach(Block(kind=BlockKind.TABLE, rows=[cells]))
            continue
        if m := _ARTICLE.match(p):
            open_level(Block(kind=BlockKind.ARTICLE, label=m.group("label"), text=m.group("text"), level=1))
        elif (m := _ROMAN.match(p)) and m.group("text"):
            open_level(Block(kind=BlockKind.HEADING, label=m.group("label"), text=m.group("text"), level=1))
        elif m := _ARABIC.match(p):
            level = 2 + m.group("label").count(".")
            open_level(
                Block(kind=BlockKind.HEADING, label=m.group("label"), text=m.group("text"), level=level)
            )
        elif m := _LETTER.match(p):
            open_level(Block(kind=BlockKind.HEADING, label=m.group("label"), text=m.group("text"), level=5))
        elif m := _BULLET.match(p):
            marker = "-" if m.group("marker") in "-–" else m.group("marker")
            attach(Block(kind=BlockKind.BULLET, marker=marker, text=m.group("text")))
        else:
            attach(Block(kind=BlockKind.PARAGRAPH, text=p))
    return root


_BODY_MENTION = re.compile(
    r"(?P<body>(?:(?:Ủy|Uỷ) ban nhân dân|Hội đồng nhân dân|(?:Ủy|Uỷ) ban Mặt trận Tổ quốc(?: Việt Nam)?|"
    r"Ban Chấp hành Hội [\wÀ-ỹ ]+?|Hội Nông dân|Hội Liên hiệp Phụ nữ|Hội Cựu chiến binh|"
    r"Đoàn Thanh niên Cộng sản Hồ Chí Minh|Sở [\wÀ-ỹ]+(?: [\wÀ-ỹ]+)?|Phòng [\wÀ-ỹ]+(?: [\wÀ-ỹ]+)?))"
    r" (?P<level>xã|phường|thị trấn|thị xã|huyện|quận|tỉnh|thành phố)"
    r" (?P<name>(?:[" + _UPPER_VN + r"][\wÀ-ỹ]*)(?: [" + _UPPER_VN + r"][\wÀ-ỹ]*){0,3})"
)


def _infer_issuer(doc: Document, parsed: ParsedDocument, paragraphs: list[str]) -> None:
    """When the header lacks the issuing body, find it in the text (and say it was inferred)."""
    if doc.issuer:
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


_QUOTED = re.compile(r"[“\"](?P<name>[^“”\"]{3,120})[”\"]")
_CAMPAIGN_BEFORE = re.compile(
    r"(phong trào(?: thi đua)?|thi đua|cuộc vận động|vận động|đẩy mạnh|chương trình|đề án|chủ đề)\s*$",
    re.IGNORECASE,
)


def _campaigns(texts: list[str]) -> list[str]:
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


_QUOTA = re.compile(r"(?P<n>\d{1,4})\s+(?P<kind>tập thể|cá nhân|hộ gia đình)", re.IGNORECASE)
_QUOTA_CONTEXT = re.compile(
    r"xét chọn|chọn|chỉ tiêu|tối đa|số lượng|khen thưởng|biểu dương|tặng|đề nghị", re.IGNORECASE
)


def _quotas(paragraphs: list[str]) -> list[dict]:
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


__all__ = ["DocumentReadError", "ParsedDocument", "read_body", "read_document", "read_text"]
