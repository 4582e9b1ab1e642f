"""Formerly filled the dashboards' read model of an existing database; the fill now runs once, in
0009, with every column the read model has then (the standings code follows the current models, so
it cannot run against this older state)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("movements", "0006_standings")]

    operations: list = []
