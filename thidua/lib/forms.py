"""Form fields for what people type the Vietnamese way (figures with a decimal comma, yes/no)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.lib.text import clean_text
from thidua.lib.vn import NumberError, format_figure, parse_number


def install_text_cleaning() -> None:
    """Make every form's text field drop invisible characters (`lib.text.clean_text`).

    Done once on Django's CharField, which every text field derives from (ModelForms' too, the
    admin's, the search boxes'), so that no form can forget it; a password is kept exactly as typed.
    """
    if getattr(forms.CharField.to_python, "cleans_text", False):
        return
    original = forms.CharField.to_python

    def to_python(self: forms.CharField, value: Any) -> Any:
        value = original(self, value)
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = clean_text(value)
            if self.strip:
                value = value.strip()
        return value

    to_python.cleans_text = True  # type: ignore[attr-defined]
    forms.CharField.to_python = to_python  # type: ignore[method-assign]


class VietnameseDecimalField(forms.DecimalField):
    """A figure, target, pledge, baseline or amount typed by a person.

    Read by `lib.vn.parse_number` with the field's decimal places ("2,6" is 2,6; "1.234,5" and
    "1,234.5" are 1234,5; "1.234" is refused as ambiguous unless `decimal_places=0`), shown back
    with a decimal comma and no thousands dots ("62", "2,5", "1234,5") so that it reads back the same.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        error_messages = {"min_value": _("Giá trị không được âm."), "invalid": _("Giá trị phải là một số.")}
        error_messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=error_messages, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_number(str(value), decimals=self.decimal_places)
        except NumberError as exc:
            raise ValidationError(str(exc), code=exc.code) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_figure(value, max_decimals=self.decimal_places or 0, grouping=False)
        return value


class YesNoField(forms.TypedChoiceField):
    """Có / Không as two radio buttons, cleaned to 1 or 0 (a yes/no indicator's figure)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(
            choices=[("1", pgettext_lazy("yes or no", "Có")), ("0", pgettext_lazy("yes or no", "Không"))],
            coerce=Decimal,
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return "1" if value >= 1 else "0"
        return value
