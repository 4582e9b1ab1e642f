"""The daily e-mail digest: each person's unread notifications not mailed yet, once a day, in
Vietnamese (plain text and HTML), with a signed link that turns the digest off in one click."""

import datetime as dt
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Actor
from thidua.accounts.models import User
from thidua.lib.vn import format_date_short
from thidua.notifications.models import Notification, Preference

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "thidua.notifications.unsubscribe"
# A digest names this many notifications; the rest are counted and wait on the list page.
DIGEST_LINES = 50


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_of_token(token: str) -> User | None:
    """The person a digest's unsubscribe link was made for; None for a forged or broken link."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None


def absolute(path: str) -> str:
    return urljoin(settings.THIDUA_SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def recipients(today: dt.date):
    """People due a digest today: active, with an address, not opted out, not sent one today, and
    with at least one unread notification not mailed yet."""
    waiting = Notification.objects.filter(
        recipient=OuterRef("pk"), read_at__isnull=True, emailed_at__isnull=True
    )
    stopped = Preference.objects.filter(user=OuterRef("pk")).filter(Q(digest=False) | Q(digest_sent_on=today))
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(waiting))
        .exclude(Exists(stopped))
        .order_by("id")
    )


def build(user: User, notes: list[Notification], today: dt.date) -> EmailMultiAlternatives:
    shown, more = notes[:DIGEST_LINES], max(0, len(notes) - DIGEST_LINES)
    unsubscribe = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))
    context = {
        "user": user,
        "today": today,
        "notes": [(note, absolute(note.link) if note.link else "") for note in shown],
        "more": more,
        "list_url": absolute(reverse("notifications:list")),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("thidua: %(n)s việc đang chờ bạn (ngày %(date)s)") % {
            "n": len(notes),
            "date": format_date_short(today),
        }
        text = render_to_string("notifications/digest.txt", context)
        html = render_to_string("notifications/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def digests_send(*, actor: Actor, now: dt.datetime) -> int:
    """One digest per person who has something new, at most once a day: a second run the same day
    sends nothing. Each person's mail is sent inside their own transaction, so a failed send leaves
    their notifications to the next run. Returns how many digests were sent."""
    access.check_actor(actor)
    today = timezone.localdate(now)
    sent = 0
    for user in recipients(today):
        try:
            with transaction.atomic():
                notes = list(
                    Notification.objects.select_for_update()
                    .filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True)
                    .order_by("-created_at", "-id")
                )
                if not notes:
                    continue
                Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
                Preference.objects.update_or_create(user=user, defaults={"digest_sent_on": today})
                build(user, notes, today).send()
        except Exception:  # one person's unreachable server must not stop the others' digests
            log.exception("digest to user %s not sent", user.pk)
            continue
        sent += 1
    return sent
