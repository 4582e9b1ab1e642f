from django.db import migrations, models


def load_province_awards(apps, schema_editor):
    """Add the province's awards to an existing catalogue and mark the level of every shipped award
    that is not the commune's (a row an administrator edited keeps its other fields)."""
    from thidua.commendations.rules import catalogue_load, load_data

    award_model = apps.get_model("commendations", "AwardType")
    catalogue_load(award_model=award_model, salary_model=apps.get_model("commendations", "BaseSalary"))
    for item in load_data()["awards"]:
        level = item.get("level", "commune")
        if level != "commune":
            award_model.objects.filter(code=item["code"]).update(level=level)


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0012_earlier_base_salaries"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardtype",
            name="level",
            field=models.CharField(
                choices=[("commune", "Cấp xã"), ("province", "Cấp tỉnh"), ("state", "Cấp nhà nước")],
                default="commune",
                max_length=20,
                verbose_name="cấp khen thưởng",
            ),
        ),
        migrations.RunPython(load_province_awards, migrations.RunPython.noop),
    ]
