"""The home page asks the database a fixed number of times, for a commune's officer and for a
province's, however many communes, movements, late reports and nominations the province holds;
the province's part lists a few communes and links to all of them."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations.models import AwardType, Nomination, NominationState
from thidua.movements import home as movements_home
from thidua.movements import services
from thidua.movements.models import Direction
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)  # the first three quarters of 2026 are past their due dates


@pytest.fixture(autouse=True)
def late_autumn(monkeypatch):
    monkeypatch.setattr(movements_home, "_today", lambda: TODAY)


@pytest.fixture
def income(db):
    return services.indicator_create(
        actor=SYSTEM,
        name="Thu nhập bình quân",
        measure="triệu đồng",
        direction=Direction.INCREASE,
        baseline=D(40),
    )


def _movement(unit, name: str):
    movement = services.movement_create(
        actor=SYSTEM,
        unit=unit,
        name=name,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        plan_number="01/KH-UBND",
        plan_date=dt.date(2026, 1, 10),
    )
    services.movement_launch(actor=SYSTEM, movement=movement)
    services.movement_start(actor=SYSTEM, movement=movement)
    return movement


def _commune(province, province_movement, income, name: str, award_type) -> None:
    """A commune implementing the province's movement, with its own running movement whose hamlet
    reported the first quarter only, and nominations: one returned, one submitted."""
    commune = unit_create(actor=SYSTEM, name=name, kind=UnitKind.COMMUNE, parent=province)
    hamlet = unit_create(actor=SYSTEM, name=f"Ấp Đông {name}", kind=UnitKind.HAMLET, parent=commune)
    plan = services.movement_implement(actor=SYSTEM, parent_movement=province_movement, unit=commune)
    services.movement_launch(actor=SYSTEM, movement=plan)
    services.target_set(
        actor=SYSTEM, movement=province_movement, unit=commune, year=2026, indicator=income, value=D(50)
    )
    own = _movement(commune, f"Thi đua năm 2026 của {name}")
    target = services.target_set(
        actor=SYSTEM, movement=own, unit=hamlet, year=2026, indicator=income, value=D(50)
    )
    services.progress_report(
        actor=SYSTEM, target=target, period=own.periods.order_by("end").first(), value=D(45)
    )
    for state in (NominationState.RETURNED, NominationState.SUBMITTED):
        Nomination.objects.create(
            commune=commune,
            unit=hamlet,
            award_type=award_type,
            year=2026,
            recipient_kind="collective",
            collective=hamlet,
            recipient_name=hamlet.name,
            achievement="Thành tích",
            state=state,
        )
    return commune


def _queries(client) -> int:
    client.get(reverse("web:home"))  # the unit counts are cached from the second visit on
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_home_page_costs_the_same_queries_with_more_communes_and_movements(
    client, tree, make_user, income
):
    award_type = AwardType.objects.get(code="ldtt")
    province_movement = _movement(tree.province, "Thi đua “Đồng khởi mới” năm 2026")
    first = _commune(tree.province, province_movement, income, "Xã Đầu Tiên", award_type)
    province_officer = make_user("tinh", Role.OFFICER, tree.province)
    commune_officer = make_user("xa", Role.OFFICER, first)
    before = {}
    for who, user in (("province", province_officer), ("commune", commune_officer)):
        client.force_login(user)
        before[who] = _queries(client)
    for i in range(12):
        _commune(tree.province, province_movement, income, f"Xã Đông Hòa {i:02d}", award_type)
    # More of the commune's own: running movements, late reports, nominations.
    for i in range(3):
        _movement(first, f"Phong trào phụ {i}")
    after = {}
    for who, user in (("province", province_officer), ("commune", commune_officer)):
        client.force_login(user)
        after[who] = _queries(client)
    assert after == before
    assert max(after.values()) <= 40, after


def test_the_province_part_lists_a_few_communes_and_links_to_all(client, tree, make_user, income):
    award_type = AwardType.objects.get(code="ldtt")
    province_movement = _movement(tree.province, "Thi đua “Đồng khởi mới” năm 2026")
    for i in range(12):
        _commune(tree.province, province_movement, income, f"Xã Đông Hòa {i:02d}", award_type)
    client.force_login(make_user("tinh", Role.OFFICER, tree.province))
    page = client.get(reverse("web:home")).content.decode()
    section = page.split('id="home-province"')[1].split("</section>")[0]
    assert section.count("<li>") - 1 == movements_home.MAX_COMMUNES  # the communes, and the movement
    assert "14 xã, phường" in section  # the tree's two communes and the twelve
    assert "Xem tất cả 14 xã, phường" in section
    assert reverse("movements:province", args=[province_movement.pk]) in section


def test_a_province_with_few_communes_lists_them_all_without_a_link(client, tree, make_user):
    client.force_login(make_user("tinh", Role.OFFICER, tree.province))
    page = client.get(reverse("web:home")).content.decode()
    section = page.split('id="home-province"')[1].split("</section>")[0]
    assert tree.commune.name in section and tree.other.name in section
    assert "Xem tất cả" not in section
