from django.db import migrations


def load(apps, schema_editor):
    from thidua.archive.retention import BASIS, DEFAULTS

    Rule = apps.get_model("archive", "RetentionRule")
    for doc_type, years in DEFAULTS:
        Rule.objects.get_or_create(doc_type=doc_type, defaults={"years": years, "basis": BASIS})


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
