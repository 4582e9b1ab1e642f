"""Assessing a unit against the movement's set of criteria (e.g. the New Rural criteria): each
criterion met or not, a met one with its evidence."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.lib.errors import ServiceError
from thidua.movements.models import Criterion, CriterionResult, Movement
from thidua.movements.services._rules import require_member_unit
from thidua.units.models import Unit


def _check(movement: Movement, criterion: Criterion, met: bool, evidence: str) -> None:
    if movement.criteria_set_id is None or criterion.criteria_set_id != movement.criteria_set_id:
        raise ServiceError(_("Tiêu chí này không thuộc bộ tiêu chí của phong trào."))
    if met and not evidence.strip():
        raise ServiceError(
            _("Tiêu chí “%(criterion)s” đạt cần có minh chứng (số văn bản, biên bản, số liệu).")
            % {"criterion": criterion},
            field=f"evidence_{criterion.pk}",
        )


def _put(*, actor: Actor, movement: Movement, unit: Unit, criterion: Criterion, met: bool, evidence: str, on):
    result = CriterionResult.objects.filter(movement=movement, unit=unit, criterion=criterion).first()
    fields = {"met": met, "evidence": evidence.strip(), "assessed_on": on}
    if result is None:
        result = CriterionResult(movement=movement, unit=unit, criterion=criterion, **fields)
        return changes.create(result, actor=actor)
    return changes.update(result, actor=actor, **fields)


@transaction.atomic
def criterion_record(
    *,
    actor: Actor,
    movement: Movement,
    unit: Unit,
    criterion: Criterion,
    met: bool,
    evidence: str = "",
    assessed_on: dt.date | None = None,
) -> CriterionResult:
    """Record whether the unit meets one criterion."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    require_member_unit(movement, unit)
    _check(movement, criterion, met, evidence)
    return _put(
        actor=actor,
        movement=movement,
        unit=unit,
        criterion=criterion,
        met=met,
        evidence=evidence,
        on=assessed_on,
    )


@transaction.atomic
def criteria_assess(
    *,
    actor: Actor,
    movement: Movement,
    unit: Unit,
    results: Iterable[tuple[Criterion, bool, str]],
    assessed_on: dt.date | None = None,
) -> list[CriterionResult]:
    """Record the whole assessment of a unit at once — (criterion, met, evidence) for each — all
    saved or none; the first criterion refused names its `evidence_<criterion id>` field."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    require_member_unit(movement, unit)
    results = list(results)
    for criterion, met, evidence in results:
        _check(movement, criterion, met, evidence)
    return [
        _put(
            actor=actor, movement=movement, unit=unit, criterion=c, met=met, evidence=evidence, on=assessed_on
        )
        for c, met, evidence in results
    ]
