"""What the commendation views share: the querysets they fetch through `access.get_for`, and the
one way an action (a POST that redirects) calls its service and tells the user how it went."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

from thidua.commendations.models import Decision, Nomination, Session
from thidua.lib.errors import show_error

NOMINATION_QS = Nomination.objects.select_related(
    "award_type",
    "unit",
    "commune",
    "person",
    "collective",
    "household",
    "session",
    "movement",
    "review_period",
)
SESSION_QS = Session.objects.select_related(
    "council", "commune", "minutes_document", "review_period__movement"
)
DECISION_QS = Decision.objects.select_related("commune", "session", "submission_document")


def act(
    request: HttpRequest,
    service: Callable[..., Any],
    *,
    form: Form | None = None,
    invalid: str = "",
    done: str = "",
    **kwargs: Any,
) -> tuple[bool, Any]:
    """Parse `form` (when the action has one), call the service once with the signed-in user as
    actor, and put its refusal or `done` in the messages. Returns (succeeded, the service's result).

    An invalid form shows `invalid`, or the form's own messages when none is given.
    """
    if form is not None:
        if not form.is_valid():
            errors = dict.fromkeys(e for errs in form.errors.values() for e in errs)
            messages.error(request, invalid or " ".join(errors))
            return False, None
        kwargs.update(form.cleaned_data)
    try:
        result = service(actor=request.user, **kwargs)
    except ValidationError as exc:
        show_error(request, exc)
        return False, None
    if done:
        messages.success(request, done)
    return True, result
