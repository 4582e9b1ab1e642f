"""Reads of the organisation tree."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q

from thidua import access
from thidua.lib.text import fold
from thidua.units.models import Unit, UnitKind

PAGE_SIZE = 50
# Counting a province's hundreds of thousands of people on every visit of its page costs more than
# the rest of the page; above a commune the figure may lag a minute behind, as on the home page.
WIDE_KINDS = {UnitKind.NATION, UnitKind.PROVINCE, UnitKind.DISTRICT}
COUNT_TTL = 60


def unit_search(user, query: str, page: int | str = 1):
    """Units the user may see whose name matches the query, diacritics and case ignored."""
    homes = access.home_units(user)
    qs = Unit.objects.none()
    if homes:
        scope = Q()
        for unit in homes:
            scope |= Q(path__startswith=unit.path)
        qs = Unit.objects.filter(scope)
    key = fold(query)
    if key:
        qs = qs.filter(Q(search_key__contains=key) | Q(code__iexact=query.strip()))
    qs = qs.select_related("parent").order_by("path")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def unit_children(unit: Unit, page: int | str = 1):
    return Paginator(unit.children.order_by("kind", "name"), PAGE_SIZE).get_page(page)


def unit_households(unit: Unit, limit: int = 200):
    """The households of a hamlet with their head and member count."""
    from django.db.models import Count

    from thidua.people.models import Household

    return (
        Household.objects.filter(hamlet=unit)
        .select_related("head")
        .annotate(size=Count("members"))
        .order_by("address", "id")[:limit]
    )


def people_count(unit: Unit) -> int:
    """How many people live or work in the unit and below it (cached a minute above a commune)."""
    from thidua.people.models import Person

    def count() -> int:
        return Person.objects.in_subtree(unit).count()

    if unit.kind not in WIDE_KINDS:
        return count()
    cached = cache.get_or_set(f"thidua:unit-people:{unit.pk}", count, COUNT_TTL)
    return count() if cached is None else int(cached)
