"""Proposals up the chain: the commune proposes a person for the province chairman's Bằng khen →
the province returns the dossier with a reason → the commune completes it and sends it again → the
province receives and appraises it within its working-day limit → the provincial council votes by
secret ballot → the province chairman signs the decision → the commune sees the award, on its
dossier and on the person's page."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import AwardType, CouncilRole, Proposal
from thidua.commendations.rules import catalogue_load
from thidua.people.services import person_create
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

BALLOT_BOX = "hòm phiếu hội đồng tỉnh"
PDF = {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bien ban hop hoi dong xa"}


def _as(browser, login, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, username, PASSWORD)
    return page


@pytest.mark.django_db(transaction=True)
def test_a_commune_proposes_and_the_province_decides(live_server, tree, make_user, browser, login):
    catalogue_load()  # journeys before this one flush the database, shipped catalogue included
    make_user("canbo", Role.OFFICER, tree.commune)
    make_user("tinh_canbo", Role.OFFICER, tree.province)
    leader = make_user("tinh_lanhdao", Role.LEADER, tree.province)
    council = unit_create(
        actor=SYSTEM, name="Hội đồng Thi đua – Khen thưởng tỉnh", kind=UnitKind.COUNCIL, parent=tree.province
    )
    member = make_user("tinh_hoidong", Role.COUNCIL, council)
    services.council_member_add(actor=SYSTEM, council=council, user=leader, role=CouncilRole.CHAIR)
    services.council_member_add(actor=SYSTEM, council=council, user=member, role=CouncilRole.SECRETARY)
    person = person_create(actor=SYSTEM, full_name="Đặng Thị Đào", gender="female", unit=tree.hamlet)
    base = live_server.url

    # The commune's officer drafts the dossier on a phone: one line, the minutes, the Tờ trình, send.
    page = _as(browser, login, "canbo")
    page.goto(f"{base}/commendations/proposals/")
    page.click("text=Lập hồ sơ đề nghị lên tỉnh")
    page.fill("#id_year", "2026")
    page.click("main form.stack button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Đề nghị khen thưởng cấp tỉnh năm 2026")
    proposal_url = page.url
    page.click("#line-add summary")
    page.select_option("#id_award_type", str(AwardType.objects.get(code="bk-tinh-canhan").pk))
    page.fill("input[name=person__q]", "dang thi dao")
    expect(page.locator("#id_person option")).to_have_count(2)
    page.select_option("#id_person", str(person.pk))
    page.fill("#id_achievement", "Vận động hiến đất làm 2 km đường ấp.")
    page.click("text=Thêm vào danh sách")
    expect(page.locator(".messages")).to_contain_text("Đã thêm vào danh sách")
    page.set_input_files("input[name=file]", files=[PDF])
    page.click("text=Đính kèm biên bản")
    page.click("button:has-text('Ban hành tờ trình')")
    expect(page.locator(".messages")).to_contain_text("Đã ban hành tờ trình")
    page.click("button:has-text('Gửi tỉnh')")
    expect(page.locator("#proposal-state")).to_have_text("Đã gửi tỉnh")
    page.context.close()

    # The province's officer returns it: a reason is required.
    page = _as(browser, login, "tinh_canbo")
    page.goto(f"{base}/commendations/proposals/")
    page.click("text=Đề nghị khen thưởng cấp tỉnh năm 2026")
    page.click("summary:has-text('Trả lại hồ sơ cho xã')")
    page.click("button:has-text('Trả lại')")
    expect(page.locator("main")).to_contain_text("Nhập lý do trả lại để xã biết")
    expect(page.locator("#proposal-state")).to_have_text("Đã gửi tỉnh")
    page.fill("#id_reason", "Bổ sung biên bản có chữ ký của các thành viên Hội đồng.")
    page.click("button:has-text('Trả lại')")
    expect(page.locator("#proposal-state")).to_have_text("Tỉnh trả lại")
    page.context.close()

    # The commune sees the reason, attaches the signed minutes and sends it again.
    page = _as(browser, login, "canbo")
    page.goto(proposal_url)
    expect(page.locator(".cm-return-reason")).to_contain_text("chữ ký của các thành viên")
    page.set_input_files("input[name=file]", files=[{**PDF, "buffer": PDF["buffer"] + b" co chu ky"}])
    page.click("text=Đính kèm biên bản")
    page.click("button:has-text('Gửi lại tỉnh')")
    expect(page.locator("#proposal-state")).to_have_text("Đã gửi lại")
    page.context.close()

    # The province receives it (the appraisal limit shows in working days), appraises it, opens a
    # session of its council with the line on the agenda.
    page = _as(browser, login, "tinh_canbo")
    page.goto(proposal_url)
    page.click("button:has-text('Tiếp nhận (hồ sơ đủ)')")
    expect(page.locator("main")).to_contain_text("ngày làm việc")
    page.click("button:has-text('Thẩm định')")
    expect(page.locator("#proposal-state")).to_have_text("Đã thẩm định")
    page.goto(f"{base}/commendations/sessions/new/")
    page.select_option("#id_council", str(council.pk))
    page.fill("#id_title", "Phiên xét khen thưởng cấp tỉnh năm 2026")
    page.fill("#id_year", "2026")
    page.click("main form.stack button[type=submit]")
    session_url = page.url
    page.goto(proposal_url)
    page.select_option("#id_session", label="Phiên xét khen thưởng cấp tỉnh năm 2026")
    page.click("button:has-text('Trình Hội đồng tỉnh')")
    expect(page.locator("#proposal-state")).to_have_text("Trình Hội đồng tỉnh")
    page.goto(session_url)
    page.fill("input[name=passphrase]", BALLOT_BOX)
    page.fill("input[name=passphrase_again]", BALLOT_BOX)
    page.click("text=Bắt đầu bỏ phiếu")
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật")
    page.context.close()

    # The council's two members vote by secret ballot.
    for username in ("tinh_lanhdao", "tinh_hoidong"):
        voter = _as(browser, login, username)
        voter.goto(session_url)
        voter.click("text=Bỏ phiếu kín")
        voter.check("input[value=agree]")
        voter.click("button:has-text('Bỏ phiếu')")
        expect(voter.locator(".messages")).to_contain_text("Đã ghi nhận phiếu")
        voter.context.close()

    # The officer closes the vote and drafts the province's decision from the dossier.
    page = _as(browser, login, "tinh_canbo")
    page.goto(session_url)
    page.check("#close-form input[name=confirm]")
    page.fill("#close-form input[name=passphrase]", BALLOT_BOX)
    page.click("text=Kết thúc bỏ phiếu và kiểm phiếu")
    expect(page.locator("table").last).to_contain_text("100")
    page.goto(proposal_url)
    page.click("button:has-text('Dự thảo quyết định khen thưởng')")
    expect(page.locator(".messages")).to_contain_text("Đã dự thảo quyết định")
    decision_url = page.url
    page.context.close()

    # The province chairman signs: a number of the province's series.
    page = _as(browser, login, "tinh_lanhdao")
    page.goto(decision_url)
    page.click("button:has-text('Ký quyết định')")
    expect(page.locator("h1")).to_contain_text("/QĐ-UBND")
    page.context.close()

    # The commune sees the award on its dossier and on the person's page.
    number = Proposal.objects.get().decision.number_label
    page = _as(browser, login, "canbo")
    page.goto(proposal_url)
    expect(page.locator("#proposal-state")).to_have_text("Đã có quyết định")
    expect(page.locator("main")).to_contain_text(number)
    page.goto(f"{base}/people/{person.pk}/")
    expect(page.locator("#person-awards")).to_contain_text("Bằng khen của Chủ tịch UBND tỉnh (cá nhân)")
    expect(page.locator("#person-awards")).to_contain_text(number)
    page.context.close()
