"""Screens of who takes part: registrations (form, workbook, review), participants, covenants."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.lib import params
from thidua.lib.errors import ServiceError, show_error
from thidua.lib.excel import WorkbookError
from thidua.lib.text import fold
from thidua.movements import selectors, services, workbook
from thidua.movements.forms import (
    CommitmentForm,
    CommitmentsImportForm,
    CovenantForm,
    PledgeFormSet,
    ReturnForm,
)
from thidua.movements.models import Commitment, CommitmentState, Movement, MovementState, Participation
from thidua.movements.views._common import default_year, movement_for, read_upload, xlsx
from thidua.people.models import Person
from thidua.units.models import Unit


def _commitment_units(request: HttpRequest, movement: Movement):
    """The units the user may register for; 403 when there is none."""
    units = selectors.units_for_commitment(request.user, movement)
    if not units:
        raise PermissionDenied
    return Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


def _chosen(request: HttpRequest, movement: Movement, units) -> tuple[Unit, int]:
    """The unit and year the registration form opens on (from the picker's query string)."""
    unit = units.filter(pk=params.parse_id(request.GET.get("unit")) or 0).first() or units[0]
    year = params.parse_int(request.GET.get("year"), low=params.YEAR_MIN, high=params.YEAR_MAX)
    year = year or default_year(movement)
    return unit, year


@require_http_methods(["GET", "POST"])
def commitment_new(request, pk: int):
    movement = movement_for(request, pk)
    units = _commitment_units(request, movement)
    unit, year = _chosen(request, movement, units)
    if request.method == "GET" and unit.pk in selectors.approved_unit_ids(movement, year):
        approved = movement.commitments.get(unit=unit, year=year)
        messages.info(request, _("Bản đăng ký của %(unit)s đã được duyệt.") % {"unit": unit.name})
        return redirect("movements:commitment", approved.pk)
    form = CommitmentForm(request.POST or None, units=units, initial={"unit": unit.pk, "year": year})
    assigned = movement.targets.filter(unit=unit, year=year).select_related("indicator")
    initial = [{"indicator": t.indicator, "value": t.value} for t in assigned]
    pledges = PledgeFormSet(request.POST or None, prefix="pledges", initial=initial or None)
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
                pledges=rows,
                submit="submit" in request.POST,
                **form.cleaned_data,
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            submitted = commitment.state == CommitmentState.SUBMITTED
            messages.success(
                request,
                _("Đã gửi bản đăng ký thi đua.") if submitted else _("Đã lưu bản đăng ký (chưa gửi)."),
            )
            return redirect("movements:commitment", commitment.pk)
    context = {"movement": movement, "form": form, "pledges": pledges}
    return render(request, "movements/commitment_form.html", context)


def _commitment(request: HttpRequest, pk: int, action: Action | None = None) -> Commitment:
    queryset = Commitment.objects.select_related("movement__unit", "unit", "reviewed_by")
    commitment = access.get_shared(request.user, queryset, action, lambda c: c.movement.unit, pk=pk)
    units = commitment.movement.unit, commitment.unit
    if not any(access.can(request.user, Action.VIEW, unit) for unit in units):
        raise PermissionDenied  # a hamlet head sees their own registration, not the neighbours'
    return commitment


@require_GET
def commitment_detail(request, pk: int):
    commitment = _commitment(request, pk)
    can_review = access.can(request.user, Action.COMMITMENT_REVIEW, commitment.movement.unit)
    can_submit = access.can(request.user, Action.COMMITMENT_SUBMIT, commitment.unit)
    editable = commitment.state in (CommitmentState.DRAFT, CommitmentState.RETURNED)
    context = {
        "commitment": commitment,
        "movement": commitment.movement,
        "form": ReturnForm(),
        "pledges": commitment.pledges.select_related("indicator"),
        "can_review": can_review and commitment.state == CommitmentState.SUBMITTED,
        "can_edit": can_submit and editable,
        "badge": {CommitmentState.APPROVED: "ok", CommitmentState.RETURNED: "bad"}.get(
            commitment.state, "warn"
        ),
    }
    return render(request, "movements/commitment_detail.html", context)


def _decide(request, pk: int, action: Action | None, service, done: str, **kwargs):
    commitment = _commitment(request, pk, action)
    try:
        service(actor=request.user, commitment=commitment, **kwargs)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("movements:commitment", commitment.pk)


@require_POST
def commitment_submit(request, pk: int):
    return _decide(request, pk, None, services.commitment_submit, _("Đã gửi bản đăng ký."))


@require_POST
def commitment_approve(request, pk: int):
    return _decide(
        request, pk, Action.COMMITMENT_REVIEW, services.commitment_approve, _("Đã duyệt bản đăng ký.")
    )


@require_POST
def commitment_return(request, pk: int):
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _decide(
        request,
        pk,
        Action.COMMITMENT_REVIEW,
        services.commitment_return,
        _("Đã trả lại bản đăng ký."),
        reason=reason,
    )


@require_http_methods(["GET", "POST"])
def commitments_import(request, pk: int):
    """Download a unit's registration as a workbook (GET with ?download=1), fill it in, upload it back."""
    movement = movement_for(request, pk)
    units = _commitment_units(request, movement)
    initial = {"unit": units[0].pk, "year": default_year(movement)}
    data = request.POST if request.method == "POST" else (request.GET if "download" in request.GET else None)
    form = CommitmentsImportForm(data, request.FILES or None, units=units, movement=movement, initial=initial)
    report = None
    if request.method == "GET" and data is not None and form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        wb = workbook.commitments_workbook(movement, unit=unit, year=year)
        return xlsx(wb, f"dang-ky-{movement.pk}-{unit.pk}-{year}.xlsx")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is None:
            form.add_error("file", _("Chọn tệp Excel để tải lên."))
        else:
            try:
                report = workbook.import_commitments(
                    actor=request.user,
                    movement=movement,
                    unit=form.cleaned_data["unit"],
                    year=form.cleaned_data["year"],
                    data=read_upload(upload),
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
    context = {"movement": movement, "form": form, "report": report}
    return render(request, "movements/commitments_import.html", context)


@require_http_methods(["GET", "POST"])
def covenant_list(request, pk: int):
    """Giao ước thi đua signed among groups of units of the movement."""
    movement = movement_for(request, pk, Action.MOVEMENT_EDIT if request.method == "POST" else None)
    can_edit = (
        access.can(request.user, Action.MOVEMENT_EDIT, movement.unit)
        and movement.state != MovementState.CLOSED
    )
    units = Unit.objects.subtree(movement.unit).exclude(pk=movement.unit_id).order_by("path")
    form = CovenantForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.covenant_create(
                actor=request.user,
                movement=movement,
                units=list(form.cleaned_data.pop("units")),
                **form.cleaned_data,
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã lưu giao ước thi đua."))
            return redirect("movements:covenants", movement.pk)
    covenants = movement.covenants.prefetch_related("units").order_by("-signed_on", "name")
    page = Paginator(covenants, 25).get_page(request.GET.get("page", 1))
    context = {"movement": movement, "page": page, "form": form if can_edit else None}
    return render(request, "movements/covenants.html", context)


def _addable_homes(user, movement: Movement) -> list[Unit]:
    """The user's home units from which they may add people to the movement."""
    plans = access.can(user, Action.MOVEMENT_EDIT, movement.unit)
    return [u for u in access.home_units(user) if plans or access.can(user, Action.COMMITMENT_SUBMIT, u)]


def _people_found(movement: Movement, homes: list[Unit], query: str) -> list[Person]:
    scope = Q()
    for home in homes:
        base = home if home.is_within(movement.unit) else movement.unit
        scope |= Q(unit__path__startswith=base.path)
    taken = Participation.objects.filter(movement=movement, person__isnull=False).values("person_id")
    return list(
        Person.objects.filter(scope, search_key__contains=fold(query))
        .exclude(pk__in=taken)
        .select_related("unit")
        .order_by("search_key")[:20]
    )


@require_POST
def participant_add(request, pk: int):
    """Add one individual to the movement (found by the search on the participants page)."""
    movement = movement_for(request, pk)
    person = access.get_for(
        request.user, Person.objects.select_related("unit"), Action.VIEW, pk=request.POST.get("person") or 0
    )
    try:
        services.participation_add(actor=request.user, movement=movement, person=person)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã thêm %(name)s vào danh sách tham gia.") % {"name": person.full_name})
    return redirect("movements:participants", movement.pk)


@require_GET
def participant_list(request, pk: int):
    """Units and individuals taking part; individuals are added by search (a commune has thousands)."""
    movement = movement_for(request, pk)
    participations = Participation.objects.filter(movement=movement).select_related("unit", "person__unit")
    people = participations.filter(person__isnull=False).order_by("person__search_key")
    query = request.GET.get("q", "").strip()
    homes = _addable_homes(request.user, movement)
    can_add = bool(homes) and movement.state != MovementState.CLOSED
    context = {
        "movement": movement,
        "units": participations.filter(unit__isnull=False).order_by("unit__path"),
        "people": Paginator(people, 25).get_page(request.GET.get("page", 1)),
        "query": query,
        "found": _people_found(movement, homes, query) if query and can_add else [],
        "can_add": can_add,
    }
    return render(request, "movements/participants.html", context)
