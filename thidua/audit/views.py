from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua import access
from thidua.access import Action
from thidua.audit.selectors import entries_for_unit
from thidua.privacy import reads


@require_GET
def audit_list(request):
    """The audit log of one unit's subtree (by default the user's first home unit)."""
    unit = access.get_unit_or_home(request.user, request.GET.get("unit"), Action.VIEW_AUDIT)
    page = entries_for_unit(unit, request.GET.get("page", 1))
    # Contacts and conduct in the entries: masked for whoever may not read them, logged when shown.
    shown = reads.audit_shown_to(request.user, page)
    reads.reads_record(reader=request.user, place=request.get_full_path(), reads=shown)
    context = {"unit": unit, "page": page, "show_reads": access.can_see_contact_on(request.user, unit)}
    return render(request, "audit/list.html", context)
