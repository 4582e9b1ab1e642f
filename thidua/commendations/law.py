"""The law of a paper's date: which emulation law, decree and local-government law were in force on
a day, which awards existed then and what each paid (× the base salary). Data in data/law.json.

A paper cites what was in force on its own date, never today's law: a decision of December 2020
cites the 2003 law (amended 2005, 2013) and Decree 91/2017/NĐ-CP and pays by Decree 91's
coefficients; one of 2024 cites Law 06/2022 and Decree 98/2023/NĐ-CP; one from 1 July 2025 on,
Decree 152/2025/NĐ-CP. Before the first frame thidua knows (1 October 2017) there is no rule:
`in_force` refuses with `NO_LAW_FOR_DATE` rather than print today's law on an older paper, so a
decision cannot be signed, nor a Tờ trình issued, with that date; the officer drafts such a paper
outside thidua. `find_in_force` is the lenient form for readers that only need it when it exists.

Eligibility and names are dated too: a frame may add rules of its decree for an award (`rules_for`,
read by `eligibility.evaluate`) and name an award as its law did (`award_name`, read by the papers).

Money: the coefficients of the frame in force. For the newest frame the catalogue's own row
(`AwardType.coefficient`, shipped equal to the frame's, editable by a locality) is used, so a local
edit of today's catalogue keeps working; a province's RuleOverride applies on top in `rules`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from thidua.lib.errors import ServiceError
from thidua.lib.vn import screen_date_short

if TYPE_CHECKING:
    from thidua.commendations.models import AwardType

DATA_FILE = Path(__file__).parent / "data" / "law.json"

NO_LAW_FOR_DATE = _(
    "Hệ thống chưa có dữ liệu văn bản pháp luật về thi đua, khen thưởng áp dụng ngày %(date)s (chỉ có từ "
    "ngày %(first)s): không lập được giấy tờ dẫn căn cứ, tính tiền thưởng cho ngày này; cán bộ lập ngoài hệ "
    "thống theo văn bản có hiệu lực khi đó."
)
AWARD_NOT_IN_FORCE = _(
    "Ngày %(date)s, theo %(frame)s, không có danh hiệu, hình thức “%(award)s”: không tính được tiền thưởng."
)
COEFFICIENT_UNKNOWN = _(
    "Hệ thống chưa có mức tiền thưởng của “%(award)s” theo %(frame)s (ngày %(date)s): nhập hệ số bằng quy "
    "định riêng của địa phương (có căn cứ) trước khi ký."
)
_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class LegalFrame:
    """The law in force on a day. The bases are lines "Căn cứ …" without their closing ";" (the
    renderers punctuate them)."""

    since: dt.date
    until: dt.date | None  # None: the frame in force today
    name: str
    law: str
    decree: str
    decree_short: str  # "Nghị định số 91/2017/NĐ-CP": the source of the money in a decision
    local_government: str  # "" when thidua has no entry for the day
    # Award code -> coefficient; a code absent did not exist then, None: existed, amount not known.
    coefficients: dict[str, str | None]
    # Award code -> the award's name under this frame, where it differs from today's catalogue.
    award_names: dict[str, str] = field(default_factory=dict)
    # Award code -> {rule code: params}: eligibility rules of this frame's decree on top of the
    # catalogue's, e.g. Decree 91/2017's cap of CSTĐCS at 15 % of the unit's LĐTT.
    rules: dict[str, dict[str, dict]] = field(default_factory=dict)

    @property
    def law_bases(self) -> list[str]:
        """The emulation law and its decree: the bases of the council's Tờ trình."""
        return [f"Căn cứ {self.law}", f"Căn cứ {self.decree}"]

    @property
    def decision_bases(self) -> list[str]:
        """The chairman's competence (local-government law) and the emulation law and decree."""
        issuer = [f"Căn cứ {self.local_government}"] if self.local_government else []
        return [*issuer, *self.law_bases]

    @property
    def award_codes(self) -> frozenset[str]:
        """The award types that existed under this frame."""
        return frozenset(self.coefficients)

    @property
    def current(self) -> bool:
        return self.until is None

    def award_name(self, award_type: AwardType) -> str:
        """The award as this frame's law names it ("Thôn, làng, ấp, bản, tổ dân phố văn hóa" under
        the 2003 law), or the catalogue's name when the frame names it the same."""
        return self.award_names.get(award_type.code, award_type.name)

    def rules_for(self, code: str) -> dict[str, dict]:
        """The eligibility rules this frame adds for an award code, with their parameters."""
        return {rule: dict(params) for rule, params in self.rules.get(code, {}).items()}

    def coefficient_for(self, award_type: AwardType) -> str | None:
        """The award's money as a multiple of the base salary under this frame, "0.300"; None when
        the award did not exist then or its amount is not known (`no_money` says which). Today's
        frame reads the catalogue's own (locally editable) row."""
        if self.current:
            return str(Decimal(award_type.coefficient).quantize(_PLACES))
        value = self.coefficients.get(award_type.code)
        return None if value is None else str(Decimal(value).quantize(_PLACES))

    def no_money(self, award_type: AwardType, on: dt.date) -> ServiceError:
        """Why an award has no coefficient under this frame: it did not exist then
        (`AWARD_NOT_IN_FORCE`), or thidua does not know its amount (`COEFFICIENT_UNKNOWN`)."""
        known = award_type.code in self.coefficients
        message = COEFFICIENT_UNKNOWN if known else AWARD_NOT_IN_FORCE
        return ServiceError(
            message % {"date": screen_date_short(on), "frame": self.name, "award": award_type.name},
            code="coefficient_unknown" if known else "award_not_in_force",
        )


@cache
def load_data() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _covers(entry: dict[str, Any], on: dt.date) -> bool:
    until = entry.get("until")
    return dt.date.fromisoformat(entry["since"]) <= on and (
        until is None or on <= dt.date.fromisoformat(until)
    )


def first_day() -> dt.date:
    """The first day thidua has the law of."""
    return min(dt.date.fromisoformat(e["since"]) for e in load_data()["emulation"])


def find_in_force(on: dt.date) -> LegalFrame | None:
    """The frame in force on `on`, or None when thidua has no rules for that day."""
    data = load_data()
    entry = next((e for e in data["emulation"] if _covers(e, on)), None)
    if entry is None:
        return None
    local = next((e["law"] for e in data["local_government"] if _covers(e, on)), "")
    return LegalFrame(
        since=dt.date.fromisoformat(entry["since"]),
        until=dt.date.fromisoformat(entry["until"]) if entry.get("until") else None,
        name=entry["name"],
        law=entry["law"],
        decree=entry["decree"],
        decree_short=entry["decree_short"],
        local_government=local,
        coefficients=dict(entry["coefficients"]),
        award_names=dict(entry.get("award_names", {})),
        rules={code: dict(rules) for code, rules in entry.get("rules", {}).items()},
    )


def in_force(on: dt.date) -> LegalFrame:
    """The frame in force on `on`; refuses with `NO_LAW_FOR_DATE` when thidua has no rules for it."""
    frame = find_in_force(on)
    if frame is None:
        raise ServiceError(
            NO_LAW_FOR_DATE % {"date": screen_date_short(on), "first": screen_date_short(first_day())},
            code="no_law_for_date",
        )
    return frame
