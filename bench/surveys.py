"""Survey results and the public portal over many citizens' answers.

A commune survey with 100 and with 10,000 responses (19 questions each): the results page that
staff open, the summary export, and the public portal that lists open surveys.
"""

import datetime as dt
import random

from django.test import Client

from bench.harness import print_table, time_requests, timed
from thidua.access import SYSTEM

SIZES = [100, 10_000]
N = 30


def run() -> None:
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.surveys import services
    from thidua.surveys.models import Answer, Response
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    rng = random.Random(5)
    province = unit_create(actor=SYSTEM, name="Tỉnh Đo Khảo Sát", kind=UnitKind.PROVINCE, parent=None)
    rows = []
    for size in SIZES:
        commune = unit_create(
            actor=SYSTEM, name=f"Xã Khảo Sát {size}", kind=UnitKind.COMMUNE, parent=province
        )
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
        with timed() as t:
            responses = Response.objects.bulk_create(
                [
                    Response(survey=survey, service="Chứng thực", comments="Tốt" if i % 7 == 0 else "")
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
        client = Client()
        client.force_login(user)
        for label, url in [
            ("results page", f"/surveys/{survey.pk}/"),
            ("summary export (.xlsx)", f"/surveys/{survey.pk}/summary.xlsx"),
        ]:
            figures = time_requests(client, url, n=N)
            rows.append(
                [f"{size} responses", label, figures["median_ms"], figures["p95_ms"], figures["queries"]]
            )
        rows.append([f"{size} responses", f"(data written in {t.seconds:.1f} s)", "", "", ""])
    figures = time_requests(Client(), "/", n=N)
    rows.append(
        ["all", "public portal (anonymous)", figures["median_ms"], figures["p95_ms"], figures["queries"]]
    )
    print_table(
        f"Satisfaction surveys, {N} requests each (server time in ms, SQL queries per request)",
        ["data", "page", "median ms", "p95 ms", "queries"],
        rows,
    )
