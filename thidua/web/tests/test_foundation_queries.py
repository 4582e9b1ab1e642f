"""The foundation pages (home, units, people) ask the database a fixed number of times, however
many units, people, households and memberships the commune holds: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.people.models import Person
from thidua.people.services import household_create, membership_add, person_create
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db

# What a page may ask at most: session, user, grants, home units, the page's own reads, audit, badge.
BOUND = 13


def _pages(tree, person) -> dict[str, str]:
    return {
        "home": reverse("web:home"),
        "unit list": reverse("units:list"),
        "unit search": reverse("units:list") + "?q=ap",
        "commune": reverse("units:detail", args=[tree.commune.pk]),
        "hamlet": reverse("units:detail", args=[tree.hamlet.pk]),
        "people list": reverse("people:list"),
        "people search": reverse("people:list") + "?q=nguyen",
        "people of a hamlet": reverse("people:list") + f"?unit={tree.hamlet.pk}",
        "person": reverse("people:detail", args=[person.pk]),
    }


def _counts(client, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in pages.items():
        client.get(url)  # the home page's unit counts are cached from the second visit on
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(ctx.captured_queries)
    return counts


def _grow(tree, n: int) -> None:
    """n more hamlets and mass organisations, n people in the hamlet with households and memberships."""
    for i in range(n):
        unit_create(actor=SYSTEM, name=f"Ấp Mới {i}", kind=UnitKind.HAMLET, parent=tree.commune)
        unit_create(actor=SYSTEM, name=f"Chi hội {i}", kind=UnitKind.MASS_ORG, parent=tree.commune)
    for i in range(n):
        person = person_create(
            actor=SYSTEM, full_name=f"Nguyễn Văn Số {i}", gender="male", unit=tree.hamlet, birth_year=1980
        )
        household_create(actor=SYSTEM, head=person, hamlet=tree.hamlet, address=f"Tổ {i}")
        membership_add(actor=SYSTEM, person=person, unit=tree.farmers, title="Hội viên")


def test_foundation_pages_ask_the_same_number_of_queries_for_one_row_and_for_fifteen(client, tree, personas):
    person = person_create(
        actor=SYSTEM, full_name="Nguyễn Thị Một", gender="female", unit=tree.hamlet, birth_year=1990
    )
    household_create(actor=SYSTEM, head=person, hamlet=tree.hamlet, address="Tổ 1")
    membership_add(actor=SYSTEM, person=person, unit=tree.farmers, title="Hội viên")
    client.force_login(personas["officer"])
    pages = _pages(tree, person)
    few = _counts(client, pages)
    _grow(tree, 15)
    assert Person.objects.filter(unit=tree.hamlet).count() == 16
    many = _counts(client, pages)
    assert many == few
    assert max(many.values()) <= BOUND, many
