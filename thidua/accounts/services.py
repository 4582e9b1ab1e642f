"""Accounts and role grants."""

from django.db import transaction

from thidua.accounts.models import Role, RoleGrant, User
from thidua.audit.services import AuditAction, audit_record, snapshot
from thidua.units.models import Unit


@transaction.atomic
def user_create(*, actor, username: str, password: str, full_name: str = "", person=None) -> User:
    user = User(username=username, full_name=full_name, person=person)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=user, after=snapshot(user, exclude=("password",))
    )
    return user


@transaction.atomic
def role_grant(*, actor, user: User, unit: Unit, role: Role, title: str = "") -> RoleGrant:
    grant, created = RoleGrant.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"title": title}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS,
            instance=grant,
            unit=unit,
            after=snapshot(grant),
            verb="cấp quyền",
        )
    return grant


@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.ACCESS,
        instance=grant,
        unit=grant.unit,
        before=snapshot(grant),
        verb="thu hồi quyền",
    )
    grant.delete()


@transaction.atomic
def role_grant_to(
    *, actor, unit: Unit, username: str, role: Role, title: str = "", full_name: str = "", password: str = ""
) -> RoleGrant:
    """Grant a role to the account with this username, creating the account first when it does not exist."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(actor=actor, username=username, password=password, full_name=full_name)
    return role_grant(actor=actor, user=user, unit=unit, role=role, title=title)
