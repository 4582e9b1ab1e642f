import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.lib.excel import WorkbookError
from thidua.lib.text import fold
from thidua.movements import charts, selectors, services, workbook
from thidua.movements.forms import (
    MOVEMENT_FORM_FIELDS,
    CommitmentForm,
    CommitmentsImportForm,
    CovenantForm,
    DutyDraftFormSet,
    DutyForm,
    FiguresImportForm,
    IndicatorForm,
    MovementForm,
    PlanUploadForm,
    PledgeFormSet,
    ReturnForm,
    TargetForm,
    report_form,
)
from thidua.movements.models import (
    Commitment,
    CommitmentState,
    Duty,
    DutyStatus,
    Movement,
    MovementState,
    Notification,
    Participation,
    PeriodKind,
    PeriodState,
    ProgressReport,
    ReviewPeriod,
    Target,
)
from thidua.people.models import Person
from thidua.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _movement(request, pk: int) -> Movement:
    movement = get_object_or_404(
        Movement.objects.select_related("unit", "parent__unit", "criteria_set", "plan_document"), pk=pk
    )
    selectors.require_see(request.user, movement)
    return movement


def _error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, msgs in exc.message_dict.items():
            for msg in msgs:
                form.add_error(name if name in form.fields else None, msg)
    else:
        for msg in exc.messages:
            form.add_error(None, msg)


def _editable_units(user):
    homes = [u for u in access.home_units(user) if access.can(user, Action.MOVEMENT_EDIT, u)]
    qs = Unit.objects.none()
    for home in homes:
        qs = qs | Unit.objects.subtree(home)
    return qs.filter(kind__in=["nation", "province", "district", "commune", "hamlet"]).order_by("path")


@require_GET
def movement_list(request):
    page = selectors.movement_list(
        request.user,
        query=request.GET.get("q", ""),
        state=request.GET.get("state", ""),
        page=request.GET.get("page", 1),
    )
    can_add = _editable_units(request.user).exists()
    return render(
        request,
        "movements/list.html",
        {
            "page": page,
            "query": request.GET.get("q", ""),
            "state": request.GET.get("state", ""),
            "states": MovementState.choices,
            "can_add": can_add,
        },
    )


@require_http_methods(["GET", "POST"])
def movement_new(request):
    units = _editable_units(request.user)
    if not units.exists():
        raise Http404
    form = MovementForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MOVEMENT_FORM_FIELDS}
        try:
            movement = services.movement_create(actor=request.user, unit=form.cleaned_data["unit"], **data)
            for kind, count in form.quotas():
                services.quota_set(
                    actor=request.user,
                    movement=movement,
                    recipient_kind=kind,
                    per_period=count,
                    awards=form.cleaned_data["awards"],
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo phong trào."))
            return redirect("movements:detail", movement.pk)
    return render(request, "movements/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def movement_edit(request, pk: int):
    movement = _movement(request, pk)
    selectors.require_on(request.user, movement, Action.MOVEMENT_EDIT)
    quotas = {q.recipient_kind: q for q in movement.quotas.all()}
    initial = {
        "quota_collective": getattr(quotas.get("collective"), "per_period", None),
        "quota_individual": getattr(quotas.get("individual"), "per_period", None),
        "quota_household": getattr(quotas.get("household"), "per_period", None),
        "awards": next((q.awards for q in quotas.values() if q.awards), ""),
    }
    form = MovementForm(request.POST or None, instance=movement, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MOVEMENT_FORM_FIELDS}
        movement.refresh_from_db()
        try:
            services.movement_update(actor=request.user, movement=movement, **data)
            for kind, count in form.quotas():
                services.quota_set(
                    actor=request.user,
                    movement=movement,
                    recipient_kind=kind,
                    per_period=count,
                    awards=form.cleaned_data["awards"],
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("movements:detail", movement.pk)
    return render(request, "movements/form.html", {"form": form, "movement": movement})


@require_GET
def movement_detail(request, pk: int):
    movement = _movement(request, pk)
    user = request.user
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    board = selectors.dashboard(movement, year=year, today=timezone.localdate())
    overdue_page = Paginator(board.overdue, 20).get_page(request.GET.get("overdue_page", 1))
    targets_page = Paginator(board.targets, 25).get_page(request.GET.get("page", 1))
    ranking_page = Paginator(board.by_unit, 25).get_page(request.GET.get("rank_page", 1))
    can_edit = access.can(user, Action.MOVEMENT_EDIT, movement.unit)
    context = {
        "movement": movement,
        "board": board,
        "overdue_page": overdue_page,
        "page": targets_page,
        "ranking_page": ranking_page,
        "chart": charts.line_chart(board.chart, title=_("Mức hoàn thành bình quân theo kỳ")),
        "year_chart": charts.line_chart(board.by_year, title=_("Mức hoàn thành bình quân theo năm"))
        if len(board.by_year) > 1
        else "",
        "can_edit": can_edit and movement.state != MovementState.CLOSED,
        "can_launch": access.can(user, Action.MOVEMENT_LAUNCH, movement.unit),
        "can_plan": can_edit and access.can(user, Action.DOCUMENT_EDIT, movement.unit),
        "can_review": access.can(user, Action.COMMITMENT_REVIEW, movement.unit),
        "commit_units": selectors.units_for_commitment(user, movement)
        if movement.state in (MovementState.LAUNCHED, MovementState.RUNNING)
        else [],
        "implement_units": selectors.units_for_implementation(user, movement)
        if movement.state in (MovementState.LAUNCHED, MovementState.RUNNING)
        else [],
        "report_units": [u for u in _report_units(user, movement)],
        "children": board.children,
        "quotas": movement.quotas.all(),
        "duties": movement.duties.select_related("unit"),
        "periods": movement.periods.select_related("report_document"),
        "review_kinds": ("year", "final"),
        "can_report": access.can(user, Action.DOCUMENT_EDIT, movement.unit),
        "covenants": movement.covenants.prefetch_related("units"),
    }
    return render(request, "movements/detail.html", context)


def _report_units(user, movement: Movement) -> list[Unit]:
    if movement.state in (MovementState.DRAFT, MovementState.CLOSED):
        return []
    ids = Target.objects.filter(movement=movement).values_list("unit_id", flat=True).distinct()
    units = Unit.objects.filter(pk__in=ids).order_by("path")
    return [u for u in units if access.can(user, Action.PROGRESS_REPORT, u)]


@require_POST
def movement_transition(request, pk: int):
    movement = _movement(request, pk)
    moves = {
        "launch": services.movement_launch,
        "start": services.movement_start,
        "close": services.movement_close,
    }
    to = request.POST.get("to", "")
    move = moves.get(to)
    if move is None:
        raise Http404
    selectors.require_on(
        request.user, movement, Action.MOVEMENT_EDIT if to == "start" else Action.MOVEMENT_LAUNCH
    )
    try:
        move(actor=request.user, movement=movement)
    except ValidationError as exc:
        for msg in _error_messages(exc):
            messages.error(request, msg)
    else:
        messages.success(
            request,
            _("Đã chuyển phong trào sang trạng thái “%(state)s”.") % {"state": movement.get_state_display()},
        )
    return redirect("movements:detail", movement.pk)


@require_POST
def movement_implement(request, pk: int):
    parent = _movement(request, pk)
    unit_id = request.POST.get("unit")
    if not unit_id:
        raise Http404
    unit = access.get_unit(request.user, unit_id, Action.MOVEMENT_EDIT)
    try:
        child = services.movement_implement(actor=request.user, parent_movement=parent, unit=unit)
    except ValidationError as exc:
        for msg in _error_messages(exc):
            messages.error(request, msg)
        return redirect("movements:detail", parent.pk)
    messages.success(
        request,
        _("Đã tạo dự thảo kế hoạch thực hiện tại %(unit)s; hãy bổ sung nội dung.") % {"unit": unit.name},
    )
    return redirect("movements:edit", child.pk)


# --- commitments ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def commitment_new(request, pk: int):
    movement = _movement(request, pk)
    units = selectors.units_for_commitment(request.user, movement)
    if not units:
        raise PermissionDenied
    unit_qs = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
    today = timezone.localdate()
    default_year = min(max(today.year, movement.period_start.year), movement.period_end.year)
    initial = {"unit": units[0].pk, "year": default_year}
    if request.GET.get("unit"):
        initial["unit"] = request.GET["unit"]
    form = CommitmentForm(request.POST or None, units=unit_qs, initial=initial)
    pledges = PledgeFormSet(request.POST or None, prefix="pledges")
    if request.method == "POST" and form.is_valid() and pledges.is_valid():
        rows = [
            (f.cleaned_data["indicator"], f.cleaned_data["value"], f.cleaned_data.get("deadline"))
            for f in pledges
            if f.cleaned_data.get("indicator")
        ]
        try:
            commitment = services.commitment_save(
                actor=request.user,
                movement=movement,
                unit=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
                titles=form.cleaned_data["titles"],
                note=form.cleaned_data["note"],
                pledges=rows,
                submit="submit" in request.POST,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã gửi bản đăng ký thi đua.")
                if commitment.state == CommitmentState.SUBMITTED
                else _("Đã lưu bản đăng ký (chưa gửi)."),
            )
            return redirect("movements:commitment", commitment.pk)
    return render(
        request, "movements/commitment_form.html", {"movement": movement, "form": form, "pledges": pledges}
    )


def _commitment(request, pk: int) -> Commitment:
    commitment = get_object_or_404(
        Commitment.objects.select_related("movement__unit", "unit", "reviewed_by"), pk=pk
    )
    user = request.user
    selectors.require_see(user, commitment.movement)
    if not (
        access.can(user, Action.VIEW, commitment.movement.unit)
        or access.can(user, Action.VIEW, commitment.unit)
    ):
        raise PermissionDenied  # a hamlet head sees their own registration, not the neighbours'
    return commitment


@require_http_methods(["GET", "POST"])
def commitment_detail(request, pk: int):
    commitment = _commitment(request, pk)
    movement = commitment.movement
    can_review = access.can(request.user, Action.COMMITMENT_REVIEW, movement.unit)
    form = ReturnForm(request.POST or None)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "submit":
            call = lambda: services.commitment_submit(actor=request.user, commitment=commitment)  # noqa: E731
        elif decision == "approve":
            call = lambda: services.commitment_approve(actor=request.user, commitment=commitment)  # noqa: E731
        elif decision == "return":
            call = lambda: services.commitment_return(  # noqa: E731
                actor=request.user, commitment=commitment, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404
        if decision != "submit" and not can_review:
            raise PermissionDenied
        try:
            call()
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            done = {
                "submit": _("Đã gửi bản đăng ký."),
                "approve": _("Đã duyệt bản đăng ký."),
                "return": _("Đã trả lại bản đăng ký."),
            }[decision]
            messages.success(request, done)
            return redirect("movements:commitment", commitment.pk)
    return render(
        request,
        "movements/commitment_detail.html",
        {
            "commitment": commitment,
            "movement": movement,
            "form": form,
            "pledges": commitment.pledges.select_related("indicator"),
            "can_review": can_review and commitment.state == CommitmentState.SUBMITTED,
            "can_edit": access.can(request.user, Action.COMMITMENT_SUBMIT, commitment.unit)
            and commitment.state in (CommitmentState.DRAFT, CommitmentState.RETURNED),
        },
    )


# --- targets and figures ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def target_new(request, pk: int):
    movement = _movement(request, pk)
    selectors.require_on(request.user, movement, Action.MOVEMENT_EDIT)
    units = Unit.objects.subtree(movement.unit).order_by("path")
    form = TargetForm(
        request.POST or None,
        units=units,
        initial={
            "year": min(max(timezone.localdate().year, movement.period_start.year), movement.period_end.year)
        },
    )
    indicator_form = IndicatorForm(prefix="ind")
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(actor=request.user, movement=movement, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("movements:target_new", movement.pk)
    return render(
        request,
        "movements/target_form.html",
        {"movement": movement, "form": form, "indicator_form": indicator_form},
    )


@require_POST
def indicator_new(request, pk: int):
    movement = _movement(request, pk)
    selectors.require_on(request.user, movement, Action.MOVEMENT_EDIT)
    form = IndicatorForm(request.POST, prefix="ind")
    if form.is_valid():
        services.indicator_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã thêm chỉ tiêu vào danh mục."))
    else:
        for errors in form.errors.values():
            for msg in errors:
                messages.error(request, msg)
    return redirect("movements:target_new", movement.pk)


def _report_period(movement: Movement, request) -> ReviewPeriod | None:
    periods = [p for p in movement.periods.all() if p.kind != PeriodKind.FINAL]
    wanted = request.GET.get("period") or request.POST.get("period")
    if wanted:
        return next((p for p in periods if str(p.pk) == wanted), None)
    today = timezone.localdate()
    open_past = [p for p in periods if p.state == PeriodState.OPEN and p.start <= today]
    return open_past[-1] if open_past else (periods[0] if periods else None)


@require_http_methods(["GET", "POST"])
def report_new(request, pk: int):
    movement = _movement(request, pk)
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    if not unit_id:
        raise Http404
    unit = get_object_or_404(Unit, pk=unit_id)
    if not unit.is_within(movement.unit):
        raise Http404
    selectors.require_on(request.user, movement, Action.PROGRESS_REPORT, unit)
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
    form = report_form(targets, request.POST or None, request.FILES or None, initial_values=existing)
    if request.method == "POST" and form.is_valid():
        saved = 0
        try:
            with transaction.atomic():
                for target in targets:
                    value = form.cleaned_data.get(f"value_{target.pk}")
                    if value is None:
                        continue
                    try:
                        services.progress_report(
                            actor=request.user,
                            target=target,
                            period=period,
                            value=value,
                            note=form.cleaned_data["note"],
                            evidence=form.cleaned_data["evidence"],
                            as_of=min(period.end, timezone.localdate()),
                        )
                    except ValidationError as exc:
                        for msg in _error_messages(exc):
                            form.add_error(f"value_{target.pk}", msg)
                    saved += 1
                if form.errors:
                    raise ValidationError("rollback")
        except ValidationError:
            pass
        else:
            messages.success(
                request, _("Đã lưu %(n)s số liệu kỳ %(period)s.") % {"n": saved, "period": period.name}
            )
            return redirect("movements:detail", movement.pk)
    periods = [p for p in movement.periods.all() if p.kind != PeriodKind.FINAL]
    return render(
        request,
        "movements/report_form.html",
        {
            "movement": movement,
            "unit": unit,
            "period": period,
            "periods": periods,
            "form": form,
            "targets": targets,
        },
    )


@require_POST
def overdue_remind(request, pk: int):
    movement = _movement(request, pk)
    selectors.require_on(request.user, movement, Action.MOVEMENT_EDIT)
    count = services.overdue_remind(actor=request.user, movement=movement, today=timezone.localdate())
    messages.success(request, _("Đã gửi %(n)s lời nhắc.") % {"n": count})
    return redirect("movements:detail", movement.pk)


@require_GET
def notifications(request):
    page = Paginator(
        Notification.objects.filter(recipient=request.user).select_related("movement"), 25
    ).get_page(request.GET.get("page", 1))
    return render(request, "movements/notifications.html", {"page": page})


@require_POST
def notifications_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("movements:notifications")


# --- Excel -------------------------------------------------------------------------------


def _xlsx(wb, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def dashboard_export(request, pk: int):
    movement = _movement(request, pk)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    board = selectors.dashboard(movement, year=year, today=timezone.localdate())
    return _xlsx(workbook.dashboard_workbook(board), f"phong-trao-{movement.pk}-{board.year}.xlsx")


def _figures_unit(request, movement: Movement) -> Unit:
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id else movement.unit
    if not unit.is_within(movement.unit):
        raise Http404
    selectors.require_on(request.user, movement, Action.PROGRESS_REPORT, unit)
    return unit


@require_GET
def figures_template(request, pk: int):
    movement = _movement(request, pk)
    unit = _figures_unit(request, movement)
    period = _report_period(movement, request)
    wb = workbook.figures_workbook(movement, unit=unit, period=period)
    return _xlsx(wb, f"so-lieu-{movement.pk}-{unit.pk}.xlsx")


@require_http_methods(["GET", "POST"])
def figures_import(request, pk: int):
    movement = _movement(request, pk)
    unit = _figures_unit(request, movement)
    form = FiguresImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > workbook.MAX_UPLOAD:
                raise WorkbookError(
                    _("Tệp quá lớn; giới hạn là %(mb)s MB.") % {"mb": workbook.MAX_UPLOAD // 2**20}
                )
            report = workbook.import_figures(
                actor=request.user,
                movement=movement,
                unit=unit,
                data=upload.read(),
                only_valid=form.cleaned_data["only_valid"],
            )
        except WorkbookError as exc:
            form.add_error("file", str(exc))
        else:
            if report.saved:
                messages.success(
                    request, _("Đã nhập %(n)s số liệu.") % {"n": report.created + report.updated}
                )
    return render(
        request,
        "movements/import.html",
        {"movement": movement, "unit": unit, "form": form, "report": report, "today": dt.date.today()},
    )


@require_http_methods(["GET", "POST"])
def criteria_assess(request, pk: int):
    """Record each criterion of the movement's set as met or not, with evidence, for one unit."""
    movement = _movement(request, pk)
    selectors.require_on(request.user, movement, Action.MOVEMENT_EDIT)
    if movement.criteria_set_id is None:
        raise Http404
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id else movement.unit
    if not unit.is_within(movement.unit):
        raise Http404
    criteria = list(movement.criteria_set.criteria.all())
    results = {r.criterion_id: r for r in movement.criterion_results.filter(unit=unit)}
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        try:
            with transaction.atomic():
                for criterion in criteria:
                    met = request.POST.get(f"met_{criterion.pk}") == "1"
                    evidence = request.POST.get(f"evidence_{criterion.pk}", "")
                    try:
                        results[criterion.pk] = services.criterion_record(
                            actor=request.user,
                            movement=movement,
                            unit=unit,
                            criterion=criterion,
                            met=met,
                            evidence=evidence,
                            assessed_on=timezone.localdate(),
                        )
                    except ValidationError as exc:
                        errors[criterion.pk] = _error_messages(exc)
                if errors:
                    raise ValidationError("rollback")
        except ValidationError:
            pass
        else:
            messages.success(request, _("Đã lưu kết quả đánh giá tiêu chí."))
            return redirect("movements:detail", movement.pk)
    rows = [
        {
            "criterion": c,
            "result": results.get(c.pk),
            "errors": errors.get(c.pk, []),
            "met": request.POST.get(f"met_{c.pk}") == "1"
            if request.method == "POST"
            else bool(results.get(c.pk) and results[c.pk].met),
            "evidence": request.POST.get(f"evidence_{c.pk}", "")
            if request.method == "POST"
            else (results[c.pk].evidence if c.pk in results else ""),
        }
        for c in criteria
    ]
    met = sum(1 for r in results.values() if r.met) if request.method == "GET" else None
    return render(
        request,
        "movements/criteria_form.html",
        {
            "movement": movement,
            "unit": unit,
            "rows": rows,
            "met": met,
            "total": len(criteria),
            "units": Unit.objects.subtree(movement.unit)
            .filter(kind__in=["commune", "hamlet"])
            .order_by("path")[:200],
        },
    )


# --- implementation: duties, covenants, participants ------------------------------------


def _member_units(movement: Movement):
    return Unit.objects.subtree(movement.unit).order_by("path")


@require_http_methods(["GET", "POST"])
def duty_list(request, pk: int):
    """Tổ chức thực hiện: who does what by when; the officer assigns, the unit marks its progress."""
    movement = _movement(request, pk)
    user = request.user
    can_edit = (
        access.can(user, Action.MOVEMENT_EDIT, movement.unit) and movement.state != MovementState.CLOSED
    )
    form = DutyForm(request.POST or None, units=_member_units(movement))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.duty_add(actor=user, movement=movement, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã giao nhiệm vụ."))
                return redirect("movements:duties", movement.pk)
    page = Paginator(movement.duties.select_related("unit"), 25).get_page(request.GET.get("page", 1))
    today = timezone.localdate()
    rows = [
        {
            "duty": duty,
            "late": duty.due_date is not None and duty.due_date < today and duty.status != DutyStatus.DONE,
            "can_mark": can_edit or access.can(user, Action.PROGRESS_REPORT, duty.unit),
        }
        for duty in page
    ]
    return render(
        request,
        "movements/duties.html",
        {
            "movement": movement,
            "page": page,
            "rows": rows,
            "form": form if can_edit else None,
            "statuses": DutyStatus.choices,
        },
    )


@require_POST
def duty_status(request, pk: int):
    duty = get_object_or_404(Duty.objects.select_related("movement__unit", "unit"), pk=pk)
    selectors.require_see(request.user, duty.movement)
    if not (
        access.can(request.user, Action.MOVEMENT_EDIT, duty.movement.unit)
        or access.can(request.user, Action.PROGRESS_REPORT, duty.unit)
    ):
        raise PermissionDenied
    status = request.POST.get("status", "")
    if status not in DutyStatus.values:
        messages.error(request, _("Tình trạng không hợp lệ."))
    else:
        services.duty_set_status(actor=request.user, duty=duty, status=status)
        messages.success(request, _("Đã cập nhật tình trạng nhiệm vụ."))
    return redirect("movements:duties", duty.movement_id)


@require_http_methods(["GET", "POST"])
def covenant_list(request, pk: int):
    """Giao ước thi đua signed among groups of units of the movement."""
    movement = _movement(request, pk)
    can_edit = (
        access.can(request.user, Action.MOVEMENT_EDIT, movement.unit)
        and movement.state != MovementState.CLOSED
    )
    form = CovenantForm(request.POST or None, units=_member_units(movement).exclude(pk=movement.unit_id))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.covenant_create(
                    actor=request.user,
                    movement=movement,
                    name=form.cleaned_data["name"],
                    units=list(form.cleaned_data["units"]),
                    signed_on=form.cleaned_data["signed_on"],
                    content=form.cleaned_data["content"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu giao ước thi đua."))
                return redirect("movements:covenants", movement.pk)
    page = Paginator(
        movement.covenants.prefetch_related("units").order_by("-signed_on", "name"), 25
    ).get_page(request.GET.get("page", 1))
    return render(
        request,
        "movements/covenants.html",
        {"movement": movement, "page": page, "form": form if can_edit else None},
    )


@require_http_methods(["GET", "POST"])
def participant_list(request, pk: int):
    """Units and individuals taking part; individuals are added by search (a commune has thousands)."""
    movement = _movement(request, pk)
    user = request.user
    if request.method == "POST":
        person = get_object_or_404(Person.objects.select_related("unit"), pk=request.POST.get("person") or 0)
        if not person.unit.is_within(movement.unit):
            raise Http404
        if movement.state == MovementState.CLOSED:
            messages.error(request, _("Phong trào đã kết thúc."))
        else:
            services.participation_add(actor=user, movement=movement, person=person)
            messages.success(
                request, _("Đã thêm %(name)s vào danh sách tham gia.") % {"name": person.full_name}
            )
        return redirect("movements:participants", movement.pk)
    participations = Participation.objects.filter(movement=movement).select_related("unit", "person__unit")
    units = participations.filter(unit__isnull=False).order_by("unit__path")
    people = Paginator(
        participations.filter(person__isnull=False).order_by("person__search_key"), 25
    ).get_page(request.GET.get("page", 1))
    query = request.GET.get("q", "").strip()
    found = []
    addable = [
        u
        for u in access.home_units(user)
        if access.can(user, Action.MOVEMENT_EDIT, movement.unit)
        or access.can(user, Action.COMMITMENT_SUBMIT, u)
    ]
    if query and addable and movement.state != MovementState.CLOSED:
        scope = Q()
        for home in addable:
            base = home if home.is_within(movement.unit) else movement.unit
            scope |= Q(unit__path__startswith=base.path)
        taken = Participation.objects.filter(movement=movement, person__isnull=False).values("person_id")
        found = list(
            Person.objects.filter(scope, search_key__contains=fold(query))
            .exclude(pk__in=taken)
            .select_related("unit")
            .order_by("search_key")[:20]
        )
    return render(
        request,
        "movements/participants.html",
        {
            "movement": movement,
            "units": units,
            "people": people,
            "query": query,
            "found": found,
            "can_add": bool(addable) and movement.state != MovementState.CLOSED,
        },
    )


# --- commitments workbook ---------------------------------------------------------------


def _commitment_units(request, movement: Movement):
    units = selectors.units_for_commitment(request.user, movement)
    if not units:
        raise PermissionDenied
    return Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


@require_http_methods(["GET", "POST"])
def commitments_import(request, pk: int):
    """Download a unit's registration as a workbook (GET with ?download=1), fill it in, upload it back."""
    movement = _movement(request, pk)
    units = _commitment_units(request, movement)
    today = timezone.localdate()
    initial = {
        "unit": units[0].pk,
        "year": min(max(today.year, movement.period_start.year), movement.period_end.year),
    }
    data = request.POST if request.method == "POST" else (request.GET if "download" in request.GET else None)
    form = CommitmentsImportForm(data, request.FILES or None, units=units, movement=movement, initial=initial)
    report = None
    if request.method == "GET" and data is not None and form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        wb = workbook.commitments_workbook(movement, unit=unit, year=year)
        return _xlsx(wb, f"dang-ky-{movement.pk}-{unit.pk}-{year}.xlsx")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is None:
            form.add_error("file", _("Chọn tệp Excel để tải lên."))
        else:
            try:
                if upload.size > workbook.MAX_UPLOAD:
                    raise WorkbookError(
                        _("Tệp quá lớn; giới hạn là %(mb)s MB.") % {"mb": workbook.MAX_UPLOAD // 2**20}
                    )
                report = workbook.import_commitments(
                    actor=request.user,
                    movement=movement,
                    unit=form.cleaned_data["unit"],
                    year=form.cleaned_data["year"],
                    data=upload.read(),
                    only_valid=form.cleaned_data["only_valid"],
                )
            except WorkbookError as exc:
                form.add_error("file", str(exc))
            else:
                if report.saved:
                    messages.success(
                        request,
                        _("Đã lưu bản đăng ký (chưa gửi) với %(n)s chỉ tiêu.") % {"n": report.created},
                    )
    return render(
        request,
        "movements/commitments_import.html",
        {"movement": movement, "form": form, "report": report},
    )


@require_POST
def movement_plan(request, pk: int):
    """Soạn kế hoạch: the plan document drafted from the movement's data, in the register."""
    movement = _movement(request, pk)
    selectors.require_on(request.user, movement, Action.MOVEMENT_EDIT)
    selectors.require_on(request.user, movement, Action.DOCUMENT_EDIT)
    try:
        document = services.movement_plan_draft(actor=request.user, movement=movement)
    except ValidationError as exc:
        for msg in _error_messages(exc):
            messages.error(request, msg)
    else:
        messages.success(
            request, _("Đã soạn dự thảo kế hoạch (%(abstract)s).") % {"abstract": document.abstract}
        )
    return redirect("movements:detail", movement.pk)


@require_POST
def period_report(request, pk: int, period_pk: int):
    """Soạn báo cáo sơ kết / tổng kết: the review's report drafted from the figures, in the register."""
    movement = _movement(request, pk)
    period = get_object_or_404(movement.periods.all(), pk=period_pk)
    selectors.require_on(request.user, movement, Action.DOCUMENT_EDIT)
    try:
        document = services.period_report_draft(actor=request.user, period=period)
    except ValidationError as exc:
        for msg in _error_messages(exc):
            messages.error(request, msg)
        return redirect("movements:detail", movement.pk)
    messages.success(
        request,
        _("Đã soạn dự thảo báo cáo; hãy bổ sung các phần được đánh dấu “CẦN BỔ SUNG”."),
    )
    return redirect("documents:detail", document.pk)


# --- a plan received from above → a draft movement --------------------------------------

READ_HINT = gettext_lazy("Đọc từ văn bản")
GUESS_HINT = gettext_lazy("Suy đoán từ văn bản – hãy kiểm tra")


def _editable_subtree(user):
    qs = Unit.objects.none()
    for home in access.home_units(user):
        if access.can(user, Action.MOVEMENT_EDIT, home):
            qs = qs | Unit.objects.subtree(home)
    return qs.order_by("path")


def _mark(form, read: set[str], guessed: set[str]) -> None:
    """Highlight the fields filled from the document, more strongly those that were guessed."""
    for name in read | guessed:
        if name in form.fields:
            field = form.fields[name]
            field.widget.attrs["class"] = "mv-guessed" if name in guessed else "mv-read"
            hint = str(GUESS_HINT if name in guessed else READ_HINT)
            field.help_text = f"{field.help_text} · {hint}" if field.help_text else hint


@require_http_methods(["GET", "POST"])
def movement_from_document(request):
    """Upload a plan received from above, check the pre-filled draft movement, then save it."""
    from thidua.documents.reader import DocumentReadError, read_document
    from thidua.movements.paperwork import read_plan

    units = _editable_units(request.user)
    if not units.exists():
        raise Http404
    duty_units = _editable_subtree(request.user)
    upload = PlanUploadForm(
        request.POST if request.method == "POST" and "save" not in request.POST else None,
        request.FILES or None,
        units=units,
        initial={"unit": units.first()},
    )
    context = {"upload": upload}
    if request.method == "POST" and "save" not in request.POST and upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            parsed = read_document(file.read(), file.name)
        except DocumentReadError as exc:
            upload.add_error("file", str(exc))
        else:
            reading = read_plan(parsed, unit=upload.cleaned_data["unit"])
            form = MovementForm(initial=reading.initial, units=units)
            _mark(form, reading.read, reading.guessed)
            duties = DutyDraftFormSet(
                prefix="duties",
                initial=[{"unit": d.unit, "text": d.text} for d in reading.duties],
                form_kwargs={"units": duty_units},
            )
            context |= {
                "form": form,
                "duties": duties,
                "warnings": reading.warnings,
                "read": ",".join(sorted(reading.read)),
                "guessed": ",".join(sorted(reading.guessed)),
                "filename": file.name,
            }
    elif request.method == "POST" and "save" in request.POST:
        form = MovementForm(request.POST, units=units)
        duties = DutyDraftFormSet(request.POST, prefix="duties", form_kwargs={"units": duty_units})
        read = {n for n in request.POST.get("read_fields", "").split(",") if n}
        guessed = {n for n in request.POST.get("guessed_fields", "").split(",") if n}
        if form.is_valid() and duties.is_valid():
            data = {name: form.cleaned_data[name] for name in MOVEMENT_FORM_FIELDS}
            try:
                with transaction.atomic():
                    movement = services.movement_create(
                        actor=request.user, unit=form.cleaned_data["unit"], **data
                    )
                    for kind, count in form.quotas():
                        services.quota_set(
                            actor=request.user,
                            movement=movement,
                            recipient_kind=kind,
                            per_period=count,
                            awards=form.cleaned_data["awards"],
                        )
                    for duty in duties:
                        if duty.cleaned_data.get("unit"):
                            services.duty_add(
                                actor=request.user,
                                movement=movement,
                                unit=duty.cleaned_data["unit"],
                                text=duty.cleaned_data["text"],
                                due_date=duty.cleaned_data.get("due_date"),
                            )
            except ValidationError as exc:
                _apply_errors(form, exc)
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
