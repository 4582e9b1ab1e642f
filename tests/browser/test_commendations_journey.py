"""Nominate → check → vote as several members → close → notice → decision → certificates → a
logged-out visitor verifies one certificate by its code."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import AwardType, CouncilRole, Notice, TaskRating
from thidua.commendations.rules import catalogue_load
from thidua.people.services import person_create
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

BALLOT_BOX = "hòm phiếu của hội đồng"


def _as(browser, login, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, username, PASSWORD)
    return page


@pytest.mark.django_db(transaction=True)
def test_nomination_to_verified_certificate(live_server, tree, make_user, browser, login):
    # Journeys before this one flush the database, shipped catalogue included: load it again.
    catalogue_load()
    make_user("truongap", Role.REPRESENTATIVE, tree.hamlet)
    make_user("canbo", Role.OFFICER, tree.commune)
    leader = make_user("chutich", Role.LEADER, tree.commune)
    member = make_user("hoidong", Role.COUNCIL, tree.commune)
    council = unit_create(actor=SYSTEM, name="Hội đồng TĐKT xã", kind=UnitKind.COUNCIL, parent=tree.commune)
    services.council_member_add(actor=SYSTEM, council=council, user=leader, role=CouncilRole.CHAIR)
    services.council_member_add(actor=SYSTEM, council=council, user=member, role=CouncilRole.SECRETARY)
    person = person_create(actor=SYSTEM, full_name="Trần Thị Mai", gender="female", unit=tree.hamlet)
    year = dt.date.today().year
    TaskRating.objects.create(person=person, year=year, level=TaskRating.Level.GOOD)
    base = live_server.url

    # The hamlet head nominates on a phone.
    page = _as(browser, login, "truongap")
    page.goto(f"{base}/commendations/new/")
    page.select_option("#id_unit", label="Ấp Mỹ Hòa")
    page.select_option("#id_award_type", str(AwardType.objects.get(code="ldtt").pk))
    page.fill("#id_year", str(year))
    page.fill("input[name=person__q]", "tran thi mai")  # the picker lists matches as the name is typed
    expect(page.locator("#id_person option")).to_have_count(2)
    page.select_option("#id_person", str(person.pk))
    page.fill("#id_achievement", "Hoàn thành tốt nhiệm vụ, vận động hiến đất làm đường.")
    page.click("main form.stack button[type=submit]")
    page.click("text=Gửi đề nghị")
    expect(page.locator(".messages")).to_contain_text("Đã gửi đề nghị")
    page.context.close()

    # The officer accepts and checks, then prepares the session.
    page = _as(browser, login, "canbo")
    page.goto(f"{base}/commendations/?state=submitted")
    page.click("text=Trần Thị Mai")
    page.click("button:has-text('Tiếp nhận')")
    page.click("button:has-text('Thẩm định')")
    expect(page.locator(".messages")).to_contain_text("Đã thẩm định")
    expect(page.locator(".checks")).to_contain_text("Hoàn thành tốt nhiệm vụ trở lên")
    page.goto(f"{base}/commendations/sessions/new/")
    page.select_option("#id_council", str(council.pk))
    page.fill("#id_title", f"Xét khen thưởng năm {year}")
    page.fill("#id_year", str(year))
    page.fill("#id_quota_individual", "3")
    page.click("main form.stack button[type=submit]")
    page.check("input[name=nomination]")
    page.click("text=Thêm vào chương trình")
    # A secret vote: the chair's ballot-box passphrase, typed twice, seals every ballot.
    page.fill("input[name=passphrase]", BALLOT_BOX)
    page.fill("input[name=passphrase_again]", BALLOT_BOX)
    page.click("text=Bắt đầu bỏ phiếu")
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật")
    session_url = page.url

    # Two council members vote, each in their own browser.
    for username in ("chutich", "hoidong"):
        voter = _as(browser, login, username)
        voter.goto(session_url)
        voter.click("text=Bỏ phiếu kín")
        # Nothing is chosen for the member, and the nominee's dossier is one click away.
        expect(voter.locator("input[type=radio]:checked")).to_have_count(0)
        expect(voter.locator("#ballot legend a")).to_have_attribute(
            "href", re.compile(r"/commendations/\d+/")
        )
        voter.check("input[value=agree]")
        voter.click("button:has-text('Bỏ phiếu')")
        expect(voter.locator(".messages")).to_contain_text("Đã ghi nhận phiếu")
        voter.goto(session_url + "vote/")
        expect(voter.locator("main")).to_contain_text("Bạn đã bỏ phiếu")
        voter.context.close()

    # The officer closes the vote, publishes the list (the period already over), drafts the decision.
    page.goto(session_url)
    expect(page.locator("#close-count")).to_contain_text("2/")
    page.check("#close-form input[name=confirm]")
    page.fill("#close-form input[name=passphrase]", BALLOT_BOX)
    page.click("text=Kết thúc bỏ phiếu và kiểm phiếu")
    expect(page.locator("table").last).to_contain_text("100")
    # The minutes take a number of the council's register and download as .docx.
    page.click("text=Biên bản kiểm phiếu")
    page.click("button:has-text('Lập biên bản')")
    expect(page.locator(".messages")).to_contain_text("/BB-")
    with page.expect_download() as download:
        page.click("text=Tải biên bản .docx")
    assert download.value.suggested_filename.endswith(".docx")
    page.goto(session_url)
    page.click("button:has-text('Công khai')")
    expect(page.locator(".messages")).to_contain_text("Đã công khai")
    # The notice runs from today; the decision waits until it is over. The clock moves on: the notice
    # was published twenty days ago.
    notice = Notice.objects.get()
    Notice.objects.filter(pk=notice.pk).update(
        starts_on=notice.starts_on - dt.timedelta(days=20), ends_on=notice.ends_on - dt.timedelta(days=20)
    )
    page.reload()
    page.click("text=Lập dự thảo quyết định")
    decision_url = page.url
    page.context.close()

    # The chairman signs; the certificates are printed.
    page = _as(browser, login, "chutich")
    page.goto(decision_url)
    page.click("button:has-text('Ký quyết định')")
    expect(page.locator("h1")).to_contain_text("/QĐ-UBND")
    page.click("text=In giấy chứng nhận")
    expect(page.locator(".certificate svg")).to_have_count(1)
    verify_url = page.locator("a.verify-link").first.get_attribute("href")
    page.context.close()

    # Anyone, logged out, verifies the certificate by its code; a guessed code is refused.
    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(verify_url)
    expect(visitor.locator(".verify-status")).to_contain_text("hợp lệ")
    expect(visitor.locator("main")).to_contain_text("Trần Thị Mai")
    visitor.goto(f"{base}/commendations/v/ma-doan-bua/")
    expect(visitor.locator("h1")).to_contain_text("Không tìm thấy giấy chứng nhận")
    visitor.context.close()
