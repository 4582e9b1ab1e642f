"""The audit chain over content digests, so personal values can be redacted (audit/digests.py).

Existing entries keep their hash (the anchors and the issued papers print them). Each one whose hash
still matches its content gets its content digest and a seal; one that no longer matches gets neither,
and `audit-verify` keeps reporting it as before.
"""

from django.db import migrations, models

from thidua.audit import digests


def seal_existing(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    batch = []
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if digests.legacy_hash(entry) != entry.hash:
            continue
        entry.content_digest = digests.content_digest(entry) or ""
        entry.seal = digests.seal(entry)
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["content_digest", "seal"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["content_digest", "seal"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="content_digest",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="redacted",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seal",
            field=models.CharField(blank=True, max_length=64),
        ),
        # the entries already written keep their format 1 hash; new ones are format 2
        migrations.AddField(
            model_name="auditentry",
            name="version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Tạo mới"),
                    ("update", "Sửa"),
                    ("delete", "Xóa"),
                    ("transition", "Chuyển trạng thái"),
                    ("import", "Nhập dữ liệu"),
                    ("access", "Phân quyền"),
                    ("redact", "Xóa dữ liệu cá nhân khỏi nhật ký"),
                ],
                max_length=20,
                verbose_name="thao tác",
            ),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
