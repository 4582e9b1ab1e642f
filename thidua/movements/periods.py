"""The names the launch gives review periods, and how a screen shows them.

A period's `name` is data written in Vietnamese ("Quý 1/2026", "Sơ kết năm 2026"): reports and
decisions print it as it is. A screen in English shows the same period as "Q1 2026" or "2026 annual
review" through gettext; a name an officer typed is not one of these and is shown as typed.
"""

from django.utils.translation import gettext as _

from thidua.movements.models import PeriodKind, ReviewPeriod

FINAL_NAME = "Tổng kết phong trào"


def generated_name(kind: str, index: int, year: int) -> str:
    """The Vietnamese name the launch gives a period (`index` counts quarters or halves from 1)."""
    if kind == PeriodKind.QUARTER:
        return f"Quý {index}/{year}"
    if kind == PeriodKind.HALF_YEAR:
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    if kind == PeriodKind.YEAR:
        return f"Sơ kết năm {year}"
    return FINAL_NAME


def _index(period: ReviewPeriod) -> int:
    # The end month: a first period may start late (clipped to the movement), it ends on time.
    months = 3 if period.kind == PeriodKind.QUARTER else 6
    return (period.end.month - 1) // months + 1


def display_name(period: ReviewPeriod) -> str:
    """The period's name in the screen's language (see the module's docstring)."""
    year, index = period.end.year, _index(period)
    if period.name != generated_name(period.kind, index, year):
        return period.name
    values = {"index": index, "year": year}
    if period.kind == PeriodKind.QUARTER:
        return _("Quý %(index)s/%(year)s") % values
    if period.kind == PeriodKind.HALF_YEAR:
        return (_("6 tháng đầu năm %(year)s") if index == 1 else _("6 tháng cuối năm %(year)s")) % values
    if period.kind == PeriodKind.YEAR:
        return _("Sơ kết năm %(year)s") % values
    return _("Tổng kết phong trào")
