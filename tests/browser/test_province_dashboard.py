"""A province officer on a phone: the home page lists the province's communes and movements, the
province dashboard opens without the page scrolling sideways, and a commune drills down to its own
dashboard."""

import datetime as dt
import os
from decimal import Decimal as D

import pytest

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.movements import services
from thidua.movements.models import Direction

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_province_officer_reads_the_communes_on_a_phone(page, login, live_server, tree, make_user):
    make_user("tinh_canbo", Role.OFFICER, tree.province)
    indicator = services.indicator_create(
        actor=SYSTEM, name="Tỷ lệ hộ nghèo", measure="%", direction=Direction.DECREASE, baseline=D(5)
    )
    movement = services.movement_create(
        actor=SYSTEM,
        unit=tree.province,
        name="Thi đua chung sức xây dựng nông thôn mới",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    services.movement_launch(actor=SYSTEM, movement=movement)
    plan = services.movement_implement(actor=SYSTEM, parent_movement=movement, unit=tree.commune)
    services.movement_launch(actor=SYSTEM, movement=plan)
    for unit, value in ((tree.commune, D(2)), (tree.other, D(4))):
        target = services.target_set(
            actor=SYSTEM, movement=movement, unit=unit, year=2026, indicator=indicator, value=D(3)
        )
        services.progress_report(
            actor=SYSTEM, target=target, period=movement.periods.order_by("end").first(), value=value
        )

    login(page, "tinh_canbo", PASSWORD)
    section = page.locator("#home-province")
    assert tree.other.name in section.inner_text()
    section.get_by_role("link", name=movement.name).click()
    page.wait_for_selector("#province-communes")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert "1/2" in page.locator("#province-tiles").inner_text()
    if os.environ.get("THIDUA_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["THIDUA_SCREENSHOTS"], "province.png"), full_page=True)
    page.locator("#province-communes").get_by_role("link", name=tree.commune.name).click()
    page.wait_for_url(f"{live_server.url}/movements/{plan.pk}/")
    assert plan.name in page.locator("h1").inner_text()
