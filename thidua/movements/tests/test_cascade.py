import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.lib.errors import ServiceError
from thidua.movements import selectors, services
from thidua.movements.models import MovementState
from thidua.units.models import UnitKind
from thidua.units.services import unit_create


@pytest.fixture
def province_movement(tree, make_user):
    chair = make_user("province_leader", Role.LEADER, tree.province)
    movement = services.movement_create(
        actor=chair,
        unit=tree.province,
        name="Đồng khởi mới",
        plan_number="519/KH-UBND",
        plan_date=dt.date(2015, 3, 9),
        period_start=dt.date(2015, 3, 1),
        period_end=dt.date(2020, 12, 31),
        purposes="Phát huy truyền thống Đồng khởi",
        cadence="yearly",
    )
    services.quota_set(actor=chair, movement=movement, recipient_kind="collective", per_period=2)
    return services.movement_launch(actor=chair, movement=movement)


def test_commune_implements_the_higher_plan_as_a_linked_draft(province_movement, tree, personas):
    child = services.movement_implement(
        actor=personas["officer"], parent_movement=province_movement, unit=tree.commune
    )
    assert child.state == MovementState.DRAFT and child.parent == province_movement
    assert child.unit == tree.commune and child.name == "Đồng khởi mới"
    assert child.legal_bases.startswith(
        "Thực hiện Kế hoạch số 519/KH-UBND ngày 09 tháng 3 năm 2015 của Tỉnh Thử Nghiệm"
    )
    assert child.purposes == "Phát huy truyền thống Đồng khởi"
    assert child.quotas.get().per_period == 2
    assert child.lineage == f"{province_movement.lineage}{child.pk}/"


def test_a_unit_implements_a_plan_only_once(province_movement, tree, personas):
    services.movement_implement(
        actor=personas["officer"], parent_movement=province_movement, unit=tree.commune
    )
    with pytest.raises(ServiceError, match="đã có kế hoạch"):
        services.movement_implement(
            actor=personas["officer"], parent_movement=province_movement, unit=tree.commune
        )


def test_outsider_cannot_implement_for_our_commune(province_movement, tree, personas):
    with pytest.raises(Exception) as info:
        services.movement_implement(
            actor=personas["outsider"], parent_movement=province_movement, unit=tree.commune
        )
    assert info.type.__name__ in {"Http404", "PermissionDenied"}


def test_viewer_cannot_implement(province_movement, tree, personas):
    with pytest.raises(PermissionDenied):
        services.movement_implement(
            actor=personas["viewer"], parent_movement=province_movement, unit=tree.commune
        )


def test_draft_parent_cannot_be_implemented(tree, personas, make_user):
    chair = make_user("pl", Role.LEADER, tree.province)
    draft = services.movement_create(
        actor=chair,
        unit=tree.province,
        name="X",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    with pytest.raises(ServiceError, match="chưa được phát động"):
        services.movement_implement(actor=personas["officer"], parent_movement=draft, unit=tree.commune)


def test_rollup_reaches_any_depth(province_movement, tree, personas, indicators):
    officer, leader = personas["officer"], personas["leader"]
    commune_plan = services.movement_implement(
        actor=officer, parent_movement=province_movement, unit=tree.commune
    )
    services.movement_launch(actor=leader, movement=commune_plan)
    hamlet_plan = services.movement_implement(actor=officer, parent_movement=commune_plan, unit=tree.hamlet)
    services.movement_launch(actor=leader, movement=hamlet_plan)
    other_plan = services.movement_implement(
        actor=personas["outsider"], parent_movement=province_movement, unit=tree.other
    )
    # A target at the hamlet's plan (depth 2) fully met, one at the commune's plan not reported.
    deep = services.target_set(
        actor=officer,
        movement=hamlet_plan,
        unit=tree.hamlet,
        year=2015,
        indicator=indicators["income"],
        value=Decimal(50),
    )
    services.progress_report(
        actor=officer, target=deep, period=hamlet_plan.periods.get(name="Sơ kết năm 2015"), value=Decimal(60)
    )
    services.target_set(
        actor=officer,
        movement=commune_plan,
        unit=tree.hamlet2,
        year=2015,
        indicator=indicators["income"],
        value=Decimal(50),
    )

    assert selectors.movement_rollup(hamlet_plan) == 100
    assert selectors.movement_rollup(commune_plan) == 50
    assert selectors.movement_rollup(province_movement) == 50
    children, total = selectors._children_rollup(province_movement)
    by_name = {g.name: g for g in children}
    assert by_name["Xã Mỹ Thạnh"].percent == 50 and by_name["Xã Mỹ Thạnh"].total == 2
    assert by_name["Xã Khác"].total == 0 and other_plan.parent == province_movement
    assert total == 50


def test_hamlet_unit_in_another_commune_cannot_implement(province_movement, tree, personas):
    sub = unit_create(actor=SYSTEM, name="Tổ", kind=UnitKind.OTHER, parent=tree.other)
    with pytest.raises(Http404):
        services.movement_implement(actor=personas["officer"], parent_movement=province_movement, unit=sub)
