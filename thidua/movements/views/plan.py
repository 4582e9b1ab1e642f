"""Screens of the plan: the list, a new or edited plan, the dashboard, the life cycle, the cascade,
the plan drafted as a document, and a draft read from a plan received from above."""

import itertools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.lib import params
from thidua.lib.errors import ServiceError, show_error
from thidua.movements import charts, selectors, services
from thidua.movements.forms import (
    MOVEMENT_FORM_FIELDS,
    DutyDraftFormSet,
    MovementForm,
    PlanUploadForm,
    ResultsPublicForm,
    copy_initial,
    quota_initial,
)
from thidua.movements.models import Movement, MovementState, PeriodKind, UnitYearStanding
from thidua.movements.views._common import default_year, editable_units, movement_for, planning_units
from thidua.units.models import Unit


@require_GET
def movement_list(request):
    page = selectors.movement_list(
        request.user,
        query=request.GET.get("q", ""),
        state=request.GET.get("state", ""),
        page=request.GET.get("page", 1),
    )
    context = {
        "page": page,
        "query": request.GET.get("q", ""),
        "state": request.GET.get("state", ""),
        "states": MovementState.choices,
        "can_add": planning_units(request.user).exists(),
    }
    return render(request, "movements/list.html", context)


def _plan_data(form: MovementForm) -> dict:
    data = {name: form.cleaned_data[name] for name in MOVEMENT_FORM_FIELDS}
    return data | {"quotas": form.quotas(), "awards": form.cleaned_data["awards"]}


def _copy_source(request, units) -> Movement | None:
    """The earlier plan named by `from` (the page's link or the form's hidden box) to start from:
    one the user may plan for, else 404 / 403."""
    if not request.GET.get("from") and not request.POST.get("from"):
        return None
    source_id = params.id_param(request, "from")
    if source_id is None:
        raise Http404
    source = movement_for(request, source_id, Action.MOVEMENT_EDIT)
    if not units.filter(pk=source.unit_id).exists():
        raise Http404
    return source


def _plans_above(user, units, limit: int = 20) -> list[tuple[Movement, list[Unit]]]:
    """Plans of the units above the user's, launched and still open, that the user's units have
    not yet implemented, with the units that may implement each."""
    above = {a.pk for unit in units if unit.parent_id for a in Unit.objects.ancestors(unit)}
    open_plans = (
        selectors.visible_movements(user)
        .filter(unit__in=above, state__in=(MovementState.LAUNCHED, MovementState.RUNNING))
        .select_related("unit")
        .order_by("-period_start", "name")
    )
    result = []
    for plan in open_plans[:limit]:
        implementing = selectors.units_for_implementation(user, plan)
        if implementing:
            result.append((plan, implementing))
    return result


def _starting_points(user, units) -> dict:
    """What a new plan may start from: an earlier plan of the unit, or a plan received from above."""
    earlier = Movement.objects.filter(unit__in=units).select_related("unit").order_by("-period_start", "name")
    homes = [u for u in access.home_units(user) if access.can(user, Action.MOVEMENT_EDIT, u)]
    return {"earlier": earlier[:30], "plans_above": _plans_above(user, homes)}


@require_http_methods(["GET", "POST"])
def movement_new(request):
    units = planning_units(request.user)
    if not units.exists():
        raise Http404
    source = _copy_source(request, units)
    initial = copy_initial(source, today=timezone.localdate()) if source else None
    form_units = units.filter(pk=source.unit_id) if source else units
    form = MovementForm(request.POST or None, units=form_units, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            if source is not None:
                movement = services.movement_copy(
                    actor=request.user, source=source, unit=unit, **_plan_data(form)
                )
            else:
                movement = services.movement_create(actor=request.user, unit=unit, **_plan_data(form))
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã tạo dự thảo phong trào."))
            return redirect("movements:detail", movement.pk)
    context: dict = {"form": form, "source": source}
    if source is not None:
        context["source_targets"] = source.targets.count()
        context["source_duties"] = source.duties.count()
    elif request.method == "GET":
        context |= _starting_points(request.user, units)
    return render(request, "movements/form.html", context)


@require_http_methods(["GET", "POST"])
def movement_edit(request, pk: int):
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT)
    form = MovementForm(request.POST or None, instance=movement, initial=quota_initial(movement))
    if request.method == "POST" and form.is_valid():
        movement.refresh_from_db()  # the form wrote its fields on the instance; the service sets them
        try:
            services.movement_update(actor=request.user, movement=movement, **_plan_data(form))
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("movements:detail", movement.pk)
    return render(request, "movements/form.html", {"form": form, "movement": movement})


REPORT_BUTTONS = 6  # the page offers "Báo cáo số liệu" for the first units in tree order


def _report_units(user, movement: Movement) -> list[Unit]:
    if movement.state not in (MovementState.LAUNCHED, MovementState.RUNNING):
        return []
    # The read model's rows of units' years: a few hundred, however many targets and years.
    ids = UnitYearStanding.objects.filter(movement=movement, targets__gt=0).values_list("unit_id", flat=True)
    units = (
        u
        for u in Unit.objects.filter(pk__in=ids).order_by("path")
        if access.can(user, Action.PROGRESS_REPORT, u)
    )
    return list(itertools.islice(units, REPORT_BUTTONS))


def _actions(user, movement: Movement) -> dict:
    """Which buttons the dashboard shows; the services decide whether the click is allowed."""
    unit, state = movement.unit, movement.state
    can_edit = access.can(user, Action.MOVEMENT_EDIT, unit)
    can_launch = access.can(user, Action.MOVEMENT_LAUNCH, unit)
    is_open = state in (MovementState.LAUNCHED, MovementState.RUNNING)
    return {
        "can_edit": can_edit and state != MovementState.CLOSED,
        "can_launch": can_launch and state == MovementState.DRAFT,
        "can_start": can_edit and state == MovementState.LAUNCHED,
        "can_close": can_launch and is_open,
        "can_plan": can_edit and access.can(user, Action.DOCUMENT_EDIT, unit),
        "can_review": access.can(user, Action.COMMITMENT_REVIEW, unit),
        "can_report": access.can(user, Action.DOCUMENT_EDIT, unit),
        "can_publish": can_edit,
        "is_open": is_open,
        "commit_units": selectors.units_for_commitment(user, movement, default_year(movement))
        if is_open
        else [],
        "implement_units": selectors.units_for_implementation(user, movement) if is_open else [],
        "report_units": _report_units(user, movement),
    }


@require_GET
def movement_detail(request, pk: int):
    movement = movement_for(request, pk)
    year = params.int_param(request, "year", low=params.YEAR_MIN, high=params.YEAR_MAX)
    board = selectors.dashboard(movement, year=year, today=timezone.localdate(), viewer=request.user)
    year_chart = ""
    if len(board.by_year) > 1:
        year_chart = charts.line_chart(board.by_year, title=_("Mức hoàn thành bình quân theo năm"))
    context = {
        "movement": movement,
        "board": board,
        "overdue_page": Paginator(board.overdue, 20).get_page(request.GET.get("overdue_page", 1)),
        "page": Paginator(board.targets, 25).get_page(request.GET.get("page", 1)),
        "ranking_page": Paginator(board.by_unit, 25).get_page(request.GET.get("rank_page", 1)),
        "chart": charts.line_chart(board.chart, title=_("Mức hoàn thành bình quân theo kỳ")),
        "year_chart": year_chart,
        "children": board.children,
        "quotas": movement.quotas.all(),
        "duties": movement.duties.select_related("unit"),
        "periods": movement.periods.select_related("report_document"),
        "review_kinds": (PeriodKind.YEAR, PeriodKind.FINAL),
        "final_kind": PeriodKind.FINAL,
        "covenants": movement.covenants.prefetch_related("units"),
    }
    return render(request, "movements/detail.html", context | _actions(request.user, movement))


def _transition(request, pk: int, action: Action, service):
    movement = movement_for(request, pk, action)
    try:
        service(actor=request.user, movement=movement)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _("Đã chuyển phong trào sang trạng thái “%(state)s”.") % {"state": movement.get_state_display()},
        )
    return redirect("movements:detail", movement.pk)


@require_POST
def movement_launch(request, pk: int):
    return _transition(request, pk, Action.MOVEMENT_LAUNCH, services.movement_launch)


@require_POST
def movement_start(request, pk: int):
    return _transition(request, pk, Action.MOVEMENT_EDIT, services.movement_start)


@require_POST
def movement_close(request, pk: int):
    return _transition(request, pk, Action.MOVEMENT_LAUNCH, services.movement_close)


@require_POST
def movement_results_public(request, pk: int):
    """The launching unit publishes the results to every unit taking part, or withdraws them."""
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT)
    form = ResultsPublicForm(request.POST)
    form.is_valid()  # a single tick box: absent means "not published"
    public = bool(form.cleaned_data.get("public"))
    try:
        services.movement_results_publish(actor=request.user, movement=movement, public=public)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        if public:
            messages.success(request, _("Đã công bố kết quả cho các đơn vị tham gia."))
        else:
            messages.success(request, _("Đã thôi công bố kết quả; mỗi đơn vị chỉ xem kết quả của mình."))
    return redirect("movements:detail", movement.pk)


@require_POST
def movement_implement(request, pk: int):
    parent = movement_for(request, pk)
    unit_id = request.POST.get("unit")
    if not unit_id:
        raise Http404
    unit = access.get_unit(request.user, unit_id, Action.MOVEMENT_EDIT)
    try:
        child = services.movement_implement(actor=request.user, parent_movement=parent, unit=unit)
    except ServiceError as exc:
        show_error(request, exc)
        return redirect("movements:detail", parent.pk)
    messages.success(
        request,
        _("Đã tạo dự thảo kế hoạch thực hiện tại %(unit)s; hãy bổ sung nội dung.") % {"unit": unit.name},
    )
    return redirect("movements:edit", child.pk)


@require_POST
def movement_plan(request, pk: int):
    """Soạn kế hoạch: the plan document drafted from the movement's data, in the register."""
    movement = movement_for(request, pk, Action.DOCUMENT_EDIT)
    try:
        document = services.movement_plan_draft(actor=request.user, movement=movement)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("Đã soạn dự thảo kế hoạch (%(abstract)s).") % {"abstract": document.abstract}
        )
    return redirect("movements:detail", movement.pk)


# --- a plan received from above → a draft movement --------------------------------------

READ_HINT = gettext_lazy("Đọc từ văn bản")
GUESS_HINT = gettext_lazy("Suy đoán từ văn bản – hãy kiểm tra")


def _mark(form, read: set[str], guessed: set[str]) -> None:
    """Highlight the fields filled from the document, more strongly those that were guessed."""
    for name in read | guessed:
        if name in form.fields:
            field = form.fields[name]
            field.widget.attrs["class"] = "mv-guessed" if name in guessed else "mv-read"
            hint = str(GUESS_HINT if name in guessed else READ_HINT)
            field.help_text = f"{field.help_text} · {hint}" if field.help_text else hint


def _read_upload(upload: PlanUploadForm, units, duty_units) -> dict:
    """The draft read from the uploaded plan, for the officer to check (or the upload's error)."""
    from thidua.documents.reader import DocumentReadError, read_document
    from thidua.movements.paperwork import read_plan

    file = upload.cleaned_data["file"]
    try:
        parsed = read_document(file.read(), file.name)
    except DocumentReadError as exc:
        upload.add_error("file", str(exc))
        return {}
    reading = read_plan(parsed, unit=upload.cleaned_data["unit"])
    form = MovementForm(initial=reading.initial, units=units)
    _mark(form, reading.read, reading.guessed)
    duties = DutyDraftFormSet(
        prefix="duties",
        initial=[{"unit": d.unit, "text": d.text} for d in reading.duties],
        form_kwargs={"units": duty_units},
    )
    return {
        "form": form,
        "duties": duties,
        "warnings": reading.warnings,
        "read": ",".join(sorted(reading.read)),
        "guessed": ",".join(sorted(reading.guessed)),
        "filename": file.name,
    }


@require_http_methods(["GET", "POST"])
def movement_from_document(request):
    """Upload a plan received from above, check the pre-filled draft movement, then save it."""
    units = planning_units(request.user)
    if not units.exists():
        raise Http404
    duty_units = editable_units(request.user)
    saving = request.method == "POST" and "save" in request.POST
    upload = PlanUploadForm(
        request.POST if request.method == "POST" and not saving else None,
        request.FILES or None,
        units=units,
        initial={"unit": units.first()},
    )
    context = {"upload": upload}
    if request.method == "POST" and not saving and upload.is_valid():
        context |= _read_upload(upload, units, duty_units)
    elif saving:
        form = MovementForm(request.POST, units=units)
        duties = DutyDraftFormSet(request.POST, prefix="duties", form_kwargs={"units": duty_units})
        read = {n for n in request.POST.get("read_fields", "").split(",") if n}
        guessed = {n for n in request.POST.get("guessed_fields", "").split(",") if n}
        if form.is_valid() and duties.is_valid():
            rows = [
                (d.cleaned_data["unit"], d.cleaned_data["text"], d.cleaned_data.get("due_date"))
                for d in duties
                if d.cleaned_data.get("unit")
            ]
            try:
                movement = services.movement_from_plan(
                    actor=request.user, unit=form.cleaned_data["unit"], duties=rows, **_plan_data(form)
                )
            except ValidationError as exc:
                show_error(request, exc, form)
            else:
                messages.success(request, _("Đã tạo dự thảo phong trào từ kế hoạch của cấp trên."))
                return redirect("movements:detail", movement.pk)
        _mark(form, read, guessed)
        context |= {
            "form": form,
            "duties": duties,
            "read": ",".join(sorted(read)),
            "guessed": ",".join(sorted(guessed)),
        }
    return render(request, "movements/from_document.html", context)
