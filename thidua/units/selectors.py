"""Reads of the organisation tree."""

from django.core.paginator import Paginator
from django.db.models import Q

from thidua import access
from thidua.lib.text import fold
from thidua.units.models import Unit

PAGE_SIZE = 50


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
