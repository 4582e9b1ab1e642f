"""Districts no longer exist since 1 July 2025 (two-tier local government): a commune answers to
its province, whose Sở Nội vụ took over the district's Phòng Nội vụ in emulation and commendation.
A plan copied from one written before then must not send its paper to, or rest on, a district."""

from __future__ import annotations

import datetime as dt
import re

from thidua.units.models import Unit, UnitKind

TWO_TIER_FROM = dt.date(2025, 7, 1)

# A district-level body: "huyện", "quận", "thị xã" as a word (not "xã" alone, not "thị trấn").
_DISTRICT = re.compile(r"(?<!\w)(huyện|quận|thị xã)(?!\w)", re.IGNORECASE)
_HOME_AFFAIRS = re.compile(r"^\s*(?:phòng|p\.)\s*nội vụ\b", re.IGNORECASE)
_COMMITTEE = re.compile(r"^\s*(?:ủy ban nhân dân|ubnd)\b", re.IGNORECASE)


def province_name(unit: Unit) -> str:
    """ "tỉnh Vĩnh Long": the province above `unit` as running text, or "tỉnh" when none is known."""
    for above in [unit, *Unit.objects.ancestors(unit)]:
        if above.kind == UnitKind.PROVINCE:
            return above.name[:1].lower() + above.name[1:]
    return "tỉnh"


def names_district(line: str) -> bool:
    return bool(_DISTRICT.search(line))


def recipients_without_districts(text: str, *, province: str) -> str:
    """The "Nơi nhận" lines with the district's bodies replaced by the province's: its Phòng Nội vụ
    by the Sở Nội vụ, its people's committee by the province's; any other district line dropped."""
    lines = []
    for line in text.splitlines():
        if not names_district(line):
            lines.append(line)
        elif _HOME_AFFAIRS.match(line):
            lines.append(f"Sở Nội vụ {province}")
        elif _COMMITTEE.match(line):
            lines.append(f"UBND {province}")
    # The province's body once, even when the district was named twice.
    return "\n".join(dict.fromkeys(lines))


def bases_without_districts(text: str) -> str:
    """The legal bases without the district's papers, which lost their force with the district."""
    return "\n".join(line for line in text.splitlines() if not names_district(line))


def after_districts(fields: dict, *, unit: Unit, dated: dt.date) -> dict:
    """`fields` of a plan dated `dated` (its recipients and legal bases) without the abolished
    district, when the paper is dated from 1 July 2025."""
    if dated < TWO_TIER_FROM:
        return fields
    out = dict(fields)
    if out.get("recipients"):
        out["recipients"] = recipients_without_districts(out["recipients"], province=province_name(unit))
    if out.get("legal_bases"):
        out["legal_bases"] = bases_without_districts(out["legal_bases"])
    return out
