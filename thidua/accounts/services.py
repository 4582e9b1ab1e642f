"""Accounts and role grants: who may sign in, and which role they hold on which unit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua import access
from thidua.access import Action, Actor, SystemActor
from thidua.accounts.models import Role, RoleGrant, User
from thidua.audit import changes
from thidua.audit.models import AuditAction
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit

SELF_REVOKE_ADMIN = _("Bạn không thể tự thu hồi quyền quản trị của chính mình.")


def _is_system_or_superuser(actor: Actor) -> bool:
    return isinstance(actor, SystemActor) or actor.is_superuser


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    full_name: str = "",
    person=None,
    is_superuser: bool = False,
) -> User:
    """An account with no role yet (roles come from `role_grant`). A superuser account (the
    installation's administrator) is made only by the system or another superuser."""
    access.check_actor(actor)
    if is_superuser and not _is_system_or_superuser(actor):
        raise PermissionDenied
    user = User(
        username=username,
        full_name=full_name,
        person=person,
        is_staff=is_superuser,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    return changes.create(user, actor=actor)


@transaction.atomic
def role_grant(*, actor: Actor, user: User, unit: Unit, role: Role, title: str = "") -> RoleGrant:
    """Grant the role on the unit (and so on its whole subtree); granting it twice changes nothing."""
    access.require_actor(actor, Action.MANAGE_ACCESS, unit)
    grant = RoleGrant.objects.filter(user=user, unit=unit, role=role).first()
    if grant is None:
        grant = changes.create(
            RoleGrant(user=user, unit=unit, role=role, title=title),
            actor=actor,
            action=AuditAction.ACCESS,
            verb="cấp quyền",
        )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    """Take a grant back. An administrator cannot take their own administrator role: someone must
    always be left who can grant roles."""
    access.require_actor(actor, Action.MANAGE_ACCESS, grant.unit)
    if isinstance(actor, User) and grant.user_id == actor.pk and grant.role == Role.ADMIN:
        raise ServiceError(SELF_REVOKE_ADMIN, code="self_revoke_admin")
    changes.delete(grant, actor=actor, action=AuditAction.ACCESS, verb="thu hồi quyền")


@transaction.atomic
def role_grant_to(
    *,
    actor: Actor,
    unit: Unit,
    username: str,
    role: Role,
    title: str = "",
    full_name: str = "",
    password: str = "",
) -> RoleGrant:
    """Grant a role to the account with this username, creating the account first when it does not exist."""
    access.require_actor(actor, Action.MANAGE_ACCESS, unit)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(actor=actor, username=username, password=password, full_name=full_name)
    return role_grant(actor=actor, user=user, unit=unit, role=role, title=title)
