from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0016_nomination_state_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="nomination",
            index=models.Index(fields=["year", "id"], name="nomination_year_id"),
        ),
    ]
