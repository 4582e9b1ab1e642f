"""The in-app messages kept until now by movements (overdue reminders, proposal steps) move here;
they count as already mailed, so the first digest does not send old news."""

from django.db import migrations


def copy(apps, schema_editor):
    Old = apps.get_model("movements", "Notification")
    New = apps.get_model("notifications", "Notification")
    rows = Old.objects.select_related("movement").order_by("id")
    batch = []
    for old in rows.iterator(chunk_size=1000):
        movement = old.movement
        batch.append(
            New(
                recipient_id=old.recipient_id,
                kind="figures_overdue" if movement is not None else "proposal",
                text=old.text,
                link=f"/movements/{movement.pk}/" if movement is not None else "",
                unit_id=movement.unit_id if movement is not None else None,
                created_at=old.created_at,
                read_at=old.read_at,
                emailed_at=old.created_at,
            )
        )
        if len(batch) >= 1000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notifications"),
        ("movements", "0008_cascade_standing"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
