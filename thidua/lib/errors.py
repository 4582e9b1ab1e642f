"""The one error a service raises when it refuses a change, and the one way a view shows it.

`ServiceError` is a Django `ValidationError`, so a refusal from a service and a model's own
`full_clean` reach the user the same way: next to the form field they are about when the form has
that field, otherwise as a message at the top of the page.
"""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ServiceError(ValidationError):
    """A refused change. `message` is for the user (Vietnamese, translated); `field` names the form
    field it is about, when there is one; `code` lets tests and callers tell refusals apart."""

    def __init__(self, message: "StrOrPromise", field: str | None = None, code: str | None = None):
        super().__init__(str(message), code=code)
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


def error_messages(exc: ValidationError) -> list[tuple[str | None, str]]:
    """(field or None, message) for every message an error carries."""
    if isinstance(exc, ServiceError):
        return [(exc.field, str(exc.message))]
    if hasattr(exc, "error_dict"):
        return [
            (None if name == "__all__" else name, message)
            for name, msgs in exc.message_dict.items()
            for message in msgs
        ]
    return [(None, message) for message in exc.messages]


def show_error(request: HttpRequest, exc: ValidationError, form: Form | None = None) -> None:
    """Put a refusal where the user will read it: on the form (next to its field) or as a message."""
    for field, message in error_messages(exc):
        if form is not None:
            form.add_error(field if field in form.fields else None, message)
        else:
            messages.error(request, message)
