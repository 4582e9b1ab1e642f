"""A review period's name is Vietnamese data (papers print it); screens show it in their language."""

import datetime as dt

import pytest
from django.utils import translation

from thidua.movements import periods, services
from thidua.movements.models import PeriodKind

pytestmark = pytest.mark.django_db


def test_the_launch_names_periods_in_vietnamese_whatever_the_screen_language(tree, personas):
    with translation.override("en"):  # the leader's screen is in English
        plan = services.movement_create(
            actor=personas["officer"],
            unit=tree.commune,
            name="Thi đua năm 2026",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
        )
        services.movement_launch(actor=personas["leader"], movement=plan)
    names = set(plan.periods.values_list("name", flat=True))
    assert names == {"Quý 1/2026", "Quý 2/2026", "Quý 3/2026", "Quý 4/2026", "Tổng kết phong trào"}


def test_an_english_screen_shows_the_final_review_in_english(movement):
    final = movement.periods.get(kind=PeriodKind.FINAL)
    with translation.override("en"):
        shown = final.display_name
    assert shown != "Tổng kết phong trào" and final.name == "Tổng kết phong trào"
    with translation.override("vi"):
        assert final.display_name == "Tổng kết phong trào"


def test_generated_names_go_through_gettext_and_typed_names_do_not(movement, monkeypatch):
    monkeypatch.setattr(periods, "_", lambda text: f"[{text}]")
    quarter = movement.periods.get(name="Quý 3/2026")
    assert quarter.display_name == "[Quý 3/2026]"  # the fake catalogue, filled in
    quarter.name = "Đợt thi đua cao điểm"
    assert quarter.display_name == "Đợt thi đua cao điểm"


@pytest.mark.parametrize(
    ("kind", "index", "name"),
    [
        (PeriodKind.QUARTER, 2, "Quý 2/2026"),
        (PeriodKind.HALF_YEAR, 1, "6 tháng đầu năm 2026"),
        (PeriodKind.HALF_YEAR, 2, "6 tháng cuối năm 2026"),
        (PeriodKind.YEAR, 1, "Sơ kết năm 2026"),
        (PeriodKind.FINAL, 1, "Tổng kết phong trào"),
    ],
)
def test_generated_names_read_as_officials_write_them(kind, index, name):
    assert periods.generated_name(kind, index, 2026) == name
