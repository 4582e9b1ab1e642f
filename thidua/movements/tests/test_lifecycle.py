import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.audit.models import AuditAction, AuditEntry
from thidua.lib.errors import ServiceError
from thidua.movements import services
from thidua.movements.models import MovementState, PeriodKind, PeriodState


@pytest.fixture
def draft(tree, personas):
    return services.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Đồng khởi mới",
        period_start=dt.date(2015, 3, 13),
        period_end=dt.date(2020, 12, 31),
        cadence="yearly",
    )


def test_leader_launches_a_draft_and_the_yearly_reviews_are_created(draft, personas):
    movement = services.movement_launch(actor=personas["leader"], movement=draft)
    assert movement.state == MovementState.LAUNCHED
    names = list(movement.periods.values_list("name", flat=True))
    assert names[0] == "Sơ kết năm 2015" and "Sơ kết năm 2020" in names
    assert movement.periods.filter(kind=PeriodKind.FINAL).count() == 1
    first = movement.periods.get(name="Sơ kết năm 2015")
    assert first.start == dt.date(2015, 3, 13) and first.end == dt.date(2015, 12, 31)
    entry = AuditEntry.objects.filter(action=AuditAction.TRANSITION, object_id=str(movement.pk)).get()
    assert entry.verb == "phát động"


def test_officer_may_not_launch(draft, personas):
    with pytest.raises(PermissionDenied):
        services.movement_launch(actor=personas["officer"], movement=draft)
    draft.refresh_from_db()
    assert draft.state == MovementState.DRAFT


def test_outsider_cannot_even_see_to_launch(draft, personas):
    with pytest.raises(Http404):
        services.movement_launch(actor=personas["outsider"], movement=draft)


def test_full_life_cycle_and_illegal_moves(draft, personas):
    leader, officer = personas["leader"], personas["officer"]
    with pytest.raises(ServiceError, match="đã phát động"):
        services.movement_start(actor=officer, movement=draft)
    with pytest.raises(ServiceError, match="Chỉ kết thúc"):
        services.movement_close(actor=leader, movement=draft)
    services.movement_launch(actor=leader, movement=draft)
    with pytest.raises(ServiceError, match="dự thảo"):
        services.movement_launch(actor=leader, movement=draft)
    services.movement_start(actor=officer, movement=draft)
    closed = services.movement_close(actor=leader, movement=draft)
    assert closed.state == MovementState.CLOSED
    assert not closed.periods.filter(state=PeriodState.OPEN).exists()
    with pytest.raises(ServiceError):
        services.movement_start(actor=officer, movement=closed)
    with pytest.raises(ServiceError, match="kết thúc"):
        services.movement_update(actor=officer, movement=closed, name="Khác")


def test_end_before_start_is_refused(tree, personas):
    with pytest.raises(ServiceError):
        services.movement_create(
            actor=personas["officer"],
            unit=tree.commune,
            name="Sai",
            period_start=dt.date(2020, 1, 1),
            period_end=dt.date(2019, 1, 1),
        )


def test_quarterly_periods_are_clipped_to_the_movement(tree, personas):
    movement = services.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Q",
        period_start=dt.date(2026, 2, 15),
        period_end=dt.date(2026, 8, 10),
    )
    services.movement_launch(actor=personas["leader"], movement=movement)
    quarters = list(movement.periods.filter(kind=PeriodKind.QUARTER).values_list("name", "start", "end"))
    assert quarters == [
        ("Quý 1/2026", dt.date(2026, 2, 15), dt.date(2026, 3, 31)),
        ("Quý 2/2026", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("Quý 3/2026", dt.date(2026, 7, 1), dt.date(2026, 8, 10)),
    ]
