"""A received plan (kế hoạch) read back into a draft movement. The plan this app writes is built
in `papers.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    from thidua.documents.builders import body_name
    from thidua.documents.model import walk

    doc = parsed.document
    initial: dict = {"unit": unit.pk}
    read, guessed = set(), set()
    warnings = list(parsed.warnings)
    if parsed.campaign_names:
        initial["name"] = parsed.campaign_names[0]
        read.add("name")
        if len(parsed.campaign_names) > 1:
            guessed.add("name")
            warnings.append(
                "Văn bản nêu nhiều phong trào ("
                + "; ".join(parsed.campaign_names)
                + "); đã chọn tên đầu tiên."
            )
    elif doc.abstract:
        initial["name"] = doc.abstract
        guessed.add("name")
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
        own.append(" ".join(p for p in parts if p))
    bases = own + list(doc.bases)
    if bases:
        initial["legal_bases"] = "\n".join(bases)
        read.add("legal_bases")
    if "issuer" in parsed.inferred:
        guessed.add("legal_bases")
    if parsed.period_end:
        initial["period_end"] = parsed.period_end
        read.add("period_end")
    if parsed.period_start:
        initial["period_start"] = parsed.period_start
        read.add("period_start")
    elif doc.date:
        initial["period_start"] = doc.date
        guessed.add("period_start")
        warnings.append("Văn bản không ghi ngày bắt đầu; tạm lấy ngày của văn bản.")
    if doc.recipients:
        initial["recipients"] = "\n".join(r for r in doc.recipients if not fold(r).startswith("luu"))
        read.add("recipients")
    quotas = {}
    for item in parsed.quotas:
        kind = QUOTA_KINDS.get(item["kind"].lower())
        if kind:
            quotas[kind] = item["count"]
            initial[f"quota_{kind}"] = item["count"]
            guessed.add(f"quota_{kind}")
    for key, word in (("purposes", "muc dich"), ("content_items", "noi dung")):
        block = _section(doc, word)
        if block is not None:
            lines = [b.text for b in walk(block.children) if b.text and b.kind != "heading"]
            if lines:
                initial[key] = "\n".join(lines)
                read.add(key)
    duties = []
    block = _section(doc, "to chuc thuc hien")
    if block is not None:
        candidates = list(Unit.objects.subtree(unit).exclude(pk=unit.pk).order_by("path"))
        for b in walk(block.children):
            text = (b.text or "").strip()
            if not text or b.kind == "heading" or fold(text).startswith("tren day"):
                continue
            duties.append(DutyGuess(text=text, unit=recognise_unit(text, candidates)))
    missing = sum(1 for d in duties if d.unit is None)
    if missing:
        warnings.append(
            f"{missing} nhiệm vụ chưa nhận ra đơn vị thực hiện; hãy chọn đơn vị hoặc bỏ trống để bỏ qua."
        )
    return PlanReading(
        initial=initial, quotas=quotas, duties=duties, warnings=warnings, guessed=guessed, read=read
    )
