"""An officer, on a phone, drafts the yearly review report of a movement from its figures and finds
it linked next to the review period."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.movements import services
from thidua.movements.models import Cadence, Direction


@pytest.mark.django_db(transaction=True)
def test_officer_drafts_the_yearly_review_report(live_server, tree, make_user, page, login):
    officer = make_user("canbo", Role.OFFICER, tree.commune)
    leader = make_user("chutich", Role.LEADER, tree.commune)
    movement = services.movement_create(
        actor=officer,
        unit=tree.commune,
        name="Chung sức xây dựng nông thôn mới",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
        cadence=Cadence.YEARLY,
    )
    services.movement_launch(actor=leader, movement=movement)
    services.movement_start(actor=officer, movement=movement)
    income = services.indicator_create(
        actor=SYSTEM, name="Thu nhập bình quân", measure="triệu đồng", direction=Direction.INCREASE
    )
    target = services.target_set(
        actor=officer, movement=movement, unit=tree.hamlet, year=2025, indicator=income, value=Decimal(50)
    )
    services.progress_report(
        actor=officer, target=target, period=movement.periods.get(name="Sơ kết năm 2025"), value=Decimal(45)
    )

    login(page, "canbo", PASSWORD)
    page.goto(f"{live_server.url}/movements/{movement.pk}/")
    periods = page.locator("#review-periods")
    expect(periods).to_contain_text("Soạn báo cáo tổng kết")
    periods.locator("li:has-text('Sơ kết năm 2025') button:has-text('Soạn báo cáo sơ kết')").click()

    main = page.locator("main")
    expect(main).to_contain_text("Sơ kết phong trào thi đua “Chung sức xây dựng nông thôn mới” năm 2025")
    expect(main).to_contain_text("90%")
    expect(main).to_contain_text("CẦN BỔ SUNG")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways

    page.goto(f"{live_server.url}/movements/{movement.pk}/")
    link = page.locator("#review-periods li:has-text('Sơ kết năm 2025') a:has-text('Báo cáo sơ kết')")
    expect(link).to_be_visible()
    expect(page.locator("#review-periods li:has-text('Sơ kết năm 2025')")).to_contain_text("Dự thảo")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
