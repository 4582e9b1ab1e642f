"""A nomination under a movement's yearly review: chosen in the form, shown with its links, and the
council's session for that review opened from the review's list with the movement's quota."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations.models import AwardType, Session
from thidua.commendations.rules import catalogue_load
from thidua.movements import services as movement_services
from thidua.movements.fields import period_label
from thidua.movements.models import RecipientKind
from thidua.people.services import person_create
from thidua.units.models import UnitKind
from thidua.units.services import unit_create


@pytest.mark.django_db(transaction=True)
def test_nomination_under_a_review_to_its_session(live_server, tree, make_user, browser, login):
    # Journeys before this one flush the database, shipped catalogue included: load it again.
    catalogue_load()
    make_user("canbo", Role.OFFICER, tree.commune)
    unit_create(actor=SYSTEM, name="Hội đồng TĐKT xã", kind=UnitKind.COUNCIL, parent=tree.commune)
    year = dt.date.today().year
    movement = movement_services.movement_create(
        actor=SYSTEM,
        unit=tree.commune,
        name="Đồng khởi mới",
        period_start=dt.date(year - 1, 1, 1),
        period_end=dt.date(year, 12, 31),
        cadence="yearly",
    )
    movement_services.quota_set(
        actor=SYSTEM, movement=movement, recipient_kind=RecipientKind.COLLECTIVE, per_period=2
    )
    movement_services.quota_set(
        actor=SYSTEM, movement=movement, recipient_kind=RecipientKind.INDIVIDUAL, per_period=3
    )
    movement_services.movement_launch(actor=SYSTEM, movement=movement)
    movement_services.movement_start(actor=SYSTEM, movement=movement)
    person = person_create(actor=SYSTEM, full_name="Trần Thị Mai", gender="female", unit=tree.hamlet)

    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "canbo", PASSWORD)
    base = live_server.url

    # A review of another year is refused next to its field; the right one is saved.
    page.goto(f"{base}/commendations/new/")
    page.select_option("#id_unit", label="Xã Mỹ Thạnh")
    page.select_option("#id_award_type", str(AwardType.objects.get(code="gk-canhan").pk))
    page.fill("#id_year", str(year))
    page.fill("input[name=person__q]", "tran thi mai")  # the picker lists matches as the name is typed
    expect(page.locator("#id_person option")).to_have_count(2)
    page.select_option("#id_person", str(person.pk))
    page.select_option(
        "#id_review_period", label=period_label(movement.periods.get(name=f"Sơ kết năm {year - 1}"))
    )
    page.fill("#id_achievement", "Dẫn đầu phong trào ở ấp.")
    page.click("main form.stack button[type=submit]")
    expect(page.locator("main")).to_contain_text(f"không phải năm {year}")
    page.select_option(
        "#id_review_period", label=period_label(movement.periods.get(name=f"Sơ kết năm {year}"))
    )
    page.click("main form.stack button[type=submit]")
    expect(page.locator(".kv")).to_contain_text("Đồng khởi mới")

    # The review's link lists its nominations and opens the council's session with the quota.
    page.click(f"dd a:has-text('Sơ kết năm {year}')")
    expect(page.locator("table")).to_contain_text("Trần Thị Mai")
    page.click("text=Tạo phiên họp xét đợt này")
    expect(page.locator("#id_quota_individual")).to_have_value("3")
    expect(page.locator("#id_quota_collective")).to_have_value("2")
    page.select_option("#id_council", label="Hội đồng TĐKT xã")
    page.click("main form.stack button[type=submit]")
    expect(page.locator(".kv")).to_contain_text(f"Sơ kết năm {year}")
    session = Session.objects.get()
    assert (session.review_period.movement, session.quota_individual) == (movement, 3)
    context.close()
