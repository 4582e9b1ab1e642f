"""Reads: a person's notifications, their unread count, who is told about a unit's work."""

from django.db.models import QuerySet

from thidua.access import RULES, Action
from thidua.accounts.models import Role, User
from thidua.notifications.models import Notification, Preference
from thidua.units.models import Unit


def for_user(user: User) -> QuerySet[Notification]:
    """The person's own notifications, newest first; nobody reads another's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def holders(unit: Unit, action: Action | None = None, roles: set[Role] | None = None) -> list[User]:
    """The active people holding a role on the unit itself (not above it) that allows `action`, or
    one of `roles`: a commune's work is told to the commune's people, not to the whole province."""
    wanted = set(roles) if roles is not None else set(RULES[action]) if action is not None else set(Role)
    return list(
        User.objects.filter(grants__unit=unit, grants__role__in=wanted, is_active=True)
        .distinct()
        .order_by("id")
    )


def digest_on(user: User) -> bool:
    """The person's choice: on unless they turned it off (it is sent only with an address)."""
    preference = Preference.objects.filter(user=user).first()
    return preference is None or preference.digest
