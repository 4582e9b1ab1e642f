"""Nominations: the list, the form, the page of one nomination, and one action per step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.audit.selectors import entries_for_object
from thidua.commendations import eligibility, selectors, services
from thidua.commendations import rules as rules_mod
from thidua.commendations.forms import EvidenceForm, NominationEditForm, NominationForm, ReturnForm
from thidua.commendations.models import Nomination, NominationState
from thidua.commendations.views._common import NOMINATION_QS, act
from thidua.files.responses import file_response
from thidua.lib import params
from thidua.lib.errors import ServiceError, show_error
from thidua.movements.models import MovementKind
from thidua.people.models import Household, Person
from thidua.privacy import reads
from thidua.privacy.models import SensitiveKind
from thidua.units.models import Unit, UnitKind


@require_GET
def nomination_list(request):
    state, year = request.GET.get("state", ""), request.GET.get("year", "")
    movement, period = request.GET.get("movement", ""), request.GET.get("period", "")
    page = selectors.nomination_page(
        request.user,
        state=state,
        year=year,
        movement=movement,
        period=period,
        page=request.GET.get("page", 1),
    )
    context = {
        "page": page,
        "state": state,
        "year": year,
        "movement": movement,
        "period": period,
        "movements": selectors.nomination_movements(request.user),
        "states": NominationState.choices,
        "can_nominate": selectors.nominate_units(request.user).exists(),
    }
    if (period_id := params.parse_id(period)) is not None:
        # Filtered to one review: whoever runs the council can open the session for it from here.
        context["review"] = (
            selectors.review_periods_for(selectors.movements_for_communes(_communes(request.user)))
            .filter(pk=period_id)
            .first()
        )
        context["can_open_session"] = context["review"] is not None and any(
            access.can(request.user, Action.COUNCIL_MANAGE, c)
            for c in selectors.visible(request.user, Unit.objects.filter(kind=UnitKind.COUNCIL), "parent")
        )
    return render(request, "commendations/list.html", context)


def _communes(user) -> set[Unit]:
    return {rules_mod.commune_of(u) for u in access.home_units(user)} - {None}


def _form_querysets(user) -> dict:
    """The form's choices: recipients of the user's communes that the user may see (a hamlet head
    names people, households and collectives of their own hamlet only); the service checks again."""
    units = selectors.nominate_units(user)
    communes = _communes(user)
    scope = Unit.objects.none()
    people, households = Person.objects.none(), Household.objects.none()
    for commune in communes:
        scope = scope | Unit.objects.subtree(commune)
        people = people | Person.objects.in_subtree(commune)
        households = households | Household.objects.filter(hamlet__path__startswith=commune.path)
    collectives = access.filter_visible(user, scope, field="")
    return {
        "units": units.order_by("path"),
        "people": access.filter_visible(user, people).order_by("search_key"),
        "collectives": collectives.exclude(kind__in=[UnitKind.COMMUNE, UnitKind.COUNCIL]).order_by("path"),
        "households": access.filter_visible(user, households, "hamlet").select_related("head"),
        **_link_querysets(communes),
    }


def _link_querysets(communes) -> dict:
    movements = selectors.movements_for_communes(communes)
    return {"movements": movements, "periods": selectors.review_periods_for(movements)}


@require_http_methods(["GET", "POST"])
def nomination_new(request):
    querysets = _form_querysets(request.user)
    if not querysets["units"].exists():
        raise PermissionDenied
    form = NominationForm(request.POST or None, **querysets)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã tạo đề nghị (nháp). Bổ sung minh chứng rồi gửi."))
            return redirect("commendations:detail", nomination.pk)
    return render(request, "commendations/nomination_form.html", {"form": form})


@require_GET
def nomination_detail(request, pk: int):
    nomination = access.get_for(request.user, NOMINATION_QS, Action.VIEW, pk=pk)
    return _detail_page(request, nomination)


def _detail_page(request, nomination: Nomination, **typed):
    """The nomination's page; `typed` puts back a refused form (`edit_form`, `return_form`) with
    what was typed in it, instead of the stored values a redirect would show."""
    user = request.user
    checks = eligibility.evaluate(nomination)
    sees_conduct = access.can_see_conduct(user, nomination)
    shown = [c for c in checks if sees_conduct or c.code not in eligibility.CONDUCT_RULES]
    context = {
        "n": nomination,
        "states": NominationState,
        "checks": shown,
        "conduct_hidden": len(shown) < len(checks),
        "movement_kinds": MovementKind,
        "evidence": nomination.evidence.select_related("file"),
        "can_nominate": access.can(user, Action.NOMINATE, nomination.unit),
        "can_check": access.can(user, Action.NOMINATION_CHECK, nomination.commune),
        "return_form": ReturnForm(),
        "evidence_form": EvidenceForm(),
    }
    if context["can_nominate"] and nomination.is_editable:
        context["edit_form"] = NominationEditForm(
            initial={
                "achievement": nomination.achievement,
                "movement": nomination.movement_id,
                "review_period": nomination.review_period_id,
            },
            **_link_querysets([nomination.commune]),
        )
    subject = reads.conduct_subject(nomination)
    reads_conduct = sees_conduct and any(c.code in eligibility.CONDUCT_RULES for c in shown)
    seen = [(subject, SensitiveKind.CONDUCT)] if reads_conduct and subject else []
    if access.can(user, Action.VIEW_AUDIT, nomination.unit):
        context["entries"] = entries_for_object(nomination)
        seen += reads.audit_shown_to(user, context["entries"])
    reads.reads_record(reader=user, place=request.path, reads=seen)
    context.update({name: form for name, form in typed.items() if name in context})  # forms shown here
    return render(request, "commendations/detail.html", context)


def _nomination(request, pk: int) -> Nomination:
    # Whoever sees the nomination may ask; the service refuses (403) whoever may not act on it.
    return access.get_for(request.user, NOMINATION_QS, Action.VIEW, pk=pk)


@require_POST
def nomination_submit(request, pk: int):
    nomination = _nomination(request, pk)
    act(request, services.nomination_submit, nomination=nomination, done=_("Đã gửi đề nghị."))
    return redirect("commendations:detail", nomination.pk)


@require_POST
def nomination_withdraw(request, pk: int):
    nomination = _nomination(request, pk)
    act(request, services.nomination_withdraw, nomination=nomination, done=_("Đã rút đề nghị."))
    return redirect("commendations:detail", nomination.pk)


@require_POST
def nomination_accept(request, pk: int):
    nomination = _nomination(request, pk)
    act(request, services.nomination_accept, nomination=nomination, done=_("Đã tiếp nhận."))
    return redirect("commendations:detail", nomination.pk)


@require_POST
def nomination_check(request, pk: int):
    nomination = _nomination(request, pk)
    ok, checked = act(request, services.nomination_check, nomination=nomination)
    if ok and checked.is_suspended:
        messages.warning(
            request, _("Tạm hoãn xét khen: đối tượng đang bị xem xét; xét lại khi vụ việc có kết luận.")
        )
    elif ok:
        messages.success(request, _("Đã thẩm định: đạt các tiêu chuẩn."))
    return redirect("commendations:detail", nomination.pk)


@require_POST
def nomination_resume(request, pk: int):
    nomination = _nomination(request, pk)
    act(
        request,
        services.nomination_resume,
        nomination=nomination,
        done=_("Đã hết tạm hoãn, xét tiếp đề nghị."),
    )
    return redirect("commendations:detail", nomination.pk)


@require_POST
def nomination_return(request, pk: int):
    nomination = _nomination(request, pk)
    form = ReturnForm(request.POST)
    ok, _result = act(
        request, services.nomination_return, nomination=nomination, form=form, done=_("Đã trả lại đề nghị.")
    )
    if not ok:
        return _detail_page(request, _nomination(request, pk), return_form=form)  # as stored
    return redirect("commendations:detail", nomination.pk)


@require_POST
def nomination_edit(request, pk: int):
    nomination = access.get_for(request.user, NOMINATION_QS, Action.NOMINATE, pk=pk)
    form = NominationEditForm(request.POST, **_link_querysets([nomination.commune]))
    ok, _result = act(
        request, services.nomination_update, nomination=nomination, form=form, done=_("Đã lưu thay đổi.")
    )
    if not ok:
        return _detail_page(request, _nomination(request, pk), edit_form=form)
    return redirect("commendations:detail", nomination.pk)


@require_GET
def evidence_file(request, pk: int, evidence_pk: int):
    """A piece of evidence, for whoever may see the nomination (404 otherwise); never from /media/."""
    nomination = access.get_for(request.user, NOMINATION_QS, Action.VIEW, pk=pk)
    evidence = get_object_or_404(
        nomination.evidence.select_related("file"), pk=evidence_pk, file__isnull=False
    )
    return file_response(evidence.file)


@require_POST
def evidence_upload(request, pk: int):
    nomination = access.get_for(request.user, NOMINATION_QS, Action.NOMINATE, pk=pk)
    act(
        request,
        services.evidence_add,
        nomination=nomination,
        form=EvidenceForm(request.POST, request.FILES),
        done=_("Đã thêm minh chứng."),
    )
    return redirect("commendations:detail", nomination.pk)
