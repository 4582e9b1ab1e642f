import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.access import SYSTEM
from thidua.accounts.models import Role, RoleGrant, User
from thidua.accounts.services import SELF_REVOKE_ADMIN, role_grant, role_grant_to, role_revoke, user_create
from thidua.audit.models import AuditEntry
from thidua.lib.errors import ServiceError


def test_an_officer_cannot_grant_roles_even_through_the_service(personas, tree):
    with pytest.raises(PermissionDenied):
        role_grant(actor=personas["officer"], user=personas["viewer"], unit=tree.commune, role=Role.OFFICER)
    assert not RoleGrant.objects.filter(user=personas["viewer"], role=Role.OFFICER).exists()


def test_an_administrator_of_another_commune_does_not_even_see_ours(personas, tree, make_user):
    stranger = make_user("stranger", Role.ADMIN, tree.other)
    with pytest.raises(Http404):
        role_grant_to(actor=stranger, unit=tree.commune, username="moi", role=Role.VIEWER, password="x")
    assert not User.objects.filter(username="moi").exists()


def test_an_administrator_cannot_revoke_their_own_administrator_role(personas):
    grant = RoleGrant.objects.get(user=personas["admin"], role=Role.ADMIN)
    with pytest.raises(ServiceError) as caught:
        role_revoke(actor=personas["admin"], grant=grant)
    assert caught.value.message == str(SELF_REVOKE_ADMIN)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_revoking_is_audited_with_the_grant_as_it_was(personas):
    grant = RoleGrant.objects.get(user=personas["viewer"])
    role_revoke(actor=personas["admin"], grant=grant)
    entry = AuditEntry.objects.get(model="accounts.rolegrant", verb="thu hồi quyền")
    assert entry.before["role"] == Role.VIEWER and entry.after is None and entry.actor == personas["admin"]


def test_only_the_system_or_a_superuser_makes_a_superuser(personas):
    with pytest.raises(PermissionDenied):
        user_create(actor=personas["admin"], username="root2", password="x", is_superuser=True)
    root = user_create(actor=SYSTEM, username="root2", password="x", is_superuser=True)
    assert root.is_superuser and root.is_staff
    assert "password" not in AuditEntry.objects.get(model="accounts.user", object_id=str(root.pk)).after


def test_a_service_refuses_an_actor_that_is_not_a_user_or_the_system(tree):
    with pytest.raises(TypeError):
        user_create(actor=None, username="x", password="x")
