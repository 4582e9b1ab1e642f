"""The cascade's roll-up (`CascadeStanding`: a movement and the plans below it, by the units right
below the movement's unit), filled from the unit-years of an existing database by the same code
the services run."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from thidua.movements.services.standings import Models, cascade_fill

    cascade_fill(Models.of(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0007_fill_standings"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CascadeStanding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("targets", models.PositiveIntegerField(default=0)),
                ("reported", models.PositiveIntegerField(default=0)),
                ("met", models.PositiveIntegerField(default=0)),
                ("capped", models.BigIntegerField(default=0)),
                (
                    "movement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="movements.movement"
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="units.unit"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("movement", "unit", "year"), name="cascade_standing_once")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
