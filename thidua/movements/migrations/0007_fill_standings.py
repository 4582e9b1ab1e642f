"""Fill the dashboards' read model of an existing database from its reports (the same code the
services and `thidua movements-rebuild` run, with the historical models)."""

from django.db import migrations


def fill(apps, schema_editor):
    from thidua.movements.services.standings import Models, rebuild

    rebuild(Models.of(apps))


class Migration(migrations.Migration):
    dependencies = [("movements", "0006_standings")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
