"""Criteria sets (e.g. New Rural Development) loaded from data, not code."""

import contextlib
from pathlib import Path

from django.db import transaction

from thidua import access
from thidua.access import Actor, SystemActor
from thidua.audit import changes
from thidua.movements.models import CriteriaSet, Criterion

DATA = Path(__file__).resolve().parent / "data"


LOADER = SystemActor("load-criteria")


@transaction.atomic
def criteria_load(data: dict, *, actor: Actor = LOADER) -> CriteriaSet:
    """Create or update a set and its criteria from a dict (the JSON shipped in data/).

    Criteria no longer listed are kept if results refer to them, otherwise removed.
    """
    access.check_actor(actor)
    fields = {
        key: data.get(key) or ("" if key in ("legal_basis", "note") else None)
        for key in ("name", "legal_basis", "valid_from", "valid_to", "note")
    }
    criteria_set = CriteriaSet.objects.filter(code=data["code"]).first()
    if criteria_set is None:
        criteria_set = changes.create(CriteriaSet(code=data["code"], **fields), actor=actor)
    else:
        changes.update(criteria_set, actor=actor, **fields)
    seen = []
    for item in data["criteria"]:
        criterion, _new = Criterion.objects.update_or_create(
            criteria_set=criteria_set,
            code=item["code"],
            defaults={
                "number": item["number"],
                "name": item["name"],
                "indicators": item.get("indicators", []),
            },
        )
        seen.append(criterion.pk)
    from django.db.models import ProtectedError

    for stale in criteria_set.criteria.exclude(pk__in=seen):
        with contextlib.suppress(ProtectedError):
            stale.delete()
    return criteria_set


def load_shipped() -> list[CriteriaSet]:
    import json

    return [criteria_load(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(DATA.glob("ntm_*.json"))]
