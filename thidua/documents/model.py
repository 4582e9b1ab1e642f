"""The model of a Vietnamese administrative document (Decree 30/2020/NĐ-CP).

Plain dataclasses, independent of the database: the reader produces them, the renderers and the
templates consume them, and the `Document` row stores them as JSON (`to_dict` / `from_dict`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from thidua.documents.layout import head_fits
from thidua.lib.vn import format_date_long

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Type name → type code of the number symbol (domain.md §4).
TYPE_CODES: dict[str, str] = {
    "QUYẾT ĐỊNH": "QĐ",
    "KẾ HOẠCH": "KH",
    "BÁO CÁO": "BC",
    "TỜ TRÌNH": "TTr",
    "THÔNG BÁO": "TB",
    "BIÊN BẢN": "BB",
    "CHƯƠNG TRÌNH": "CTr",
    "HƯỚNG DẪN": "HD",
    "PHƯƠNG ÁN": "PA",
    "GIẤY MỜI": "GM",
    "CHỈ THỊ": "CT",
    "NGHỊ QUYẾT": "NQ",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "ĐỀ ÁN": "ĐA",
    "GIẤY KHEN": "GK",
    "CÔNG VĂN": "",
}

AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


class BlockKind(StrEnum):
    HEADING = "heading"  # I. / 1. / a) with children
    ARTICLE = "article"  # Điều 1. with children
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    TABLE = "table"
    RAW = "raw"  # text the reader could not place; kept, never dropped


@dataclass
class Block:
    kind: str
    text: str = ""
    label: str = ""  # "I", "1", "a", "1" of "Điều 1"
    level: int = 0  # headings: 1 = I. (or Điều), 2 = 1., 3 = 1.1., 4 = 1.1.1., 5 = a)
    marker: str = ""  # bullets: "-" or "+"
    rows: list[list[str]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    # Tables: one letter a column, "l" left (the default), "c" centred, "r" right (money); a cell
    # is never justified. `bold_rows`: rows after the header printed bold (group headings, totals).
    align: str = ""
    bold_rows: list[int] = field(default_factory=list)
    # `merged_rows`: rows (group headings, totals) whose filled cells each span the empty cells after
    # them, so "TẬP THỂ (02 tập thể)" stands on one line across the table as in Word.
    merged_rows: list[int] = field(default_factory=list)

    def column_align(self, column: int) -> str:
        """ "l", "c" or "r" for a table column."""
        return self.align[column] if column < len(self.align) else "l"

    def cell_style(self, row: int, column: int) -> tuple[str, bool]:
        """How a table cell prints: its alignment ("c" for the header) and whether it is bold."""
        if row == 0:
            return "c", True
        return self.column_align(column), row in self.bold_rows

    def row_cells(self, row: int, columns: int | None = None) -> list[tuple[int, int, str]]:
        """A row's cells as (first column, columns spanned, text): in a merged row a filled cell
        takes in the empty cells after it; elsewhere every cell spans one column."""
        values = list(self.rows[row])
        values += [""] * ((columns or len(values)) - len(values))
        if row not in self.merged_rows:
            return [(c, 1, text) for c, text in enumerate(values)]
        cells: list[tuple[int, int, str]] = []
        for c, text in enumerate(values):
            if cells and not text and cells[-1][2]:
                first, span, kept = cells[-1]
                cells[-1] = (first, span + 1, kept)
            else:
                cells.append((c, 1, text))
        return cells

    @property
    def styled_rows(self) -> list[list[tuple[str, str, bool, int]]]:
        """A table's cells as (text, alignment, bold, columns spanned), for templates."""
        return [
            [(text, *self.cell_style(r, c), span) for c, span, text in self.row_cells(r)]
            for r in range(len(self.rows))
        ]

    @property
    def columns(self) -> list[str]:
        """A table's column widths for the screen, in per cent, as the .docx and the PDF set them."""
        from thidua.documents.layout import column_shares

        return [f"{share * 100:.2f}" for share in column_shares(self.rows)]

    @property
    def whole_headings(self) -> set[int]:
        """The columns whose heading is kept on one line, as in the .docx and the PDF."""
        from thidua.documents.layout import whole_headings

        return whole_headings(self.rows)

    @classmethod
    def from_dict(cls, data: dict) -> Block:
        data = dict(data)
        children = [cls.from_dict(c) for c in data.pop("children", [])]
        return cls(children=children, **data)


@dataclass
class Signer:
    title_lines: list[str] = field(default_factory=list)  # ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str = ""
    note: str = ""  # "(Đã ký)" and similar

    @property
    def authority(self) -> str:
        """TM., KT., Q., TL. or TUQ. when the first title line starts with one, also as older papers
        write them ("T.M.", "T/M", "K.T.")."""
        first = self.title_lines[0] if self.title_lines else ""
        for prefix in AUTHORITY_PREFIXES:
            if first.startswith(prefix):
                return prefix
        token = first.split(maxsplit=1)[0] if first.strip() else ""
        if ("." in token or "/" in token) and (key := token.replace(".", "").replace("/", "") + ".") in (
            AUTHORITY_PREFIXES
        ):
            return key
        return ""

    @property
    def title(self) -> str:
        return " ".join(self.title_lines)


@dataclass
class Annex:
    title: str = ""  # "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    subtitle: str = ""  # "(Kèm theo Quyết định số …)"
    blocks: list[Block] = field(default_factory=list)
    # The paper the annex goes with and who issues it ("Quyết định", "Chủ tịch UBND xã Mỹ Thạnh"):
    # its subtitle is then written from that paper's own number and date (`Document.attach_annexes`).
    attached_to: str = ""
    attached_by: str = ""


@dataclass
class Document:
    doc_type: str = ""
    issuer: str = ""  # "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
    parent_issuer: str = ""  # "UBND HUYỆN GIỒNG TRÔM"
    number: str = ""  # "23", or "" while a draft
    symbol: str = ""  # "KH-UBND"
    place: str = ""
    date: dt.date | None = None
    abstract: str = ""
    authority_line: str = ""  # decisions: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
    addressees: list[str] = field(default_factory=list)  # "Kính gửi: …" (tờ trình, công văn)
    bases: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    # Who signs beside the signer, on the left of one row: the secretary of minutes ("THƯ KÝ" left,
    # "CHỦ TỌA" right), the body confirming a report of achievement. "Nơi nhận" then follows the row.
    cosigner: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    # Further signature blocks after the signer, e.g. "XÁC NHẬN CỦA CẤP TRÌNH KHEN" on a report.
    confirmations: list[Signer] = field(default_factory=list)
    national_title: str = NATIONAL_TITLE
    motto: str = MOTTO
    # "<entry id>:<hash>": the audit chain's head when the paper was issued, printed in its footer so
    # that the log cannot be rewritten behind a paper already handed out (audit/anchors.py).
    audit_head: str = ""

    @property
    def signs_in_pairs(self) -> bool:
        """Two signers side by side (`cosigner` on the left), "Nơi nhận" under them."""
        return bool(self.cosigner.title_lines or self.cosigner.name)

    @property
    def signing_pair(self) -> tuple[Signer, Signer]:
        """(left, right) of two signers side by side: the cosigner, then the signer."""
        return self.cosigner, self.signer

    @property
    def is_letter(self) -> bool:
        """A công văn: no type line; its abstract "V/v …" sits under the number."""
        return self.doc_type == "CÔNG VĂN"

    @property
    def basis_lines(self) -> list[str]:
        """The legal bases as printed: "Căn cứ …;" and a full stop after the last."""
        return punctuated([basis(b) for b in self.bases])

    @property
    def recipient_lines(self) -> list[str]:
        """ "- Phòng Nội vụ huyện;" … "- Lưu: VT." (see `recipient_items`)."""
        return punctuated(recipient_items(self.recipients), marker="- ")

    @property
    def addressee_lines(self) -> list[str]:
        """ "Kính gửi: Chủ tịch UBND xã." on one line, or "Kính gửi:" over a list of "- …;" lines."""
        kept = [clause(a) for a in self.addressees if clause(a)]
        if len(kept) == 1:
            return [f"Kính gửi: {kept[0]}."]
        return ["Kính gửi:", *punctuated(kept, marker="- ")] if kept else []

    @property
    def audit_line(self) -> str:
        """The footer line naming the audit head: the entry and the first 16 characters of its hash."""
        entry_id, _, digest = self.audit_head.partition(":")
        return f"Nhật ký thay đổi đến mục #{entry_id}, mã {digest[:16]}" if digest else ""

    @property
    def enacting_line(self) -> str:
        """ "QUYẾT ĐỊNH:" between a decision's bases and its articles; empty on other papers."""
        decides = self.doc_type == "QUYẾT ĐỊNH" and any(b.kind == BlockKind.ARTICLE for b in self.body)
        return "QUYẾT ĐỊNH:" if decides else ""

    @property
    def parent_issuer_lines(self) -> list[str]:
        """The parent body as printed in the header, on the lines every rendering breaks it at."""
        return issuer_lines(self.parent_issuer)

    @property
    def issuer_lines(self) -> list[str]:
        """The issuing body as printed in the header (bold, under the parent body)."""
        return issuer_lines(self.issuer)

    @property
    def number_symbol(self) -> str:
        if not self.symbol:
            return self.number
        return f"{self.number}/{self.symbol}"

    def attach_annexes(self) -> None:
        """Write the subtitle of each annex that goes with this paper from its number, symbol and
        date: "(Kèm theo Quyết định số 02/QĐ-UBND ngày 13/12/2020 của Chủ tịch UBND xã Mỹ Thạnh)";
        "…" stands for what a draft does not have yet."""
        number = f"{self.number or '…'}/{self.symbol}" if self.symbol else self.number or "…"
        date = self.date.strftime("%d/%m/%Y") if self.date else "…"
        for annex in self.annexes:
            if annex.attached_to:
                by = f" của {annex.attached_by}" if annex.attached_by else ""
                annex.subtitle = f"(Kèm theo {annex.attached_to} số {number} ngày {date}{by})"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        data = dict(data)
        raw_date = data.pop("date", None)
        signer = Signer(**data.pop("signer", {}) or {})
        cosigner = Signer(**data.pop("cosigner", {}) or {})
        confirmations = [Signer(**c) for c in data.pop("confirmations", []) or []]
        body = [Block.from_dict(b) for b in data.pop("body", [])]
        annexes = []
        for annex in data.pop("annexes", []):
            annex = dict(annex)
            blocks = [Block.from_dict(b) for b in annex.pop("blocks", [])]
            annexes.append(Annex(blocks=blocks, **annex))
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in data.items() if k in known}
        return cls(
            date=dt.date.fromisoformat(raw_date) if raw_date else None,
            signer=signer,
            cosigner=cosigner,
            body=body,
            annexes=annexes,
            confirmations=confirmations,
            **data,
        )


@dataclass
class Certificate:
    """A Giấy khen or Giấy chứng nhận: one landscape page, laid out alike as PDF, .docx and on the
    screen from `lines` (the centred part, in order, each with its role: the renderers style a
    role the same way, `layout.CERT_STYLES`) and the foot: the verification code with its QR code
    on the left, the date and the signer on the right."""

    grantor: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH": who grants it
    recipient: str
    paper: str = "GIẤY KHEN"  # or "GIẤY CHỨNG NHẬN" (a title)
    title: str = ""  # a title's "Danh hiệu “Lao động tiên tiến” năm 2025"
    achievement: str = ""  # "Đã có thành tích xuất sắc …"
    decision: str = ""  # "Quyết định số 02/QĐ-UBND ngày 13 tháng 12 năm 2020"
    place: str = ""
    date: dt.date | None = None
    signer: Signer = field(default_factory=Signer)
    verification_code: str = ""  # as printed, in groups ("7KQ2-M9XD-…")
    # Its number in the grantor's register of the year ("03/GK"), printed "Số: 03/GK" at the foot.
    register_number: str = ""
    verify_url: str = ""  # what its QR code holds
    national_title: str = NATIONAL_TITLE
    motto: str = MOTTO

    @property
    def lines(self) -> list[tuple[str, str]]:
        """The centred lines, top to bottom, as (role, text); empty ones left out."""
        lines = [
            ("nation", self.national_title),
            ("motto", self.motto),
            ("grantor", self.grantor),
            ("paper", self.paper),
            ("title", self.title),
            ("lead", "Tặng"),
            ("recipient", self.recipient),
            ("achievement", self.achievement),
            ("decision", self.decision),
        ]
        return [(role, text) for role, text in lines if text]

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.date) if self.place or self.date else ""

    @property
    def register_line(self) -> str:
        return f"Số: {self.register_number}" if self.register_number else ""

    @property
    def verify_line(self) -> str:
        return f"Mã xác minh: {self.verification_code}" if self.verification_code else ""


_CLOSING = re.compile(r"[\s;.,]+$")
_MARKER = re.compile(r"^\s*[-+•–]\s*")
# "Lưu: VT, VP", "Lưu VT": the archive line, whose parts are merged into one line.
_ARCHIVE = re.compile(r"^lưu\s*(?::|(?=vt\b))\s*", re.IGNORECASE)


# How a basis opens; a line typed without it is a "Căn cứ" (Decree 30's model of the bases).
_BASIS_OPENING = re.compile(r"^(Căn cứ|Thực hiện|Xét|Theo|Trên cơ sở)\b", re.IGNORECASE)


def basis(text: str) -> str:
    """A legal basis that says it is one: "Kế hoạch số 519/KH-UBND …" prints "Căn cứ Kế hoạch số …"."""
    text = clause(text)
    return text if not text or _BASIS_OPENING.match(text) else f"Căn cứ {text}"


def clause(text: str) -> str:
    """A line without its closing ";", "." or ",": whoever joins lines adds the punctuation once,
    so a line typed with or without it prints the same."""
    return _CLOSING.sub("", text.strip())


def punctuated(items: list[str], *, marker: str = "") -> list[str]:
    """Lines joined as a list of the decree: ";" after each, "." after the last, each once."""
    kept = [clause(x) for x in items if clause(x)]
    return [f"{marker}{x}{'.' if i == len(kept) - 1 else ';'}" for i, x in enumerate(kept)]


def recipient_items(recipients: list[str]) -> list[str]:
    """The recipients without their dashes and closing punctuation, each once, and one archive line
    last: "Lưu: VT" added by a paper and "- Lưu: VT, VP" typed by the officer make "Lưu: VT, VP"."""
    items: list[str] = []
    archive: list[str] = []
    has_archive = False
    for raw in recipients:
        text = clause(_MARKER.sub("", raw))
        match = _ARCHIVE.match(text)
        if match:
            has_archive = True
            for part in re.split(r"\s*,\s*", text[match.end() :]):
                if part and part.casefold() not in {a.casefold() for a in archive}:
                    archive.append(part)
        elif text and text.casefold() not in {i.casefold() for i in items}:
            items.append(text)
    if has_archive:
        items.append(f"Lưu: {', '.join(archive or ['VT'])}")
    return items


def date_line(place: str, date: dt.date | None) -> str:
    """ "Mỹ Thạnh, ngày 13 tháng 3 năm 2015": days below 10 and months 1–2 padded (domain.md §4)."""
    if date is None:
        return f"{place}, ngày     tháng     năm     " if place else ""
    return f"{place}, {format_date_long(date)}"


_LOCALITY = re.compile(r"\s(?=(?:XÃ|PHƯỜNG|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN|TỈNH|THÀNH PHỐ|TP\.)\s)")


_DASH = re.compile(r"\s[–-]\s")
# A name this short is kept on one line even with a locality: an abbreviated parent body.
SHORT_NAME = 22


def issuer_lines(issuer: str) -> list[str]:
    """The printed lines of a body's name in the header, each whole: "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
    is the body over its locality, as officials write it; a name without a locality that fits the
    column ("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG") stays on one line; a longer one breaks after its dash,
    or near its middle. Word, LibreOffice, the PDF and the screen break it alike, never mid-name."""
    if not issuer:
        return []
    if len(issuer) <= SHORT_NAME and head_fits(issuer):
        return [issuer]  # "UBND XÃ MỸ THẠNH", "UBND HUYỆN GIỒNG TRÔM"
    match = _LOCALITY.search(issuer)
    if match:
        return [*issuer_lines(issuer[: match.start()]), issuer[match.end() :]]
    if head_fits(issuer):
        return [issuer]
    dash = _DASH.search(issuer)
    if dash:
        return [issuer[: dash.end()].rstrip(), *issuer_lines(issuer[dash.end() :])]
    spaces = [i for i, char in enumerate(issuer) if char == " "]
    if not spaces:
        return [issuer]
    middle = min(spaces, key=lambda i: abs(i - len(issuer) / 2))
    return [issuer[:middle], issuer[middle + 1 :]]


def walk(blocks: list[Block]):
    """Every block of a tree, depth first."""
    for block in blocks:
        yield block
        yield from walk(block.children)
