"""The quorum becomes an exact share of the council's members (2/3, 4/5), no longer a percentage.

The old default 67 % stood for two thirds (and refused 6 of 9 members): sessions and provincial
settings of 66 or 67 become 2/3, any other percentage p becomes p/100 reduced (80 → 4/5). A
setting override "quorum_pct" becomes "quorum" ("2/3" or "80%").
"""

from fractions import Fraction

from django.db import migrations, models

TWO_THIRDS_PERCENTS = (66, 67)


def _share(pct: int) -> Fraction:
    return Fraction(2, 3) if pct in TWO_THIRDS_PERCENTS else Fraction(pct, 100)


def to_share(apps, schema_editor):
    Session = apps.get_model("commendations", "Session")
    RuleOverride = apps.get_model("commendations", "RuleOverride")
    for session in Session.objects.all():
        share = _share(session.quorum_pct)
        session.quorum_numerator, session.quorum_denominator = share.numerator, share.denominator
        session.save(update_fields=["quorum_numerator", "quorum_denominator"])
    for override in RuleOverride.objects.filter(key="quorum_pct", award_type__isnull=True):
        pct = int(override.value)
        override.key = "quorum"
        override.value = "2/3" if pct in TWO_THIRDS_PERCENTS else f"{pct}%"
        override.save(update_fields=["key", "value"])


def to_percent(apps, schema_editor):
    Session = apps.get_model("commendations", "Session")
    RuleOverride = apps.get_model("commendations", "RuleOverride")
    for session in Session.objects.all():
        share = Fraction(session.quorum_numerator, session.quorum_denominator)
        session.quorum_pct = -(-share.numerator * 100 // share.denominator)
        session.save(update_fields=["quorum_pct"])
    for override in RuleOverride.objects.filter(key="quorum", award_type__isnull=True):
        value = str(override.value).strip()
        if "/" in value:
            top, _sep, bottom = value.partition("/")
            pct = -(-int(top) * 100 // int(bottom))
        else:
            pct = int(value.removesuffix("%"))
        override.key, override.value = "quorum_pct", pct
        override.save(update_fields=["key", "value"])


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0007_sealed_ballot_box"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="quorum_numerator",
            field=models.PositiveSmallIntegerField(default=2, verbose_name="tỷ lệ có mặt tối thiểu (tử số)"),
        ),
        migrations.AddField(
            model_name="session",
            name="quorum_denominator",
            field=models.PositiveSmallIntegerField(default=3, verbose_name="tỷ lệ có mặt tối thiểu (mẫu số)"),
        ),
        migrations.RunPython(to_share, to_percent),
        migrations.RemoveConstraint(
            model_name="session",
            name="session_quorum_range",
        ),
        migrations.RemoveField(
            model_name="session",
            name="quorum_pct",
        ),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("quorum_numerator__gte", 1), ("quorum_numerator__lte", models.F("quorum_denominator"))
                ),
                name="session_quorum_share_range",
            ),
        ),
    ]
