"""The award catalogue and the rules in force: defaults from data/awards.json, changed by
RuleOverride for a unit subtree from a date on. Money arithmetic lives here too.
"""

import datetime as dt
import json
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from django.db import transaction

from thidua.commendations import law
from thidua.units.models import Unit, UnitKind

DATA_FILE = Path(__file__).parent / "data" / "awards.json"
AWARD_FIELDS = (
    "name",
    "short_name",
    "recipient_kind",
    "timing",
    "is_title",
    "criteria",
    "vote_threshold_pct",
    "notice_days",
    "coefficient",
    "rank",
    "dossier_parts",
    "rules",
)
# Fields an entry of awards.json may leave out (the model's default then holds); a data migration's
# historical model may not have them yet.
OPTIONAL_AWARD_FIELDS = ("level", "fund")
OVERRIDABLE = {"coefficient", "vote_threshold_pct", "notice_days", "rank"}
ROUND_TO = 10_000


def load_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def catalogue_load(*, award_model=None, salary_model=None, update: bool = False) -> int:
    """Create missing award types and base salaries from the shipped data; idempotent.

    Existing rows are left alone unless `update`, so an administrator's edit survives a reload.
    Models may be passed in so a data migration can use its historical models.
    """
    from thidua.commendations import models as m

    award_model = award_model or m.AwardType
    salary_model = salary_model or m.BaseSalary
    data = load_data()
    created = 0
    with transaction.atomic():
        known = {f.name for f in award_model._meta.get_fields()}
        for item in data["awards"]:
            values = {k: item[k] for k in AWARD_FIELDS}
            values.update({k: item[k] for k in OPTIONAL_AWARD_FIELDS if k in item and k in known})
            values["coefficient"] = Decimal(values["coefficient"])
            if update:
                _obj, was_created = award_model.objects.update_or_create(code=item["code"], defaults=values)
            else:
                _obj, was_created = award_model.objects.get_or_create(code=item["code"], defaults=values)
            created += was_created
        for row in data["base_salary"]:
            _obj, was_created = salary_model.objects.get_or_create(
                effective_from=dt.date.fromisoformat(row["effective_from"]),
                defaults={"amount": row["amount"], "legal_basis": row["legal_basis"]},
            )
            created += was_created
    return created


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[:i] for i in range(4, len(unit.path) + 1, 4)]


def _overrides(unit: Unit, on: dt.date, award_type=None):
    from thidua.commendations.models import RuleOverride

    qs = RuleOverride.objects.filter(unit__path__in=_ancestor_paths(unit), effective_from__lte=on)
    qs = qs.filter(award_type=award_type) if award_type is not None else qs.filter(award_type__isnull=True)
    # Deeper scope wins over a wider one; a later date wins within the same scope.
    return sorted(qs.select_related("unit"), key=lambda o: (o.unit.depth, o.effective_from, o.id))


def settings_for(unit: Unit, on: dt.date) -> dict:
    """Global settings (rounding, quorum, tie rule) in force for the unit on a date."""
    values = dict(load_data()["settings"])
    for override in _overrides(unit, on):
        values[override.key] = override.value
    return values


def award_rules(award_type, unit: Unit, on: dt.date) -> dict:
    """The award's effective parameters and eligibility rules for the unit on a date.

    The coefficient is the one of the law in force on the date (`law`), None when thidua has no law
    for the date or the award did not exist then; a RuleOverride in force replaces it."""
    frame = law.find_in_force(on)
    values = {
        "code": award_type.code,
        "name": award_type.name,
        "coefficient": frame.coefficient_for(award_type) if frame else None,
        "vote_threshold_pct": award_type.vote_threshold_pct,
        "notice_days": award_type.notice_days,
        "rank": award_type.rank,
        "rules": {code: {} for code in award_type.rules},
    }
    for override in _overrides(unit, on, award_type):
        if override.key in OVERRIDABLE:
            values[override.key] = (
                str(override.value) if override.key == "coefficient" else int(override.value)
            )
        elif override.key.startswith("rule:"):
            code = override.key[5:]
            if override.value is False or override.value is None:
                values["rules"].pop(code, None)
            else:
                values["rules"][code] = override.value if isinstance(override.value, dict) else {}
    return values


def base_salary_on(on: dt.date) -> int:
    from thidua.commendations.models import BaseSalary

    row = BaseSalary.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if row is None:
        raise ValueError(f"Chưa có mức lương cơ sở áp dụng cho ngày {on:%d/%m/%Y}.")
    return row.amount


def parse_share(value: object) -> Fraction:
    """A share rule as an exact fraction: "2/3", "80%", "80" or 80 (a percentage), a Fraction.

    Two thirds is kept as 2/3, never as 67 %: with 9 members 6 are two thirds, and 67 % of 9 needs 7.
    Raises ValueError for anything else, or a share outside (0, 1].
    """
    if isinstance(value, Fraction):
        share = value
    elif isinstance(value, bool):
        raise ValueError(value)
    elif isinstance(value, int):
        share = Fraction(value, 100)
    else:
        text = str(value).strip().replace(" ", "")
        if "/" in text:
            top, _sep, bottom = text.partition("/")
            share = Fraction(int(top), int(bottom))
        else:
            share = Fraction(int(text.removesuffix("%")), 100)
    if not 0 < share <= 1:
        raise ValueError(value)
    return share


def share_reached(part: int, whole: int, share: Fraction) -> bool:
    """Whether `part` of `whole` is at least `share`, in exact integer arithmetic (no rounding).

    The one place of every share rule: the quorum, the vote thresholds (80 % of all members for
    CSTĐCS), 70 % of members for TTLĐTT, 70 % women for the tie rule. Nothing of nothing is not reached.
    """
    return whole > 0 and part * share.denominator >= whole * share.numerator


def least_part(whole: int, share: Fraction) -> int:
    """The smallest part of `whole` that reaches `share` (9 members, 2/3 → 6; 10 members, 80 % → 8)."""
    return -(-whole * share.numerator // share.denominator)


def quorum_needed(members: int, share: Fraction) -> int:
    """How many members must be present for a session to vote: the session's quorum share, rounded up.

    The one place of the rule; the session page, opening the vote and the minutes all read it.
    """
    return least_part(members, share)


def round_money(amount: Decimal, mode: str) -> int:
    """Round to tens of thousands of đồng: up (Decree 152 Art. 49, the default) or to the nearest."""
    from thidua.commendations.models import RoundingMode

    units = amount / ROUND_TO
    rounding = ROUND_CEILING if mode == RoundingMode.UP else ROUND_HALF_UP
    return int(units.quantize(Decimal(1), rounding=rounding)) * ROUND_TO


def award_amount(coefficient: str | Decimal, base_salary: int, mode: str) -> int:
    return round_money(Decimal(str(coefficient)) * base_salary, mode)


def province_of(unit: Unit) -> Unit | None:
    """The province a unit belongs to (itself when it is one)."""
    if unit.kind == UnitKind.PROVINCE:
        return unit
    return Unit.objects.ancestors(unit).filter(kind=UnitKind.PROVINCE).last()


def deciding_unit_of(unit: Unit) -> Unit | None:
    """Who decides the awards a council under `unit` reviews: its commune, or — for the province's
    own council — the province."""
    return commune_of(unit) or province_of(unit)


def commune_of(unit: Unit) -> Unit | None:
    """The commune a unit belongs to (itself when it is one)."""
    if unit.kind == UnitKind.COMMUNE:
        return unit
    return Unit.objects.ancestors(unit).filter(kind=UnitKind.COMMUNE).last()
