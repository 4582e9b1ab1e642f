"""What the running movements ask of a signed-in user on the home page."""

from django.db.models import Count
from django.utils import timezone

from thidua import access
from thidua.movements import board, selectors
from thidua.movements.models import Commitment, CommitmentState, MovementState

MAX_MOVEMENTS = 5
MAX_OVERDUE = 5
MAX_COMMUNES = 10


def _today():
    return timezone.localdate()


def sections(user) -> list[dict]:
    return _province_sections(user) + _movement_sections(user)


def _province_sections(user) -> list[dict]:
    """A province's officer or leader: its communes, with how far each has come in the province's
    current movement, and the province's movements, each opening its province dashboard."""
    from thidua.movements import province
    from thidua.units.models import UnitKind

    homes = [
        unit
        for unit in access.home_units(user)
        if unit.kind == UnitKind.PROVINCE and access.can(user, access.Action.ROLLUP_VIEW, unit)
    ]
    if not homes:
        return []
    unit = homes[0]
    movements = [m for m in province.province_movements(unit) if m.state != MovementState.DRAFT][
        :MAX_MOVEMENTS
    ]
    current = next((m for m in movements if m.state != MovementState.CLOSED), None)
    board = province.province_board(current, today=_today(), details=False) if current else None
    communes = (
        board.ranking + board.unranked
        if board
        else [province.CommuneRow(c) for c in province.communes_of(unit)]
    )
    # The first few communes here; all of them on the province dashboard or the province's page.
    context = {
        "unit": unit,
        "movements": movements,
        "current": current,
        "board": board,
        "communes": communes[:MAX_COMMUNES],
        "commune_count": len(communes),
    }
    return [{"template": "movements/_home_province.html", "context": context}]


def _movement_sections(user) -> list[dict]:
    today = _today()
    running = list(
        selectors.visible_movements(user)
        .filter(state__in=[MovementState.LAUNCHED, MovementState.RUNNING])
        .order_by("-period_start", "name")[:MAX_MOVEMENTS]
    )
    if not running:
        return []
    homes = access.home_units(user)
    states = {}
    for movement_id, unit_id, state in Commitment.objects.filter(
        movement__in=running, year=today.year
    ).values_list("movement_id", "unit_id", "state"):
        states[(movement_id, unit_id)] = state
    to_review = dict(
        Commitment.objects.filter(movement__in=running, state=CommitmentState.SUBMITTED)
        .values_list("movement_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    in_period = [m for m in running if m.period_start.year <= today.year <= m.period_end.year]
    commit_units = selectors.units_for_commitment_many(user, in_period)
    reviewer = {m.pk: access.can(user, access.Action.COMMITMENT_REVIEW, m.unit) for m in running}
    # One who does not review a movement is shown the late reports of their own units only.
    home_paths = [home.path for home in homes]
    overdue = board.overdue_by_movement(
        running,
        today,
        shown=MAX_OVERDUE,
        within={m.pk: home_paths for m in running if not reviewer[m.pk]},
    )
    rows = []
    for movement in running:
        own_units = commit_units.get(movement.pk, [])
        register = [u for u in own_units if (movement.pk, u.pk) not in states]
        returned = [u for u in own_units if states.get((movement.pk, u.pk)) == CommitmentState.RETURNED]
        late, late_count = overdue.get(movement.pk, ([], 0))
        rows.append(
            {
                "movement": movement,
                "register": register if len(own_units) <= 3 else [],
                "register_count": len(register),
                "returned": returned,
                "review": to_review.get(movement.pk, 0) if reviewer[movement.pk] else 0,
                "overdue": late,
                "overdue_count": late_count,
            }
        )
    return [{"template": "movements/_home.html", "context": {"rows": rows, "year": today.year}}]
