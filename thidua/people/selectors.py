"""Reads of people."""

from django.db.models import Q

from thidua import access
from thidua.lib.paging import peek_page
from thidua.lib.text import fold
from thidua.people.models import Person, PersonNameKey, key_prefix

PAGE_SIZE = 50


def person_search(user, query: str, unit=None, page: int | str = 1):
    """People the user may see, found from any word of their name, diacritics and case ignored.

    With a query, the name keys are read in key order from their index, so a page costs the same
    whether the scope holds three thousand people or three hundred thousand.
    """
    scopes = [unit] if unit is not None else access.home_units(user)
    if not scopes:
        return peek_page(Person.objects.none(), page, PAGE_SIZE)
    key = fold(query)
    prefix = "person__" if key else ""
    scope = Q()
    for home in scopes:
        scope |= Q(**{f"{prefix}unit__path__startswith": home.path})
    if not key:
        qs = Person.objects.filter(scope).select_related("unit").order_by("search_key", "id")
        return peek_page(qs, page, PAGE_SIZE)
    keys = (
        PersonNameKey.objects.filter(scope, **key_prefix(key))
        .select_related("person__unit")
        .order_by("key", "id")
    )
    found = peek_page(keys, page, PAGE_SIZE)
    found.object_list = list({k.person_id: k.person for k in found.object_list}.values())
    return found
