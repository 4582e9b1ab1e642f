"""Proposals up the chain: the list, the form, the dossier's page, and one action per step (the
commune drafts and sends; the province returns, receives, appraises, takes it to its council and
drafts the decision the province chairman signs on the decision's own page)."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.audit.selectors import entries_for_object
from thidua.commendations import selectors, services
from thidua.commendations.forms import (
    AppraiseForm,
    MinutesForm,
    ProposalCouncilForm,
    ProposalForm,
    ProposalLineForm,
    ReturnForm,
)
from thidua.commendations.models import PROPOSAL_STEPS, Nomination, NominationState, Proposal, ProposalState
from thidua.commendations.papers.common import nominee
from thidua.commendations.papers.proposal import line_report
from thidua.commendations.services import proposals as proposal_services
from thidua.commendations.views._common import act
from thidua.documents.render_docx import render_docx
from thidua.files.responses import file_response
from thidua.lib import workdays
from thidua.lib.downloads import attachment
from thidua.lib.errors import ServiceError, show_error
from thidua.people.models import Household, Person
from thidua.privacy import reads
from thidua.units.models import Unit, UnitKind

PROPOSAL_QS = Proposal.objects.select_related(
    "commune", "province", "submission_document", "minutes_file", "session", "decision"
)


def _proposal(request, pk: int, action: Action = Action.VIEW, *, province: bool = False) -> Proposal:
    """The proposal for whoever may see its commune (the commune's users and the province's);
    404 for another commune or province, 403 for a step the user may not take."""
    proposal = access.get_for(request.user, PROPOSAL_QS, Action.VIEW, unit_of=lambda p: p.commune, pk=pk)
    if not access.can(request.user, action, proposal.province if province else proposal.commune):
        raise PermissionDenied  # they see the dossier, but this step is the other level's or another role's
    return proposal


@require_GET
def proposal_list(request):
    state, year = request.GET.get("state", ""), request.GET.get("year", "")
    proposals = list(selectors.proposals_for(request.user, state=state, year=year)[:200])
    today = timezone.localdate()
    for p in proposals:
        p.workdays_left = workdays.workdays_between(today, p.appraisal_due) if p.appraisal_due else None
    provinces = {p.province for p in proposals} | {
        u for u in access.home_units(request.user) if u.kind == UnitKind.PROVINCE
    }
    deadlines = [(pr, proposal_services.yearly_deadline(pr, today.year)) for pr in sorted(provinces, key=str)]
    context = {
        "proposals": proposals,
        "states": ProposalState.choices,
        "state": state,
        "year": year,
        "deadlines": deadlines,
        "can_create": selectors.proposal_communes(request.user).exists(),
    }
    return render(request, "commendations/proposals.html", context)


@require_http_methods(["GET", "POST"])
def proposal_new(request):
    communes = selectors.proposal_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None,
        communes=communes,
        initial={"form_key": uuid.uuid4(), "commune": communes.first() if communes.count() == 1 else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            return redirect("commendations:proposal", proposal.pk)
    return render(request, "commendations/proposal_form.html", {"form": form})


def _line_form(proposal: Proposal, user, data=None) -> ProposalLineForm:
    commune = proposal.commune
    return ProposalLineForm(
        data,
        people=access.filter_visible(user, Person.objects.in_subtree(commune)).order_by("search_key"),
        collectives=access.filter_visible(user, Unit.objects.subtree(commune), field="")
        .exclude(kind__in=[UnitKind.COMMUNE, UnitKind.COUNCIL])
        .order_by("path")
        | Unit.objects.filter(pk=commune.pk),
        households=access.filter_visible(
            user, Household.objects.filter(hamlet__path__startswith=commune.path), "hamlet"
        ).select_related("head"),
    )


@require_GET
def proposal_detail(request, pk: int):
    return _detail_page(request, _proposal(request, pk))


def _detail_page(request, proposal: Proposal, **typed):
    user = request.user
    lines = list(
        proposal.nominations.select_related(
            "award_type", "person__unit", "household__hamlet", "unit", "collective"
        )
        .prefetch_related("evidence")
        .order_by("recipient_kind", "recipient_name", "id")
    )
    awards = {a.nomination_id: a for a in proposal.decision.awards.all()} if proposal.decision_id else {}
    for line in lines:
        line.row = nominee(line)
        line.award_given = awards.get(line.pk)
    can_send = access.can(user, Action.PROPOSAL_SEND, proposal.commune)
    can_receive = access.can(user, Action.PROPOSAL_RECEIVE, proposal.province)
    can_council = access.can(user, Action.COUNCIL_MANAGE, proposal.province)
    today = timezone.localdate()
    reached = PROPOSAL_STEPS.index(_step_of(proposal.state))
    steps = [(s.label, i <= reached) for i, s in enumerate(PROPOSAL_STEPS)]
    if proposal.state == ProposalState.CLOSED:
        # Ended with no award: the last step is the ending, not a decision.
        steps[-1] = (ProposalState.CLOSED.label, True)
    context = {
        "p": proposal,
        "lines": lines,
        "states": ProposalState,
        "steps": steps,
        "missing": proposal_services.dossier_missing(proposal) if proposal.is_editable else [],
        "deadline": proposal_services.yearly_deadline(proposal.province, proposal.year),
        "workdays_left": workdays.workdays_between(today, proposal.appraisal_due)
        if proposal.appraisal_due
        else None,
        # Years of the limit whose holidays are worked out from the law, not yet announced.
        "computed_years": workdays.computed_years(proposal.received_on, proposal.appraisal_due)
        if proposal.received_on and proposal.appraisal_due
        else [],
        "can_send": can_send,
        "can_receive": can_receive,
        "can_council": can_council,
        "line_form": typed.get("line_form") or (_line_form(proposal, user) if can_send else None),
        "minutes_form": MinutesForm(),
        "return_form": typed.get("return_form") or ReturnForm(),
        "appraise_form": AppraiseForm(),
    }
    if access.can(user, Action.VIEW_AUDIT, proposal.commune):
        context["entries"] = entries_for_object(proposal)
        reads.reads_record(
            reader=user, place=request.path, reads=reads.audit_shown_to(user, context["entries"])
        )
    # Appraised, or before the council with lines taken up again after a suspension.
    if can_council and (
        proposal.state == ProposalState.APPRAISED
        or (
            proposal.state == ProposalState.IN_COUNCIL
            and proposal.nominations.filter(state=NominationState.CHECKED).exists()
        )
    ):
        context["council_form"] = ProposalCouncilForm(sessions=selectors.province_sessions(proposal.province))
    if (
        can_council
        and proposal.state == ProposalState.IN_COUNCIL
        and proposal.session
        and not proposal.decision_id
    ):
        context["can_draft_decision"] = True
    return render(request, "commendations/proposal.html", context)


def _step_of(state: str) -> ProposalState:
    """Where a state sits on the commune's line of steps (a return goes back to drafting)."""
    return {
        ProposalState.RETURNED: ProposalState.DRAFT,
        ProposalState.RESUBMITTED: ProposalState.SUBMITTED,
        ProposalState.CLOSED: ProposalState.DECIDED,
    }.get(ProposalState(state), ProposalState(state))


@require_POST
def proposal_line_add(request, pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_SEND)
    form = _line_form(proposal, request.user, request.POST)
    if form.is_valid():
        try:
            services.proposal_line_add(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã thêm vào danh sách đề nghị."))
            return redirect("commendations:proposal", proposal.pk)
    return _detail_page(request, proposal, line_form=form)


@require_GET
def proposal_line_report(request, pk: int, line_pk: int):
    """The line's Báo cáo thành tích printed from the data, as .docx to complete and sign."""
    proposal = _proposal(request, pk)
    line = get_object_or_404(
        Nomination.objects.select_related(
            "award_type", "person__unit", "household__hamlet", "unit", "collective"
        ),
        pk=line_pk,
        proposal=proposal,
    )
    document = line_report(line, date=timezone.localdate())
    return attachment(render_docx(document), f"bao-cao-thanh-tich-{line.pk}.docx")


@require_POST
def proposal_line_remove(request, pk: int, line_pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_SEND)
    line = get_object_or_404(Nomination, pk=line_pk, proposal=proposal)
    act(request, services.proposal_line_remove, nomination=line, done=_("Đã bỏ khỏi danh sách."))
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_minutes(request, pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_SEND)
    act(
        request,
        services.proposal_minutes_attach,
        proposal=proposal,
        form=MinutesForm(request.POST, request.FILES),
        done=_("Đã đính kèm biên bản."),
    )
    return redirect("commendations:proposal", proposal.pk)


@require_GET
def proposal_minutes_file(request, pk: int):
    proposal = _proposal(request, pk)
    if proposal.minutes_file is None:
        raise PermissionDenied
    return file_response(proposal.minutes_file)


@require_POST
def proposal_submission(request, pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_SEND)
    act(request, services.proposal_submission_issue, proposal=proposal, done=_("Đã ban hành tờ trình."))
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_submit(request, pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_SEND)
    act(request, services.proposal_submit, proposal=proposal, done=_("Đã gửi hồ sơ lên tỉnh."))
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_return(request, pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_RECEIVE, province=True)
    form = ReturnForm(request.POST)
    form.is_valid()
    try:
        services.proposal_return(
            actor=request.user, proposal=proposal, reason=form.cleaned_data.get("reason", "")
        )
    except ServiceError as exc:
        show_error(request, exc, form)
        return _detail_page(request, proposal, return_form=form)
    messages.success(request, _("Đã trả lại hồ sơ cho xã."))
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_line_refuse(request, pk: int, line_pk: int):
    """The province finds one line short of the award's standard at appraisal, with the reason."""
    proposal = _proposal(request, pk, Action.PROPOSAL_RECEIVE, province=True)
    line = get_object_or_404(Nomination, pk=line_pk, proposal=proposal)
    act(
        request,
        services.proposal_line_refuse,
        nomination=line,
        form=ReturnForm(request.POST),
        done=_("Đã ghi trường hợp không đạt."),
    )
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_receive(request, pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_RECEIVE, province=True)
    act(request, services.proposal_receive, proposal=proposal, done=_("Đã tiếp nhận hồ sơ."))
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_appraise(request, pk: int):
    proposal = _proposal(request, pk, Action.PROPOSAL_RECEIVE, province=True)
    act(
        request,
        services.proposal_appraise,
        proposal=proposal,
        form=AppraiseForm(request.POST),
        done=_("Đã thẩm định hồ sơ."),
    )
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_council(request, pk: int):
    proposal = _proposal(request, pk, Action.COUNCIL_MANAGE, province=True)
    act(
        request,
        services.proposal_to_council,
        proposal=proposal,
        form=ProposalCouncilForm(request.POST, sessions=selectors.province_sessions(proposal.province)),
        invalid=_("Chọn một phiên họp của Hội đồng tỉnh."),
        done=_("Đã trình Hội đồng tỉnh."),
    )
    return redirect("commendations:proposal", proposal.pk)


@require_POST
def proposal_decision(request, pk: int):
    proposal = _proposal(request, pk, Action.COUNCIL_MANAGE, province=True)
    if proposal.session is None:
        raise PermissionDenied
    done, decision = act(
        request,
        services.proposal_decision_create,
        session=proposal.session,
        done=_("Đã dự thảo quyết định; trình Chủ tịch UBND tỉnh ký."),
    )
    if done:
        return redirect("commendations:decision", decision.pk)
    return redirect("commendations:proposal", proposal.pk)
