from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.accounts import services
from thidua.accounts.forms import GrantForm
from thidua.accounts.models import RoleGrant
from thidua.units.models import Unit


@require_http_methods(["GET", "POST"])
def unit_roles(request, pk: int):
    """Who holds which role on a unit (and, inherited, on the units above it); grant a new one."""
    unit = access.get_unit(request.user, pk, Action.MANAGE_ACCESS)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.role_grant_to(
            actor=request.user,
            unit=unit,
            username=data["username"],
            role=data["role"],
            title=data["title"],
            full_name=data["full_name"],
            password=data["password"],
        )
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
    if grant.user_id == request.user.pk and grant.role == "admin":
        messages.error(request, _("Bạn không thể tự thu hồi quyền quản trị của chính mình."))
    else:
        services.role_revoke(actor=request.user, grant=grant)
        messages.success(request, _("Đã thu hồi quyền."))
    return redirect("accounts:unit_roles", grant.unit_id)
