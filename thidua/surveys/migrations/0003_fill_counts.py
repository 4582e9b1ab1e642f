"""Counts for the responses a database already holds, so results read from them from now on.

Self-contained (historical models, no import of the app's code), the same sums as
`thidua surveys-recount`, which can be run again at any time."""

from django.db import migrations
from django.db.models import Count


def fill(apps, schema_editor):
    Answer = apps.get_model("surveys", "Answer")
    Response = apps.get_model("surveys", "Response")
    ScoreCount = apps.get_model("surveys", "ScoreCount")
    ServiceCount = apps.get_model("surveys", "ServiceCount")
    ScoreCount.objects.all().delete()
    ServiceCount.objects.all().delete()
    ScoreCount.objects.bulk_create(
        (
            ScoreCount(survey_id=survey, question_id=question, score=score, n=n)
            for survey, question, score, n in Answer.objects.values_list(
                "response__survey_id", "question_id", "score"
            )
            .annotate(n=Count("id"))
            .order_by()
        ),
        batch_size=1000,
    )
    ServiceCount.objects.bulk_create(
        (
            ServiceCount(survey_id=survey, service=service, n=n)
            for survey, service, n in Response.objects.values_list("survey_id", "service")
            .annotate(n=Count("id"))
            .order_by()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_counts")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
