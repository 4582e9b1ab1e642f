from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua import access
from thidua.access import Action
from thidua.audit.selectors import entries_for_object
from thidua.lib.errors import ServiceError, show_error
from thidua.units import selectors, services
from thidua.units.forms import UnitForm
from thidua.units.models import Unit, UnitKind


@require_GET
def unit_list(request):
    query = request.GET.get("q", "")
    page = selectors.unit_search(request.user, query, request.GET.get("page", 1))
    template = "units/list.html#results" if request.htmx else "units/list.html"
    return render(request, template, {"page": page, "query": query})


@require_GET
def unit_detail(request, pk: int):
    unit = access.get_unit(request.user, pk)
    context = {
        "unit": unit,
        "ancestors": Unit.objects.ancestors(unit),
        "children": selectors.unit_children(unit, request.GET.get("page", 1)),
        "people_count": selectors.people_count(unit),
        "can_manage": access.can(request.user, Action.MANAGE_UNITS, unit),
        "can_audit": access.can(request.user, Action.VIEW_AUDIT, unit),
        "can_grant": access.can(request.user, Action.MANAGE_ACCESS, unit),
    }
    if unit.kind == UnitKind.HAMLET:
        context["households"] = selectors.unit_households(unit)
    if context["can_audit"]:
        context["entries"] = entries_for_object(unit)
    return render(request, "units/detail.html", context)


@require_http_methods(["GET", "POST"])
def unit_new(request, pk: int):
    parent = access.get_unit(request.user, pk, Action.MANAGE_UNITS)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, parent=parent, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
            return redirect("units:detail", unit.pk)
    return render(request, "units/form.html", {"form": form, "parent": parent})


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    unit = access.get_unit(request.user, pk, Action.MANAGE_UNITS)
    initial = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "code": unit.code or ""}
    form = UnitForm(request.POST or None, initial=initial, instance=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                name=data["name"],
                short_name=data["short_name"],
                code=data["code"],
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("units:detail", unit.pk)
    return render(request, "units/form.html", {"form": form, "unit": unit})
