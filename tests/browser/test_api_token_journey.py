"""An admin on a 360 px phone makes an API token from the menu, copies it with the button (the
site's own script, no inline one), finds it listed without its secret, and revokes it."""

import re

import pytest

from conftest import PASSWORD
from thidua.api.models import ApiToken

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_makes_copies_and_revokes_a_token_on_a_phone(page, login, live_server, tree, personas):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    login(page, "admin", PASSWORD)
    page.click("label.nav-button")
    page.click("nav.mainnav >> text=Mã API")
    page.fill("#id_label", "Phần mềm báo cáo Ấp Mỹ Hòa")
    page.select_option("#id_unit", label="Ấp Mỹ Hòa")
    page.click("main button[type=submit]")
    secret = page.input_value("#token-secret")
    assert re.fullmatch(r"thidua_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", secret)
    page.click("[data-copy]")
    page.wait_for_selector("text=Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(page.url)  # the page again: the form's answer is gone, and with it the secret
    assert secret not in page.content()
    assert "Phần mềm báo cáo Ấp Mỹ Hòa" in page.inner_text("main")
    page.click("main >> text=Thu hồi")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã thu hồi mã")
    assert ApiToken.objects.get().revoked_at is not None
