"""What several commendation papers share: the commune as a place, the chair who signs for a body,
a nomination or award as a row of a list, and the award named in an abstract."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from thidua.documents.builders import ROMAN, table
from thidua.documents.model import Block, Signer
from thidua.lib.vn import padded

if TYPE_CHECKING:
    from collections.abc import Iterable

    from thidua.commendations.models import Award, AwardType, Nomination, Session
    from thidua.units.models import Unit

# How the papers name a recipient kind (the Vietnamese data words, not screen text).
KIND_WORDS = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
# The order of the groups of a list and of the counts of a sentence.
KIND_ORDER = ["tập thể", "hộ gia đình", "cá nhân"]

LIST_HEADER = ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Đề nghị tặng", "Tóm tắt thành tích"]


def place(commune: Unit) -> str:
    """The place of the date line: "Mỹ Thạnh" for "Xã Mỹ Thạnh", "Tây Ninh" for "Tỉnh Tây Ninh" (a
    province's decision on the communes' proposals and its certificates)."""
    return commune.name.removeprefix("Xã ").removeprefix("Phường ").removeprefix("Tỉnh ")


def commune_issuer(commune: Unit) -> str:
    return f"ỦY BAN NHÂN DÂN {commune.name.upper()}"


def parent_body(commune: Unit) -> str:
    """The commune as the parent body over its council: "UBND XÃ MỸ THẠNH" (Decree 30 lets the
    parent body abbreviate "Ủy ban nhân dân"; the council's own name is then whole on its line)."""
    return f"UBND {commune.name.upper()}"


def chair_signer(session: Session | None, *, body: str) -> Signer:
    """ "TM. <body>" / "CHỦ TỊCH" and the council chair's name (the commune chairman chairs the council)."""
    from thidua.commendations.models import CouncilMember, CouncilRole

    chair = None
    if session is not None:
        chair = CouncilMember.objects.filter(
            council_id=session.council_id, role=CouncilRole.CHAIR, active=True
        ).first()
    return Signer(title_lines=[f"TM. {body}", "CHỦ TỊCH"], name=chair.full_name if chair else "")


def submission_signer(session: Session | None, *, body: str) -> Signer:
    """The council's Tờ trình goes to the chairman, who chairs the council: it is signed for the
    council by a seated vice-chair ("TM. <body>" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"), the standing one
    first; only a council without a vice-chair has its chair sign as `chair_signer` does."""
    from thidua.commendations.models import CouncilMember, CouncilRole

    if session is not None:
        vice = (
            CouncilMember.objects.filter(council_id=session.council_id, active=True)
            .filter(role__in=[CouncilRole.VICE_CHAIR])
            .order_by("id")
            .first()
        )
        if vice is not None:
            return Signer(title_lines=[f"TM. {body}", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name=vice.full_name)
    return chair_signer(session, body=body)


def commune_words(commune: Unit) -> str:
    """The commune as running text names it: "xã Mỹ Thạnh" (the level word in lower case)."""
    return lower_level(commune.name)


_LEVEL = re.compile(r"^(Tỉnh|Thành phố|Xã|Phường|Thị trấn|Ấp|Thôn|Tổ dân phố|Khu phố|Khóm|Bản|Buôn)\s")


def lower_level(name: str) -> str:
    """ "Xã Mỹ Thạnh" → "xã Mỹ Thạnh", "Ấp Mỹ Hòa" → "ấp Mỹ Hòa", "Tỉnh Tây Ninh" → "tỉnh Tây
    Ninh": a place inside a sentence."""
    match = _LEVEL.match(name)
    return f"{match.group(1).lower()}{name[match.end(1) :]}" if match else name


def council_name(council: Unit | None, commune: Unit) -> str:
    """The council's name in full as running text: "Hội đồng Thi đua – Khen thưởng xã Mỹ Thạnh"."""
    name = council.name if council is not None else "Hội đồng Thi đua – Khen thưởng xã"
    level = commune_words(commune).split(" ", 1)
    if len(level) == 2 and name.endswith(f" {level[0]}"):
        return f"{name} {level[1]}"
    return name


def council_header(council: Unit | None) -> str:
    """The council as the header names it under the commune (or the province): "HỘI ĐỒNG THI ĐUA –
    KHEN THƯỞNG" (the commune or province is the line above, "UBND XÃ MỸ THẠNH", "UBND TỈNH TÂY
    NINH", so a trailing "xã", "tỉnh" is not repeated, and the council's name holds one line)."""
    name = council.name if council is not None else "Hội đồng Thi đua – Khen thưởng"
    return re.sub(r"\s+(xã|phường|thị trấn|tỉnh|thành phố)$", "", name, flags=re.IGNORECASE).upper()


def achievement_scope(session: Session | None, year: int) -> str:
    """What the achievements were in, as the decision's abstract and its Điều 1 say it: "trong
    phong trào thi đua “Đồng khởi mới” năm 2020" at a yearly review, "… giai đoạn 2015–2020" at
    the final review of a movement of several years, "trong năm 2020" when the session reviews none."""
    period = session.review_period if session is not None and session.review_period_id else None
    if period is None:
        return f"trong năm {year}"
    from thidua.movements.models import PeriodKind

    movement = period.movement
    first, last = movement.period_start.year, movement.period_end.year
    when = f"giai đoạn {first}–{last}" if period.kind == PeriodKind.FINAL and first < last else f"năm {year}"
    return f"trong phong trào thi đua “{movement.name}” {when}"


def decision_abstract(session: Session | None, year: int) -> str:
    """The abstract of the commune chairman's award decision, as officials write it: "Về việc khen
    thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” năm
    2020" (or "… giai đoạn 2015–2020" at a final review)."""
    scope = achievement_scope(session, year).removeprefix("trong năm ").strip()
    scope = f"năm {scope}" if scope.isdigit() else scope
    return f"Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc {scope}"


def award_words(name: str, *, is_title: bool) -> str:
    """An award as a sentence of the commune chairman's papers names it: a title is "danh hiệu
    Lao động tiên tiến"; "Giấy khen của Chủ tịch UBND xã (tập thể)" is "Giấy khen", the province
    chairman's "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)" "Bằng khen" (the chairman signs, and
    the recipient kind is the row's)."""
    name = re.sub(r"\s*\((tập thể|cá nhân|hộ gia đình)\)$", "", name.strip())
    name = re.sub(r"\s+của Chủ tịch (UBND|Ủy ban nhân dân) (xã|phường|thị trấn|tỉnh|thành phố)$", "", name)
    return f"danh hiệu {name}" if is_title else name


def in_table(award: str) -> str:
    """An award in a list's column headed "Danh hiệu, hình thức": "Lao động tiên tiến"."""
    name = award.removeprefix("danh hiệu ")
    return name[:1].upper() + name[1:]


def recipient_place(item: Nomination | Award) -> str:
    """The "Chức vụ, đơn vị" of a list: a person's position and where they live or work ("Viên
    chức, xã Mỹ Thạnh"), a household's hamlet; nothing for a collective (its name says it). A
    line a commune proposed to the province adds the commune, which the province's lists of many
    communes need ("Ấp Mỹ Hòa, xã Mỹ Thạnh"; a collective: "xã Mỹ Thạnh")."""
    place = _recipient_place(item)
    nomination = getattr(item, "nomination", None) or item
    if getattr(nomination, "proposal_id", None) and getattr(nomination, "unit_id", None):
        commune = lower_level(nomination.unit.name)
        if commune not in place:
            return ", ".join(x for x in (place, commune) if x)
    return place


def _recipient_place(item: Nomination | Award) -> str:
    person = getattr(item, "person", None) if getattr(item, "person_id", None) else None
    if person is not None:
        where = person.unit.name if person.unit_id else ""
        if person.position:
            return ", ".join(x for x in (person.position, lower_level(where)) if x)
        return where
    household = getattr(item, "household", None) if getattr(item, "household_id", None) else None
    if household is not None:
        return household.hamlet.name
    if item.recipient_kind == "individual":
        nomination = getattr(item, "nomination", None) or item
        unit = getattr(nomination, "unit", None)
        return unit.name if unit else ""
    return ""


def dated_name(award_type: AwardType, on: dt.date | None) -> str:
    """The award as the law in force on the paper's date names it (`law.LegalFrame.award_name`):
    a 2020 paper says what the 2003 law called it; today's catalogue name otherwise."""
    from thidua.commendations.law import find_in_force

    frame = find_in_force(on) if on is not None else None
    return frame.award_name(award_type) if frame is not None else award_type.name


def nominee(item: Nomination | Award, on: dt.date | None = None) -> dict:
    """A nomination or an award as a row of a list: name, kind, position and unit, the award as
    the papers of date `on` name it, and the achievement in one line."""
    nomination = getattr(item, "nomination", None) or item
    achievement = getattr(nomination, "achievement", "") or ""
    return {
        "name": item.recipient_name,
        "kind": KIND_WORDS[item.recipient_kind],
        "position": recipient_place(item),
        "award": award_words(dated_name(item.award_type, on), is_title=item.award_type.is_title),
        "achievement": " ".join(achievement.split()),
    }


def by_kind(entries: Iterable[dict]) -> list[tuple[str, list[dict]]]:
    """Entries grouped by recipient kind, collectives, households then individuals, each in order."""
    groups: dict[str, list[dict]] = {kind: [] for kind in KIND_ORDER}
    for entry in entries:
        groups.setdefault(entry.get("kind") or "cá nhân", []).append(entry)
    return [(kind, items) for kind, items in groups.items() if items]


def kind_heading(kind: str, count: int) -> str:
    """The heading row of a group: "TẬP THỂ (02 tập thể)"."""
    return f"{kind.upper()} ({padded(count)} {kind})"


def grouped_table(header: list[str], entries: list[dict], row, *, align: str = "") -> Block:
    """A list table grouped by kind: a bold "I | TẬP THỂ (02 tập thể)" row over each group, whose
    entries are numbered 01, 02 … by `row(number, entry) -> list[str]`."""
    rows: list[list[str]] = []
    bold: list[int] = []
    for g, (kind, items) in enumerate(by_kind(entries)):
        bold.append(len(rows) + 1)
        rows.append([ROMAN[g], kind_heading(kind, len(items)), *[""] * (len(header) - 2)])
        rows += [row(padded(i), entry) for i, entry in enumerate(items, 1)]
    block = table(header, rows)
    block.align, block.bold_rows, block.merged_rows = align, bold, list(bold)
    return block


def nominee_table(nominees: list[dict]) -> Block:
    """The list of nominees of a notice or a Tờ trình under `LIST_HEADER`, grouped by kind."""
    return grouped_table(
        LIST_HEADER,
        nominees,
        lambda number, n: [
            number,
            n["name"],
            n.get("position", ""),
            in_table(n.get("award", "")),
            n.get("achievement", ""),
        ],
        align="cllll",
    )


def count_text(nominees: list[dict]) -> str:
    """ "02 tập thể và 03 cá nhân": counts by kind, collectives, households, then individuals."""
    return join_words([f"{padded(len(items))} {kind}" for kind, items in by_kind(nominees)])


def join_words(parts: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def grants_text(entries: list[dict], *, award: str = "") -> str:
    """What a paper grants, by award then kind: "Giấy khen cho 02 tập thể, 01 hộ gia đình và danh
    hiệu Lao động tiên tiến cho 03 cá nhân". Entries without "award" take `award`."""
    grants: dict[str, list[dict]] = {}
    for _kind, items in by_kind(entries):
        for entry in items:
            grants.setdefault(entry.get("award") or award, []).append(entry)
    # One award: "cho 02 tập thể và 01 hộ gia đình"; several: the "và" is kept for the awards.
    join = join_words if len(grants) == 1 else ", ".join
    return join_words(
        [
            f"{name} cho {join([f'{padded(len(g))} {kind}' for kind, g in by_kind(items)])}"
            for name, items in grants.items()
        ]
    )


def award_names(entries: list[dict], *, award: str = "") -> str:
    """The awards of a list, named once each: "Giấy khen và danh hiệu Lao động tiên tiến"."""
    names: list[str] = []
    for _kind, items in by_kind(entries):
        for entry in items:
            name = entry.get("award") or award
            if name not in names:
                names.append(name)
    return join_words(names)


def award_label(award_types: Iterable[AwardType]) -> str:
    """The one award of a list, or the words for several."""
    names = sorted({a.name for a in award_types})
    return names[0] if len(names) == 1 else "danh hiệu thi đua và hình thức khen thưởng"
