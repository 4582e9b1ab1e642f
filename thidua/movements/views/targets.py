"""The grid of targets: units down, indicators across, the whole year's targets assigned in one
submit (typed, or pasted from an Excel sheet), last year's shown beside each box."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from thidua.access import Action
from thidua.lib import params
from thidua.lib.errors import ServiceError, show_error
from thidua.movements import services
from thidua.movements.forms import IndicatorForm, TargetGridForm, add_confirm
from thidua.movements.grid import target_grid
from thidua.movements.models import Movement
from thidua.movements.views._common import default_year, movement_for


def _grid_year(request, movement: Movement) -> int:
    first, last = movement.period_start.year, movement.period_end.year
    return params.int_param(request, "year", low=first, high=last) or default_year(movement)


def _added_columns(request) -> tuple[int, ...]:
    raw = request.GET.getlist("ind") + request.POST.getlist("ind")
    return tuple(dict.fromkeys(i for i in map(params.parse_id, raw) if i is not None))


def _save(request, movement: Movement, form: TargetGridForm, year: int) -> bool:
    """Check every cell, show each problem beside its cell, save all through one service or none."""
    confirmed = bool(form.cleaned_data.get("confirm"))
    cells = form.cells()
    errors = services.target_cells_check(movement=movement, year=year, cells=cells, confirmed=confirmed)
    if errors:
        form.add_cell_errors(errors)
        if "confirm" not in form.fields and any(services.CONFIRM_HINT in m for m in errors.values()):
            add_confirm(form)
        return False
    try:
        result = services.targets_assign(
            actor=request.user, movement=movement, year=year, cells=cells, confirmed=confirmed
        )
    except ServiceError as exc:
        show_error(request, exc, form)
        return False
    messages.success(
        request,
        _("Đã lưu chỉ tiêu năm %(year)s: %(created)s giao mới, %(updated)s sửa, %(removed)s bỏ.")
        % {"year": year, **result._asdict()},
    )
    return True


def _summarise(form: TargetGridForm) -> None:
    """Above the grid: how many cells are wrong, and that none was saved."""
    count = sum(1 for name in form.errors if name.startswith("c_"))
    if count:
        message = ngettext(
            "%(n)s ô chưa đúng; chưa lưu ô nào. Sửa ô được đánh dấu đỏ rồi lưu lại.",
            "%(n)s ô chưa đúng; chưa lưu ô nào. Sửa các ô được đánh dấu đỏ rồi lưu lại.",
            count,
        )
        form.add_error(None, message % {"n": count})


@require_http_methods(["GET", "POST"])
def target_grid_view(request, pk: int):
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT)
    year = _grid_year(request, movement)
    added = _added_columns(request)
    grid = target_grid(movement, year, add=added)
    posting = request.method == "POST"
    form = TargetGridForm(request.POST if posting else None, grid=grid, confirm="confirm" in request.POST)
    if posting and form.is_valid() and _save(request, movement, form, year):
        return redirect(f"{reverse('movements:target_grid', args=[movement.pk])}?year={year}")
    if posting:
        _summarise(form)
    context = {
        "movement": movement,
        "form": form,
        "grid": grid,
        "year": year,
        "years": range(movement.period_start.year, movement.period_end.year + 1),
        "added": [i.pk for i in grid.indicators if i.pk in added],
        "confirm_field": form["confirm"] if "confirm" in form.fields else None,
        "indicator_form": IndicatorForm(prefix="ind"),
        "assigned": movement.targets.select_related("unit", "indicator"),
    }
    return render(request, "movements/target_grid.html", context)
