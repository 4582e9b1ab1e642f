"""Choice fields that tell movements and review periods apart in a dropdown.

Two units often run movements of the same name ("Thi đua năm 2026" at the commune and at each
hamlet implementing it), and every movement has a "Năm 2026" review: the name alone is ambiguous.
"""

from django import forms

from thidua.movements.models import Movement, ReviewPeriod


def movement_label(movement: Movement) -> str:
    """ "Thi đua năm 2026 – Xã Mỹ Thạnh (2026)", or "(2025–2030)" over several years."""
    start, end = movement.period_start.year, movement.period_end.year
    years = str(start) if start == end else f"{start}–{end}"
    return f"{movement.name} – {movement.unit.name} ({years})"


def period_label(period: ReviewPeriod) -> str:
    return f"{period.display_name} · {movement_label(period.movement)}"


class MovementChoiceField(forms.ModelChoiceField):
    """A movement with its unit and years (the unit read in the same query)."""

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else queryset.select_related("unit"))

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return movement_label(obj)


class ReviewPeriodChoiceField(forms.ModelChoiceField):
    """A review period with the movement it belongs to."""

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else queryset.select_related("movement__unit"))

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return period_label(obj)
