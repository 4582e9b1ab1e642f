"""A received plan (kế hoạch) read back into a draft movement. The plan this app writes is built
in `papers.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.lib.text import fold
from thidua.lib.vn import format_date_long
from thidua.units.models import Unit


@dataclass
class DutyGuess:
    text: str
    unit: Unit | None


@dataclass
class PlanReading:
    initial: dict
    quotas: dict[str, int]
    duties: list[DutyGuess]
    warnings: list[str]
    guessed: set[str] = field(default_factory=set)  # form fields filled by a guess, to check first
    read: set[str] = field(default_factory=set)  # form fields filled from the document


QUOTA_KINDS = {"tập thể": "collective", "cá nhân": "individual", "hộ gia đình": "household"}


def _unit_keys(unit: Unit) -> list[str]:
    keys = {fold(unit.name)}
    if unit.short_name:
        keys.add(fold(unit.short_name))
    # "Hội Nông dân xã Mỹ Thạnh" is written "Hội Nông dân xã" in the commune's own documents.
    keys.add(re.sub(r"\s+(xa|phuong|thi tran)\s+.*$", r" \1", fold(unit.name)))
    return [k for k in keys if len(k) >= 3]


def recognise_unit(text: str, units: list[Unit]) -> Unit | None:
    """The unit named in a duty's text, by folded name (longest match wins), or None."""
    folded = fold(text)
    best, best_len = None, 0
    for unit in units:
        for key in _unit_keys(unit):
            if len(key) > best_len and re.search(rf"(^|\W){re.escape(key)}(\W|$)", folded):
                best, best_len = unit, len(key)
    return best


def _section(document, title_word: str):
    from thidua.documents.model import walk

    for block in walk(document.body):
        if block.kind == "heading" and title_word in fold(block.text or ""):
            return block
    return None


def read_plan(parsed, *, unit: Unit) -> PlanReading:
    """Turn a `documents.reader.ParsedDocument` into the initial data of a draft movement of `unit`."""
    reading = PlanReading(initial={"unit": unit.pk}, quotas={}, duties=[], warnings=list(parsed.warnings))
    _read_name(parsed, reading)
    _read_bases(parsed, reading)
    _read_period(parsed, reading)
    doc = parsed.document
    if doc.recipients:
        reading.initial["recipients"] = "\n".join(r for r in doc.recipients if not fold(r).startswith("luu"))
        reading.read.add("recipients")
    _read_quotas(parsed, reading)
    _read_sections(doc, reading)
    reading.duties = _duties(doc, unit)
    missing = sum(1 for d in reading.duties if d.unit is None)
    if missing:
        reading.warnings.append(
            _("%(count)s nhiệm vụ chưa nhận ra đơn vị thực hiện; hãy chọn đơn vị hoặc bỏ trống để bỏ qua.")
            % {"count": missing}
        )
    return reading


def _read_name(parsed, reading: PlanReading) -> None:
    """The movement's name: the campaign the text names (the first of several), else the abstract."""
    if parsed.campaign_names:
        reading.initial["name"] = parsed.campaign_names[0]
        reading.read.add("name")
        if len(parsed.campaign_names) > 1:
            reading.guessed.add("name")
            reading.warnings.append(
                _("Văn bản nêu nhiều phong trào (%(names)s); đã chọn tên đầu tiên.")
                % {"names": "; ".join(parsed.campaign_names)}
            )
    elif parsed.document.abstract:
        reading.initial["name"] = parsed.document.abstract
        reading.guessed.add("name")


def _read_bases(parsed, reading: PlanReading) -> None:
    """Legal bases: the received plan itself first, then the bases it cites."""
    from thidua.documents.builders import body_name

    doc = parsed.document
    own = []
    if doc.number_symbol or doc.date:
        parts = [
            f"{doc.doc_type.capitalize() or 'Văn bản'} số {doc.number_symbol}" if doc.number_symbol else ""
        ]
        if doc.date:
            parts.append(format_date_long(doc.date))
        if doc.issuer:
            parts.append("của " + body_name(doc.issuer))
        if doc.abstract:
            parts.append(doc.abstract[0].lower() + doc.abstract[1:])
        own.append("Căn cứ " + " ".join(p for p in parts if p))
    bases = own + list(doc.bases)
    if bases:
        reading.initial["legal_bases"] = "\n".join(bases)
        reading.read.add("legal_bases")
    if "issuer" in parsed.inferred:
        reading.guessed.add("legal_bases")


def _read_period(parsed, reading: PlanReading) -> None:
    """The movement's span; without a start date, the plan's own date stands in for it."""
    if parsed.period_end:
        reading.initial["period_end"] = parsed.period_end
        reading.read.add("period_end")
    if parsed.period_start:
        reading.initial["period_start"] = parsed.period_start
        reading.read.add("period_start")
    elif parsed.document.date:
        reading.initial["period_start"] = parsed.document.date
        reading.guessed.add("period_start")
        reading.warnings.append(_("Văn bản không ghi ngày bắt đầu; tạm lấy ngày của văn bản."))


def _read_quotas(parsed, reading: PlanReading) -> None:
    for item in parsed.quotas:
        kind = QUOTA_KINDS.get(item["kind"].lower())
        if kind:
            reading.quotas[kind] = item["count"]
            reading.initial[f"quota_{kind}"] = item["count"]
            reading.guessed.add(f"quota_{kind}")


def _read_sections(doc, reading: PlanReading) -> None:
    """Purposes and content, each from the lines under its heading."""
    from thidua.documents.model import walk

    for key, word in (("purposes", "muc dich"), ("content_items", "noi dung")):
        block = _section(doc, word)
        if block is not None:
            lines = [b.text for b in walk(block.children) if b.text and b.kind != "heading"]
            if lines:
                reading.initial[key] = "\n".join(lines)
                reading.read.add(key)


def _duties(doc, unit: Unit) -> list[DutyGuess]:
    """The duties of "Tổ chức thực hiện", each with the unit below `unit` its text names."""
    from thidua.documents.model import walk

    block = _section(doc, "to chuc thuc hien")
    if block is None:
        return []
    candidates = list(Unit.objects.subtree(unit).exclude(pk=unit.pk).order_by("path"))
    duties = []
    for b in walk(block.children):
        text = (b.text or "").strip()
        if not text or b.kind == "heading" or fold(text).startswith("tren day"):
            continue
        duties.append(DutyGuess(text=text, unit=recognise_unit(text, candidates)))
    return duties
