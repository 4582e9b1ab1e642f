"""Screens of the reviews: a unit assessed against the criteria set, the review report drafted."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.lib.errors import ServiceError, show_error
from thidua.movements import services
from thidua.movements.models import ReviewPeriod
from thidua.movements.views._common import movement_for, unit_for
from thidua.units.models import Unit


def _criteria_rows(request, criteria, results) -> list[dict]:
    """One row per criterion: what was posted, else what was recorded."""
    posted = request.method == "POST"
    rows = []
    for c in criteria:
        result = results.get(c.pk)
        rows.append(
            {
                "criterion": c,
                "result": result,
                "met": request.POST.get(f"met_{c.pk}") == "1" if posted else bool(result and result.met),
                "evidence": request.POST.get(f"evidence_{c.pk}", "")
                if posted
                else getattr(result, "evidence", ""),
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def criteria_assess(request, pk: int):
    """Record each criterion of the movement's set as met or not, with evidence, for one unit."""
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT)
    if movement.criteria_set_id is None:
        raise Http404
    unit = unit_for(request, movement, None, required=False)
    criteria = list(movement.criteria_set.criteria.all())
    results = {r.criterion_id: r for r in movement.criterion_results.filter(unit=unit)}
    if request.method == "POST":
        answers = [
            (c, request.POST.get(f"met_{c.pk}") == "1", request.POST.get(f"evidence_{c.pk}", ""))
            for c in criteria
        ]
        try:
            services.criteria_assess(
                actor=request.user,
                movement=movement,
                unit=unit,
                results=answers,
                assessed_on=timezone.localdate(),
            )
        except ServiceError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã lưu kết quả đánh giá tiêu chí."))
            return redirect("movements:detail", movement.pk)
    context = {
        "movement": movement,
        "unit": unit,
        "rows": _criteria_rows(request, criteria, results),
        "met": sum(1 for r in results.values() if r.met) if request.method == "GET" else None,
        "total": len(criteria),
        "units": Unit.objects.subtree(movement.unit)
        .filter(kind__in=["commune", "hamlet"])
        .order_by("path")[:200],
    }
    return render(request, "movements/criteria_form.html", context)


@require_POST
def period_report(request, pk: int, period_pk: int):
    """Soạn báo cáo sơ kết / tổng kết: the review's report drafted from the figures, in the register."""
    movement = movement_for(request, pk, Action.DOCUMENT_EDIT)
    period = access.get_shared(
        request.user,
        ReviewPeriod.objects.filter(movement=movement),
        None,
        lambda p: movement.unit,
        pk=period_pk,
    )
    try:
        document = services.period_report_draft(actor=request.user, period=period)
    except ServiceError as exc:
        show_error(request, exc)
        return redirect("movements:detail", movement.pk)
    messages.success(request, _("Đã soạn dự thảo báo cáo; hãy bổ sung các phần được đánh dấu “CẦN BỔ SUNG”."))
    return redirect("documents:detail", document.pk)
