"""How Vietnamese officials write dates, numbers and money."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat, timezone


def padded(number: int) -> str:
    """'01' … '09', '10' …: how Decree 30 writes numbers below 10 (document numbers, list order, counts)."""
    return f"{number:02d}"


def format_date_long(value: dt.date | dt.datetime | None) -> str:
    """'ngày 13 tháng 3 năm 2015' — the wording of the place-and-date line.

    Decree 30/2020 writes days below 10 and months 1–2 with a leading zero.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    day = padded(value.day)
    month = padded(value.month) if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def format_date_short(value: dt.date | dt.datetime | None) -> str:
    """'13/03/2015', as in tables and lists."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1950000 → '1.950.000'; 12.5 with decimals=1 → '12,5' (half away from zero).

    The grouping is Django's own (`numberformat.format`) with the separators officials use,
    whatever the screen language.
    """
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return numberformat.format(
        number,
        decimal_sep=",",
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=".",
        force_grouping=True,
        use_l10n=False,
    )


def format_percent(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """66.67 with decimals=1 → '66,7%'."""
    if value is None:
        return ""
    return f"{format_number(value, decimals)}%"


def format_money(value: int | Decimal | None) -> str:
    """1950000 → '1.950.000 đ'."""
    if value is None:
        return ""
    return f"{format_number(value)} đ"
