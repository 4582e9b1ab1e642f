from django.db import migrations


def load(apps, schema_editor):
    """The base salaries since 2017 (the law thidua knows starts on 1 October 2017), so an award of
    an earlier year pays at the rate of its day; rows an administrator entered are kept."""
    import datetime as dt

    from thidua.commendations.rules import load_data

    salary_model = apps.get_model("commendations", "BaseSalary")
    for row in load_data()["base_salary"]:
        salary_model.objects.get_or_create(
            effective_from=dt.date.fromisoformat(row["effective_from"]),
            defaults={"amount": row["amount"], "legal_basis": row["legal_basis"]},
        )


class Migration(migrations.Migration):
    dependencies = [("commendations", "0011_alter_nomination_state")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
