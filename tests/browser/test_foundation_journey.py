"""The officer searches a person without diacritics, opens them, edits, and sees the audit trail."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.people.services import person_create


@pytest.mark.django_db(transaction=True)
def test_officer_finds_a_person_typed_without_diacritics_and_sees_the_audit_of_an_edit(
    page, login, live_server, tree, make_user
):
    make_user("canbo", Role.OFFICER, tree.commune)
    person_create(
        actor=SYSTEM, full_name="Phạm Thanh Diễn", gender="male", unit=tree.commune, birth_year=1970
    )
    person_create(actor=SYSTEM, full_name="Nguyễn Văn An", gender="male", unit=tree.hamlet)
    login(page, "canbo", PASSWORD)

    page.goto(f"{live_server.url}/people/")
    expect(page.locator("#results")).to_contain_text("Nguyễn Văn An")
    page.fill("input[name=q]", "pham thanh dien")
    expect(page.locator("#results")).not_to_contain_text("Nguyễn Văn An")
    expect(page.locator("#results")).to_contain_text("Phạm Thanh Diễn")
    assert "pham" in page.url  # the search is in the address, so it can be shared or reloaded
    page.click("#results >> text=Phạm Thanh Diễn")
    page.wait_for_selector("h1:has-text('Phạm Thanh Diễn')")

    page.click("text=Sửa")
    page.fill("#id_position", "Chủ tịch UBND xã")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("text=Đã lưu thay đổi.")
    latest = page.locator("ol.audit > li").first
    assert "canbo" in latest.inner_text()
    latest.locator("summary").click()
    expect(latest.locator("dl.diff")).to_contain_text("Chủ tịch UBND xã")


@pytest.mark.django_db(transaction=True)
def test_the_menu_fits_a_phone_screen(page, login, live_server, tree, make_user):
    make_user("truongap", Role.REPRESENTATIVE, tree.hamlet)
    login(page, "truongap", PASSWORD)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.click("label.nav-button")
    page.wait_for_selector("nav.mainnav >> text=Cá nhân")
