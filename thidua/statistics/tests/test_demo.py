"""The demo's province: its officer opens the statistics of the province and of its communes, the
cascaded movement counted once for the province and once under "launched by the province" for
each commune that implements it; a commune's officer opens only their commune's."""

import pytest
from django.urls import reverse

from thidua.demo import load_demo
from thidua.movements.models import Movement
from thidua.statistics.definitions import get_form
from thidua.statistics.selectors import compute_form, reporting_period

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ctx(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            context = load_demo()
            yield context
            transaction.set_rollback(True)


def _reporting_year(day):
    return day.year + 1 if day.month == 12 else day.year


def test_the_provinces_cascaded_movement_is_counted_once(ctx):
    cascaded = (
        Movement.objects.filter(unit=ctx.province, children__isnull=False).exclude(state="draft").first()
    )
    assert cascaded is not None
    year = _reporting_year(cascaded.plan_date or cascaded.period_start)
    first, last = reporting_period(year)
    # Launched by the province in that year, counted by their own rows: the communes' plans add none.
    roots = Movement.objects.filter(unit=ctx.province, parent__isnull=True).exclude(state="draft")
    launched = sum(first <= (m.plan_date or m.period_start) <= last for m in roots)
    assert compute_form(get_form("0601"), ctx.province, year).value("total", "province") == launched
    for child in cascaded.children.exclude(state="draft"):
        assert compute_form(get_form("0601"), child.unit, year).value("total", "province") >= 1


def test_the_province_officer_opens_the_province_and_its_communes_a_commune_officer_only_theirs(ctx, client):
    client.force_login(ctx.users["tinh_canbo"])
    page = client.get(reverse("statistics:index")).content.decode()
    for commune in ctx.communes:
        assert commune.name in page
    assert client.get(reverse("statistics:form", args=[ctx.province.pk, 2025, "0603"])).status_code == 200
    client.force_login(ctx.users["canbo2"])
    assert client.get(reverse("statistics:form", args=[ctx.province.pk, 2025, "0603"])).status_code == 404
    assert client.get(reverse("statistics:form", args=[ctx.communes[1].pk, 2025, "0603"])).status_code == 200
    assert client.get(reverse("statistics:form", args=[ctx.communes[0].pk, 2025, "0603"])).status_code == 404
