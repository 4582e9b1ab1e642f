"""A hamlet head on a 360 px phone: the bell shows what waits, the list opens the late movement and
the count goes down; "đánh dấu đã đọc tất cả" clears it. Nothing sticks out sideways."""

import pytest

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.notifications.models import Kind
from thidua.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bell_and_the_list_on_a_phone(page, login, live_server, tree, personas, tmp_path):
    head = personas["representative"]
    notify(
        actor=SYSTEM,
        recipients=[head],
        kind=Kind.FIGURES_OVERDUE,
        text="Nhắc báo cáo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”: Ấp Mỹ Hòa chưa báo cáo 2 chỉ tiêu.",
        link="/movements/",
    )
    notify(actor=SYSTEM, recipients=[head], kind=Kind.OTHER, text="Thông báo thứ hai")
    login(page, "representative", PASSWORD)
    bell = page.locator("#nav-unread")
    assert bell.is_visible() and bell.locator(".badge").inner_text() == "2"
    box = bell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360
    bell.click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    page.screenshot(path=str(tmp_path / "notifications-360.png"), full_page=True)
    assert "Ấp Mỹ Hòa chưa báo cáo 2 chỉ tiêu" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#notifications li", has_text="Ấp Mỹ Hòa").get_by_role("button", name="Xem").click()
    page.wait_for_url(f"{live_server.url}/movements/")
    assert page.locator("#nav-unread .badge").inner_text() == "1"
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("button", name="Đánh dấu đã đọc tất cả").click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    assert page.locator("#nav-unread .badge").count() == 0
