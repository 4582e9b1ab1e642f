"""The cascade's roll-up (`CascadeStanding`: a movement and the plans below it, by the units right
below the movement's unit). 0009 fills it with the rest of the read model."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
