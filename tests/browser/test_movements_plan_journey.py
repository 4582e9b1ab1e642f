"""An officer, on a phone, turns a plan received from above into a draft movement, then drafts the
commune's own plan into the document register."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.movements.models import Movement
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

SEED = Path(__file__).resolve().parents[2] / "thidua" / "documents" / "data" / "000_e0bb06a9f56f42be.txt"


@pytest.mark.django_db(transaction=True)
def test_officer_reads_a_received_plan_and_drafts_the_commune_plan(live_server, tree, make_user, page, login):
    make_user("canbo", Role.OFFICER, tree.commune)
    radio = unit_create(actor=SYSTEM, name="Đài truyền thanh xã", kind=UnitKind.SECTOR, parent=tree.commune)

    login(page, "canbo", PASSWORD)
    page.goto(f"{live_server.url}/movements/")
    page.click("text=Tạo từ kế hoạch của cấp trên")
    page.set_input_files("#id_file", str(SEED))
    page.click("button:has-text('Đọc kế hoạch')")

    expect(page.locator("#id_name")).to_have_value("Đồng khởi mới")
    expect(page.locator("#id_period_end")).to_have_value("2020-12-31")
    expect(page.locator("#reader-warnings")).to_contain_text("nhiều phong trào")
    expect(page.locator("#duty-drafts")).to_contain_text("Đài truyền thanh xã")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways

    page.fill("#id_name", "Đồng khởi mới – xã Mỹ Thạnh")
    page.click("button:has-text('Lưu dự thảo phong trào')")
    expect(page.locator("h1")).to_contain_text("Đồng khởi mới – xã Mỹ Thạnh")
    movement = Movement.objects.get()
    assert movement.duties.filter(unit=radio).exists()

    page.click("#plan-document button:has-text('Soạn kế hoạch')")
    expect(page.locator("#plan-document")).to_contain_text("Dự thảo")
    expect(page.locator("#plan-document a:has-text('.docx')")).to_be_visible()
    expect(page.locator("#plan-document a:has-text('PDF')")).to_be_visible()
    page.click("#plan-document >> text=Xem trước (HTML)")
    expect(page.locator("main")).to_contain_text("Đồng khởi mới – xã Mỹ Thạnh")
