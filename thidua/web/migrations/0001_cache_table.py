"""The shared cache's table (settings CACHES: the database cache unless CACHE_URL names Redis).

Made on `migrate`, so every install has it; `thidua serve` runs `createcachetable` again, which
makes it when the cache was moved to the database after this migration ran."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
