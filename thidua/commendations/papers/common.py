"""What several commendation papers share: the commune as a place, the chair who signs for a body,
a nomination or award as a row of a list, and the award named in an abstract."""

from __future__ import annotations

from typing import TYPE_CHECKING

from thidua.documents.model import Signer
from thidua.lib.vn import padded

if TYPE_CHECKING:
    from collections.abc import Iterable

    from thidua.commendations.models import Award, AwardType, Nomination, Session
    from thidua.units.models import Unit

# How the papers name a recipient kind (the Vietnamese data words, not screen text).
KIND_WORDS = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}

LIST_HEADER = ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Tóm tắt thành tích"]


def place(commune: Unit) -> str:
    """The place of the date line: "Mỹ Thạnh" for "Xã Mỹ Thạnh"."""
    return commune.name.removeprefix("Xã ").removeprefix("Phường ")


def commune_issuer(commune: Unit) -> str:
    return f"ỦY BAN NHÂN DÂN {commune.name.upper()}"


def chair_signer(session: Session | None, *, body: str) -> Signer:
    """ "TM. <body>" / "CHỦ TỊCH" and the council chair's name (the commune chairman chairs the council)."""
    from thidua.commendations.models import CouncilMember, CouncilRole

    chair = None
    if session is not None:
        chair = CouncilMember.objects.filter(
            council_id=session.council_id, role=CouncilRole.CHAIR, active=True
        ).first()
    return Signer(title_lines=[f"TM. {body}", "CHỦ TỊCH"], name=chair.full_name if chair else "")


def nominee(item: Nomination | Award) -> dict:
    """A nomination or an award as a row of a list: name, kind, unit, and the achievement in one line."""
    nomination = getattr(item, "nomination", None) or item
    unit = getattr(nomination, "unit", None)
    achievement = getattr(nomination, "achievement", "") or ""
    return {
        "name": item.recipient_name,
        "kind": KIND_WORDS[item.recipient_kind],
        "position": unit.name if unit else "",
        "achievement": f"{item.award_type.name}: {achievement}".strip().rstrip(":"),
    }


def nominee_rows(nominees: list[dict]) -> list[list[str]]:
    """The rows of a list of nominees under `LIST_HEADER`, numbered 01, 02 …"""
    return [
        [padded(i), n["name"], n.get("position", ""), n.get("achievement", "")]
        for i, n in enumerate(nominees, 1)
    ]


def count_text(nominees: list[dict]) -> str:
    """ "02 tập thể và 03 cá nhân": counts by kind, in the order kinds first appear."""
    counts: dict[str, int] = {}
    for n in nominees:
        kind = n.get("kind") or "cá nhân"
        counts[kind] = counts.get(kind, 0) + 1
    return " và ".join(f"{padded(count)} {kind}" for kind, count in counts.items())


def award_label(award_types: Iterable[AwardType]) -> str:
    """The one award of a list, or the words for several."""
    names = sorted({a.name for a in award_types})
    return names[0] if len(names) == 1 else "danh hiệu thi đua và hình thức khen thưởng"
