import datetime as dt
from decimal import Decimal

import pytest

from thidua.commendations import rules
from thidua.commendations.models import AwardType, BaseSalary, RuleOverride


@pytest.mark.django_db
def test_catalogue_is_loaded_by_migration_with_the_commune_awards():
    codes = set(AwardType.objects.values_list("code", flat=True))
    assert {"ldtt", "cstdcs", "ttldtt", "gk-canhan", "gk-tapthe", "gk-ho", "gdvh", "thonvh"} <= codes
    assert AwardType.objects.get(code="cstdcs").vote_threshold_pct == 80
    assert AwardType.objects.get(code="gdvh").notice_days == 10
    assert AwardType.objects.get(code="thonvh").coefficient == Decimal("1.5")


@pytest.mark.django_db
def test_catalogue_load_is_idempotent_and_keeps_local_edits():
    AwardType.objects.filter(code="ldtt").update(coefficient=Decimal("0.4"))
    assert rules.catalogue_load() == 0
    assert AwardType.objects.get(code="ldtt").coefficient == Decimal("0.4")
    assert BaseSalary.objects.count() == len(rules.load_data()["base_salary"])


@pytest.mark.django_db
def test_base_salary_is_the_one_in_force_on_the_date():
    assert rules.base_salary_on(dt.date(2025, 12, 1)) == 2_340_000
    assert rules.base_salary_on(dt.date(2026, 7, 1)) == 2_530_000
    # Back to 2017, where the law thidua knows starts: a 2020 award pays at the rate of its day.
    assert rules.base_salary_on(dt.date(2020, 12, 31)) == 1_490_000
    assert rules.base_salary_on(dt.date(2023, 7, 1)) == 1_800_000
    with pytest.raises(ValueError):
        rules.base_salary_on(dt.date(2017, 6, 30))


def test_money_rounds_up_to_ten_thousand_by_default_and_nearest_as_setting():
    assert rules.award_amount("0.3", 2_530_000, "up") == 760_000
    assert rules.award_amount("0.3", 2_340_000, "up") == 710_000
    assert rules.award_amount("0.3", 2_340_000, "nearest") == 700_000
    assert rules.award_amount("1.0", 2_340_000, "up") == 2_340_000


@pytest.mark.django_db
def test_province_override_applies_from_its_date_to_its_subtree_only(tree):
    ldtt = AwardType.objects.get(code="ldtt")
    RuleOverride.objects.create(
        unit=tree.province,
        award_type=ldtt,
        key="coefficient",
        value="0.5",
        effective_from=dt.date(2026, 1, 1),
    )
    RuleOverride.objects.create(
        unit=tree.province,
        award_type=ldtt,
        key="rule:task_rating_good",
        value=False,
        effective_from=dt.date(2026, 1, 1),
    )
    before = rules.award_rules(ldtt, tree.commune, dt.date(2025, 12, 31))
    after = rules.award_rules(ldtt, tree.commune, dt.date(2026, 1, 1))
    assert before["coefficient"] == "0.300" and "task_rating_good" in before["rules"]
    assert after["coefficient"] == "0.5" and "task_rating_good" not in after["rules"]
    from thidua.units.models import Unit

    outside = Unit.objects.create(name="Tỉnh khác", kind="province", path="zzzz", depth=0, search_key="x")
    assert rules.award_rules(ldtt, outside, dt.date(2026, 6, 1))["coefficient"] == "0.300"


@pytest.mark.django_db
def test_settings_override_rounding_mode_for_a_province(tree):
    RuleOverride.objects.create(
        unit=tree.province, key="rounding", value="nearest", effective_from=dt.date(2025, 1, 1)
    )
    assert rules.settings_for(tree.hamlet, dt.date(2026, 1, 1))["rounding"] == "nearest"
    assert rules.settings_for(tree.other, dt.date(2024, 1, 1))["rounding"] == "up"


@pytest.mark.django_db
def test_commune_of_a_hamlet_is_its_commune(tree):
    assert rules.commune_of(tree.hamlet) == tree.commune
    assert rules.commune_of(tree.commune) == tree.commune
    assert rules.commune_of(tree.province) is None


@pytest.mark.django_db
def test_migrations_of_the_app_are_up_to_date():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "commendations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
