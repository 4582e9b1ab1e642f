"""Decision numbering behind a small interface.

LOCAL FALLBACK: `thidua.documents` offers no numbering register yet, so a decision takes the
next number among this app's own signed decisions of the commune in the year (the series
restarts on 1 January, Decree 30/2020). When the register exists, `reserve` should delegate to
it so decisions share the commune's "QĐ-UBND" series with every other document.
"""

from django.db.models import Max

SYMBOL = "QĐ-UBND"


def format_number(number: int, symbol: str = SYMBOL) -> str:
    """7 → '07/QĐ-UBND' (numbers below 10 take a leading zero)."""
    return f"{number:02d}/{symbol}"


def reserve(*, commune, year: int, actor=None) -> tuple[int, str]:
    """The next number of the commune's decision series for the year. Call inside the signing transaction;
    the unique constraint (commune, year, number) refuses a duplicate if two signings race."""
    from thidua.commendations.models import Decision

    last = Decision.objects.filter(commune=commune, year=year, number__isnull=False).aggregate(
        m=Max("number")
    )["m"]
    number = (last or 0) + 1
    return number, format_number(number)
