"""Reporting on time: when each figure was first reported (existing ones: when they were last
saved, the best the database knows), when each unit's period became fully reported and whether by
its due date, and the cascade's counts. The whole read model is then computed from the reports by
the code the services run (it follows the models as of this migration)."""

import django.db.models.functions.datetime
import django.utils.timezone
from django.db import migrations, models


def fill(apps, schema_editor):
    from thidua.movements.services.standings import Models, rebuild

    apps.get_model("movements", "ProgressReport").objects.update(first_reported_at=models.F("reported_at"))
    rebuild(Models.of(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0008_cascade_standing"),
    ]

    operations = [
        migrations.AddField(
            model_name="cascadestanding",
            name="reporting_units",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="cascadestanding",
            name="timeliness",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="first_reported_at",
            field=models.DateTimeField(
                db_default=django.db.models.functions.datetime.Now(),
                default=django.utils.timezone.now,
                editable=False,
            ),
        ),
        migrations.AddField(
            model_name="targetstanding",
            name="first_reported",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="unitperiodstanding",
            name="completed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="unitperiodstanding",
            name="on_time",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
