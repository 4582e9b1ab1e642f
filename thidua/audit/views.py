from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua import access
from thidua.access import Action
from thidua.audit.selectors import entries_for_unit


@require_GET
def audit_list(request):
    """The audit log of one unit's subtree (by default the user's first home unit)."""
    unit_id = request.GET.get("unit")
    if unit_id:
        unit = access.get_unit(request.user, unit_id, Action.VIEW_AUDIT)
    else:
        homes = [u for u in access.home_units(request.user) if access.can(request.user, Action.VIEW_AUDIT, u)]
        if not homes:
            raise Http404
        unit = homes[0]
    page = entries_for_unit(unit, request.GET.get("page", 1))
    return render(request, "audit/list.html", {"unit": unit, "page": page})
