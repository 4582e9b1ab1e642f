"""Council sessions: the list, the form, the session page, one action per step of the session,
the ballot, and the minutes page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.commendations import rules as rules_mod
from thidua.commendations import selectors, services
from thidua.commendations.forms import (
    AgendaForm,
    AttendanceForm,
    NomineeForm,
    NoticeForm,
    PaperCountsForm,
    SessionCloseForm,
    SessionForm,
    SessionOpenForm,
    SessionRevoteForm,
    TieForm,
    ballot_choices,
)
from thidua.commendations.models import (
    CouncilMember,
    CouncilRole,
    Decision,
    Nomination,
    NominationState,
    Notice,
    Participation,
    Session,
    SessionState,
    TallyOutcome,
)
from thidua.commendations.views._common import SESSION_QS, act
from thidua.lib import params
from thidua.lib.errors import ServiceError, show_error
from thidua.units.models import Unit, UnitKind

UPDATED = gettext_lazy("Đã cập nhật phiên họp.")


def _councils(user):
    return selectors.visible(user, Unit.objects.filter(kind=UnitKind.COUNCIL), "parent")


@require_GET
def session_list(request):
    can_create = any(access.can(request.user, Action.COUNCIL_MANAGE, c) for c in _councils(request.user))
    return render(
        request,
        "commendations/sessions.html",
        {"sessions": selectors.sessions_for(request.user), "can_create": can_create},
    )


@require_http_methods(["GET", "POST"])
def session_new(request):
    councils = [c for c in _councils(request.user) if access.can(request.user, Action.COUNCIL_MANAGE, c)]
    if not councils:
        raise PermissionDenied
    communes = {rules_mod.commune_of(c) for c in councils} - {None}
    periods = selectors.review_periods_for(selectors.movements_for_communes(communes))
    form = SessionForm(
        request.POST or None,
        councils=Unit.objects.filter(pk__in=[c.pk for c in councils]),
        periods=periods,
        initial=_session_initial(request.GET.get("review_period"), periods),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            return redirect("commendations:session", session.pk)
    return render(request, "commendations/session_form.html", {"form": form})


def _session_initial(period_pk, periods) -> dict:
    """Opened from a movement's review (?review_period=): prefill its year and quotas, still editable."""
    period_id = params.parse_id(period_pk)
    period = periods.filter(pk=period_id).first() if period_id else None
    if period is None:
        return {}
    quotas = selectors.movement_quotas(period.movement)
    return {
        "review_period": period.pk,
        "year": period.year,
        "title": _("Xét khen thưởng %(p)s – %(m)s") % {"p": period.name, "m": period.movement.name},
        "quota_individual": quotas.get("individual"),
        "quota_collective": quotas.get("collective"),
        "quota_household": quotas.get("household"),
    }


def _session_context(request, session: Session) -> dict:
    user = request.user
    present, members, needed = selectors.quorum(session)
    member = selectors.member_of(user, session)
    context = {
        "s": session,
        "states": SessionState,
        "outcomes": TallyOutcome,
        "roles": CouncilRole,
        "agenda": session.nominations.select_related("award_type", "person"),
        "attendance": session.attendance.select_related("member").order_by("member_id"),
        "present": present,
        "members": members,
        "needed": needed,
        "can_manage": access.can(user, Action.COUNCIL_MANAGE, session.council),
        "member": member,
        "has_voted": bool(member) and Participation.objects.filter(session=session, member=member).exists(),
        "voted": Participation.objects.filter(session=session).count(),
        "tally": session.tally.select_related("nomination__award_type"),
        "can_notice": access.can(user, Action.NOMINATION_CHECK, session.commune),
        "notice_form": NoticeForm(),
        # Where the session led: its public lists and the decisions drafted from them.
        "notices": Notice.objects.filter(session=session).order_by("starts_on"),
        "decisions": Decision.objects.filter(session=session).order_by("pk"),
    }
    if context["can_manage"] and session.state == SessionState.DRAFT:
        candidates = Nomination.objects.filter(
            commune=session.commune, year=session.year, state=NominationState.CHECKED
        )
        # A movement's review takes that review's nominations and the ones under no review.
        context["candidates"] = candidates.filter(
            Q(review_period__isnull=True) | Q(review_period_id=session.review_period_id)
        ).select_related("award_type")
    if session.paper:
        counts = dict(session.paper_counts.values_list("nomination_id", "agree"))
        context["paper_rows"] = [(n, counts.get(n.pk)) for n in context["agenda"]]
    return context


def _session(request, pk: int, action: Action = Action.VIEW) -> Session:
    return access.get_for(request.user, SESSION_QS, action, unit_of=lambda s: s.council, pk=pk)


@require_GET
def session_detail(request, pk: int):
    session = _session(request, pk)
    return render(request, "commendations/session.html", _session_context(request, session))


# One action per step of the session. Each fetches the session for whoever may see it and leaves
# every other check (role, seat in the council, state) to its service.


def _step(request, pk: int, service, form=None, **kwargs):
    session = _session(request, pk)
    form = form(request.POST, **kwargs) if form is not None else None
    act(request, service, session=session, form=form, done=UPDATED)
    return redirect("commendations:session", session.pk)


@require_POST
def session_agenda_add(request, pk: int):
    return _step(request, pk, services.session_agenda_add, AgendaForm)


@require_POST
def session_agenda_remove(request, pk: int):
    return _step(request, pk, services.session_agenda_remove, NomineeForm)


def _page_again(request, session: Session, **typed):
    """The session page once more after a refused form, showing what was typed in it (a redirect
    would bring back the stored values and lose the typing)."""
    context = _session_context(request, _session(request, session.pk))  # as stored, not half-changed
    context.update(typed)
    return render(request, "commendations/session.html", context)


@require_POST
def session_attendance(request, pk: int):
    session = _session(request, pk)
    form = AttendanceForm(
        request.POST, member_ids=list(session.attendance.values_list("member_id", flat=True))
    )
    ok, _result = act(request, services.session_attendance_set, session=session, form=form, done=UPDATED)
    if ok:
        return redirect("commendations:session", session.pk)
    rows = list(session.attendance.select_related("member").order_by("member_id"))
    present = set(request.POST.getlist("present"))
    for row in rows:  # shown, never saved
        row.present = str(row.member_id) in present
        row.written_opinion = request.POST.get(f"opinion-{row.member_id}", "")
    return _page_again(request, session, attendance=rows)


@require_POST
def session_open(request, pk: int):
    return _step(request, pk, services.session_open, SessionOpenForm)


@require_POST
def session_paper_counts(request, pk: int):
    session = _session(request, pk)
    form = PaperCountsForm(
        request.POST, nomination_ids=list(session.nominations.values_list("pk", flat=True))
    )
    ok, _result = act(request, services.paper_counts_enter, session=session, form=form, done=UPDATED)
    if ok:
        return redirect("commendations:session", session.pk)
    agenda = session.nominations.select_related("award_type", "person")
    return _page_again(
        request, session, paper_rows=[(n, request.POST.get(f"count-{n.pk}", "")) for n in agenda]
    )


@require_POST
def session_paper_confirm(request, pk: int):
    return _step(request, pk, services.paper_counts_confirm)


@require_POST
def session_close(request, pk: int):
    return _step(request, pk, services.session_close, SessionCloseForm)


@require_POST
def session_revote(request, pk: int):
    return _step(request, pk, services.session_revote, SessionRevoteForm)


@require_POST
def session_tie(request, pk: int):
    return _step(request, pk, services.session_tie_resolve, TieForm)


@require_POST
def session_minutes_issue(request, pk: int):
    session = _session(request, pk)
    ok, document = act(request, services.session_minutes_issue, session=session)
    if not ok:
        return redirect("commendations:session", session.pk)
    messages.success(request, _("Đã lập biên bản số %(n)s.") % {"n": document.number_symbol})
    return redirect("commendations:minutes", session.pk)


@require_POST
def session_notice(request, pk: int):
    session = _session(request, pk)
    form = NoticeForm(request.POST)
    ok, notice = act(
        request,
        services.notice_publish,
        session=session,
        form=form,
        done=_("Đã công khai danh sách."),
    )
    if not ok:
        return _page_again(request, session, notice_form=form)
    return redirect("commendations:notice_manage", notice.pk)


@require_http_methods(["GET", "POST"])
def vote(request, pk: int):
    session = _session(request, pk, Action.COUNCIL_VOTE)
    if selectors.member_of(request.user, session) is None:
        raise PermissionDenied
    chosen: dict[str, str] = {}
    if request.method == "POST":
        # What the member chose stays on the form when the ballot is refused.
        chosen = {k[2:]: v for k, v in request.POST.items() if k.startswith("n-")}
        try:
            services.ballot_cast(user=request.user, session=session, choices=ballot_choices(request.POST))
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(
                request,
                _("Đã ghi nhận phiếu của bạn. Phiếu kín: không ai biết bạn đã chọn gì.")
                if session.secret
                else _("Đã ghi nhận biểu quyết công khai của bạn."),
            )
            return redirect("commendations:session", session.pk)
    context = _session_context(request, session)
    context["rows"] = [
        (n, chosen.get(str(n.pk), ""), request.method == "POST" and str(n.pk) not in chosen)
        for n in context["agenda"]
    ]
    context["quotas"] = {
        "individual": session.quota_individual,
        "collective": session.quota_collective,
        "household": session.quota_household,
    }
    return render(request, "commendations/vote.html", context)


@require_POST
def vote_check(request, pk: int):
    """htmx: tell the voter before submitting that the ballot agrees to more than the quota."""
    session = _session(request, pk, Action.COUNCIL_VOTE)
    try:
        problems = services.ballot_problems(session, ballot_choices(request.POST))
    except ValidationError as exc:
        problems = exc.messages
    return render(request, "commendations/_ballot_problems.html", {"problems": problems})


@require_GET
def minutes(request, pk: int):
    session = _session(request, pk)
    if session.state != SessionState.CLOSED:
        raise Http404
    context = _session_context(request, session)
    context["chair"] = CouncilMember.objects.filter(council=session.council, role=CouncilRole.CHAIR).first()
    context["secretary"] = CouncilMember.objects.filter(
        council=session.council, role=CouncilRole.SECRETARY
    ).first()
    context["passed"] = [t for t in context["tally"] if t.outcome == TallyOutcome.PASSED]
    context["has_tie"] = any(t.outcome == TallyOutcome.TIE for t in context["tally"])
    context["open_votes"] = selectors.open_votes(session)
    return render(request, "commendations/minutes.html", context)
