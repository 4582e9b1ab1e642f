from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0003_review_report_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="movement",
            name="results_public",
            field=models.BooleanField(default=False, verbose_name="công bố kết quả cho các đơn vị tham gia"),
        ),
    ]
