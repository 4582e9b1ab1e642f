"""Writes of the surveys app: create, open, close, and a citizen's response."""

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record, snapshot
from thidua.lib import clients
from thidua.lib.errors import ServiceError
from thidua.surveys import counts
from thidua.surveys.models import Answer, Element, Question, Response, Survey, SurveyState
from thidua.units.models import Unit

DEFAULT_SET = Path(__file__).parent / "data" / "sipas_default.json"
# A kiosk tablet at the one-stop shop sends every response from one address: the limit stays loose.
RESPONSES_PER_HOUR = 30


@cache
def default_set() -> dict:
    """The shipped SIPAS question set (five elements, 1–5 scale, common services)."""
    data = json.loads(DEFAULT_SET.read_text(encoding="utf-8"))
    codes = [e["code"] for e in data["elements"]]
    if codes != list(Element.values):
        raise ValueError(f"the default question set must list the five elements in order: {codes}")
    return data


def client_key(ip: str) -> str:
    return clients.client_key(ip, "surveys")


@transaction.atomic
def survey_create(
    *,
    actor: Actor,
    unit: Unit,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    services: str = "",
    is_sample: bool = False,
) -> Survey:
    """A survey in draft with the default question set copied in, so later edits stay local."""
    access.require_actor(actor, Action.SURVEY_MANAGE, unit)
    if period_end < period_start:
        raise ServiceError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    data = default_set()
    survey = Survey(
        unit=unit,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        services=services.strip() or "\n".join(data["services"]),
        is_sample=is_sample,
    )
    changes.create(survey, actor=actor, verb="tạo cuộc khảo sát")
    position = 0
    questions = []
    for element in data["elements"]:
        for text in element["questions"]:
            position += 1
            questions.append(Question(survey=survey, element=element["code"], position=position, text=text))
    # The questions are the shipped set, the same for every survey: not worth an audit line each.
    Question.objects.bulk_create(questions)
    return survey


def _move(survey: Survey, **move) -> Survey:
    return changes.transition(survey, noun=_("cuộc khảo sát"), **move)


@transaction.atomic
def survey_open(*, actor: Actor, survey: Survey) -> Survey:
    access.require_actor(actor, Action.SURVEY_MANAGE, survey.unit)
    if not survey.questions.exists():
        raise ServiceError(_("Cuộc khảo sát chưa có câu hỏi."))
    return _move(
        survey,
        actor=actor,
        to=SurveyState.OPEN,
        allowed=(SurveyState.DRAFT,),
        verb="mở khảo sát",
        opened_at=timezone.now(),
    )


@transaction.atomic
def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    access.require_actor(actor, Action.SURVEY_MANAGE, survey.unit)
    return _move(
        survey,
        actor=actor,
        to=SurveyState.CLOSED,
        allowed=(SurveyState.OPEN,),
        verb="kết thúc khảo sát",
        closed_at=timezone.now(),
    )


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    service: str,
    scores: dict[int, int],
    ip: str,
    expectations: str = "",
    comments: str = "",
    is_sample: bool = False,
    check_rate: bool = True,
) -> Response:
    """One citizen's answers; every question needs a score from 1 to 5. No personal data is asked.

    Written under the named citizen actor. Like a ballot, the entry carries the scores themselves,
    so the audit chain vouches for the results: hence `audit_record` rather than `changes.create`."""
    # Lock the survey row so a close and a late response cannot interleave.
    survey = Survey.objects.select_for_update().select_related("unit").get(pk=survey.pk)
    if survey.state != SurveyState.OPEN:
        raise ServiceError(_("Cuộc khảo sát không còn nhận phiếu."))
    if service not in survey.service_list:
        raise ServiceError(_("Chọn dịch vụ, thủ tục bạn đã sử dụng."))
    question_ids = set(survey.questions.values_list("id", flat=True))
    if set(scores) != question_ids:
        raise ServiceError(_("Vui lòng trả lời đủ tất cả các câu hỏi."))
    if any(score not in (1, 2, 3, 4, 5) for score in scores.values()):
        raise ServiceError(_("Mức hài lòng phải từ 1 đến 5."))
    key = client_key(ip)
    if check_rate:
        clients.rate_limit(
            Response.objects.all(),
            key=key,
            limit=RESPONSES_PER_HOUR,
            message=_("Đã nhận nhiều phiếu từ thiết bị này; vui lòng thử lại sau một giờ."),
        )
    response = Response.objects.create(
        survey=survey,
        service=service,
        expectations=expectations.strip(),
        comments=comments.strip(),
        client_key=key,
        is_sample=is_sample,
    )
    Answer.objects.bulk_create(Answer(response=response, question_id=q, score=s) for q, s in scores.items())
    counts.response_count(survey_id=survey.pk, service=service, scores=scores)
    audit_record(
        actor=access.CITIZEN,
        action=AuditAction.CREATE,
        instance=response,
        unit=survey.unit,
        after={
            **snapshot(response, exclude=("client_key",)),
            "scores": {str(q): s for q, s in sorted(scores.items())},
        },
        verb="gửi phiếu khảo sát",
    )
    return response


@transaction.atomic
def survey_counts_rebuild(*, actor: Actor, surveys: Iterable[Survey] | None = None) -> list[Survey]:
    """Count the results again from the answers (all surveys, or these), for a database restored
    from a backup or a count doubted; returns the surveys whose counts were wrong, now right.

    The surveys' rows are locked first, so no response is counted while its survey is recounted.
    One audit entry names the surveys corrected (none when every count was right)."""
    access.check_actor(actor)
    chosen = (
        Survey.objects.all() if surveys is None else Survey.objects.filter(pk__in=[s.pk for s in surveys])
    )
    ids = list(chosen.select_for_update().order_by("pk").values_list("pk", flat=True))
    wrong = counts.recount(ids)
    if wrong:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            model_label="surveys.survey",
            object_repr=_("Kết quả %(n)s cuộc khảo sát") % {"n": len(wrong)},
            after={"surveys": wrong},
            verb="đếm lại kết quả khảo sát",
        )
    return list(Survey.objects.filter(pk__in=wrong).order_by("pk"))
