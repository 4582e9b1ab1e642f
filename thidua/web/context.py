"""The navigation a user's roles allow, for the base layout."""

import functools

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua import access


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    homes = access.home_units(user)
    items = [(_("Tổng quan"), _reverse("web:home"))]
    # Vietnamese names a list and one of its items alike ("Phong trào"); the context "plural" tells
    # the translator that the menu item names the list ("Movements", "Units", "People").
    items.append(
        (pgettext("plural", "Phong trào"), _reverse("movements:list") if _has_url("movements:list") else None)
    )
    items.append(
        (_("Khen thưởng"), _reverse("commendations:list") if _has_url("commendations:list") else None)
    )
    items.append((_("Văn bản"), _reverse("documents:list") if _has_url("documents:list") else None))
    items.append((_("Điển hình"), _reverse("examples:list") if _has_url("examples:list") else None))
    items.append((_("Khảo sát"), _reverse("surveys:list") if _has_url("surveys:list") else None))
    if _has_url("statistics:index") and any(
        access.can(user, access.Action.STATISTICS_VIEW, unit) for unit in homes
    ):
        items.append((_("Thống kê"), _reverse("statistics:index")))
    items.append((pgettext("plural", "Đơn vị"), _reverse("units:list")))
    items.append((pgettext("plural", "Cá nhân"), _reverse("people:list")))
    if any(access.can(user, access.Action.VIEW_AUDIT, unit) for unit in homes):
        items.append((_("Nhật ký"), _reverse("audit:list")))
    if _has_url("api_tokens:index") and any(
        access.can(user, access.Action.API_TOKEN_MANAGE, unit) for unit in homes
    ):
        items.append((_("Mã API"), _reverse("api_tokens:index")))
    if access.can_read_data_map(user):
        items.append((_("Dữ liệu cá nhân"), _reverse("privacy:datamap")))
    if user.is_superuser:
        items.append((_("Quản trị"), _reverse("admin:index")))
    return {"nav_items": [(label, url) for label, url in items if url], **_unread_notifications(user)}


# --- unread notifications (the bell) ---------------------------------------------------------


def _unread_notifications(user) -> dict:
    """The unread count for the bell in the header: one COUNT query, run only when a page shows
    the header (lazy), none without the app."""
    if not _has_url("notifications:list"):
        return {}
    from django.utils.functional import SimpleLazyObject

    from thidua.notifications.selectors import unread_count

    return {
        "nav_unread": SimpleLazyObject(lambda: unread_count(user)),
        "nav_notifications_url": _reverse("notifications:list"),
    }


def _has_url(name: str) -> bool:
    return _cached_url(get_urlconf(), get_script_prefix(), name) is not None


def _reverse(name: str) -> str:
    """`reverse(name)` of a page without arguments, worked out once per URL configuration and
    prefix: the menu asks for a dozen addresses on every page, and none depends on who asks."""
    url = _cached_url(get_urlconf(), get_script_prefix(), name)
    if url is None:
        raise NoReverseMatch(name)
    return url


@functools.lru_cache(maxsize=256)
def _cached_url(urlconf, prefix: str, name: str) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None
