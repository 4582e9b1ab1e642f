"""The demo's administrator is the administrator of the demo commune, not of the installation.

They do every task the README's table gives an admin (everything in their subtree, accounts and
roles) and see nothing of the other communes `load-units` brings in; the Django admin, which is not
scoped by unit, stays closed to them.
"""

import pytest
from django.urls import reverse

from thidua import access
from thidua.accounts.models import Role, RoleGrant, User
from thidua.demo import load_demo
from thidua.movements.models import Movement
from thidua.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(client):
    ctx = load_demo()
    admin = User.objects.get(username="quantri")
    client.force_login(admin)
    province = Unit.objects.ancestors(ctx.commune).get(kind=UnitKind.PROVINCE)
    elsewhere = (
        Unit.objects.filter(kind=UnitKind.COMMUNE)
        .exclude(path__startswith=province.path)
        .order_by("path")
        .first()
    )
    assert elsewhere is not None  # the official units of the other provinces are loaded
    return ctx, admin, elsewhere


def test_the_demo_admin_is_an_admin_of_the_commune_only(demo):
    ctx, admin, _elsewhere = demo
    assert not admin.is_superuser and not admin.is_staff
    assert list(admin.grants.values_list("unit_id", "role")) == [(ctx.commune.pk, Role.ADMIN)]


def test_the_demo_admin_sees_nothing_of_another_commune(client, demo):
    _ctx, admin, elsewhere = demo
    assert not access.can(admin, access.Action.VIEW, elsewhere)
    assert not access.visible_units(admin).filter(pk=elsewhere.pk).exists()
    for url in [
        reverse("units:detail", args=[elsewhere.pk]),
        reverse("units:new", args=[elsewhere.pk]),
        reverse("accounts:unit_roles", args=[elsewhere.pk]),
        reverse("people:list") + f"?unit={elsewhere.pk}",
        reverse("audit:list") + f"?unit={elsewhere.pk}",
    ]:
        assert client.get(url).status_code == 404, url
    found = client.get(reverse("units:list"), {"q": elsewhere.name}).content.decode()
    assert reverse("units:detail", args=[elsewhere.pk]) not in found
    # The Django admin is not scoped by unit: a unit admin is not let in.
    assert client.get(reverse("admin:index")).status_code == 302
    assert reverse("admin:index") not in client.get(reverse("web:home")).content.decode()


def test_the_demo_admin_still_does_every_admin_task_in_their_commune(client, demo):
    ctx, admin, _elsewhere = demo
    commune, hamlet = ctx.commune, ctx.units["Ấp Mỹ Hòa"]
    for action, roles in access.RULES.items():
        assert access.can(admin, action, hamlet) == (Role.ADMIN in roles), action
    person = ctx.people[0]
    movement = Movement.objects.filter(unit=commune).first()
    for url in [
        reverse("units:detail", args=[commune.pk]),
        reverse("units:new", args=[commune.pk]),
        reverse("units:edit", args=[hamlet.pk]),
        reverse("people:new"),
        reverse("people:import"),
        reverse("people:edit", args=[person.pk]),
        reverse("audit:list"),
        reverse("accounts:unit_roles", args=[commune.pk]),
        reverse("movements:new"),
        reverse("movements:edit", args=[movement.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    # Accounts and roles: a new login for a hamlet head, then taken back.
    response = client.post(
        reverse("accounts:unit_roles", args=[hamlet.pk]),
        {
            "username": "truongap2",
            "full_name": "Trưởng ấp mới",
            "role": Role.REPRESENTATIVE,
            "password": "mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user__username="truongap2", unit=hamlet, role=Role.REPRESENTATIVE)
    assert client.post(reverse("accounts:role_revoke", args=[grant.pk])).status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
