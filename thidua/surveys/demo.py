"""A demo satisfaction survey of Mỹ Thạnh, open, with about forty sample responses."""

import datetime as dt

from django.utils import timezone

from thidua.access import SystemActor
from thidua.surveys import services
from thidua.surveys.models import Response

ACTOR = SystemActor("load-demo")
COMMENTS = [
    ("Mong có thêm ghế ngồi chờ và quạt.", ""),
    ("", "Cán bộ hướng dẫn nhiệt tình, dễ hiểu."),
    ("Mong được nhắn tin báo khi có kết quả.", ""),
    ("", "Nên niêm yết lệ phí rõ hơn ở bảng tin."),
]


def load(ctx) -> None:
    today = timezone.localdate()
    start = today.replace(day=1) - dt.timedelta(days=60)
    survey = services.survey_create(
        actor=ACTOR,
        unit=ctx.commune,
        title=f"Khảo sát sự hài lòng về dịch vụ hành chính công năm {today.year}",
        period_start=start,
        period_end=start + dt.timedelta(days=180),
        is_sample=True,
    )
    services.survey_open(actor=ACTOR, survey=survey)
    rng = ctx.rng
    questions = list(survey.questions.all())
    services_used = survey.service_list
    # Mostly satisfied, a little less with the waiting area and with feedback handling.
    weak = {"access": -1, "feedback": -1}
    for i in range(40):
        scores = {}
        for question in questions:
            base = rng.choice([5, 5, 4, 4, 4, 3, 3, 2]) + weak.get(question.element, 0) * rng.choice(
                [0, 0, 1]
            )
            scores[question.pk] = max(1, min(5, base))
        expectations, comments = COMMENTS[i % len(COMMENTS)] if i % 5 == 0 else ("", "")
        services.response_submit(
            survey=survey,
            service=rng.choice(services_used),
            scores=scores,
            expectations=expectations,
            comments=comments,
            ip=f"demo-{i}",
            is_sample=True,
            check_rate=False,
        )
    Response.objects.filter(survey=survey).update(is_sample=True)
