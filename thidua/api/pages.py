"""The admin's pages for the API's tokens (`/api-tokens/`): list a unit's tokens, make one (its
secret shown on that one answer, never again), revoke one after a confirmation. Every change goes
through `services` (audited); every object through `access` (API_TOKEN_MANAGE on the token's unit)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from thidua import access
from thidua.access import Action
from thidua.api import selectors, services
from thidua.api.forms import TokenForm
from thidua.api.models import ApiToken
from thidua.lib.errors import ServiceError, show_error


def managed_units(user) -> list:
    """The units whose tokens the user manages: their own units where they are an admin."""
    return [unit for unit in access.home_units(user) if access.can(user, Action.API_TOKEN_MANAGE, unit)]


@require_GET
def token_index(request: HttpRequest) -> HttpResponse:
    """The menu's entry: straight to the one unit the admin manages, else the list of them."""
    units = managed_units(request.user)
    if not units:
        raise Http404
    if len(units) == 1:
        return redirect("api_tokens:unit", units[0].pk)
    return render(request, "api/token_index.html", {"units": units})


def _rows(unit, today):
    rows = list(selectors.tokens_within(unit))
    for token in rows:
        if token.revoked_at is not None:
            token.state_label, token.state = _("Đã thu hồi"), "revoked"
        elif not token.is_active(today):
            token.state_label, token.state = _("Hết hạn"), "expired"
        else:
            token.state_label, token.state = _("Đang dùng"), "active"
    return rows


@never_cache  # the answer to a new token holds its secret: no cache keeps it
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's tokens and those of the units below it; a new one for the unit or a unit right below."""
    unit = access.get_unit(request.user, pk, Action.API_TOKEN_MANAGE)
    form = TokenForm(request.POST or None, units=selectors.token_units(unit))
    created = secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created, secret = services.api_token_create(
                actor=request.user,
                unit=data["unit"],
                label=data["label"],
                report_figures=data["report_figures"],
                expires_on=data["expires_on"],
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            form = TokenForm(units=selectors.token_units(unit))
    context = {
        "unit": unit,
        "form": form,
        "tokens": _rows(unit, timezone.localdate()),
        "created": created,
        "secret": secret,
    }
    return render(request, "api/tokens.html", context)


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; revoking stops the token at once and cannot be undone (a new token is made instead)."""
    token = access.get_for(
        request.user, ApiToken.objects.select_related("unit"), Action.API_TOKEN_MANAGE, pk=pk
    )
    back = _back(request, token)
    if request.method == "POST":
        try:
            services.api_token_revoke(actor=request.user, token=token)
        except ServiceError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã thu hồi mã “%(label)s”.") % {"label": token.label})
        return redirect("api_tokens:unit", back.pk)
    return render(request, "api/token_revoke.html", {"token": token, "back": back})


def _back(request: HttpRequest, token: ApiToken):
    """The page the admin came from (a unit above the token's they manage), else the token's unit."""
    raw = request.POST.get("back") or request.GET.get("back")
    if raw and raw.isdigit():
        try:
            unit = access.get_unit(request.user, int(raw), Action.API_TOKEN_MANAGE)
        except (Http404, PermissionDenied):
            return token.unit
        if token.unit.path.startswith(unit.path):
            return unit
    return token.unit
