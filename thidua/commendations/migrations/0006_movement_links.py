"""Nominations and awards link to a movement and its review period by real foreign keys.

The loose `movement_id` numbers become the `movement` link when that movement exists; a
`period_label` becomes the `review_period` link when it names one of the movement's yearly or
final reviews of the nomination's year, or else the yearly (failing that, the final) review ending
in that year. An empty label links no review; a label that matches nothing is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models

REVIEW_KINDS = ("year", "final")


def _match_period(ReviewPeriod, movement_id, label, year):
    reviews = list(ReviewPeriod.objects.filter(movement_id=movement_id, kind__in=REVIEW_KINDS))
    label = (label or "").strip().casefold()
    if label:
        named = [p for p in reviews if p.name.casefold() == label or p.name.casefold() in label]
        if len(named) == 1 and named[0].end.year == year:
            return named[0]
        # The label names no review: the yearly review of that year, else the final review ending then.
        for kind in REVIEW_KINDS:
            same_year = [p for p in reviews if p.kind == kind and p.end.year == year]
            if len(same_year) == 1:
                return same_year[0]
    return None


def link_forward(apps, schema_editor):
    Movement = apps.get_model("movements", "Movement")
    ReviewPeriod = apps.get_model("movements", "ReviewPeriod")
    Nomination = apps.get_model("commendations", "Nomination")
    Award = apps.get_model("commendations", "Award")
    known = set(Movement.objects.values_list("pk", flat=True))
    for model in (Nomination, Award):
        for row in model.objects.filter(legacy_movement_id__isnull=False).iterator():
            if row.legacy_movement_id not in known:
                continue
            row.movement_id = row.legacy_movement_id
            period = _match_period(ReviewPeriod, row.movement_id, row.period_label, row.year)
            row.review_period_id = period.pk if period else None
            row.save(update_fields=["movement", "review_period"])


def link_backward(apps, schema_editor):
    for name in ("Nomination", "Award"):
        model = apps.get_model("commendations", name)
        for row in model.objects.filter(movement__isnull=False).select_related("review_period"):
            row.legacy_movement_id = row.movement_id
            row.period_label = row.review_period.name if row.review_period_id else ""
            row.save(update_fields=["legacy_movement_id", "period_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0005_submission_and_notice_documents"),
        ("movements", "0002_movement_plan_document"),
    ]

    operations = [
        # The old integer column is called movement_id, the FK's column too: move it aside first.
        migrations.RenameField("nomination", "movement_id", "legacy_movement_id"),
        migrations.RenameField("award", "movement_id", "legacy_movement_id"),
        migrations.AddField(
            model_name="nomination",
            name="movement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="commendation_nominations",
                to="movements.movement",
                verbose_name="phong trào thi đua",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="review_period",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="commendation_nominations",
                to="movements.reviewperiod",
                verbose_name="đợt sơ kết, tổng kết",
            ),
        ),
        migrations.AddField(
            model_name="award",
            name="movement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="movements.movement",
            ),
        ),
        migrations.AddField(
            model_name="award",
            name="review_period",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="movements.reviewperiod",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="review_period",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="commendation_sessions",
                to="movements.reviewperiod",
                verbose_name="đợt sơ kết, tổng kết của phong trào",
            ),
        ),
        migrations.RunPython(link_forward, link_backward),
        migrations.RemoveField("nomination", "legacy_movement_id"),
        migrations.RemoveField("nomination", "period_label"),
        migrations.RemoveField("award", "legacy_movement_id"),
        migrations.RemoveField("award", "period_label"),
    ]
