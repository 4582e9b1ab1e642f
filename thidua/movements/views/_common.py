"""What every movement screen starts from: the movement (or a record of it) fetched through
`access`, the units a person may plan for, and the workbook response."""

import io

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from thidua import access
from thidua.access import Action
from thidua.lib import params
from thidua.lib.downloads import attachment
from thidua.movements.models import Movement
from thidua.units.models import Unit

PLANNING_KINDS = ["nation", "province", "district", "commune", "hamlet"]


def movement_for(request: HttpRequest, pk: int, action: Action | None = None) -> Movement:
    queryset = Movement.objects.select_related("unit", "parent__unit", "criteria_set", "plan_document")
    return access.get_shared(request.user, queryset, action, lambda m: m.unit, pk=pk)


def unit_for(request: HttpRequest, movement: Movement, action: Action | None, *, required: bool) -> Unit:
    """The unit of the movement named by `?unit=` (the movement's own unit when not required and
    absent); 404 outside the movement, 403 when the user may not perform `action` on it."""
    if not (request.GET.get("unit") or request.POST.get("unit")):
        if required:
            raise Http404
        unit = movement.unit
    else:
        unit_id = params.id_param(request, "unit")
        unit = Unit.objects.subtree(movement.unit).filter(pk=unit_id).first() if unit_id else None
        if unit is None:
            raise Http404
    access.require_shared(request.user, action, movement.unit, act_on=unit)
    return unit


def editable_units(user) -> QuerySet[Unit]:
    """Units where the user may plan a movement (the subtrees of their planning grants)."""
    qs = Unit.objects.none()
    for home in access.home_units(user):
        if access.can(user, Action.MOVEMENT_EDIT, home):
            qs = qs | Unit.objects.subtree(home)
    return qs.order_by("path")


def planning_units(user) -> QuerySet[Unit]:
    return editable_units(user).filter(kind__in=PLANNING_KINDS)


def default_year(movement: Movement) -> int:
    return min(max(timezone.localdate().year, movement.period_start.year), movement.period_end.year)


def xlsx(wb, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    wb.save(buffer)
    return attachment(buffer.getvalue(), filename)


def read_upload(upload) -> bytes:
    """The bytes of an uploaded workbook, refused before reading when it is too large."""
    from django.utils.translation import gettext as _

    from thidua.lib.excel import WorkbookError
    from thidua.lib.limits import max_upload_bytes

    limit = max_upload_bytes()
    if upload.size > limit:
        raise WorkbookError(_("Tệp quá lớn; giới hạn là %(mb)s MB.") % {"mb": limit // 2**20})
    return upload.read()
