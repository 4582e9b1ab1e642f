"""Rules several movement services share: who belongs to a movement and when it takes entries."""

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.access import Actor
from thidua.audit import changes
from thidua.lib.errors import ServiceError
from thidua.movements.models import Movement, MovementState, Participation
from thidua.units.models import Unit

# A movement takes registrations and figures only between its launch and its close.
OPEN_STATES = (MovementState.LAUNCHED, MovementState.RUNNING)


def require_member_unit(movement: Movement, unit: Unit) -> None:
    """Only the movement's own unit and the units below it take part in it."""
    if not unit.is_within(movement.unit):
        raise ServiceError(_("Đơn vị %(unit)s không thuộc phạm vi của phong trào.") % {"unit": unit.name})


def require_not_closed(movement: Movement) -> None:
    if movement.state == MovementState.CLOSED:
        raise ServiceError(_("Phong trào đã kết thúc."))


def require_open_for_commitments(movement: Movement) -> None:
    if movement.state not in OPEN_STATES:
        raise ServiceError(_("Chỉ đăng ký thi đua được khi phong trào đã phát động và chưa kết thúc."))


def is_participating(movement: Movement, unit: Unit) -> bool:
    return Participation.objects.filter(movement=movement, unit=unit).exists()


def join(*, actor: Actor, movement: Movement, unit: Unit | None = None, person=None) -> Participation:
    """The unit (or person) takes part from now on, if it did not already. The caller has checked
    the actor: a registration, a target or the planner's own list brings the unit in."""
    member_unit = unit if unit is not None else person.unit
    require_member_unit(movement, member_unit)
    existing = Participation.objects.filter(movement=movement, unit=unit, person=person).first()
    if existing:
        return existing
    participation = Participation(movement=movement, unit=unit, person=person, joined_on=timezone.localdate())
    return changes.create(participation, actor=actor, unit=member_unit)
