"""Choosing one person among thousands: a search box that fills a short list as the user types."""

from django import forms
from django.urls import reverse


class PersonPicker(forms.Select):
    """Renders only the chosen person as an option, plus a search box (htmx) that replaces the
    options with the people matching what is typed. The field's queryset still decides what is
    valid, so a tampered id outside the user's scope is refused by the form."""

    template_name = "people/widgets/person_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse("people:pick")
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        groups = []
        for index, (option_value, label) in enumerate(self.choices):
            key = str(getattr(option_value, "value", option_value))
            if key == "" or key in chosen:
                selected = key in chosen
                groups.append((None, [self.create_option(name, option_value, label, selected, index)], index))
        return groups
