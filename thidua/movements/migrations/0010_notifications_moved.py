"""The in-app messages now live in the notifications app, which copied them (its 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0009_report_timeliness"),
        ("notifications", "0002_copy_movement_notifications"),
    ]

    operations = [migrations.DeleteModel(name="Notification")]
