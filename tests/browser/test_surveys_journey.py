"""A citizen answers the satisfaction survey on a phone (360 px) from the portal; the officer then
sees the response in the results."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.surveys import services
from thidua.surveys.models import Response


@pytest.mark.django_db(transaction=True)
def test_citizen_answers_on_a_phone_and_officer_sees_results(
    live_server, tree, make_user, page, browser, login
):
    make_user("canbo", Role.OFFICER, tree.commune)
    survey = services.survey_create(
        actor=SYSTEM,
        unit=tree.commune,
        title="Khảo sát sự hài lòng năm nay",
        period_start=dt.date.today() - dt.timedelta(days=10),
        period_end=dt.date.today() + dt.timedelta(days=30),
    )
    services.survey_open(actor=SYSTEM, survey=survey)
    base = live_server.url

    # The citizen finds the survey on the portal, on a phone, without signing in.
    page.goto(f"{base}/")
    page.click(f"a:has-text('{survey.title}')")
    expect(page.locator("h1")).to_have_text(survey.title)
    # Sending without answers keeps everything and points at what is missing.
    page.click("button:has-text('Gửi phiếu')")
    expect(page.locator(".sv-question.field-error").first).to_contain_text("Vui lòng chọn mức hài lòng.")
    page.select_option("#id_service", label=survey.service_list[1])
    questions = page.locator(".sv-question")
    for i in range(questions.count()):
        # Tap "4 – Hài lòng" on each question: the whole label is the touch target.
        questions.nth(i).locator(".sv-scale label").nth(3).click()
    page.fill("#id_comments", "Cán bộ một cửa hướng dẫn tận tình.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the questionnaire scrolls sideways on a phone ({width}px)"
    page.click("button:has-text('Gửi phiếu')")
    expect(page.locator("h1")).to_contain_text("Cảm ơn")
    assert Response.objects.filter(survey=survey).count() == 1

    # The officer sees the response in the results.
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    officer = context.new_page()
    login(officer, "canbo", PASSWORD)
    officer.goto(f"{base}/surveys/")
    officer.click(f"a:has-text('{survey.title}')")
    expect(officer.locator("#sv-count")).to_have_text("1")
    expect(officer.locator("#sv-index")).to_contain_text("100")
    expect(officer.locator(".sv-comment")).to_contain_text("Cán bộ một cửa hướng dẫn tận tình.")
    context.close()
