"""Writes: tell people what waits for them (`notify`), mark read, a person's digest choice, and the
daily digest (`digests_send`, run by `thidua cron`).

A notification is a message, not a record of the domain: `notify` runs inside the transaction of
the service whose change it tells about (that change is audited there), so it writes no audit entry
of its own; marking read is not audited either. The digest choice is audited: it is the person's
consent to mail.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from thidua import access
from thidua.access import Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.notifications.models import Kind, Notification, Preference
from thidua.units.models import Unit

log = logging.getLogger(__name__)


@transaction.atomic
def notify(
    *,
    actor: Actor,
    recipients: Iterable[User],
    kind: str,
    text: str,
    link: str = "",
    unit: Unit | None = None,
    key: str = "",
    today: dt.date | None = None,
    emailed: bool = False,
) -> list[User]:
    """A notification to each active recipient; with a key, at most one per recipient per key and
    day. `emailed` when the caller mails it itself (the digest then leaves it out). Returns the
    people told now (not those told earlier today)."""
    access.check_actor(actor)
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    stamped = f"{key}@{(today or timezone.localdate()).isoformat()}" if key else ""
    if stamped:
        told = set(
            Notification.objects.filter(recipient_id__in=people, key=stamped).values_list(
                "recipient_id", flat=True
            )
        )
        people = {pk: user for pk, user in people.items() if pk not in told}
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                text=text,
                link=link,
                unit=unit,
                key=stamped,
                created_at=now,
                emailed_at=now if emailed else None,
            )
            for user in people.values()
        ],
        # Two runs at once (cron and the button) may both pass the check above; the constraint keeps
        # one, and the other's insert is skipped instead of failing the caller's transaction.
        ignore_conflicts=bool(stamped),
    )
    return list(people.values())


@transaction.atomic
def notification_read(*, actor: Actor, notification: Notification) -> Notification:
    """The person read one of their notifications (opening it marks it read)."""
    user = access.user_of(actor)
    if user is None or notification.recipient_id != user.pk:
        raise PermissionError("a person marks only their own notifications read")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_read_all(*, actor: Actor) -> int:
    """Mark every unread notification of the person read; returns how many."""
    user = access.user_of(actor)
    if user is None:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, actor: Actor, user: User, digest: bool) -> Preference:
    """Turn the person's daily digest on or off: by themselves (the preferences page, or the signed
    link in a digest, which acts for them)."""
    access.check_actor(actor)
    if access.user_of(actor) not in (None, user):
        raise PermissionError("a person changes only their own notification preferences")
    preference = Preference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        return changes.create(
            Preference(user=user, digest=digest), actor=actor, verb="chọn nhận thư thông báo"
        )
    return changes.update(preference, actor=actor, verb="chọn nhận thư thông báo", digest=digest)
