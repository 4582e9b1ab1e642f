"""Survey results and the public portal over many citizens' answers.

A commune survey with 1,000 and with 10,000 responses (19 questions each): the results page that
staff open, the summary export, a citizen's response written through the service (it also counts
itself into the results), and the public portal. The responses are inserted in bulk, then counted
by `survey_counts_rebuild` (timed: what `thidua surveys-recount` takes on such a survey); the
measured pages and the response go through the real views and services. Figures only.
"""

import datetime as dt
import itertools
import random

from django.test import Client

from bench.harness import ScaleTable, measure, time_requests, timed
from thidua.access import SYSTEM

SIZES = [1_000, 10_000]
N = 30
GOALS = "goal: results page p95 ≤ 50 ms at 10,000 responses"


def _survey(size: int, rng: random.Random):
    """A commune, its officer and an open survey holding `size` responses; seconds to write them."""
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.surveys import services
    from thidua.surveys.models import Answer, Response
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    province = unit_create(actor=SYSTEM, name=f"Tỉnh Đo Khảo Sát {size}", kind=UnitKind.PROVINCE, parent=None)
    commune = unit_create(actor=SYSTEM, name=f"Xã Khảo Sát {size}", kind=UnitKind.COMMUNE, parent=province)
    user = User.objects.create_user(username=f"survey{size}", password="x")
    role_grant(actor=SYSTEM, user=user, unit=commune, role=Role.OFFICER)
    survey = services.survey_create(
        actor=SYSTEM,
        unit=commune,
        title=f"Khảo sát {size}",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    services.survey_open(actor=SYSTEM, survey=survey)
    questions = list(survey.questions.all())
    used = survey.service_list
    with timed() as written:
        responses = Response.objects.bulk_create(
            [
                Response(survey=survey, service=rng.choice(used), comments="Tốt" if i % 7 == 0 else "")
                for i in range(size)
            ],
            batch_size=2000,
        )
        Answer.objects.bulk_create(
            [
                Answer(response=r, question=q, score=rng.choice([3, 4, 4, 5, 5, 2]))
                for r in responses
                for q in questions
            ],
            batch_size=5000,
        )
    with timed() as counted:
        services.survey_counts_rebuild(actor=SYSTEM, surveys=[survey])
    return survey, user, written.seconds, counted.seconds


def run() -> None:
    from thidua.surveys import services

    rng = random.Random(5)
    table = ScaleTable(f"Satisfaction surveys ({GOALS})", sizes=[f"{size:,} responses" for size in SIZES])
    for size in SIZES:
        label = f"{size:,} responses"
        survey, user, written, counted = _survey(size, rng)
        client = Client()
        client.force_login(user)
        table.trivial(label, client, note=f"written in {written:.1f} s, counted in {counted:.2f} s")
        table.add(label, "results page", time_requests(client, f"/surveys/{survey.pk}/", n=N))
        table.add(
            label, "summary export (.xlsx)", time_requests(client, f"/surveys/{survey.pk}/summary.xlsx", n=N)
        )
        questions = [q.pk for q in survey.questions.all()]
        addresses = (f"10.9.{i // 250}.{i % 250}" for i in itertools.count())

        def respond(survey=survey, questions=questions, addresses=addresses):
            services.response_submit(
                survey=survey,
                service=survey.service_list[0],
                scores={q: rng.randint(1, 5) for q in questions},
                ip=next(addresses),
                check_rate=False,
            )

        table.add(label, "a citizen's response (service)", measure(respond, n=N, warmup=3))
        table.add(label, "public portal (anonymous)", time_requests(Client(), "/", n=N))
    table.print()
