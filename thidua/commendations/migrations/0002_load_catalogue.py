from django.db import migrations


def load(apps, schema_editor):
    from thidua.commendations.rules import catalogue_load

    catalogue_load(award_model=apps.get_model("commendations", "AwardType"),
                   salary_model=apps.get_model("commendations", "BaseSalary"))


class Migration(migrations.Migration):
    dependencies = [("commendations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
