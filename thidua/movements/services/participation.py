"""Who takes part in a movement and what they pledge: participation, the registration
(đăng ký thi đua: draft → submitted → approved or returned) with its pledges, and covenants."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.lib.errors import ServiceError
from thidua.movements.models import (
    Commitment,
    CommitmentState,
    Covenant,
    Indicator,
    Movement,
    Participation,
    Pledge,
)
from thidua.movements.services._rules import (
    join,
    require_member_unit,
    require_not_closed,
    require_open_for_commitments,
)
from thidua.movements.services.figures import FIGURE_LIMIT, TOO_LARGE, put_target
from thidua.notifications.models import Kind as NotificationKind
from thidua.notifications.selectors import holders
from thidua.notifications.services import notify
from thidua.units.models import Unit

PledgeRows = Iterable[tuple[Indicator, Decimal, dt.date | None]]


@transaction.atomic
def participation_add(
    *, actor: Actor, movement: Movement, unit: Unit | None = None, person=None
) -> Participation:
    """A unit or an individual joins the movement (the planner, or whoever registers for that unit)."""
    member_unit = unit if unit is not None else person.unit
    if not access.can(access.check_actor(actor), Action.MOVEMENT_EDIT, movement.unit):
        access.require_actor(actor, Action.COMMITMENT_SUBMIT, member_unit)
    require_not_closed(movement)
    return join(actor=actor, movement=movement, unit=unit, person=person)


def _check_pledges(movement: Movement, pledges: list) -> None:
    for _indicator, value, deadline in pledges:
        if value is None or Decimal(value) < 0:
            raise ServiceError(_("Giá trị đăng ký không được âm."))
        if deadline and not movement.period_start <= deadline <= movement.period_end:
            raise ServiceError(
                _("Thời hạn %(date)s nằm ngoài thời gian của phong trào.") % {"date": deadline}
            )


@transaction.atomic
def commitment_save(
    *,
    actor: Actor,
    movement: Movement,
    unit: Unit,
    year: int,
    titles: str = "",
    note: str = "",
    pledges: PledgeRows = (),
    submit: bool = False,
    is_sample: bool = False,
) -> Commitment:
    """Create or rewrite a unit's registration while it is a draft or was returned; optionally submit it.

    `is_sample` flags a registration created as demo data; a registration rewritten keeps its flag."""
    access.require_actor(actor, Action.COMMITMENT_SUBMIT, unit)
    require_member_unit(movement, unit)
    require_open_for_commitments(movement)
    if not movement.period_start.year <= year <= movement.period_end.year:
        raise ServiceError(_("Năm đăng ký phải nằm trong thời gian của phong trào."), field="year")
    pledges = list(pledges)
    _check_pledges(movement, pledges)
    if not pledges and not titles.strip() and submit:
        raise ServiceError(_("Bản đăng ký cần ít nhất một chỉ tiêu hoặc một danh hiệu."))
    commitment = (
        Commitment.objects.select_for_update().filter(movement=movement, unit=unit, year=year).first()
    )
    if commitment and commitment.state not in (CommitmentState.DRAFT, CommitmentState.RETURNED):
        raise ServiceError(_("Bản đăng ký đã gửi hoặc đã duyệt, không sửa được."))
    fields: dict[str, Any] = {
        "titles": titles.strip(),
        "note": note.strip(),
        "state": CommitmentState.SUBMITTED if submit else CommitmentState.DRAFT,
    }
    if submit:
        fields["submitted_at"] = timezone.now()
    verb = "gửi đăng ký thi đua" if submit else ""
    if commitment is None:
        created_by = actor if isinstance(actor, User) else None
        commitment = Commitment(
            movement=movement, unit=unit, year=year, created_by=created_by, is_sample=is_sample, **fields
        )
        changes.create(commitment, actor=actor, verb=verb)
    else:
        changes.update(commitment, actor=actor, verb=verb, **fields)
    _put_pledges(actor=actor, commitment=commitment, pledges=pledges)
    join(actor=actor, movement=movement, unit=unit)
    if submit:
        _tell_reviewers(actor, commitment)
    return commitment


def _put_pledges(*, actor: Actor, commitment: Commitment, pledges: list) -> None:
    """Make the commitment's pledges these, one audited change per pledge added, changed or dropped."""
    existing = {pledge.indicator_id: pledge for pledge in commitment.pledges.all()}
    if any(abs(Decimal(value)) >= FIGURE_LIMIT for _indicator, value, _deadline in pledges):
        raise ServiceError(TOO_LARGE, field="pledges")
    for indicator, value, deadline in pledges:
        pledge = existing.pop(indicator.pk, None)
        if pledge is None:
            pledge = Pledge(commitment=commitment, indicator=indicator, value=value, deadline=deadline)
            changes.create(pledge, actor=actor, unit=commitment.unit)
        else:
            changes.update(pledge, actor=actor, unit=commitment.unit, value=Decimal(value), deadline=deadline)
    for pledge in existing.values():
        changes.delete(pledge, actor=actor, unit=commitment.unit)


def _locked(commitment: Commitment) -> Commitment:
    commitment.refresh_from_db(from_queryset=Commitment.objects.select_for_update())
    return commitment


@transaction.atomic
def commitment_submit(*, actor: Actor, commitment: Commitment) -> Commitment:
    """Draft or returned → submitted, for the higher level to review."""
    commitment = _locked(commitment)
    access.require_actor(actor, Action.COMMITMENT_SUBMIT, commitment.unit)
    require_open_for_commitments(commitment.movement)
    allowed = (CommitmentState.DRAFT, CommitmentState.RETURNED)
    if commitment.state not in allowed:
        raise ServiceError(
            _("Chỉ gửi được bản đăng ký đang soạn hoặc bị trả lại."), code="illegal_transition"
        )
    changes.transition(
        commitment,
        actor=actor,
        to=CommitmentState.SUBMITTED,
        allowed=allowed,
        verb="gửi đăng ký thi đua",
        submitted_at=timezone.now(),
    )
    _tell_reviewers(actor, commitment)
    return commitment


def _tell_reviewers(actor: Actor, commitment: Commitment) -> None:
    """A submitted registration waits for those who may approve it: the movement's unit's own
    reviewers, not every reviewer above it."""
    movement = commitment.movement
    notify(
        actor=actor,
        recipients=holders(movement.unit, Action.COMMITMENT_REVIEW),
        kind=NotificationKind.COMMITMENT_REVIEW,
        text=_("%(unit)s gửi bản đăng ký thi đua năm %(year)s của phong trào “%(movement)s” chờ duyệt.")
        % {"unit": commitment.unit.name, "year": commitment.year, "movement": movement.name},
        link=reverse("movements:commitment", args=[commitment.pk]),
        unit=movement.unit,
    )


def _review(commitment: Commitment, *, actor: Actor, to: str, refusal: str, verb: str, reason: str = ""):
    commitment = _locked(commitment)
    access.require_actor(actor, Action.COMMITMENT_REVIEW, commitment.movement.unit)
    if commitment.state != CommitmentState.SUBMITTED:
        raise ServiceError(refusal, code="illegal_transition")
    return changes.transition(
        commitment,
        actor=actor,
        to=to,
        allowed=(CommitmentState.SUBMITTED,),
        verb=verb,
        reviewed_at=timezone.now(),
        reviewed_by=actor if isinstance(actor, User) else None,
        return_reason=reason,
    )


@transaction.atomic
def commitment_approve(*, actor: Actor, commitment: Commitment) -> Commitment:
    """Submitted → approved; each pledge becomes (or updates) the unit's target for that year."""
    commitment = _review(
        commitment,
        actor=actor,
        to=CommitmentState.APPROVED,
        refusal=_("Chỉ duyệt được bản đăng ký đã gửi."),
        verb="duyệt đăng ký thi đua",
    )
    for pledge in commitment.pledges.select_related("indicator"):
        put_target(
            actor=actor,
            movement=commitment.movement,
            unit=commitment.unit,
            year=commitment.year,
            indicator=pledge.indicator,
            value=pledge.value,
        )
    return commitment


@transaction.atomic
def commitment_return(*, actor: Actor, commitment: Commitment, reason: str) -> Commitment:
    """Submitted → returned, with the reason the unit reads to fix it."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."), field="reason")
    return _review(
        commitment,
        actor=actor,
        to=CommitmentState.RETURNED,
        refusal=_("Chỉ trả lại được bản đăng ký đã gửi."),
        verb="trả lại đăng ký thi đua",
        reason=reason,
    )


@transaction.atomic
def covenant_create(
    *,
    actor: Actor,
    movement: Movement,
    name: str,
    units: list[Unit],
    signed_on: dt.date | None = None,
    content: str = "",
) -> Covenant:
    """A giao ước thi đua signed among at least two units of the movement."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, movement.unit)
    require_not_closed(movement)
    if len(units) < 2:
        raise ServiceError(_("Giao ước thi đua cần ít nhất hai đơn vị."))
    for unit in units:
        require_member_unit(movement, unit)
    covenant = Covenant(movement=movement, name=name.strip(), signed_on=signed_on, content=content)
    changes.create(covenant, actor=actor, unit=movement.unit)
    covenant.units.set(units)
    return covenant
