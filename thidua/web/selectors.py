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


HOME_APPS = ["thidua.movements", "thidua.commendations", "thidua.documents", "thidua.examples", "thidua.surveys"]


def app_sections(user) -> list[dict]:
    """What each domain app asks this user to look at first.

    An app contributes through `<app>/home.py: sections(user) -> list[dict]`, each dict with a
    `template` to include and its `context`; apps without one contribute nothing.
    """
    return [section for module in _app_modules("home") for section in module.sections(user)]


def public_sections() -> list[dict]:
    """What each domain app shows citizens on the public portal (`<app>/public.py: sections()`)."""
    return [section for module in _app_modules("public") for section in module.sections()]


def _app_modules(name: str):
    import importlib

    for app in HOME_APPS:
        try:
            yield importlib.import_module(f"{app}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
