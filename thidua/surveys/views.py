"""Thin views: ask access for the object, let a form parse, let a service decide."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.jobs.models import JobKind
from thidua.jobs.views import offer_or_start
from thidua.lib.clients import client_ip
from thidua.lib.downloads import attachment
from thidua.lib.errors import ServiceError, show_error
from thidua.lib.paging import peek_page
from thidua.surveys import exports, selectors, services
from thidua.surveys.forms import ResponseForm, SurveyForm
from thidua.surveys.models import Survey, SurveyState

SURVEY_QS = Survey.objects.select_related("unit")


@require_GET
def survey_list(request):
    page = peek_page(selectors.surveys_for(request.user), request.GET.get("page"), 30)
    return render(
        request,
        "surveys/list.html",
        {"page": page, "can_create": selectors.managed_communes(request.user).exists(), "State": SurveyState},
    )


@require_http_methods(["GET", "POST"])
def survey_create(request):
    units = selectors.managed_communes(request.user)
    if not units.exists():
        raise PermissionDenied
    form = SurveyForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã tạo cuộc khảo sát với bộ câu hỏi mặc định."))
            return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/form.html", {"form": form})


@require_GET
def survey_detail(request, pk: int):
    """The staff's results page."""
    survey = access.get_for(request.user, SURVEY_QS, Action.SURVEY_RESULTS, pk=pk)
    res = selectors.results(survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "State": SurveyState,
            "res": res,
            "comments": peek_page(selectors.comments(survey), request.GET.get("page"), 50),
            "can_manage": access.can(request.user, Action.SURVEY_MANAGE, survey.unit),
            "public_url": request.build_absolute_uri(reverse("surveys:public", args=[survey.pk])),
        },
    )


def _transition(request, pk: int, service, done: str, *, action=Action.SURVEY_MANAGE):
    """One POST action on a survey: fetch it, call its service; a refusal comes back as a message.

    The same shape as `examples.views._transition`."""
    survey = access.get_for(request.user, SURVEY_QS, action, pk=pk)
    try:
        service(actor=request.user, survey=survey)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("surveys:detail", survey.pk)


@require_POST
def survey_open(request, pk: int):
    return _transition(request, pk, services.survey_open, _("Đã mở khảo sát; người dân có thể trả lời."))


@require_POST
def survey_close(request, pk: int):
    return _transition(request, pk, services.survey_close, _("Đã kết thúc khảo sát."))


@require_http_methods(["GET", "POST"])
def export_responses(request, pk: int):
    survey = access.get_for(request.user, SURVEY_QS, Action.SURVEY_RESULTS, pk=pk)
    size = survey.responses.count()
    if size > settings.THIDUA_JOB_ROWS or request.method == "POST":
        return offer_or_start(
            request,
            kind=JobKind.SURVEY_RESPONSES,
            unit=survey.unit,
            params={"survey": survey.pk},
            file_name=f"khao-sat-{survey.pk}-phieu.xlsx",
            size=size,
        )
    return attachment(exports.responses_xlsx(survey), f"khao-sat-{survey.pk}-phieu.xlsx")


@require_GET
def export_summary(request, pk: int):
    survey = access.get_for(request.user, SURVEY_QS, Action.SURVEY_RESULTS, pk=pk)
    return attachment(exports.summary_xlsx(selectors.results(survey)), f"khao-sat-{survey.pk}-tong-hop.xlsx")


@login_not_required
@require_http_methods(["GET", "POST"])
def public_form(request, pk: int):
    """The citizen's questionnaire: no login, no personal data, one response per submission."""
    survey = SURVEY_QS.filter(pk=pk).exclude(state=SurveyState.DRAFT).first()
    if survey is None:
        raise Http404(_("Không tìm thấy cuộc khảo sát."))
    if survey.state != SurveyState.OPEN:
        return render(request, "surveys/public_closed.html", {"survey": survey})
    questions = list(survey.questions.all())
    form = ResponseForm(request.POST or None, survey=survey, questions=questions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.response_submit(
                survey=survey,
                service=data["service"],
                scores=form.scores(),
                expectations=data["expectations"],
                comments=data["comments"],
                ip=client_ip(request),
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            return redirect("surveys:thanks", survey.pk)
    return render(request, "surveys/public_form.html", {"survey": survey, "form": form})


@login_not_required
@require_GET
def public_thanks(request, pk: int):
    survey = SURVEY_QS.filter(pk=pk).exclude(state=SurveyState.DRAFT).first()
    if survey is None:
        raise Http404
    return render(request, "surveys/public_thanks.html", {"survey": survey})
