"""Reads for the home dashboard."""

from django.core.cache import cache
from django.db.models import Count

from thidua import access
from thidua.audit.models import AuditEntry
from thidua.audit.services import PUBLIC_ACTOR
from thidua.people.models import Person
from thidua.units.models import Unit, UnitKind

# Counting a province's hundreds of thousands of people on every visit of the home page costs more
# than the rest of the page; the figures may lag a minute behind.
COUNTS_TTL = 60


def _unit_counts(unit) -> tuple[list[tuple[str, int]], int]:
    rows = Unit.objects.descendants(unit).values_list("kind").annotate(n=Count("id")).order_by("kind")
    return list(rows), Person.objects.in_subtree(unit).count()


def home_dashboard(user) -> dict:
    """What a signed-in user sees first: their units, counts below them and recent changes."""
    homes = access.home_units(user)[:6]
    cards = []
    for unit in homes:
        counts = cache.get_or_set(
            f"thidua:home-counts:{unit.pk}", lambda unit=unit: _unit_counts(unit), COUNTS_TTL
        )
        kinds, people = counts if counts is not None else _unit_counts(unit)
        cards.append(
            {
                "unit": unit,
                "unit_counts": {UnitKind(kind).label: n for kind, n in kinds},
                "people": people,
                "roles": sorted(r.label for r in access.roles_on(user, unit)),
            }
        )
    recent = []
    if homes and any(access.can(user, access.Action.VIEW_AUDIT, u) for u in homes):
        audit_unit = next(u for u in homes if access.can(user, access.Action.VIEW_AUDIT, u))
        recent = list(
            AuditEntry.objects.filter(unit_path__startswith=audit_unit.path)
            .exclude(actor_label=PUBLIC_ACTOR)  # citizens' answers and reports have pages of their own
            .order_by("-id")[:8]
        )
    return {"cards": cards, "recent": recent, "sections": app_sections(user)}


HOME_APPS = [
    "thidua.movements",
    "thidua.commendations",
    "thidua.documents",
    "thidua.examples",
    "thidua.surveys",
]


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
