"""A province's page counts its people once a minute, not on every visit; a commune's counts them
on every visit (a few thousand rows), so a person just added shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.people.services import person_create

pytestmark = pytest.mark.django_db


def _people_counts(client, unit) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("units:detail", args=[unit.pk])).content.decode()
    return page, sum('FROM "people_person"' in q["sql"] and "COUNT" in q["sql"] for q in ctx.captured_queries)


def test_a_provinces_people_are_counted_once_a_minute_and_a_communes_on_every_visit(client, tree, make_user):
    client.force_login(make_user("tinh", Role.OFFICER, tree.province))
    person_create(actor=SYSTEM, full_name="Nguyễn Văn Một", gender="male", unit=tree.hamlet)
    assert _people_counts(client, tree.province)[1] == 1
    person_create(actor=SYSTEM, full_name="Nguyễn Văn Hai", gender="male", unit=tree.hamlet)
    page, counted = _people_counts(client, tree.province)
    assert counted == 0 and f'?unit={tree.province.pk}">1</a>' in page
    page, counted = _people_counts(client, tree.commune)
    assert counted == 1 and f'?unit={tree.commune.pk}">2</a>' in page
