"""The ExamplePhoto's file becomes a reference to one stored copy (`thidua.files`); files already
uploaded are moved into StoredFile rows, their old copies left for `thidua files-clean`."""

import django.db.models.deletion
from django.db import migrations, models

from thidua.files.migrating import adopt_files


class Migration(migrations.Migration):
    # Each step commits on its own: on PostgreSQL the rows the data step writes leave deferred
    # foreign-key checks that would forbid altering the tables in the same transaction.
    atomic = False

    dependencies = [
        ("examples", "0001_initial"),
        ("files", "0001_stored_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="examplephoto",
            name="stored_file",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="files.storedfile",
                verbose_name="tệp ảnh, minh chứng",
            ),
        ),
        migrations.RunPython(
            adopt_files("examples", "ExamplePhoto", "file", "stored_file"), migrations.RunPython.noop
        ),
        migrations.RemoveField(model_name="examplephoto", name="file"),
        migrations.RenameField(model_name="examplephoto", old_name="stored_file", new_name="file"),
    ]
