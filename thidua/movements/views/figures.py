"""Screens of targets and figures: targets and the indicator catalogue, a unit's report for a
period, the figures workbook, the dashboard export, duties, reminders and notifications."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.files.responses import file_response
from thidua.jobs.models import JobKind
from thidua.jobs.views import offer_or_start
from thidua.lib import params
from thidua.lib.errors import ServiceError, show_error
from thidua.lib.excel import WorkbookError
from thidua.movements import selectors, services, workbook
from thidua.movements.forms import (
    DutyForm,
    FiguresImportForm,
    IndicatorForm,
    TargetForm,
    add_confirm,
    report_form,
)
from thidua.movements.models import (
    Duty,
    DutyStatus,
    Movement,
    MovementState,
    PeriodKind,
    PeriodState,
    ProgressReport,
    ReviewPeriod,
    Target,
)
from thidua.movements.views._common import default_year, movement_for, read_upload, unit_for, xlsx
from thidua.units.models import Unit


@require_http_methods(["GET", "POST"])
def target_new(request, pk: int):
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT)
    units = Unit.objects.subtree(movement.unit).order_by("path")
    form = TargetForm(request.POST or None, units=units, initial={"year": default_year(movement)})
    confirmed = bool(request.POST.get("confirm"))
    if confirmed:
        add_confirm(form)
    if request.method == "POST" and form.is_valid() and (confirmed or not _rate_unconfirmed(form)):
        form.cleaned_data.pop("confirm", None)
        try:
            services.target_set(actor=request.user, movement=movement, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("movements:target_new", movement.pk)
    context = {
        "movement": movement,
        "form": form,
        "indicator_form": IndicatorForm(prefix="ind"),
        "assigned": movement.targets.select_related("unit", "indicator"),
    }
    return render(request, "movements/target_form.html", context)


def _rate_unconfirmed(form) -> bool:
    """A target rate above 100 % is flagged and the confirmation box added; True when it was."""
    warning = services.rate_warning(form.cleaned_data["indicator"], form.cleaned_data["value"])
    if warning:
        form.add_error("value", f"{warning} {services.CONFIRM_HINT}")
        add_confirm(form)
    return bool(warning)


@require_POST
def indicator_new(request, pk: int):
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT)
    form = IndicatorForm(request.POST, prefix="ind")
    columns = [i for i in map(params.parse_id, request.POST.getlist("ind")) if i is not None]
    if form.is_valid():
        indicator = services.indicator_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã thêm chỉ tiêu vào danh mục."))
        columns.append(indicator.pk)
    else:
        for errors in form.errors.values():
            for msg in errors:
                messages.error(request, msg)
    if request.POST.get("next") == "grid":  # back to the grid, the new indicator as a column
        year = params.int_param(request, "year", low=params.YEAR_MIN, high=params.YEAR_MAX)
        query = urlencode({"year": year or default_year(movement), "ind": columns}, doseq=True)
        return redirect(f"{reverse('movements:target_grid', args=[movement.pk])}?{query}")
    return redirect("movements:target_new", movement.pk)


def _periods(movement: Movement) -> list[ReviewPeriod]:
    """The periods figures may be reported for: not the final review, none that has not begun."""
    today = timezone.localdate()
    return [p for p in movement.periods.all() if p.kind != PeriodKind.FINAL and p.start <= today]


def _report_period(movement: Movement, request) -> ReviewPeriod | None:
    """The period asked for, else the latest open one already begun, else the first."""
    periods = _periods(movement)
    wanted = request.GET.get("period") or request.POST.get("period")
    if wanted:
        return next((p for p in periods if str(p.pk) == wanted), None)
    open_periods = [p for p in periods if p.state == PeriodState.OPEN]
    return open_periods[-1] if open_periods else (periods[0] if periods else None)


def _ask_confirmation(form, period: ReviewPeriod, figures) -> bool:
    """Flag every figure that looks wrong and add the confirmation box; True when there is one."""
    found = False
    for target, value in figures:
        for warning in services.figure_warnings(target=target, period=period, value=value):
            form.add_error(f"value_{target.pk}", warning)
            found = True
    if found:
        add_confirm(form)
        form.add_error(None, services.CONFIRM_HINT)
    return found


@require_http_methods(["GET", "POST"])
def report_new(request, pk: int):
    movement = movement_for(request, pk)
    unit = unit_for(request, movement, Action.PROGRESS_REPORT, required=True)
    period = _report_period(movement, request)
    if period is None:
        raise Http404
    targets = list(
        Target.objects.filter(movement=movement, unit=unit, year=period.end.year).select_related(
            "indicator", "unit", "movement"
        )
    )
    existing = {
        r.target_id: r.value for r in ProgressReport.objects.filter(period=period, target__in=targets)
    }
    confirmed = bool(request.POST.get("confirm"))
    form = report_form(
        targets, request.POST or None, request.FILES or None, initial_values=existing, confirm=confirmed
    )
    if request.method == "POST" and form.is_valid():
        figures = [
            (target, form.cleaned_data[f"value_{target.pk}"])
            for target in targets
            if form.cleaned_data.get(f"value_{target.pk}") is not None
        ]
        if not confirmed and _ask_confirmation(form, period, figures):
            return render(
                request, "movements/report_form.html", _report_context(movement, unit, period, form)
            )
        try:
            services.progress_report_many(
                actor=request.user,
                movement=movement,
                unit=unit,
                period=period,
                figures=figures,
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
                as_of=min(period.end, timezone.localdate()),
                confirmed=confirmed,
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request,
                _("Đã lưu %(n)s số liệu kỳ %(period)s.") % {"n": len(figures), "period": period.display_name},
            )
            return redirect("movements:detail", movement.pk)
    return render(request, "movements/report_form.html", _report_context(movement, unit, period, form))


def _report_context(movement: Movement, unit: Unit, period: ReviewPeriod, form) -> dict:
    return {
        "movement": movement,
        "unit": unit,
        "period": period,
        "periods": _periods(movement),
        "form": form,
        "has_targets": any(name.startswith("value_") for name in form.fields),
        "evidence": _evidence_sent(movement, unit, period),
    }


def _evidence_sent(movement: Movement, unit: Unit, period: ReviewPeriod) -> list[ProgressReport]:
    """One report per stored file of evidence the unit sent for the period (a file sent for
    several figures is listed once)."""
    reports = ProgressReport.objects.filter(
        period=period, target__movement=movement, target__unit=unit, evidence__isnull=False
    ).select_related("evidence")
    return list({report.evidence_id: report for report in reports.order_by("-pk")}.values())


@require_GET
def report_evidence(request, pk: int, report_pk: int):
    """A report's evidence, for whoever may see the reporting unit (404 otherwise); never /media/."""
    movement = movement_for(request, pk)
    report = access.get_for(
        request.user,
        ProgressReport.objects.select_related("evidence", "target__unit"),
        Action.VIEW,
        unit_of=lambda r: r.target.unit,
        pk=report_pk,
        target__movement=movement,
        evidence__isnull=False,
    )
    return file_response(report.evidence)


@require_POST
def overdue_remind(request, pk: int):
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT)
    count = services.overdue_remind(actor=request.user, movement=movement, today=timezone.localdate())
    messages.success(request, _("Đã gửi %(n)s lời nhắc.") % {"n": count})
    return redirect("movements:detail", movement.pk)


@require_GET
def notifications(request):
    """The notifications moved to their own app; old links and bookmarks land there."""
    return redirect("notifications:list", permanent=True)


# --- Excel -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def dashboard_export(request, pk: int):
    movement = movement_for(request, pk)
    year = params.int_param(request, "year", low=params.YEAR_MIN, high=params.YEAR_MAX)
    size = movement.targets.count()
    if size > settings.THIDUA_JOB_ROWS or request.method == "POST":
        # A large movement's export is prepared in the background (thidua/jobs), with a progress bar.
        return offer_or_start(
            request,
            kind=JobKind.MOVEMENT_DASHBOARD,
            unit=movement.unit,
            params={"movement": movement.pk, "year": year},
            file_name=f"phong-trao-{movement.pk}-{year or default_year(movement)}.xlsx",
            size=size,
        )
    board = selectors.dashboard(movement, year=year, today=timezone.localdate(), viewer=request.user)
    return xlsx(workbook.dashboard_workbook(board), f"phong-trao-{movement.pk}-{board.year}.xlsx")


@require_GET
def figures_template(request, pk: int):
    movement = movement_for(request, pk)
    unit = unit_for(request, movement, Action.PROGRESS_REPORT, required=False)
    wb = workbook.figures_workbook(movement, unit=unit, period=_report_period(movement, request))
    return xlsx(wb, f"so-lieu-{movement.pk}-{unit.pk}.xlsx")


@require_http_methods(["GET", "POST"])
def figures_import(request, pk: int):
    movement = movement_for(request, pk)
    unit = unit_for(request, movement, Action.PROGRESS_REPORT, required=False)
    form = FiguresImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = workbook.import_figures(
                actor=request.user,
                movement=movement,
                unit=unit,
                data=read_upload(form.cleaned_data["file"]),
                only_valid=form.cleaned_data["only_valid"],
            )
        except WorkbookError as exc:
            form.add_error("file", str(exc))
        else:
            if report.saved:
                messages.success(
                    request, _("Đã nhập %(n)s số liệu.") % {"n": report.created + report.updated}
                )
    context = {
        "movement": movement,
        "unit": unit,
        "form": form,
        "report": report,
        "today": timezone.localdate(),
    }
    return render(request, "movements/import.html", context)


# --- duties ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def duty_list(request, pk: int):
    """Tổ chức thực hiện: who does what by when; the officer assigns, the unit marks its progress."""
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT if request.method == "POST" else None)
    user = request.user
    can_edit = (
        access.can(user, Action.MOVEMENT_EDIT, movement.unit) and movement.state != MovementState.CLOSED
    )
    form = DutyForm(request.POST or None, units=Unit.objects.subtree(movement.unit).order_by("path"))
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_add(actor=user, movement=movement, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã giao nhiệm vụ."))
            return redirect("movements:duties", movement.pk)
    page = Paginator(movement.duties.select_related("unit"), 25).get_page(request.GET.get("page", 1))
    today = timezone.localdate()
    rows = [
        {
            "duty": duty,
            "done": duty.status == DutyStatus.DONE,
            "late": duty.due_date is not None and duty.due_date < today and duty.status != DutyStatus.DONE,
            "can_mark": can_edit or access.can(user, Action.PROGRESS_REPORT, duty.unit),
        }
        for duty in page
    ]
    context = {
        "movement": movement,
        "page": page,
        "rows": rows,
        "form": form if can_edit else None,
        "statuses": DutyStatus.choices,
    }
    return render(request, "movements/duties.html", context)


@require_POST
def duty_status(request, pk: int):
    duty = access.get_shared(
        request.user,
        Duty.objects.select_related("movement__unit", "unit"),
        None,
        lambda d: d.movement.unit,
        pk=pk,
    )
    try:
        services.duty_set_status(actor=request.user, duty=duty, status=request.POST.get("status", ""))
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã cập nhật tình trạng nhiệm vụ."))
    return redirect("movements:duties", duty.movement_id)
