"""The list of a decision's awardees ("Danh sách … kèm theo Quyết định số … ngày …") read into rows.

A commune's past decisions carry their award history in that list: who (a person or a
collective), their position and unit, and the title or form of award. The list comes as a Word
table (the reader's "| … |" rows), as a PDF's or a scan's text where a table's columns are run
together on one line ("1 Nguyễn Văn An Trưởng ấp Ấp Mỹ Hòa"), or as numbered lines ("1. Ông
Nguyễn Văn An, Trưởng ấp Mỹ Hòa"). Column headers are recognised by their usual names; section
headings inside the list ("I. Tập thể", "II. Cá nhân", "Danh hiệu Lao động tiên tiến: 03 cá
nhân") carry what they say to the rows under them. The decision the list belongs to (number,
date, issuer, year of the awards) comes from the document's header, or from the list's own
subtitle when the file holds the list alone.

Rows keep the line as printed (`source`) beside what was read from it, so the officer can check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.documents.reader.files import file_text
from thidua.documents.reader.lines import plain_text
from thidua.documents.reader.parsed import DocumentReadError, ParsedDocument
from thidua.lib.limits import LimitExceeded, bounded, check_lines
from thidua.lib.text import fold

# Recipient kinds, as `commendations.RecipientKind` spells them (the reader does not import apps).
INDIVIDUAL = "individual"
COLLECTIVE = "collective"
HOUSEHOLD = "household"


@dataclass
class AnnexRow:
    name: str
    position: str = ""  # chức vụ
    unit: str = ""  # đơn vị / nơi công tác / ấp
    award: str = ""  # danh hiệu / hình thức, as printed
    kind: str = INDIVIDUAL
    source: str = ""  # the row as printed


@dataclass
class AnnexReading:
    """A decision's list of awardees and the decision it belongs to."""

    number_symbol: str = ""
    decided_on: dt.date | None = None
    year: int | None = None  # the year of the awards (a title "năm 2023" decided in January 2024)
    issuer: str = ""
    title: str = ""
    rows: list[AnnexRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        """The decision as an award names it: "15/QĐ-UBND ngày 20/12/2023"."""
        parts = [self.number_symbol or _("(không rõ số)")]
        if self.decided_on:
            parts.append(_("ngày %(date)s") % {"date": self.decided_on.strftime("%d/%m/%Y")})
        return " ".join(parts)


# --- column headers ---------------------------------------------------------------------------

# Folded header names, longest first so "ten tap the" wins over "ten".
_HEADERS: list[tuple[str, str]] = sorted(
    [
        ("stt", "number"),
        ("tt", "number"),
        ("so tt", "number"),
        ("so thu tu", "number"),
        ("ho va ten", "name"),
        ("ho ten", "name"),
        ("ten tap the", "name"),
        ("ten don vi", "name"),
        ("ten", "name"),
        ("tap the, ca nhan", "name"),
        ("ca nhan", "name"),
        ("tap the", "name"),
        ("chuc vu", "position"),
        ("chuc danh", "position"),
        ("don vi", "unit"),
        ("noi cong tac", "unit"),
        ("noi o", "unit"),
        ("dia chi", "unit"),
        ("ap", "unit"),
        ("thon", "unit"),
        ("danh hieu", "award"),
        ("hinh thuc", "award"),
        ("khen thuong", "award"),
        ("nam sinh", "other"),
        ("gioi tinh", "other"),
        ("so tien", "other"),
        ("tien thuong", "other"),
        ("muc thuong", "other"),
        ("ghi chu", "other"),
        ("thanh tich", "other"),
    ],
    key=lambda h: -len(h[0]),
)


def _header_field(cell: str) -> str | None:
    key = fold(cell).strip(" .:")
    for name, column in _HEADERS:
        if key == name or key.startswith(name + " ") or key.startswith(name + ","):
            # "Chức vụ, đơn vị công tác" is both: it is read as position, the unit found inside.
            return column
    return None


def _header_row(cells: list[str]) -> list[str | None] | None:
    """The field of each column when the cells are a header row ("STT | Họ và tên | Chức vụ | …")."""
    filled = [c for c in cells if c.strip()]
    if any(re.fullmatch(r"\W*\d+\W*", c) for c in filled):
        return None  # a numbered row is an awardee, whatever its words
    fields = [_header_field(c) for c in cells]
    known = sum(f is not None for f in fields)
    if "name" in fields and known >= 2 and 3 * known >= 2 * len(filled):
        return fields
    return None


# --- what a line says -----------------------------------------------------------------------

_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.)/\-]?\s+(?=\S)")
_BULLET = re.compile(r"^\s*[-+•–*]\s+(?=\S)")
_ROMAN = re.compile(r"^\s*([IVXL]{1,5}|[A-Z])\s*[.)/\-]\s*(?=\S)")
_HONORIFIC = re.compile(r"^(Ông|Bà|Anh|Chị|Em|Cháu|Đồng chí|Đ/c|đ/c|Đ/C)\.?\s+")
# Money printed at the end of a row or a heading ("1.950.000", "702.000 đồng").
_AMOUNT = re.compile(r"\s+\d{1,3}(?:[.,]\d{3})+\s*(?:đồng|đ)?\s*$")
_TOTAL = re.compile(r"^(tong cong|tong so|cong|tong)\b")
_YEAR = re.compile(r"năm\s+(\d{4})\b", re.IGNORECASE)
_DECISION_REF = re.compile(
    r"Quyết\s*định\s+số\s*:?\s*(?P<ns>[\w.\-/–]+?)\s*,?\s+ngày\s+(?P<date>\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|[\d\s/.\-]+)",
    re.IGNORECASE,
)
_DATE_SLASH = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_AWARD_WORDS = (
    "danh hieu",
    "giay khen",
    "bang khen",
    "co thi dua",
    "lao dong tien tien",
    "chien si thi dua",
    "gia dinh van hoa",
    "ap van hoa",
    "thon van hoa",
    "khu pho van hoa",
    "khen thuong",
)
# An award phrase inside a longer text: "Tặng Giấy khen của Chủ tịch UBND xã cho 02 tập thể …".
_AWARD_PHRASE = re.compile(
    r"(?:danh\s+hiệu\s+)?[“\"]?((?:Giấy\s+khen|Bằng\s+khen|Cờ\s+thi\s+đua|(?:Tập\s+thể\s+)?[Ll]ao\s+động"
    r"\s+(?:tiên\s+tiến|xuất\s+sắc)|Chiến\s+sĩ\s+thi\s+đua|"
    r"(?:Gia\s+đình|Ấp|Thôn|Khu\s+phố|Tổ\s+dân\s+phố)\s+văn\s+h(?:óa|oá))"
    r"[^,:;()\n]*?)(?=\s+(?:cho|đối\s+với|về|vì|năm\s+\d{4}|giai\s+đoạn|\(|:)|[,:;()]|$)",
    re.IGNORECASE,
)
# Where a collective's or a household's name begins.
_COLLECTIVE_START = re.compile(
    r"^(Tập thể|Ấp|Thôn|Khu phố|Tổ|Hội|Chi hội|Chi bộ|Chi đoàn|Đoàn|Đảng ủy|Đảng bộ|Ban|Văn phòng|Công an|"
    r"Ban Chỉ huy|Hợp tác xã|HTX|Trạm|Trường|UBND|Ủy ban|Mặt trận|MTTQ|Phòng|Bộ phận|Câu lạc bộ|CLB|Đội|Nhóm)\b"
)
_HOUSEHOLD_START = re.compile(r"^(Hộ gia đình|Hộ|Gia đình)\b")
# Where a position or a unit begins after a name run on with it ("Nguyễn Văn An Trưởng ấp …").
_ROLE_WORDS = (
    "Trưởng",
    "Phó",
    "Bí thư",
    "Chủ tịch",
    "Chủ nhiệm",
    "Công chức",
    "Cán bộ",
    "Giáo viên",
    "Nhân viên",
    "Kế toán",
    "Thủ quỹ",
    "Ủy viên",
    "Chỉ huy",
    "Dân quân",
    "Nông dân",
    "Hiệu trưởng",
    "Thành viên",
    "Người hoạt động",
    "Hội viên",
    "Đoàn viên",
    "Đảng viên",
    "Bác sĩ",
    "Y sĩ",
    "Công an",
    "Ấp",
    "UBND",
    "Ủy ban",
    "Văn phòng",
    "Hội",
    "Chi hội",
    "Trường",
    "Tổ",
    "Khu phố",
    "Thôn",
)
_UNIT_WORDS = r"(?:Ấp|Thôn|Khu phố|UBND|Ủy ban|Trường|Trạm|Hội|Chi hội|Đoàn|Công an|Ban)\s"
_UNIT_START = re.compile(r"(?:^|\s)(?=" + _UNIT_WORDS + r"+[A-ZĐÀ-Ỹa-zđà-ỹ])")


def _kind_in(text: str) -> str | None:
    key = fold(text)
    if "ho gia dinh" in key or re.search(r"\bgia dinh\b", key) and "van hoa" not in key:
        return HOUSEHOLD
    if "tap the" in key and "ca nhan" not in key:
        return COLLECTIVE
    if "ca nhan" in key and "tap the" not in key:
        return INDIVIDUAL
    if "gia dinh van hoa" in key:
        return HOUSEHOLD
    return None


def award_phrase(text: str) -> str:
    """The title or form of award a text names, as printed; "" when it names none."""
    if not any(w in fold(text) for w in _AWARD_WORDS):
        return ""
    if m := _AWARD_PHRASE.search(text):
        return m.group(1).strip(' “”"')
    return ""


def _is_section(text: str) -> bool:
    """A heading inside the list, not an awardee: "I. TẬP THỂ", "Danh hiệu Lao động tiên tiến: 03 cá nhân"."""
    key = fold(text)
    if not key or _TOTAL.match(key):
        return False
    words = key.replace(":", " ").replace("(", " ").split()
    if _kind_in(text) and (len(words) <= 6 or text.rstrip().endswith(":") or _is_upper(text)):
        return True
    return bool(award_phrase(text)) and (
        text.rstrip().endswith(":") or _is_upper(text) or key.startswith(("danh hieu", "hinh thuc", "dieu 1"))
    )


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def _date(text: str) -> dt.date | None:
    for pattern in (_DATE_SLASH, _DATE_WORDS):
        if m := pattern.search(text):
            d, mo, y = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d)
            except ValueError:
                return None
    return None


# --- a row ------------------------------------------------------------------------------------


def _split_run_on(text: str) -> tuple[str, str]:
    """A name run on with what follows it (a PDF's columns on one line): cut where a role begins.

    A name has at least two words; a role is looked for from the third word on."""
    words = text.split()
    for i in range(2, len(words)):
        if words[i] in ("-", "–"):
            return " ".join(words[:i]), " ".join(words[i + 1 :])
        rest = " ".join(words[i:])
        for role in _ROLE_WORDS:
            if rest == role or rest.startswith(role + " ") or rest.startswith(role + ","):
                return " ".join(words[:i]), rest
        if not words[i][:1].isupper():
            # a lower-case word: the capitalised word before it leads the role ("Công chức")
            at = i - 1 if i - 1 >= 2 else i
            return " ".join(words[:at]), " ".join(words[at:])
    return text, ""


def _position_and_unit(rest: str) -> tuple[str, str]:
    """A position and a unit apart: "Trưởng ấp, Ấp Mỹ Hòa", "Trưởng ấp Mỹ Hòa", "Công chức … UBND xã"."""
    position, unit = _split_position(rest.strip(" .;,"))
    return position.strip(" .;,"), unit.strip(" .;,")


def _split_position(rest: str) -> tuple[str, str]:
    # A dash parts a unit only ("Trưởng ấp – Ấp Mỹ Hòa"), not a post ("Văn phòng - Thống kê").
    separators = r"\s*[,;]\s*" if re.search(r"[,;]", rest) else r"\s+[-–]\s+(?=" + _UNIT_WORDS + r")"
    parts = [p.strip() for p in re.split(separators, rest) if p.strip()]
    if len(parts) >= 2:
        return parts[0], ", ".join(parts[1:])
    if not parts:
        return "", ""
    text = parts[0]
    starts = [m.start() for m in _UNIT_START.finditer(text) if m.start() > 0]
    if starts:
        at = starts[-1]
        return text[:at].strip(), text[at:].strip()
    # "Trưởng ấp Mỹ Hòa": the hamlet named inside the position
    if m := re.search(r"\bấp\s+([A-ZĐÀ-Ỹ]\S*(?:\s+[A-ZĐÀ-Ỹ]\S*)*)", text):
        return text, "Ấp " + m.group(1)
    return text, ""


def _kind_of_name(name: str, default: str) -> str:
    if _HOUSEHOLD_START.match(name):
        return HOUSEHOLD
    if _COLLECTIVE_START.match(name):
        return COLLECTIVE
    return default


def _row_from_text(
    text: str, section_kind: str | None, award: str, columns: list[str | None] | None
) -> AnnexRow | None:
    """One awardee from a line: "1. Ông Nguyễn Văn An, Trưởng ấp Mỹ Hòa", "1 Nguyễn Văn An Trưởng ấp Ấp Mỹ Hòa"."""
    source = text.strip()
    body = _NUMBER.sub("", source, count=1)
    body = _BULLET.sub("", body, count=1).strip()
    honorific = bool(_HONORIFIC.match(body))
    body = _HONORIFIC.sub("", body).strip()
    body = _AMOUNT.sub("", body).strip()
    if not body or _TOTAL.match(fold(body)):
        return None
    # Columns run apart by two spaces or a tab (PDF text kept its spacing).
    cells = [c.strip() for c in re.split(r"\t+|\s{2,}", body) if c.strip()]
    row_award = ""
    if len(cells) >= 2:
        fields = [f for f in (columns or []) if f not in ("number",)]
        if fields and len(fields) == len(cells):
            values = dict(zip(fields, cells, strict=True))
            name = values.get("name", "")
            position, unit = values.get("position", ""), values.get("unit", "")
            row_award = values.get("award", "")
        else:
            name, rest = cells[0], ", ".join(cells[1:])
            position, unit = _position_and_unit(rest)
    else:
        # An award printed in the last column of the line.
        if (phrase := award_phrase(body)) and body.endswith(phrase) and len(phrase) < len(body):
            row_award, body = phrase, body[: -len(phrase)].strip(" ,;-–")
        name_part, _sep, rest = body.partition(",")
        if not _sep and not honorific and _kind_of_name(body, section_kind or INDIVIDUAL) != INDIVIDUAL:
            # a collective's name runs to the end of the line: "Chi hội Phụ nữ ấp Mỹ An"
            name_part, rest = body, ""
        elif not _sep:
            name_part, rest = _split_run_on(body)
        name = name_part.strip()
        position, unit = _position_and_unit(rest.strip())
    name = name.strip(" .;,")
    if not name or not re.search(r"[A-Za-zÀ-ỹĐđ]", name):
        return None
    default = INDIVIDUAL if honorific else (section_kind or INDIVIDUAL)
    kind = INDIVIDUAL if honorific else _kind_of_name(name, default)
    return AnnexRow(
        name=name, position=position, unit=unit, award=row_award or award, kind=kind, source=source
    )


def _row_from_cells(
    cells: list[str], columns: list[str | None] | None, section_kind: str | None, award: str
) -> AnnexRow | None:
    source = " | ".join(cells)
    if columns is None:
        # No header seen: number, name, then position and unit.
        filled = [c for c in cells if c]
        if filled and re.fullmatch(r"\d{1,4}\.?", filled[0]):
            filled = filled[1:]
        if not filled:
            return None
        columns = ["name", "position", "unit"] + [None] * max(0, len(filled) - 3)
        cells = filled
    values: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=False):
        if column and column != "other" and cell and column not in values:
            values[column] = cell
    name = _HONORIFIC.sub("", values.get("name", "")).strip(" .;,")
    if not name or _TOTAL.match(fold(name)) or not re.search(r"[A-Za-zÀ-ỹĐđ]", name):
        return None
    position, unit = values.get("position", ""), values.get("unit", "")
    if not position and (m := re.search(r"\s*,\s*|\s+[-–]\s+", name)):
        # "Nguyễn Văn An - Trưởng ấp Mỹ Hòa" in the name column of a table without a position column
        name, position = name[: m.start()].strip(), name[m.end() :].strip()
    if position and not unit:
        position, unit = _position_and_unit(position)
    kind = _kind_of_name(name, section_kind or INDIVIDUAL)
    return AnnexRow(
        name=name,
        position=position,
        unit=unit,
        award=values.get("award") or award,
        kind=kind,
        source=source,
    )


# --- the list in a document --------------------------------------------------------------------


def _text_lines(text: str) -> list[str]:
    # The Markdown of an OCR tool ("**Nơi nhận:**", "### DANH SÁCH") taken off as the reader does,
    # so that the list's title and its end are found; the spaces between columns stay.
    return [line.strip() for line in plain_text(text).split("\n")]


def _list_region(lines: list[str]) -> tuple[int, int]:
    """Where the list is: from its "DANH SÁCH …" title, or the decision's Điều 1 to its Điều 2."""
    for i, line in enumerate(lines):
        if re.match(r"^(DANH SÁCH|PHỤ LỤC)\b", line):
            near = " ".join(lines[i : i + 6])
            if re.search(r"kèm\s+theo", near, re.IGNORECASE) or re.search(
                r"khen|danh hiệu|DANH HIỆU|KHEN", near
            ):
                return i, len(lines)
    start = next((i for i, line in enumerate(lines) if re.match(r"^Điều\s+1\b", line)), None)
    if start is None:
        return 0, len(lines)
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if re.match(r"^(Điều\s+2\b|Nơi\s+nhận)", lines[i], re.IGNORECASE)
        ),
        len(lines),
    )
    return start, end


_NUMERAL = re.compile(r"^(?:[IVXL]{1,5}|[A-Z])\.?$")
_ROMAN_WORD = re.compile(r"^\s*[IVXL]{1,5}\s+(?=[A-ZĐÀ-Ỹ]{2})")
# Lines that end a list, or a row wrapped over several lines.
_LIST_END = re.compile(r"^(\(|Bằng chữ|Danh sách (này )?(có|gồm)|Ấn định danh sách)", re.IGNORECASE)
_MAX_WRAPPED = 6


def _table_section(cells: list[str]) -> str:
    """A heading across a table ("| I | TẬP THỂ (02 tập thể) | | 1.950.000 |"), or "" for a row."""
    filled = [c for c in cells if c and not re.fullmatch(r"[\d.,\s]+(?:đồng|đ)?", c)]
    if filled and _NUMERAL.match(filled[0]) and (not cells[0] or cells[0] == filled[0]):
        filled = filled[1:]
    if len(filled) != 1 or (cells[0] and re.fullmatch(r"\d{1,4}\.?", cells[0])):
        return ""
    heading = filled[0]
    return heading if _is_section(heading) or _ROMAN.match(heading) else ""


def read_annex_lines(lines: list[str], reading: AnnexReading) -> None:
    """Read the rows of the list in `lines` into `reading` (and its title, year and decision)."""
    start, end = _list_region(lines)
    columns: list[str | None] | None = None
    text_columns: list[str | None] | None = None
    section_kind: str | None = None
    section_award = ""
    title_award = ""
    title_kind: str | None = None
    in_title = start < end and bool(re.match(r"^(DANH SÁCH|PHỤ LỤC)\b", lines[start]))
    title: list[str] = []
    # A numbered line of text waits for the lines it wraps onto (a PDF cell over several lines).
    pending: list[str] = []
    pending_at: tuple[str | None, str] = (None, "")

    def flush() -> None:
        if pending:
            kind, award = pending_at
            row = _row_from_text(" ".join(pending), kind, award, text_columns)
            if row:
                reading.rows.append(row)
            pending.clear()

    for line in lines[start:end]:
        if not line:
            in_title = in_title and not title
            continue
        if in_title and _is_upper(line) and not line.startswith("|"):
            title.append(line)
            continue
        if in_title or (title and not reading.title):
            in_title = False
            reading.title = " ".join(title)
            title_award, title_kind = award_phrase(reading.title), _kind_in(reading.title)
        if re.match(r"^\(?\s*(Kèm theo|Ban hành kèm)", line, re.IGNORECASE):
            flush()
            _decision_from_subtitle(line, reading)
            continue
        if line.startswith("|") or line.count("|") >= 2:
            # a Word table's row, or a scan's where the column rules were read as "|"
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
                continue
            if header := _header_row(cells):
                columns = header
                continue
            filled = [c for c in cells if c]
            if not filled:
                continue
            if heading := _table_section(cells):
                section_kind, section_award = _section(heading, section_kind, section_award)
                continue
            if all(re.fullmatch(r"\(?\d{1,2}\)?", c) for c in filled) and len(filled) > 1:
                continue  # a row numbering the columns: (1) (2) (3)
            row = _row_from_cells(cells, columns, section_kind or title_kind, section_award or title_award)
            if row:
                reading.rows.append(row)
            continue
        if (header := _header_row(re.split(r"\t+|\s{2,}", line))) or fold(line).startswith(("stt ", "tt ")):
            flush()
            text_columns = header or _text_header(line)
            continue
        numbered = _NUMBER.match(line) or _BULLET.match(line)
        heading = _AMOUNT.sub("", line)
        is_heading = (bool(_ROMAN.match(heading)) or bool(_ROMAN_WORD.match(heading))) and not numbered
        if is_heading or (not numbered and _is_section(heading)) or re.match(r"^Điều\s+1\b", line):
            flush()
            section_kind, section_award = _section(_ROMAN_WORD.sub("", heading), section_kind, section_award)
            continue
        if numbered:
            flush()
            pending.append(line)
            pending_at = (section_kind or title_kind, section_award or title_award)
            continue
        if _TOTAL.match(fold(line)) or _LIST_END.match(line) or _is_upper(line):
            flush()
            continue
        if pending and len(pending) <= _MAX_WRAPPED:
            pending.append(line)
    flush()
    if title and not reading.title:
        reading.title = " ".join(title)
    if reading.year is None and (m := _YEAR.search(reading.title)):
        reading.year = int(m.group(1))


def _text_header(line: str) -> list[str | None]:
    """The fields of a header line whose columns are run together ("STT Họ và tên Chức vụ Đơn vị")."""
    key = fold(line)
    found: list[tuple[int, str]] = []
    for name, column in _HEADERS:
        at = re.search(r"\b" + re.escape(name) + r"\b", key)
        if at and column not in (c for _a, c in found):
            found.append((at.start(), column))
    return [c for _a, c in sorted(found)]


def _section(text: str, kind: str | None, award: str) -> tuple[str | None, str]:
    """What a heading says for the rows under it: the kind of recipient, the award, or both."""
    text = _ROMAN.sub("", text, count=1) if _ROMAN.match(text) else text
    new_kind = _kind_in(text)
    phrase = award_phrase(text)
    if phrase:
        return new_kind or kind, phrase
    return new_kind or kind, award


def _decision_from_subtitle(line: str, reading: AnnexReading) -> None:
    if m := _DECISION_REF.search(line):
        reading.number_symbol = reading.number_symbol or m.group("ns").strip(" .,")
        reading.decided_on = reading.decided_on or _date(m.group("date"))
    if not reading.issuer and (m := re.search(r"\bcủa\s+(.+?)\)?\s*$", line)):
        reading.issuer = m.group(1).strip(" )")


def read_annex(text: str) -> AnnexReading:
    """The list of awardees in a document's text, with the decision it belongs to.

    The decision is read from the document's header by the reader; a file holding only the list,
    which the reader does not take for a whole document, names its decision in its subtitle."""
    from thidua.documents.reader.document import read_text

    try:
        parsed: ParsedDocument | None = read_text(text)
    except DocumentReadError:
        parsed = None
    reading = AnnexReading()
    if parsed is not None:
        doc = parsed.document
        reading.number_symbol = doc.number_symbol
        reading.decided_on = doc.date
        reading.issuer = doc.issuer
    read_annex_lines(_text_lines(text), reading)
    if parsed is not None and reading.year is None and (m := _YEAR.search(parsed.document.abstract or "")):
        reading.year = int(m.group(1))
    if parsed is not None:
        fallback = award_phrase(parsed.document.abstract or "")
        for row in reading.rows:
            row.award = row.award or fallback
    if reading.year is None and reading.decided_on:
        reading.year = reading.decided_on.year
    if not reading.rows:
        reading.warnings.append(_("Không tìm thấy danh sách tập thể, cá nhân được khen thưởng."))
    if not reading.number_symbol:
        reading.warnings.append(_("Không đọc được số quyết định."))
    if reading.year is None:
        reading.warnings.append(_("Không đọc được năm khen thưởng."))
    return reading


def _read_annex_file(data: bytes, filename: str) -> AnnexReading:
    text = file_text(data, filename)
    check_lines(text)
    return read_annex(text)


def read_annex_file(data: bytes, filename: str) -> AnnexReading:
    """Read an uploaded decision (or its list alone) in a child process bounded in time and memory,
    as `read_document` does; raise DocumentReadError with a Vietnamese message."""
    try:
        return bounded(_read_annex_file, data, filename)
    except LimitExceeded as exc:
        raise DocumentReadError(str(exc)) from None
