from django import template

from thidua.documents.models import DocumentState
from thidua.movements.models import (
    Commitment,
    CommitmentState,
    Duty,
    DutyStatus,
    Movement,
    MovementState,
    PeriodKind,
    PeriodState,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def param_url(context, name: str, value) -> str:
    """The current URL's query string with one parameter changed (for several paginators on a page)."""
    params = context["request"].GET.copy()
    params[name] = value
    return "?" + params.urlencode()


@register.filter
def bar_width(percent) -> int:
    """A percentage clamped to 0–100 for a progress bar."""
    try:
        return max(0, min(100, int(percent)))
    except (TypeError, ValueError):
        return 0


# The badge colour of each state a movement screen shows; a state not listed gets a plain badge.
_BADGES = {
    ("movement", MovementState.RUNNING): "ok",
    ("movement", MovementState.DRAFT): "warn",
    ("commitment", CommitmentState.APPROVED): "ok",
    ("commitment", CommitmentState.RETURNED): "bad",
    ("commitment", CommitmentState.DRAFT): "warn",
    ("commitment", CommitmentState.SUBMITTED): "warn",
    ("document", DocumentState.ISSUED): "ok",
    ("duty", DutyStatus.DONE): "ok",
}


@register.filter
def badge(record) -> str:
    """The CSS class of the badge for a record's state (movement, registration, document, duty)."""
    if isinstance(record, Movement):
        return _BADGES.get(("movement", record.state), "")
    if isinstance(record, Commitment):
        return _BADGES.get(("commitment", record.state), "")
    if isinstance(record, Duty):
        return _BADGES.get(("duty", record.status), "")
    return _BADGES.get(("document", getattr(record, "state", None)), "warn")


@register.filter
def is_closed(record) -> bool:
    """A movement, a reporting period: closed (locked)."""
    return record.state in (MovementState.CLOSED, PeriodState.CLOSED)


@register.filter
def is_final(period) -> bool:
    return period.kind == PeriodKind.FINAL


@register.filter
def is_draft(document) -> bool:
    return document.state == DocumentState.DRAFT
