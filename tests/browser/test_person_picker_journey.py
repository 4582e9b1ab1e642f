"""A hamlet head names the person of a good example by typing part of the name on a phone."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.examples.models import Example
from thidua.people.services import person_create


@pytest.mark.django_db(transaction=True)
def test_hamlet_head_finds_the_person_by_typing_without_diacritics(page, login, live_server, tree, make_user):
    make_user("truongap", Role.REPRESENTATIVE, tree.hamlet)
    for i in range(40):
        person_create(actor=SYSTEM, full_name=f"Nguyễn Văn Số {i}", gender="male", unit=tree.hamlet)
    hero = person_create(
        actor=SYSTEM, full_name="Lê Thị Hạnh", gender="female", unit=tree.hamlet, birth_year=1980
    )
    login(page, "truongap", PASSWORD)

    page.goto(f"{live_server.url}/examples/new/")
    picker = page.locator("select[name=person] option")
    expect(picker).to_have_count(1)  # only the empty choice until something is typed
    page.fill("input[name=person__q]", "le thi hanh")
    expect(picker).to_have_count(2)
    page.select_option("select[name=person]", str(hero.pk))
    page.fill("#id_title", "Nhặt được ví, trả lại người đánh mất")
    page.fill("#id_story", "Chị Hạnh nhặt được ví có 5 triệu đồng và trả lại cho người đánh mất.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã gửi đề xuất điển hình.")
    assert Example.objects.get().person == hero
