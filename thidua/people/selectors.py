"""Reads of people."""

from django.db.models import Q

from thidua import access
from thidua.lib.paging import peek_page
from thidua.people.models import Person

PAGE_SIZE = 50


def person_search(user, query: str, unit=None, page: int | str = 1):
    """People the user may see, matched by name with diacritics and case ignored."""
    if unit is not None:
        qs = Person.objects.filter(unit__path__startswith=unit.path)
    else:
        homes = access.home_units(user)
        if not homes:
            qs = Person.objects.none()
        else:
            scope = Q()
            for home in homes:
                scope |= Q(unit__path__startswith=home.path)
            # A join lets the database walk the name index in order and stop after one page.
            qs = Person.objects.filter(scope)
    qs = qs.search(query).select_related("unit").order_by("search_key", "id")
    return peek_page(qs, page, PAGE_SIZE)
