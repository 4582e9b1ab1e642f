"""A citizen reports a good deed from the portal on a phone; the officer verifies and publishes it;
it then appears on the portal; the officer drafts a radio bulletin from it."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.accounts.models import Role
from thidua.examples.models import Bulletin


@pytest.mark.django_db(transaction=True)
def test_good_deed_from_citizen_to_portal_and_bulletin(live_server, tree, make_user, page, browser, login):
    make_user("canbo", Role.OFFICER, tree.commune)
    base = live_server.url

    page.goto(f"{base}/")
    page.click("a:has-text('Phản ánh người tốt việc tốt')")
    page.fill("#id_name", "Bà Năm")
    page.fill("#id_contact", "0909 111 222")
    page.select_option("#id_hamlet", label="Ấp Mỹ Hòa")
    page.fill("#id_title", "Anh Sáu cứu em nhỏ đuối nước")
    page.fill("#id_story", "Chiều chủ nhật anh Sáu nhảy xuống sông cứu một em nhỏ.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("main form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Cảm ơn bạn")

    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    officer = context.new_page()
    login(officer, "canbo", PASSWORD)
    officer.click("text=1 điển hình chờ xác minh")
    officer.click("a:has-text('Anh Sáu cứu em nhỏ đuối nước')")
    expect(officer.locator("main")).to_contain_text("Bà Năm")
    officer.click("button:has-text('Xác minh')")
    # Published only with the consent of the person it names (Law 91/2025/QH15), recorded first.
    officer.click("button:has-text('Công bố')")
    expect(officer.locator(".messages")).to_contain_text("sự đồng ý")
    officer.fill("input[name=given_by]", "Anh Sáu, đồng ý trực tiếp với cán bộ")
    officer.click("button:has-text('Ghi nhận')")
    officer.click("button:has-text('Công bố')")
    expect(officer.locator(".messages")).to_contain_text("Đã công bố")

    officer.goto(f"{base}/examples/bulletins/new/")
    officer.check("text=Anh Sáu cứu em nhỏ đuối nước")
    officer.click("button:has-text('Soạn tự động')")
    expect(officer.locator("#id_text")).to_have_value(
        re.compile("Tin 1\\. Gương người tốt việc tốt.*Anh Sáu cứu em nhỏ đuối nước", re.S)
    )
    officer.click("button:has-text('Lưu bản tin')")
    expect(officer.locator(".bulletin-text")).to_contain_text("kính chào")
    assert Bulletin.objects.count() == 1
    context.close()

    page.goto(f"{base}/")
    page.click("a:has-text('Anh Sáu cứu em nhỏ đuối nước')")
    expect(page.locator("h1")).to_have_text("Anh Sáu cứu em nhỏ đuối nước")
