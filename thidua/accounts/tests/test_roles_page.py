import pytest
from django.urls import reverse

from thidua.accounts.models import RoleGrant, User
from thidua.audit.models import AuditEntry

ROLES = ["anonymous", "outsider", "admin", "officer", "leader", "council", "representative", "viewer"]
EXPECTED = dict(zip(ROLES, [302, 404, 200, 403, 403, 403, 404, 403], strict=True))


@pytest.mark.parametrize("role", ROLES)
def test_only_an_administrator_opens_the_roles_page(client, personas, tree, role):
    if role != "anonymous":
        client.force_login(personas[role])
    assert client.get(reverse("accounts:unit_roles", args=[tree.commune.pk])).status_code == EXPECTED[role]


def test_admin_creates_an_account_for_a_hamlet_head_and_grants_the_role(client, personas, tree):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("accounts:unit_roles", args=[tree.hamlet2.pk]),
        {
            "username": "truongap2",
            "full_name": "Lê Thị Hai",
            "password": "Mot-mat-khau-dai-2026",
            "role": "representative",
            "title": "Trưởng ấp",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="truongap2")
    assert user.check_password("Mot-mat-khau-dai-2026")
    grant = RoleGrant.objects.get(user=user)
    assert grant.unit == tree.hamlet2 and grant.role == "representative"
    assert AuditEntry.objects.filter(
        model="accounts.rolegrant", object_id=str(grant.pk), actor=personas["admin"]
    ).exists()


def test_a_new_account_needs_a_name_and_a_strong_password(client, personas, tree):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("accounts:unit_roles", args=[tree.hamlet2.pk]),
        {"username": "moi", "password": "123", "role": "viewer"},
    )
    body = response.content.decode()
    assert "hãy nhập họ và tên" in body and not User.objects.filter(username="moi").exists()


def test_revoking_a_role_is_audited_and_refused_to_others(client, personas, tree):
    grant = RoleGrant.objects.get(user=personas["viewer"])
    client.force_login(personas["officer"])
    assert client.post(reverse("accounts:role_revoke", args=[grant.pk])).status_code == 403
    client.force_login(personas["admin"])
    assert client.post(reverse("accounts:role_revoke", args=[grant.pk])).status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEntry.objects.filter(model="accounts.rolegrant", verb="thu hồi quyền").exists()
