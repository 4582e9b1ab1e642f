"""Reads for the home dashboard."""

from django.db.models import Count

from thidua import access
from thidua.audit.models import AuditEntry
from thidua.people.models import Person
from thidua.units.models import Unit, UnitKind


def home_dashboard(user) -> dict:
    """What a signed-in user sees first: their units, counts below them and recent changes."""
    homes = access.home_units(user)[:6]
    cards = []
    for unit in homes:
        rows = Unit.objects.descendants(unit).values_list("kind").annotate(n=Count("id")).order_by("kind")
        counts = {UnitKind(kind).label: n for kind, n in rows}
        cards.append(
            {
                "unit": unit,
                "unit_counts": counts,
                "people": Person.objects.in_subtree(unit).count(),
                "roles": sorted(r.label for r in access.roles_on(user, unit)),
            }
        )
    recent = []
    if homes and any(access.can(user, access.Action.VIEW_AUDIT, u) for u in homes):
        audit_unit = next(u for u in homes if access.can(user, access.Action.VIEW_AUDIT, u))
        recent = list(AuditEntry.objects.filter(unit_path__startswith=audit_unit.path).order_by("-id")[:8])
    return {"cards": cards, "recent": recent, "sections": app_sections(user)}


HOME_APPS = ["thidua.movements", "thidua.commendations", "thidua.documents"]


def app_sections(user) -> list[dict]:
    """What each domain app asks this user to look at first.

    An app contributes through `<app>/home.py: sections(user) -> list[dict]`, each dict with a
    `template` to include and its `context`; apps without one contribute nothing.
    """
    import importlib

    sections = []
    for app in HOME_APPS:
        try:
            module = importlib.import_module(f"{app}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.home":
                raise
            continue
        sections.extend(module.sections(user))
    return sections
