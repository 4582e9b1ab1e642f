"""Reads of people."""

from django.core.paginator import Paginator
from django.db.models import Q

from thidua import access
from thidua.people.models import Person

PAGE_SIZE = 50


def person_search(user, query: str, unit=None, page: int | str = 1):
    """People the user may see, matched by name with diacritics and case ignored."""
    if unit is not None:
        qs = Person.objects.in_subtree(unit)
    else:
        homes = access.home_units(user)
        if not homes:
            qs = Person.objects.none()
        else:
            scope = Q()
            for home in homes:
                scope |= Q(unit__path__startswith=home.path)
            qs = Person.objects.filter(scope)
    qs = qs.search(query).select_related("unit").order_by("search_key", "id")
    return Paginator(qs, PAGE_SIZE).get_page(page)
