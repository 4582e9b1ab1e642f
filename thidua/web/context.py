"""The navigation a user's roles allow, for the base layout."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua import access


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    homes = access.home_units(user)
    items = [(_("Tổng quan"), reverse("web:home"))]
    # Vietnamese names a list and one of its items alike ("Phong trào"); the context "plural" tells
    # the translator that the menu item names the list ("Movements", "Units", "People").
    items.append(
        (pgettext("plural", "Phong trào"), reverse("movements:list") if _has_url("movements:list") else None)
    )
    items.append(
        (_("Khen thưởng"), reverse("commendations:list") if _has_url("commendations:list") else None)
    )
    items.append((_("Văn bản"), reverse("documents:list") if _has_url("documents:list") else None))
    items.append((_("Điển hình"), reverse("examples:list") if _has_url("examples:list") else None))
    items.append((_("Khảo sát"), reverse("surveys:list") if _has_url("surveys:list") else None))
    if _has_url("statistics:index") and any(
        access.can(user, access.Action.STATISTICS_VIEW, unit) for unit in homes
    ):
        items.append((_("Thống kê"), reverse("statistics:index")))
    items.append((pgettext("plural", "Đơn vị"), reverse("units:list")))
    items.append((pgettext("plural", "Cá nhân"), reverse("people:list")))
    if any(access.can(user, access.Action.VIEW_AUDIT, unit) for unit in homes):
        items.append((_("Nhật ký"), reverse("audit:list")))
    if access.can_read_data_map(user):
        items.append((_("Dữ liệu cá nhân"), reverse("privacy:datamap")))
    if user.is_superuser:
        items.append((_("Quản trị"), reverse("admin:index")))
    return {"nav_items": [(label, url) for label, url in items if url], **_unread_notifications(user)}


# --- unread notifications (movements: overdue reminders) --------------------------------------


def _unread_notifications(user) -> dict:
    """The unread count for the badge in the navigation: one COUNT query, run only when a page
    shows the navigation (lazy), none without the app."""
    if not _has_url("movements:notifications"):
        return {}
    from django.utils.functional import SimpleLazyObject

    from thidua.movements.models import Notification

    def count() -> int:
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {
        "nav_unread": SimpleLazyObject(count),
        "nav_notifications_url": reverse("movements:notifications"),
    }


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True
