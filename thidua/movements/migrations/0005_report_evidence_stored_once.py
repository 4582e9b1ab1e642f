"""The ProgressReport's file becomes a reference to one stored copy (`thidua.files`); files already
uploaded are moved into StoredFile rows, their old copies left for `thidua files-clean`."""

import django.db.models.deletion
from django.db import migrations, models

from thidua.files.migrating import adopt_files


class Migration(migrations.Migration):
    # Each step commits on its own: on PostgreSQL the rows the data step writes leave deferred
    # foreign-key checks that would forbid altering the tables in the same transaction.
    atomic = False

    dependencies = [
        ("movements", "0004_movement_results_public"),
        ("files", "0001_stored_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressreport",
            name="stored_evidence",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="files.storedfile",
                blank=True,
                verbose_name="minh chứng",
            ),
        ),
        migrations.RunPython(
            adopt_files("movements", "ProgressReport", "evidence", "stored_evidence"),
            migrations.RunPython.noop,
        ),
        migrations.RemoveField(model_name="progressreport", name="evidence"),
        migrations.RenameField(model_name="progressreport", old_name="stored_evidence", new_name="evidence"),
    ]
