import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.audit.selectors import entries_for_object
from thidua.commendations import eligibility, selectors, services
from thidua.commendations import rules as rules_mod
from thidua.commendations.forms import (
    AnnulForm,
    EvidenceForm,
    NominationEditForm,
    NominationForm,
    NoticeForm,
    ObjectionForm,
    ResolveForm,
    ReturnForm,
    SessionForm,
    SignForm,
)
from thidua.commendations.models import (
    Award,
    AwardType,
    CouncilMember,
    Decision,
    Nomination,
    NominationState,
    Notice,
    Objection,
    Participation,
    Session,
    SessionState,
    TallyOutcome,
)
from thidua.lib.clients import client_ip
from thidua.lib.errors import ServiceError
from thidua.people.models import Household, Person
from thidua.units.models import Unit

NOMINATION_QS = Nomination.objects.select_related(
    "award_type",
    "unit",
    "commune",
    "person",
    "collective",
    "household",
    "session",
    "movement",
    "review_period",
)


def _fail(request, exc: ServiceError) -> None:
    messages.error(request, str(exc))


# --- Nominations ------------------------------------------------------------------------------


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
    if period.isdigit():
        # Filtered to one review: whoever runs the council can open the session for it from here.
        context["review"] = (
            selectors.review_periods_for(
                selectors.movements_for_communes(
                    {rules_mod.commune_of(u) for u in access.home_units(request.user)} - {None}
                )
            )
            .filter(pk=int(period))
            .first()
        )
        context["can_open_session"] = context["review"] is not None and any(
            access.can(request.user, Action.COUNCIL_MANAGE, c)
            for c in selectors.visible(request.user, Unit.objects.filter(kind="council"), "parent")
        )
    return render(request, "commendations/list.html", context)


def _form_querysets(user):
    units = selectors.nominate_units(user)
    communes = {rules_mod.commune_of(u) for u in access.home_units(user)} - {None}
    scope = Unit.objects.none()
    people, households = Person.objects.none(), Household.objects.none()
    for commune in communes:
        scope = scope | Unit.objects.subtree(commune)
        people = people | Person.objects.in_subtree(commune)
        households = households | Household.objects.filter(hamlet__path__startswith=commune.path)
    collectives = scope.exclude(kind__in=["commune", "council"]).order_by("path")
    return {
        "units": units.order_by("path"),
        "people": people.order_by("search_key"),
        "collectives": collectives,
        "households": households.select_related("head"),
        **_link_querysets(communes),
    }


def _link_querysets(communes) -> dict:
    movements = selectors.movements_for_communes(communes)
    return {"movements": movements, "periods": selectors.review_periods_for(movements)}


def _form_error(form, exc: ServiceError) -> None:
    """A refusal from the service goes next to the field it is about, when the form has that field."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@require_http_methods(["GET", "POST"])
def nomination_new(request):
    querysets = _form_querysets(request.user)
    if not querysets["units"].exists():
        raise PermissionDenied
    form = NominationForm(request.POST or None, **querysets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_create(
                actor=request.user,
                unit=data["unit"],
                award_type=data["award_type"],
                year=data["year"],
                achievement=data["achievement"],
                person=data["person"],
                collective=data["collective"],
                household=data["household"],
                movement=data["movement"],
                review_period=data["review_period"],
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã tạo đề nghị (nháp). Bổ sung minh chứng rồi gửi."))
            return redirect("commendations:detail", nomination.pk)
    return render(request, "commendations/nomination_form.html", {"form": form})


@require_GET
def nomination_detail(request, pk: int):
    nomination = access.get_for(request.user, NOMINATION_QS, Action.VIEW, pk=pk)
    user = request.user
    context = {
        "n": nomination,
        "checks": eligibility.evaluate(nomination),
        "evidence": nomination.evidence.all(),
        "can_nominate": access.can(user, Action.NOMINATE, nomination.unit),
        "can_check": access.can(user, Action.NOMINATION_CHECK, nomination.commune),
        "return_form": ReturnForm(),
        "evidence_form": EvidenceForm(),
    }
    if context["can_nominate"] and nomination.state in (NominationState.DRAFT, NominationState.RETURNED):
        context["edit_form"] = NominationEditForm(
            initial={
                "achievement": nomination.achievement,
                "movement": nomination.movement_id,
                "review_period": nomination.review_period_id,
            },
            **_link_querysets([nomination.commune]),
        )
    if access.can(user, Action.VIEW_AUDIT, nomination.unit):
        context["entries"] = entries_for_object(nomination)
    return render(request, "commendations/detail.html", context)


NOMINATION_STEPS = {
    "submit": (Action.NOMINATE, services.nomination_submit, _("Đã gửi đề nghị.")),
    "withdraw": (Action.NOMINATE, services.nomination_withdraw, _("Đã rút đề nghị.")),
    "accept": (Action.NOMINATION_CHECK, services.nomination_accept, _("Đã tiếp nhận.")),
    "check": (Action.NOMINATION_CHECK, services.nomination_check, _("Đã thẩm định: đạt các tiêu chuẩn.")),
}


@require_POST
def nomination_step(request, pk: int, step: str):
    if step not in NOMINATION_STEPS and step not in ("return", "edit"):
        raise Http404
    nomination = access.get_for(request.user, NOMINATION_QS, Action.VIEW, pk=pk)
    if step == "return" or (
        step in NOMINATION_STEPS and NOMINATION_STEPS[step][0] == Action.NOMINATION_CHECK
    ):
        # The nominator sees their nomination but the check belongs to the commune's officer: 403.
        if not access.can(request.user, Action.NOMINATION_CHECK, nomination.commune):
            raise PermissionDenied
    else:
        access.require(request.user, Action.NOMINATE, nomination.unit)
    try:
        if step == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ServiceError(_("Nhập lý do trả lại để đơn vị đề nghị biết cần bổ sung gì."))
            services.nomination_return(
                actor=request.user, nomination=nomination, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Đã trả lại đề nghị."))
        elif step == "edit":
            form = NominationEditForm(request.POST, **_link_querysets([nomination.commune]))
            if not form.is_valid():
                if "achievement" in form.errors:
                    raise ServiceError(_("Nhập báo cáo thành tích."))
                raise ServiceError(" ".join(e for errors in form.errors.values() for e in errors))
            services.nomination_update(actor=request.user, nomination=nomination, **form.cleaned_data)
            messages.success(request, _("Đã lưu thay đổi."))
        else:
            _action, fn, done = NOMINATION_STEPS[step]
            fn(actor=request.user, nomination=nomination)
            messages.success(request, done)
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("commendations:detail", nomination.pk)


@require_POST
def evidence_upload(request, pk: int):
    nomination = access.get_for(request.user, NOMINATION_QS, Action.NOMINATE, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, nomination=nomination, **form.cleaned_data)
            messages.success(request, _("Đã thêm minh chứng."))
        except ServiceError as exc:
            _fail(request, exc)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("commendations:detail", nomination.pk)


# --- Sessions and voting ----------------------------------------------------------------------

SESSION_QS = Session.objects.select_related(
    "council", "commune", "minutes_document", "review_period__movement"
)


@require_GET
def session_list(request):
    councils = selectors.visible(request.user, Unit.objects.filter(kind="council"), "parent")
    can_create = any(access.can(request.user, Action.COUNCIL_MANAGE, c) for c in councils)
    return render(
        request,
        "commendations/sessions.html",
        {"sessions": selectors.sessions_for(request.user), "can_create": can_create},
    )


@require_http_methods(["GET", "POST"])
def session_new(request):
    councils = [
        c
        for c in selectors.visible(request.user, Unit.objects.filter(kind="council"), "parent")
        if access.can(request.user, Action.COUNCIL_MANAGE, c)
    ]
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
            _form_error(form, exc)
        else:
            return redirect("commendations:session", session.pk)
    return render(request, "commendations/session_form.html", {"form": form})


def _session_initial(period_pk, periods) -> dict:
    """Opened from a movement's review (?review_period=): prefill its year and quotas, still editable."""
    period = periods.filter(pk=period_pk).first() if str(period_pk or "").isdigit() else None
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
        "notice_form": NoticeForm(initial={"starts_on": timezone.localdate()}),
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
        context["paper_counts"] = dict(session.paper_counts.values_list("nomination_id", "agree"))
    return context


@require_GET
def session_detail(request, pk: int):
    session = access.get_for(request.user, SESSION_QS, Action.VIEW, unit_of=lambda s: s.council, pk=pk)
    return render(request, "commendations/session.html", _session_context(request, session))


def _ids(values) -> set[int]:
    try:
        return {int(v) for v in values}
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("Dữ liệu gửi lên không hợp lệ.")) from exc


@require_POST
def session_step(request, pk: int, step: str):
    session = access.get_for(request.user, SESSION_QS, Action.VIEW, unit_of=lambda s: s.council, pk=pk)
    user, post = request.user, request.POST
    try:
        if step == "agenda":
            access.require(user, Action.COUNCIL_MANAGE, session.council)
            ids = _ids(post.getlist("nomination"))
            noms = list(Nomination.objects.filter(pk__in=ids, commune=session.commune))
            if len(noms) != len(ids):
                raise ServiceError(_("Có đề nghị không thuộc xã của phiên họp."))
            services.session_agenda_add(actor=user, session=session, nominations=noms)
        elif step == "remove":
            access.require(user, Action.COUNCIL_MANAGE, session.council)
            nom = Nomination.objects.filter(
                pk__in=_ids([post.get("nomination", "0")]), session=session
            ).first()
            if nom is None:
                raise ServiceError(_("Đề nghị không có trong chương trình phiên họp."))
            services.session_agenda_remove(actor=user, session=session, nomination=nom)
        elif step == "attendance":
            access.require(user, Action.COUNCIL_MANAGE, session.council)
            present = _ids(post.getlist("present"))
            opinions = {
                int(k[8:]): v for k, v in post.items() if k.startswith("opinion-") and k[8:].isdigit()
            }
            services.session_attendance_set(
                actor=user, session=session, present_ids=present, opinions=opinions
            )
        elif step == "open":
            services.session_open(actor=user, session=session)
        elif step == "close":
            services.session_close(actor=user, session=session)
        elif step == "paper":
            counts = {}
            for nom in session.nominations.all():
                raw = post.get(f"count-{nom.pk}", "")
                if not raw.strip().lstrip("-").isdigit():
                    raise ServiceError(_("Nhập số phiếu đồng ý cho từng người (số nguyên)."))
                counts[nom.pk] = int(raw)
            services.paper_counts_enter(actor=user, session=session, counts=counts)
        elif step == "confirm":
            services.paper_counts_confirm(actor=user, session=session)
        elif step == "tie":
            nom = Nomination.objects.filter(
                pk__in=_ids([post.get("nomination", "0")]), session=session
            ).first()
            if nom is None:
                raise Http404
            services.session_tie_resolve(
                actor=user, session=session, nomination=nom, passed=post.get("passed") == "1"
            )
        elif step == "minutes":
            document = services.session_minutes_issue(actor=user, session=session)
            messages.success(request, _("Đã lập biên bản số %(n)s.") % {"n": document.number_symbol})
            return redirect("commendations:minutes", session.pk)
        elif step == "notice":
            form = NoticeForm(post)
            if not form.is_valid():
                raise ServiceError(_("Nhập ngày bắt đầu công khai."))
            notice = services.notice_publish(actor=user, session=session, **form.cleaned_data)
            messages.success(request, _("Đã công khai danh sách."))
            return redirect("commendations:notice_manage", notice.pk)
        else:
            raise Http404
    except ServiceError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã cập nhật phiên họp."))
    return redirect("commendations:session", session.pk)


def _choices_from(post, session: Session) -> dict[int, bool]:
    """Read agree / disagree per nominee from the form; the service rejects any mismatch with the agenda."""
    choices = {}
    for key, value in post.items():
        if key.startswith("n-"):
            try:
                choices[int(key[2:])] = value == "agree"
            except ValueError as exc:
                raise ServiceError(
                    _("Phiếu không khớp với danh sách đề nghị của phiên họp; hãy tải lại trang.")
                ) from exc
    return choices


@require_http_methods(["GET", "POST"])
def vote(request, pk: int):
    session = access.get_for(
        request.user, SESSION_QS, Action.COUNCIL_VOTE, unit_of=lambda s: s.council, pk=pk
    )
    member = selectors.member_of(request.user, session)
    if member is None:
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.ballot_cast(
                user=request.user, session=session, choices=_choices_from(request.POST, session)
            )
        except ServiceError as exc:
            _fail(request, exc)
        else:
            messages.success(
                request,
                _("Đã ghi nhận phiếu của bạn. Phiếu kín: không ai biết bạn đã chọn gì.")
                if session.secret
                else _("Đã ghi nhận biểu quyết công khai của bạn."),
            )
            return redirect("commendations:session", session.pk)
    context = _session_context(request, session)
    context["quotas"] = {
        "individual": session.quota_individual,
        "collective": session.quota_collective,
        "household": session.quota_household,
    }
    return render(request, "commendations/vote.html", context)


@require_POST
def vote_check(request, pk: int):
    """htmx: tell the voter before submitting that the ballot agrees to more than the quota."""
    session = access.get_for(
        request.user, SESSION_QS, Action.COUNCIL_VOTE, unit_of=lambda s: s.council, pk=pk
    )
    try:
        problems = services.ballot_problems(session, _choices_from(request.POST, session))
    except ServiceError as exc:
        problems = [str(exc)]
    return render(request, "commendations/_ballot_problems.html", {"problems": problems})


@require_GET
def minutes(request, pk: int):
    session = access.get_for(request.user, SESSION_QS, Action.VIEW, unit_of=lambda s: s.council, pk=pk)
    if session.state != SessionState.CLOSED:
        raise Http404
    context = _session_context(request, session)
    context["chair"] = CouncilMember.objects.filter(council=session.council, role="chair").first()
    context["secretary"] = CouncilMember.objects.filter(council=session.council, role="secretary").first()
    context["passed"] = [t for t in context["tally"] if t.outcome == TallyOutcome.PASSED]
    context["has_tie"] = any(t.outcome == TallyOutcome.TIE for t in context["tally"])
    context["open_votes"] = selectors.open_votes(session)
    return render(request, "commendations/minutes.html", context)


# --- Notice and objections --------------------------------------------------------------------


@require_GET
def notice_manage(request, pk: int):
    notice = access.get_for(
        request.user,
        Notice.objects.select_related("commune", "document"),
        Action.NOMINATION_CHECK,
        unit_of=lambda n: n.commune,
        pk=pk,
    )
    objections = notice.objections.select_related("nomination")
    return render(
        request,
        "commendations/notice_manage.html",
        {
            "notice": notice,
            "objections": objections,
            "resolve_form": ResolveForm(),
            "nominations": notice.nominations.select_related("award_type"),
            "decisions": Decision.objects.filter(awards__nomination__notice=notice).distinct(),
        },
    )


@require_POST
def objection_resolve(request, pk: int):
    objection = access.get_for(
        request.user,
        Objection.objects.select_related("notice__commune"),
        Action.NOMINATION_CHECK,
        unit_of=lambda o: o.notice.commune,
        pk=pk,
    )
    form = ResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Chọn kết quả và nhập nội dung xử lý."))
        services.objection_resolve(actor=request.user, objection=objection, **form.cleaned_data)
        messages.success(request, _("Đã ghi kết quả xử lý."))
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("commendations:notice_manage", objection.notice_id)


@require_POST
def decision_new(request, pk: int):
    notice = access.get_for(
        request.user,
        Notice.objects.select_related("commune"),
        Action.COUNCIL_MANAGE,
        unit_of=lambda n: n.commune,
        pk=pk,
    )
    try:
        decision = services.decision_create(actor=request.user, notice=notice)
    except ServiceError as exc:
        _fail(request, exc)
        return redirect("commendations:notice_manage", notice.pk)
    return redirect("commendations:decision", decision.pk)


@require_POST
def notice_document(request, pk: int):
    notice = access.get_for(
        request.user,
        Notice.objects.select_related("commune"),
        Action.NOMINATION_CHECK,
        unit_of=lambda n: n.commune,
        pk=pk,
    )
    try:
        document = services.notice_document_issue(
            actor=request.user,
            notice=notice,
            public_url=request.build_absolute_uri(reverse("commendations:public_notice", args=[notice.pk])),
        )
    except ServiceError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã ban hành thông báo số %(n)s.") % {"n": document.number_symbol})
    return redirect("commendations:notice_manage", notice.pk)


@login_not_required
@require_http_methods(["GET", "POST"])
def public_notice(request, pk: int):
    notice = Notice.objects.select_related("commune").filter(pk=pk).first()
    if notice is None:
        raise Http404(_("Không tìm thấy danh sách công khai."))
    nominations = list(
        notice.nominations.select_related("award_type").order_by("recipient_kind", "recipient_name")
    )
    form = ObjectionForm(request.POST or None, nominations=nominations)
    today = timezone.localdate()
    is_open = notice.starts_on <= today <= notice.ends_on
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nomination = next((n for n in nominations if n.pk == data["nomination"]), None)
        try:
            services.objection_submit(
                notice=notice,
                name=data["name"],
                contact=data["contact"],
                text=data["text"],
                ip=client_ip(request),
                nomination=nomination,
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Cảm ơn bạn. Ý kiến đã được chuyển đến bộ phận thi đua – khen thưởng.")
            )
            return redirect("commendations:public_notice", notice.pk)
    return render(
        request,
        "commendations/public_notice.html",
        {"notice": notice, "nominations": nominations, "form": form, "is_open": is_open},
    )


# --- Decisions, certificates, money ------------------------------------------------------------

DECISION_QS = Decision.objects.select_related("commune", "session", "submission_document")


@require_http_methods(["GET", "POST"])
def decision_detail(request, pk: int):
    decision = access.get_for(request.user, DECISION_QS, Action.VIEW, unit_of=lambda d: d.commune, pk=pk)
    can_sign = access.can(request.user, Action.DECISION_SIGN, decision.commune)
    form = SignForm(
        request.POST or None,
        initial={"signed_on": timezone.localdate(), "signer_name": request.user.full_name},
    )
    if request.method == "POST":
        if not can_sign:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.decision_sign(actor=request.user, decision=decision, **form.cleaned_data)
            except (ServiceError, ValueError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã ký quyết định."))
                return redirect("commendations:decision", decision.pk)
    awards = decision.awards.select_related("award_type").order_by("award_type__rank", "recipient_name")
    return render(
        request,
        "commendations/decision.html",
        {
            "d": decision,
            "awards": awards,
            "form": form,
            "can_sign": can_sign,
            "can_submit": decision.state == Decision.State.DRAFT
            and decision.session_id is not None
            and access.can(request.user, Action.COUNCIL_MANAGE, decision.commune),
            "annul_form": AnnulForm(),
        },
    )


@require_POST
def decision_submission(request, pk: int):
    decision = access.get_for(
        request.user, DECISION_QS, Action.COUNCIL_MANAGE, unit_of=lambda d: d.commune, pk=pk
    )
    try:
        document = services.decision_submission_issue(actor=request.user, decision=decision)
    except ServiceError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã ban hành tờ trình số %(n)s.") % {"n": document.number_symbol})
    return redirect("commendations:decision", decision.pk)


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=3, dark="#000")


@require_GET
def certificates(request, pk: int):
    decision = access.get_for(request.user, DECISION_QS, Action.VIEW, unit_of=lambda d: d.commune, pk=pk)
    if decision.state != Decision.State.SIGNED:
        raise Http404
    items = []
    for award in decision.awards.select_related("award_type").order_by("recipient_name"):
        url = request.build_absolute_uri(reverse("commendations:verify", args=[award.verify_code]))
        items.append({"award": award, "url": url, "qr": _qr_svg(url)})
    return render(request, "commendations/certificates.html", {"d": decision, "items": items})


@require_POST
def award_annul(request, pk: int):
    award = access.get_for(
        request.user,
        Award.objects.select_related("commune"),
        Action.DECISION_SIGN,
        unit_of=lambda a: a.commune,
        pk=pk,
    )
    form = AnnulForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Nhập lý do, số quyết định và ngày hủy."))
        services.award_annul(actor=request.user, award=award, **form.cleaned_data)
        messages.success(request, _("Đã hủy khen thưởng; giấy chứng nhận sẽ hiện là đã hủy."))
    except ServiceError as exc:
        _fail(request, exc)
    return (
        redirect("commendations:decision", award.decision_id)
        if award.decision_id
        else redirect("commendations:money")
    )


@require_GET
def money(request):
    rows, per_year = selectors.money_totals(request.user)
    return render(request, "commendations/money.html", {"rows": rows, "per_year": per_year})


@require_GET
def money_export(request):
    from openpyxl import Workbook

    awards = selectors.visible(
        request.user,
        Award.objects.filter(decision__state=Decision.State.SIGNED).select_related("award_type", "decision"),
        "commune",
    ).order_by("-year", "decision_id", "recipient_name")
    wb = Workbook()
    ws = wb.active
    ws.title = "Tien thuong"
    ws.append(
        [
            "Năm",
            "Quyết định",
            "Ngày ký",
            "Người / tập thể",
            "Danh hiệu, hình thức",
            "Nguồn quỹ",
            "Tiền thưởng (đồng)",
            "Ghi chú",
            "Đã hủy",
            "Phải thu hồi (đồng)",
        ]
    )
    for a in awards:
        ws.append(
            [
                a.year,
                a.decision.number_label,
                a.decision.signed_on,
                a.recipient_name,
                a.award_type.name,
                a.award_type.fund,
                a.amount,
                a.amount_note,
                "có" if a.annulled else "",
                a.recover_amount,
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="tien-thuong.xlsx"'
    return response


@require_GET
def catalogue(request):
    homes = access.home_units(request.user)
    unit = homes[0] if homes else None
    today = timezone.localdate()
    items = [(a, rules_mod.award_rules(a, unit, today) if unit else None) for a in AwardType.objects.all()]
    return render(
        request,
        "commendations/catalogue.html",
        {
            "items": items,
            "unit": unit,
            "base_salary": rules_mod.base_salary_on(today),
            "settings": rules_mod.settings_for(unit, today) if unit else rules_mod.load_data()["settings"],
        },
    )


# --- Public pages -------------------------------------------------------------------------------


@login_not_required
@require_GET
def verify(request, code: str):
    award = (
        Award.objects.select_related("award_type", "decision", "commune")
        .filter(verify_code=code, decision__state=Decision.State.SIGNED)
        .first()
    )
    if award is None:
        response = render(request, "commendations/verify_missing.html", status=404)
        return response
    return render(request, "commendations/verify.html", {"a": award})


@login_not_required
@require_GET
def register(request):
    return render(request, "commendations/register.html", {"decisions": selectors.public_decisions()[:200]})


@login_not_required
@require_GET
def public_decision(request, pk: int):
    decision = Decision.objects.select_related("commune").filter(pk=pk, state=Decision.State.SIGNED).first()
    if decision is None:
        raise Http404(_("Không tìm thấy quyết định."))
    awards = decision.awards.select_related("award_type").order_by("award_type__rank", "recipient_name")
    return render(request, "commendations/public_decision.html", {"d": decision, "awards": awards})


@require_GET
def certificates_pdf(request, pk: int):
    """All certificates of a signed decision in one PDF, each with its verification QR code."""
    from thidua.commendations.papers import certificates_pdf as render
    from thidua.commendations.papers import decision_certificates

    decision = access.get_for(request.user, DECISION_QS, Action.VIEW, unit_of=lambda d: d.commune, pk=pk)
    if decision.state != Decision.State.SIGNED:
        raise Http404
    certs = decision_certificates(
        decision,
        verify_url=lambda code: request.build_absolute_uri(reverse("commendations:verify", args=[code])),
    )
    if not certs:
        raise Http404
    response = HttpResponse(render(certs), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-chung-nhan-{decision.pk}.pdf"'
    return response
