"""One yearly series per issuing body: a number is used once whatever the symbol (Decree 30)."""

from django.db import migrations, models
from django.db.models import Count


def refuse_shared_numbers(apps, schema_editor):
    """Name the numbers two documents share, so the register is corrected by hand before the constraint."""
    Document = apps.get_model("documents", "Document")
    shared = (
        Document.objects.filter(number__isnull=False)
        .values("issuer_id", "year", "number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    if shared:
        rows = ", ".join(f"đơn vị {r['issuer_id']} năm {r['year']} số {r['number']:02d}" for r in shared)
        raise RuntimeError(f"Sổ văn bản có số dùng cho nhiều văn bản (khác ký hiệu); cần sửa trước: {rows}.")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_shared_numbers, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="document",
            name="documents_number_unique_per_issuer_year",
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number__isnull", False)),
                fields=("issuer", "year", "number"),
                name="documents_one_number_per_issuer_year",
            ),
        ),
    ]
