"""The notice and its objections, decisions with their Tờ trình and signing, certificates,
annulment, money, and the award catalogue."""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.commendations import law, papers, selectors, services
from thidua.commendations import rules as rules_mod
from thidua.commendations.forms import AnnulForm, ResolveForm, SignForm
from thidua.commendations.models import Award, AwardType, Decision, Notice, Objection
from thidua.commendations.views._common import DECISION_QS, act
from thidua.documents.qr import qr_svg
from thidua.jobs.models import JobKind
from thidua.jobs.views import offer_or_start
from thidua.lib.downloads import attachment
from thidua.lib.errors import show_error
from thidua.signatures.selectors import keys_for as signing_keys

NOTICE_QS = Notice.objects.select_related("commune", "document")


def _notice(request, pk: int, action: Action) -> Notice:
    return access.get_for(request.user, NOTICE_QS, action, unit_of=lambda n: n.commune, pk=pk)


def _decision(request, pk: int, action: Action = Action.VIEW) -> Decision:
    return access.get_for(request.user, DECISION_QS, action, unit_of=lambda d: d.commune, pk=pk)


@require_GET
def notice_manage(request, pk: int):
    return _notice_page(request, _notice(request, pk, Action.NOMINATION_CHECK))


def _notice_page(request, notice: Notice, typed: tuple[int, ResolveForm] | None = None):
    """The notice's page; `typed` is (objection id, its refused form), shown again as typed."""
    return render(
        request,
        "commendations/notice_manage.html",
        {
            "notice": notice,
            "objections": notice.objections.select_related("nomination"),
            # The senders' contacts follow the rule of every contact, whoever else may open the page.
            "show_contact": access.can_see_contact_on(request.user, notice.commune),
            "resolve_form": ResolveForm(),
            "typed_pk": typed[0] if typed else None,
            "typed_form": typed[1] if typed else None,
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
    ok, _result = act(
        request,
        services.objection_resolve,
        objection=objection,
        form=form,
        invalid=_("Chọn kết quả và nhập nội dung xử lý."),
        done=_("Đã ghi kết quả xử lý."),
    )
    if not ok:
        notice = _notice(request, objection.notice_id, Action.NOMINATION_CHECK)  # as stored
        return _notice_page(request, notice, typed=(objection.pk, form))
    return redirect("commendations:notice_manage", objection.notice_id)


@require_POST
def decision_new(request, pk: int):
    notice = _notice(request, pk, Action.COUNCIL_MANAGE)
    ok, decision = act(request, services.decision_create, notice=notice)
    if not ok:
        return redirect("commendations:notice_manage", notice.pk)
    return redirect("commendations:decision", decision.pk)


@require_POST
def notice_document(request, pk: int):
    notice = _notice(request, pk, Action.NOMINATION_CHECK)
    public_url = request.build_absolute_uri(reverse("commendations:public_notice", args=[notice.pk]))
    ok, document = act(request, services.notice_document_issue, notice=notice, public_url=public_url)
    if ok:
        messages.success(request, _("Đã ban hành thông báo số %(n)s.") % {"n": document.number_symbol})
    return redirect("commendations:notice_manage", notice.pk)


@require_http_methods(["GET", "POST"])
def decision_detail(request, pk: int):
    """The decision; a POST signs it (the service refuses whoever may not sign)."""
    decision = _decision(request, pk)
    form = SignForm(
        request.POST or None,
        initial={"signed_on": timezone.localdate(), "signer_name": request.user.full_name},
        keys=signing_keys(decision.commune) if decision.is_draft else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_sign(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã ký quyết định."))
            return redirect("commendations:decision", decision.pk)
    return _decision_page(request, decision, form)


def _decision_page(request, decision: Decision, form: SignForm, typed: tuple[int, AnnulForm] | None = None):
    """The decision's page; `typed` is (award id, its refused annulment form), shown again as typed."""
    awards = list(decision.awards.select_related("award_type").order_by("award_type__rank", "recipient_name"))
    base_salary, total = decision.base_salary, decision.total_amount
    if decision.is_draft:
        # The money it will carry if signed today, by the same rules as signing (nothing is saved).
        base_salary, computed = services.compute_amounts(decision, timezone.localdate())
        amounts = {a.pk: a for a in computed["awards"]}
        for award in awards:
            award.amount, award.amount_note = amounts[award.pk].amount, amounts[award.pk].amount_note
        total = sum(a.amount for a in awards)
    return render(
        request,
        "commendations/decision.html",
        {
            "d": decision,
            "awards": awards,
            "base_salary": base_salary,
            "total": total,
            "form": form,
            "can_sign": access.can(request.user, Action.DECISION_SIGN, decision.commune),
            "can_submit": decision.is_draft
            and decision.session_id is not None
            and access.can(request.user, Action.COUNCIL_MANAGE, decision.commune),
            "annul_form": AnnulForm(),
            "typed_pk": typed[0] if typed else None,
            "typed_form": typed[1] if typed else None,
        },
    )


@require_POST
def decision_submission(request, pk: int):
    decision = _decision(request, pk, Action.COUNCIL_MANAGE)
    ok, document = act(request, services.decision_submission_issue, decision=decision)
    if ok:
        messages.success(request, _("Đã ban hành tờ trình số %(n)s.") % {"n": document.number_symbol})
    return redirect("commendations:decision", decision.pk)


def _signed_decision(request, pk: int) -> Decision:
    decision = _decision(request, pk)
    if not decision.is_signed:
        raise Http404
    return decision


def _verify_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("commendations:verify", args=[code]))


@require_GET
def certificates(request, pk: int):
    """The certificates on screen, each laid out as its PDF and .docx from the same model."""
    decision = _signed_decision(request, pk)
    certs = papers.decision_certificates(decision, verify_url=lambda code: _verify_url(request, code))
    items = [{"cert": c.model(), "qr": qr_svg(c.verify_url)} for c in certs]
    return render(request, "commendations/certificates.html", {"d": decision, "items": items})


@require_GET
def certificates_docx(request, pk: int):
    """All certificates of a signed decision in one .docx, a landscape page each, to edit or print."""
    decision = _signed_decision(request, pk)
    certs = papers.decision_certificates(decision, verify_url=lambda code: _verify_url(request, code))
    if not certs:
        raise Http404
    return attachment(papers.certificates_docx(certs), f"giay-chung-nhan-{decision.pk}.docx")


@require_http_methods(["GET", "POST"])
def certificates_pdf(request, pk: int):
    """All certificates of a signed decision in one PDF, each with its verification QR code; a
    large decision's are prepared in the background (thidua/jobs) with a progress bar."""
    return _certificates_file(request, pk, JobKind.CERTIFICATES_PDF, "pdf", papers.certificates_pdf)


@require_http_methods(["GET", "POST"])
def certificates_zip(request, pk: int):
    """The same certificates as a zip of one PDF each, to send every recipient their own."""
    return _certificates_file(request, pk, JobKind.CERTIFICATES_ZIP, "zip", papers.certificates_zip)


def _certificates_file(request, pk: int, kind: str, extension: str, build):
    decision = _signed_decision(request, pk)
    size = decision.awards.filter(annulled=False).count()
    name = f"giay-chung-nhan-{decision.pk}.{extension}"
    if size > settings.THIDUA_JOB_CERTIFICATES or request.method == "POST":
        params = {"decision": decision.pk, "base_url": request.build_absolute_uri("/")}
        return offer_or_start(
            request, kind=kind, unit=decision.commune, params=params, file_name=name, size=size
        )
    certs = papers.decision_certificates(decision, verify_url=lambda code: _verify_url(request, code))
    if not certs:
        raise Http404
    return attachment(build(certs), name)


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
    ok, _result = act(
        request,
        services.award_annul,
        award=award,
        form=form,
        invalid=_("Nhập lý do, số quyết định và ngày hủy."),
        done=_("Đã hủy khen thưởng; giấy chứng nhận sẽ hiện là đã hủy."),
    )
    if not ok and award.decision_id:
        decision = _decision(request, award.decision_id)
        sign_form = SignForm(
            initial={"signed_on": timezone.localdate(), "signer_name": request.user.full_name}
        )
        return _decision_page(request, decision, sign_form, typed=(award.pk, form))
    if award.decision_id:
        return redirect("commendations:decision", award.decision_id)
    return redirect("commendations:money")


@require_GET
def money(request):
    rows, per_year = selectors.money_totals(request.user)
    return render(request, "commendations/money.html", {"rows": rows, "per_year": per_year})


MONEY_COLUMNS = [
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


@require_GET
def money_export(request):
    from openpyxl import Workbook

    from thidua.lib.excel import append_row

    awards = selectors.visible(
        request.user,
        Award.objects.filter(decision__state=Decision.State.SIGNED).select_related("award_type", "decision"),
        "commune",
    ).order_by("-year", "decision_id", "recipient_name")
    wb = Workbook()
    ws = wb.active
    ws.title = "Tien thuong"
    ws.append(MONEY_COLUMNS)
    for a in awards:
        append_row(
            ws,
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
            ],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return attachment(buffer.getvalue(), "tien-thuong.xlsx")


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
            "law": law.find_in_force(today),
            "settings": rules_mod.settings_for(unit, today) if unit else rules_mod.load_data()["settings"],
        },
    )
