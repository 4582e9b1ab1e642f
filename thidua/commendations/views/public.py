"""Pages anyone may open without signing in: the public list with its objection form, the register
of signed decisions, one decision, and the verification of a certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.commendations import selectors, services
from thidua.commendations.forms import ObjectionForm
from thidua.commendations.models import Award, Decision, Notice
from thidua.commendations.public import achievement_summary
from thidua.lib.clients import client_ip
from thidua.lib.codes import code_candidates
from thidua.lib.errors import ServiceError, show_error


@login_not_required
@require_http_methods(["GET", "POST"])
def public_notice(request, pk: int):
    notice = Notice.objects.select_related("commune").filter(pk=pk).first()
    if notice is None:
        raise Http404(_("Không tìm thấy danh sách công khai."))
    nominations = list(
        notice.nominations.select_related("award_type", "unit").order_by("recipient_kind", "recipient_name")
    )
    for nomination in nominations:  # name, unit, award and what for: nothing else of the person
        nomination.summary = achievement_summary(nomination.achievement)
    form = ObjectionForm(request.POST or None, nominations=nominations)
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.objection_submit(
                notice=notice,
                name=data["name"],
                contact=data["contact"],
                text=data["text"],
                ip=client_ip(request),
                nomination=next((n for n in nominations if n.pk == data["nomination"]), None),
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request, _("Cảm ơn bạn. Ý kiến đã được chuyển đến bộ phận thi đua – khen thưởng.")
            )
            return redirect("commendations:public_notice", notice.pk)
    return render(
        request,
        "commendations/public_notice.html",
        {
            "notice": notice,
            "nominations": nominations,
            "form": form,
            "is_open": notice.starts_on <= today <= notice.ends_on,
        },
    )


@login_not_required
@require_GET
def verify(request, code: str):
    award = (
        Award.objects.select_related("award_type", "decision", "commune")
        .filter(verify_code__in=code_candidates(code), decision__state=Decision.State.SIGNED)
        .first()
    )
    if award is None:
        return render(request, "commendations/verify_missing.html", status=404)
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
