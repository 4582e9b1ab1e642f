"""Upload a plan as text → see what was read, the guessed fields highlighted → save a draft → edit
it → the chairman issues it from the register → download the PDF."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.accounts.models import Role
from thidua.documents.models import Document, DocumentState

SEED = Path(__file__).resolve().parents[2] / "thidua" / "documents" / "data" / "000_e0bb06a9f56f42be.txt"


@pytest.mark.django_db(transaction=True)
def test_officer_uploads_a_plan_and_the_chairman_issues_it(live_server, tree, make_user, page, login):
    make_user("canbo", Role.OFFICER, tree.commune)
    make_user("chutich", Role.LEADER, tree.commune)
    base = live_server.url

    # The officer reads a plan received as plain text.
    login(page, "canbo", PASSWORD)
    page.goto(f"{base}/documents/?unit={tree.commune.pk}")
    page.click("text=Tải lên văn bản có sẵn")
    page.set_input_files("#id_file", str(SEED))
    page.click("button:has-text('Đọc văn bản')")
    fields = page.locator("dl.doc-fields")
    expect(fields).to_contain_text("23/KH-UBND")
    expect(fields).to_contain_text("KẾ HOẠCH")
    expect(fields).to_contain_text("Phạm Thanh Diễn")
    # The issuer is not in the seed's header: it was inferred from the text, so it is highlighted.
    expect(fields.locator("dd.inferred").first).to_have_text("ỦY BAN NHÂN DÂN XÃ MỸ THẠNH")
    expect(page.locator("ul.warnings")).to_contain_text("Cơ quan ban hành được suy ra")
    expect(page.locator("article.doc-preview")).to_contain_text("Đồng khởi mới")
    page.click("button:has-text('Lưu thành văn bản dự thảo')")
    expect(page.locator(".messages")).to_contain_text("Đã lưu thành văn bản dự thảo")
    expect(page.locator("h1")).to_contain_text("Dự thảo")

    # She corrects the abstract as text before the chairman signs.
    page.click("text=Sửa dự thảo")
    page.fill("#id_abstract", "Về việc phát động phong trào thi đua “Đồng khởi mới” năm 2015")
    # The body is offered as the plain text of the plan, headings and all, not as data.
    expect(page.locator("#id_body")).to_have_value(
        re.compile(r"^Nhân kỷ niệm 55 năm.*\n\nI\. MỤC ĐÍCH YÊU CẦU", re.S)
    )
    page.click("button:has-text('Lưu dự thảo')")
    expect(page.locator(".messages")).to_contain_text("Đã lưu dự thảo")
    expect(page.locator("article.doc-preview")).to_contain_text("năm 2015")
    expect(page.locator("form[action$='/issue/']")).to_have_count(0)  # an officer does not issue
    page.click("button:has-text('Đăng xuất')")

    # The chairman finds it in the register, issues it, and downloads the PDF.
    login(page, "chutich", PASSWORD)
    page.goto(f"{base}/documents/?unit={tree.commune.pk}")
    page.click("text=(chưa có số)")
    page.fill("#id_date", "2015-03-13")
    page.click("button:has-text('Ban hành (lấy số)')")
    expect(page.locator(".messages")).to_contain_text("Đã ban hành văn bản số 01/KH-UBND")
    expect(page.locator("h1")).to_contain_text("Đã ban hành")
    with page.expect_download() as download_info:
        page.click("text=Tải PDF")
    download = download_info.value
    assert download.suggested_filename == "01_KH-UBND.pdf"
    assert Path(download.path()).read_bytes()[:4] == b"%PDF"
    document = Document.objects.get()
    assert document.state == DocumentState.ISSUED and document.model.abstract.endswith("năm 2015")
