"""A new officer, on a phone, starts this year's movement from last year's plan, assigns the targets
of every hamlet in one grid (pasted from Excel, one box typed), and a citizen verifies a
certificate by typing its code in lower case with spaces."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations.models import Award, AwardType, Decision
from thidua.commendations.rules import catalogue_load
from thidua.lib.codes import group_code
from thidua.movements import services
from thidua.movements.models import Direction, Movement, RecipientKind, Target

# Two hamlets × two indicators, as copied from the officer's Excel sheet (Vietnamese decimal commas).
EXCEL_BLOCK = "55\t2,5\r\n52,5\t2,1\r\n"


def _last_year(tree, make_user):
    """The commune's 2025 plan, written by the officer who has since left, with its targets."""
    predecessor = make_user("canbo_cu", Role.OFFICER, tree.commune)
    chair = make_user("chutich", Role.LEADER, tree.commune)
    income = services.indicator_create(
        actor=SYSTEM, name="Thu nhập bình quân", measure="triệu đồng", direction=Direction.INCREASE
    )
    poor = services.indicator_create(
        actor=SYSTEM, name="Tỷ lệ hộ nghèo", measure="%", direction=Direction.DECREASE
    )
    plan = services.movement_create(
        actor=predecessor,
        unit=tree.commune,
        name="Thi đua thực hiện nhiệm vụ năm 2025",
        plan_number="12/KH-UBND",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        purposes="Phát huy tinh thần đoàn kết, sáng tạo",
        content_items="Tập trung thực hiện Chương trình xây dựng nông thôn mới",
        quotas=[(RecipientKind.COLLECTIVE, 2)],
    )
    for unit, (rich, poor_rate) in {tree.hamlet: (48, "3"), tree.hamlet2: (47, "2,8")}.items():
        for indicator, value in ((income, Decimal(rich)), (poor, Decimal(poor_rate.replace(",", ".")))):
            services.target_set(
                actor=predecessor, movement=plan, unit=unit, year=2025, indicator=indicator, value=value
            )
    services.movement_launch(actor=chair, movement=plan)
    services.movement_close(actor=chair, movement=plan)
    return plan


def _certificate(tree) -> Award:
    catalogue_load()  # journeys before this one flush the database, shipped catalogue included
    decision = Decision.objects.create(
        commune=tree.commune,
        title="Về việc khen thưởng năm 2025",
        year=2025,
        number=3,
        number_label="03/QĐ-UBND",
        signed_on=dt.date(2025, 12, 22),
        signer_name="Phạm Thanh Diễn",
        state=Decision.State.SIGNED,
    )
    return Award.objects.create(
        award_type=AwardType.objects.get(code="ldtt"),
        recipient_kind="individual",
        recipient_name="Nguyễn Văn An",
        year=2025,
        commune=tree.commune,
        decision=decision,
    )


def _paste(page, selector: str, text: str) -> None:
    """Paste `text` into a box as the browser does with what Excel put on the clipboard."""
    page.locator(selector).focus()
    page.eval_on_selector(
        selector,
        """(box, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways


@pytest.mark.django_db(transaction=True)
def test_new_officer_plans_from_last_year_assigns_a_grid_and_a_citizen_verifies(
    live_server, tree, make_user, page, login
):
    last_year = _last_year(tree, make_user)
    make_user("canbo_moi", Role.OFFICER, tree.commune)
    award = _certificate(tree)
    base = live_server.url

    # The new officer, on a phone, starts from last year's plan.
    login(page, "canbo_moi", PASSWORD)
    page.goto(f"{base}/movements/")
    page.click("text=Lập kế hoạch phong trào")
    expect(page.locator("#start-earlier")).to_contain_text("Từ kế hoạch năm trước")
    expect(page.locator("#start-above")).to_contain_text("Đọc văn bản kế hoạch nhận được")
    page.select_option("#from-earlier", str(last_year.pk))
    page.click("button:has-text('Chép kế hoạch này')")
    expect(page.locator("#copy-source")).to_contain_text("4 chỉ tiêu giao")
    expect(page.locator("legend", has_text="I. Mục đích, yêu cầu")).to_be_visible()
    expect(page.locator("legend", has_text="V. Tổ chức thực hiện")).to_be_visible()
    expect(page.locator("#id_purposes")).to_have_value("Phát huy tinh thần đoàn kết, sáng tạo")
    expect(page.locator("#id_quota_collective")).to_have_value("2")
    expect(page.locator("#id_plan_number")).to_have_value("")
    expect(page.locator("#id_purposes_helptext")).to_contain_text("Ví dụ:")
    _fits_the_phone(page)
    page.fill("#id_name", "Thi đua thực hiện nhiệm vụ năm 2026")
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-12-31")
    page.click("main button:has-text('Lưu')")
    expect(page.locator("h1")).to_contain_text("Thi đua thực hiện nhiệm vụ năm 2026")
    movement = Movement.objects.get(name="Thi đua thực hiện nhiệm vụ năm 2026")
    assert movement.pk != last_year.pk and movement.targets.filter(year=2026).count() == 4

    # Every hamlet's targets in one grid: a block pasted from Excel, one box typed wrong, then right.
    page.click("text=Giao chỉ tiêu")
    grid = page.locator("#target-grid")
    expect(grid).to_contain_text("Ấp Mỹ Hòa")
    expect(grid).to_contain_text("Ấp Thạnh Lợi")
    expect(grid).to_contain_text("2025: 2,8")  # last year's target as a guide
    _fits_the_phone(page)
    first = 'input[aria-label="Ấp Mỹ Hòa – Thu nhập bình quân"]'
    _paste(page, first, EXCEL_BLOCK)
    expect(page.locator('input[aria-label="Ấp Thạnh Lợi – Tỷ lệ hộ nghèo"]')).to_have_value("2,1")
    farmers = 'input[aria-label="Hội Nông dân xã – Thu nhập bình quân"]'
    page.fill(farmers, "bốn mươi")
    page.click("button:has-text('Lưu cả bảng')")
    expect(page.locator("#grid-errors")).to_contain_text("1 ô chưa đúng; chưa lưu ô nào")
    expect(page.locator(first)).to_have_value("55")  # what was pasted stays
    assert movement.targets.get(unit=tree.hamlet, indicator__name="Thu nhập bình quân").value == 48
    page.fill(farmers, "40")
    page.click("button:has-text('Lưu cả bảng')")
    expect(page.locator(".messages")).to_contain_text("1 giao mới, 4 sửa")
    values = {
        (t.unit.name, t.indicator.name): t.value
        for t in Target.objects.filter(movement=movement, year=2026).select_related("unit", "indicator")
    }
    assert values == {
        ("Ấp Mỹ Hòa", "Thu nhập bình quân"): Decimal(55),
        ("Ấp Mỹ Hòa", "Tỷ lệ hộ nghèo"): Decimal("2.5"),
        ("Ấp Thạnh Lợi", "Thu nhập bình quân"): Decimal("52.5"),
        ("Ấp Thạnh Lợi", "Tỷ lệ hộ nghèo"): Decimal("2.1"),
        ("Hội Nông dân xã", "Thu nhập bình quân"): Decimal(40),
    }
    expect(page.locator("#assigned-targets")).to_contain_text("52,5")
    page.context.clear_cookies()

    # A citizen types the certificate's code as read off the paper: lower case, in groups, spaces.
    printed = group_code(award.verify_code)  # "7KQ2-M9XD-…", as on the certificate
    typed = printed.replace("-", " ").lower()
    page.goto(f"{base}/")
    page.fill("input[name=code]", f" {typed} ")
    page.click("button:has-text('Xác minh')")
    expect(page.locator(".verify-status")).to_contain_text("hợp lệ")
    expect(page.locator("main")).to_contain_text("Nguyễn Văn An")
    expect(page.locator(".verify-code")).to_contain_text(printed)
