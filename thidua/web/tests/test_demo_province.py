"""The demo's province level: the official province above Mỹ Thạnh, two more official communes of it
with sample hamlets and people, the provincial council and the province's and communes' logins."""

import pytest

from thidua import access
from thidua.accounts.models import Role
from thidua.demo import DEMO_PASSWORD, LOGINS, load_demo, login_table
from thidua.people.models import Person
from thidua.units.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ctx(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            context = load_demo()
            yield context
            transaction.set_rollback(True)


def test_the_province_and_its_three_communes(ctx):
    assert ctx.province == ctx.commune.parent and ctx.province.kind == UnitKind.PROVINCE
    assert ctx.communes[0] == ctx.commune and len(ctx.communes) == 3
    assert len({c.pk for c in ctx.communes}) == 3
    for commune in ctx.communes:
        assert commune.parent_id == ctx.province.pk and not commune.is_sample  # official units
    for commune in ctx.communes[1:]:
        hamlets = commune.children.filter(kind=UnitKind.HAMLET)
        assert hamlets.count() == 2 and all(h.is_sample for h in hamlets)
        assert Person.objects.filter(unit__in=hamlets, is_sample=True).count() >= 4
    council = ctx.units["HĐTĐKT-tỉnh"]
    assert council.kind == UnitKind.COUNCIL and council.parent_id == ctx.province.pk


@pytest.mark.parametrize(
    ("username", "role", "where"),
    [
        ("tinh_canbo", Role.OFFICER, "province"),
        ("tinh_lanhdao", Role.LEADER, "province"),
        ("tinh_hoidong", Role.COUNCIL, "council"),
        ("canbo2", Role.OFFICER, 1),
        ("chutich2", Role.LEADER, 1),
        ("canbo3", Role.OFFICER, 2),
    ],
)
def test_the_province_level_logins(ctx, username, role, where):
    user = ctx.users[username]
    unit = {"province": ctx.province, "council": ctx.units["HĐTĐKT-tỉnh"]}.get(where) or ctx.communes[where]
    assert user.grants.filter(unit=unit, role=role).exists()
    assert user.check_password(DEMO_PASSWORD)
    assert username in [row[0] for row in login_table()]
    if where in (1, 2):  # a commune's officer sees nothing of the sibling communes
        for other in ctx.communes:
            assert access.can(user, access.Action.VIEW, other) == (other == unit)


def test_the_province_chairman_chairs_the_provincial_council(ctx):
    grants = ctx.users["tinh_lanhdao"].grants
    assert grants.filter(unit=ctx.units["HĐTĐKT-tỉnh"], role=Role.COUNCIL).exists()
    assert not ctx.users["chutich2"].grants.filter(role=Role.COUNCIL).exists()
    assert len(LOGINS) == len({row[0] for row in LOGINS}) == len(ctx.users)


def test_the_province_movement_is_cascaded_to_the_three_communes_with_figures(ctx):
    from thidua.movements.models import CascadeStanding, Movement
    from thidua.movements.province import province_board

    movement = Movement.objects.get(unit=ctx.province, plan_number="112/KH-UBND")
    assert {m.unit_id for m in movement.children.all()} == {c.pk for c in ctx.communes}
    board = province_board(movement, year=2026, today=__import__("datetime").date(2026, 12, 1))
    assert board.count >= 3 and board.implemented == 3
    rows = {r.unit.pk: r for r in board.communes}
    first, second, third = (rows[c.pk] for c in ctx.communes)
    assert first.rank == 1 and first.score.reported == 3 and first.score.met == 1 and not first.missing
    assert third.missing and second.registrations_below == 0 and second.registration
    assert second.cascade.total == second.score.total + 2  # its hamlets' own targets
    assert first.criteria_met == board.criteria_total - 2 and second.criteria_met == board.criteria_total
    assert CascadeStanding.objects.filter(movement=movement).count() == 3


def test_the_province_dashboard_of_the_demo_opens_for_the_province_logins(ctx, client):
    from django.urls import reverse

    from thidua.movements.models import Movement

    movement = Movement.objects.get(unit=ctx.province, plan_number="112/KH-UBND")
    url = reverse("movements:province", args=[movement.pk])
    for username, expected in [
        ("tinh_canbo", 200),
        ("tinh_lanhdao", 200),
        ("tinh_hoidong", 404),
        ("canbo2", 404),
        ("canbo", 404),
    ]:
        client.force_login(ctx.users[username])
        assert client.get(url).status_code == expected, username
    client.force_login(ctx.users["tinh_canbo"])
    home = client.get(reverse("web:home")).content.decode()
    assert url in home and ctx.communes[2].name in home
