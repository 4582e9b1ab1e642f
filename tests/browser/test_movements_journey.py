"""A hamlet head registers a commitment on a phone, the officer approves it, the dashboard shows it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.movements import services
from thidua.movements.models import Direction


@pytest.mark.django_db(transaction=True)
def test_hamlet_head_registers_officer_approves_dashboard_shows_it(live_server, tree, make_user, page, login):
    make_user("truongap", Role.REPRESENTATIVE, tree.hamlet)
    make_user("canbo", Role.OFFICER, tree.commune)
    leader = make_user("chutich", Role.LEADER, tree.commune)
    movement = services.movement_create(
        actor=leader,
        unit=tree.commune,
        name="Thi đua năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    services.movement_launch(actor=leader, movement=movement)
    income = services.indicator_create(
        actor=SYSTEM, name="Thu nhập bình quân", measure="triệu đồng", direction=Direction.INCREASE
    )

    # The hamlet head, on a phone.
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, "truongap", PASSWORD)
    page.goto(f"{live_server.url}/movements/")
    page.click("text=Thi đua năm 2026")
    page.click("text=Đăng ký thi đua – Ấp Mỹ Hòa")
    page.fill("#id_titles", "Ấp văn hóa")
    page.select_option("#id_pledges-0-indicator", str(income.pk))
    page.fill("#id_pledges-0-value", "62,5")  # a Vietnamese decimal comma
    page.fill("#id_pledges-0-deadline", "2026-12-31")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways
    page.click("button:has-text('Gửi đăng ký')")
    expect(page.locator("#commitment-state")).to_have_text("Đã gửi")
    page.context.clear_cookies()

    # The officer approves.
    page.set_viewport_size({"width": 1200, "height": 900})
    login(page, "canbo", PASSWORD)
    page.goto(f"{live_server.url}/movements/{movement.pk}/")
    page.click("#commitments >> text=Ấp Mỹ Hòa")
    page.click("button:has-text('Duyệt')")
    expect(page.locator("#commitment-state")).to_have_text("Đã duyệt")

    # The dashboard shows the approved commitment and its pledge as the hamlet's target.
    page.click("text=Thi đua năm 2026")
    expect(page.locator("#commitments")).to_contain_text("Đã duyệt")
    expect(page.locator("#commitments")).to_contain_text("Thu nhập bình quân: 62,5")
    expect(page.locator("#ranking")).to_contain_text("Ấp Mỹ Hòa")
    expect(page.locator("#targets")).to_contain_text("Thu nhập bình quân")
