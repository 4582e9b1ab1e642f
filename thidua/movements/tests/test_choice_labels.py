"""Dropdowns tell a movement and its implementation apart, and a review period by its movement."""

from thidua.commendations.forms import NominationEditForm
from thidua.movements import services
from thidua.movements.models import Movement, ReviewPeriod


def test_a_movement_and_its_implementation_read_differently_in_a_dropdown(movement, tree, personas):
    services.movement_implement(actor=personas["officer"], parent_movement=movement, unit=tree.hamlet)
    form = NominationEditForm(movements=Movement.objects.all(), periods=ReviewPeriod.objects.all())
    movements = [label for value, label in form.fields["movement"].choices if value]
    periods = [label for value, label in form.fields["review_period"].choices if value]
    assert len(movements) == 2 and len(set(movements)) == 2
    assert "Thi đua năm 2026 – Xã Mỹ Thạnh (2026)" in movements
    assert len(periods) == len(set(periods))
