import datetime as dt
from decimal import Decimal

import pytest

from thidua.access import SYSTEM
from thidua.movements import services
from thidua.movements.models import Direction


@pytest.fixture
def movement(tree, personas):
    """A running commune movement for 2026, quarterly, with two hamlets taking part."""
    m = services.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Thi đua năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        plan_number="05/KH-UBND",
        plan_date=dt.date(2026, 1, 10),
    )
    services.movement_launch(actor=personas["leader"], movement=m)
    services.movement_start(actor=personas["officer"], movement=m)
    m.refresh_from_db()
    return m


@pytest.fixture
def indicators(db):
    return {
        "income": services.indicator_create(
            actor=SYSTEM,
            name="Thu nhập bình quân",
            measure="triệu đồng",
            direction=Direction.INCREASE,
            baseline=Decimal(40),
        ),
        "poor": services.indicator_create(
            actor=SYSTEM,
            name="Tỷ lệ hộ nghèo",
            measure="%",
            direction=Direction.DECREASE,
            baseline=Decimal(5),
        ),
        "insurance": services.indicator_create(
            actor=SYSTEM, name="Tỷ lệ tham gia BHYT", measure="%", direction=Direction.REACH
        ),
        "road": services.indicator_create(
            actor=SYSTEM, name="Hoàn thành đường liên ấp", direction=Direction.YES_NO
        ),
    }


@pytest.fixture
def targets(movement, indicators, tree, personas):
    officer = personas["officer"]
    return {
        "hamlet_income": services.target_set(
            actor=officer,
            movement=movement,
            unit=tree.hamlet,
            year=2026,
            indicator=indicators["income"],
            value=Decimal(50),
        ),
        "hamlet_poor": services.target_set(
            actor=officer,
            movement=movement,
            unit=tree.hamlet,
            year=2026,
            indicator=indicators["poor"],
            value=Decimal(3),
        ),
        "hamlet2_income": services.target_set(
            actor=officer,
            movement=movement,
            unit=tree.hamlet2,
            year=2026,
            indicator=indicators["income"],
            value=Decimal(50),
        ),
    }


def period(movement, name):
    return movement.periods.get(name=name)
