from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.accounts import services
from thidua.accounts.forms import GrantForm
from thidua.accounts.models import RoleGrant
from thidua.lib.errors import ServiceError, show_error
from thidua.units.models import Unit


@require_http_methods(["GET", "POST"])
def unit_roles(request, pk: int):
    """Who holds which role on a unit (and, inherited, on the units above it); grant a new one."""
    unit = access.get_unit(request.user, pk, Action.MANAGE_ACCESS)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_grant_to(actor=request.user, unit=unit, **data)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã cấp quyền cho %(user)s.") % {"user": data["username"]})
            return redirect("accounts:unit_roles", unit.pk)
    grants = RoleGrant.objects.filter(unit=unit).select_related("user").order_by("role", "user__username")
    inherited = (
        RoleGrant.objects.filter(unit__in=Unit.objects.ancestors(unit))
        .select_related("user", "unit")
        .order_by("unit__path")
    )
    return render(
        request,
        "accounts/unit_roles.html",
        {"unit": unit, "form": form, "grants": grants, "inherited": inherited},
    )


@require_POST
def role_revoke(request, pk: int):
    grant = access.get_for(
        request.user, RoleGrant.objects.select_related("unit", "user"), Action.MANAGE_ACCESS, pk=pk
    )
    try:
        services.role_revoke(actor=request.user, grant=grant)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã thu hồi quyền."))
    return redirect("accounts:unit_roles", grant.unit_id)
