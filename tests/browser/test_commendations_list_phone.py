"""The commendations list, read by a hamlet head on a 360 px phone: nothing sticks out sideways,
and the awards are spelled out (no LĐTT, TTLĐTT, GK)."""

import pytest

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.models import AwardType
from thidua.movements import services as movements
from thidua.people.services import person_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_commendations_list_fits_a_phone_and_spells_out_the_awards(
    page, login, live_server, tree, personas, tmp_path
):
    import datetime as dt

    from thidua.commendations.rules import catalogue_load

    catalogue_load()
    movement = movements.movement_create(
        actor=SYSTEM,
        unit=tree.commune,
        name="Phong trào thi đua Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư năm 2026",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    movements.movement_launch(actor=SYSTEM, movement=movement)
    movements.movement_start(actor=SYSTEM, movement=movement)
    person = person_create(
        actor=SYSTEM, full_name="Nguyễn Thị Thanh Hương Bảo Ngọc", gender="female", unit=tree.hamlet
    )
    for code, kwargs in [("ldtt", {"person": person}), ("ttldtt", {"collective": tree.hamlet})]:
        services.nomination_create(
            actor=SYSTEM,
            unit=tree.hamlet,
            award_type=AwardType.objects.get(code=code),
            year=2025,
            achievement="Thành tích tốt",
            movement=movement,
            **kwargs,
        )
    login(page, "representative", PASSWORD)
    page.goto(f"{live_server.url}/commendations/")
    page.screenshot(path=str(tmp_path / "commendations-360.png"), full_page=True)
    body = page.inner_text("main")
    assert "Lao động tiên tiến" in body and "Tập thể lao động tiên tiến" in body
    assert "LĐTT" not in body and "GK" not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
