"""Reads of people."""

from django.db.models import Q

from thidua import access
from thidua.lib.paging import peek_page
from thidua.lib.text import fold
from thidua.people.models import Person, PersonNameKey, key_prefix
from thidua.units.models import Unit

PAGE_SIZE = 50
# The list without a query, over a scope of at most this many units (a commune and its hamlets
# and bodies), reads the scope's people through their unit's index and sorts them: a hamlet's
# list read the whole province's name index in order and took 1.5 s among 300,000 people. A wider
# scope (a district, a province) holds most of the names it passes, so reading the name index in
# order and keeping the people inside stays the faster way.
NARROW_SCOPE_UNITS = 100


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
        qs = Person.objects.filter(_list_scope(scopes, scope)).select_related("unit")
        return peek_page(qs.order_by("search_key", "id"), page, PAGE_SIZE)
    keys = (
        PersonNameKey.objects.filter(scope, **key_prefix(key))
        .select_related("person__unit")
        .order_by("key", "id")
    )
    found = peek_page(keys, page, PAGE_SIZE)
    found.object_list = list({k.person_id: k.person for k in found.object_list}.values())
    return found


def _list_scope(scopes: list[Unit], scope: Q) -> Q:
    """`scope` (the subtrees as path prefixes), or the ids of its units when they are few."""
    paths = Q()
    for home in scopes:
        paths |= Q(path__startswith=home.path)
    ids = list(Unit.objects.filter(paths).values_list("id", flat=True)[: NARROW_SCOPE_UNITS + 1])
    return Q(unit_id__in=ids) if len(ids) <= NARROW_SCOPE_UNITS else scope
