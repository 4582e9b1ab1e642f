"""How long a text a person may type, by kind: one number per kind, used by forms and services.

A model's CharField carries its own `max_length`; a TextField gets the limit of its kind here
(its own `max_length` when it declares one). The check runs where every change is saved
(`audit.changes`), so no service can store a text no form would have accepted, and a paper or a
page built from the record stays small (a 1 MB achievement made a 17 s PDF)."""

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_number

NOTE = 2_000  # a note, a reason, a resolution, a comment: a few sentences
TEXT = 10_000  # an achievement report, a story, a plan's section: a few pages
BULLETIN = 60_000  # a radio bulletin gathers several stories

_NOTE_WORDS = ("note", "reason", "resolution", "opinion", "comments", "expectations")
# Texts longer than their kind's default, by "app_label.model.field".
_LONGER = {"examples.bulletin.text": BULLETIN}


def text_limit(field: models.Field) -> int | None:
    """The most characters a person may type into this model field; None for a field not typed."""
    if isinstance(field, models.CharField) or (isinstance(field, models.TextField) and field.max_length):
        return field.max_length
    if not isinstance(field, models.TextField):
        return None
    label = f"{field.model._meta.label_lower}.{field.name}"
    if label in _LONGER:
        return _LONGER[label]
    return NOTE if any(word in field.name for word in _NOTE_WORDS) else TEXT


def check_lengths(instance: models.Model) -> None:
    """Refuse a record whose typed text is longer than its field allows, naming the field."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        limit = text_limit(field)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            raise ServiceError(
                _("“%(field)s” dài quá %(limit)s ký tự (đang có %(length)s).")
                % {
                    "field": field.verbose_name,
                    "limit": format_number(limit),
                    "length": format_number(len(value)),
                },
                field=field.name,
                code="too_long",
            )


def form_limit(model: type[models.Model], name: str) -> int | None:
    """The limit of a model field, for a plain form's field that fills it."""
    try:
        return text_limit(model._meta.get_field(name))  # type: ignore[arg-type]
    except FieldDoesNotExist:
        return None


def install_form_limits() -> None:
    """Give every text area of every form a limit (`TEXT`) unless it declares its own, so that no
    form forgets one; the browser stops typing there and the form says how long is too long.
    Shorter kinds (`NOTE`) are refused by the service, next to the same field."""
    if getattr(forms.CharField.__init__, "limits_text", False):
        return
    original = forms.CharField.__init__

    def __init__(self: forms.CharField, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        widget = kwargs.get("widget")
        is_area = isinstance(widget, forms.Textarea) or (
            isinstance(widget, type) and issubclass(widget, forms.Textarea)
        )
        if max_length is None and is_area:
            max_length = TEXT
        original(self, *args, max_length=max_length, **kwargs)

    __init__.limits_text = True  # type: ignore[attr-defined]
    forms.CharField.__init__ = __init__  # type: ignore[method-assign]
