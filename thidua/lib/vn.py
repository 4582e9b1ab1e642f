"""How Vietnamese officials write dates, numbers and money."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import numberformat, timezone, translation
from django.utils.translation import gettext as _


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


# English month names are written out here, not taken from the system's locale (strftime's %B
# depends on what the server has installed).
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def screen_in_english() -> bool:
    """Whether the screen is in English (the language of the request, `translation.get_language`)."""
    return (translation.get_language() or "vi").split("-")[0] == "en"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def screen_date_long(value: dt.date | dt.datetime | None) -> str:
    """A date on a screen, in words, in the screen's language: "ngày 13 tháng 3 năm 2015" as
    officials write it, "13 March 2015" in English. Papers always use `format_date_long`."""
    if value is None:
        return ""
    if not screen_in_english():
        return format_date_long(value)
    day = _local(value).date() if isinstance(value, dt.datetime) else value
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def screen_date_short(value: dt.date | dt.datetime | None) -> str:
    """A date (with its time, for a datetime) in tables and lists, in the screen's language:
    "09/03/2015 14:05" in Vietnamese, "9 Mar 2015 14:05" in English (no day/month order to guess)."""
    if value is None:
        return ""
    if not screen_in_english():
        return format_date_short(value)
    if isinstance(value, dt.datetime):
        local = _local(value)
        return f"{local.day} {_EN_MONTHS[local.month - 1][:3]} {local.year} {local:%H:%M}"
    return f"{value.day} {_EN_MONTHS[value.month - 1][:3]} {value.year}"


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


def format_figure(
    value: int | float | Decimal | None, *, max_decimals: int = 2, grouping: bool = True
) -> str:
    """A reported figure with the decimals it has (up to `max_decimals`): 3.5 → '3,5', 62.00 → '62',
    1234.50 → '1.234,5'. Without `grouping` (a form box's value) 1234.5 → '1234,5', which
    `parse_number` reads back as the same number."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-max_decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    exponent = int(number.normalize().as_tuple().exponent)
    text = format_number(number, max(0, -exponent))
    return text if grouping else text.replace(".", "")


class NumberError(ValueError):
    """A number typed by a person that cannot be read safely; the message says why (Vietnamese)."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GROUPS = {sep: re.compile(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+") for sep in " .,"}


def parse_number(text: str, *, decimals: int | None = None) -> Decimal:
    """A number as a person types it, in Vietnamese or in English writing.

    - A space groups thousands ("1 234"); both "." and "," in one number: the last one is the
      decimal separator and the other groups thousands ("1.234,5" and "1,234.5" are 1234,5).
    - One kind of separator used several times groups thousands ("1.234.567", "1,234,567").
    - One separator used once is the decimal separator ("2,6" and "2.6" are 2,6: a poverty rate
      typed "2,6" is never 26) — unless exactly three digits follow a whole part other than 0
      ("1.234", "1,234"): Vietnamese and English read that one a thousand times apart. It is read
      as thousands only when the figure is whole (`decimals=0`: 1234 is then the only reading);
      otherwise it is refused (code "ambiguous") with a message giving both ways to write it.
      A fraction of exactly three digits is written with a trailing zero ("1,2340").
    - Thousands come in groups of three; a leading "+"/"-" and a trailing "%" are allowed.
    - With `decimals`, more decimal places than the figure keeps are refused (code "decimals").

    Raises `NumberError` with a Vietnamese message.
    """
    raw = str(text).strip()
    body = _SPACES.sub(" ", raw)
    body = re.sub(r" ?%$", "", body)
    negative = body[:1] in ("-", "\u2212")
    if body[:1] in ("+", "-", "\u2212"):
        body = body[1:].lstrip()
    if not re.fullmatch(r"[\d., ]*\d[\d., ]*", body):
        raise NumberError(_("“%(text)s” không phải là số.") % {"text": raw})
    whole, fraction = _split(body, raw, decimals)
    number = Decimal(f"{whole or '0'}.{fraction or '0'}")
    if decimals is not None and len(fraction.rstrip("0")) > decimals:
        if decimals == 0:
            message = _("“%(text)s”: số này phải là số nguyên, không có phần thập phân.")
        else:
            message = _("“%(text)s”: chỉ ghi tối đa %(decimals)s chữ số sau dấu phẩy.")
        raise NumberError(message % {"text": raw, "decimals": decimals}, code="decimals")
    return -number if negative else number


def _split(body: str, raw: str, decimals: int | None) -> tuple[str, str]:
    """(whole digits, fraction digits) of a number's body, by the rules of `parse_number`."""
    bad = NumberError(_("“%(text)s” không phải là số viết đúng.") % {"text": raw})
    if " " in body:
        spaced = re.fullmatch(r"([\d ]+)(?:[.,](\d+))?", body)
        if spaced is None or not _GROUPS[" "].fullmatch(spaced[1]):
            raise bad
        return spaced[1].replace(" ", ""), spaced[2] or ""
    last = max(body.rfind(","), body.rfind("."))
    if last < 0:
        return body, ""
    mark = body[last]
    other = "." if mark == "," else ","
    if other in body or body.count(mark) == 1:
        whole, fraction = body[:last], body[last + 1 :]
        if not fraction or not fraction.isdigit():
            raise bad
        if other in whole:
            if not _GROUPS[other].fullmatch(whole):
                raise bad
            return whole.replace(other, ""), fraction
        if not re.fullmatch(r"\d*", whole):
            raise bad
        if len(fraction) == 3 and whole.strip("0"):
            if decimals == 0:
                return whole + fraction, ""
            raise _ambiguous(raw, whole, fraction, decimals)
        return whole, fraction
    if not _GROUPS[mark].fullmatch(body):
        raise bad
    return body.replace(mark, ""), ""


def _ambiguous(raw: str, whole: str, fraction: str, decimals: int | None) -> NumberError:
    places = 3 if decimals is None else decimals
    as_fraction = f"{whole},{fraction[:places]}" if places < 3 else f"{whole},{fraction}0"
    message = _(
        "“%(text)s” đọc được hai cách: %(thousands)s hay %(whole)s phẩy %(fraction)s "
        "(tiếng Việt và tiếng Anh dùng dấu chấm, dấu phẩy ngược nhau). "
        "Hãy viết %(thousands)s nếu là số nghìn, hoặc %(as_fraction)s nếu là số thập phân."
    )
    values = {"text": raw, "thousands": whole + fraction, "whole": whole, "fraction": fraction}
    return NumberError(message % dict(values, as_fraction=as_fraction), code="ambiguous")


def format_percent(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """66.67 with decimals=1 → '66,7%'."""
    if value is None:
        return ""
    return f"{format_number(value, decimals)}%"


def format_share(value: Fraction | None) -> str:
    """A share rule as people write it: 4/5 → '80%', 7/10 → '70%', 2/3 → '2/3' (never a rounded 67%)."""
    if value is None:
        return ""
    percent = value * 100
    if percent.denominator == 1:
        return format_percent(int(percent))
    return f"{value.numerator}/{value.denominator}"


def format_money(value: int | Decimal | None) -> str:
    """1950000 → '1.950.000 đ'."""
    if value is None:
        return ""
    return f"{format_number(value)} đ"


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000


def _below_thousand(n: int, *, inner: bool, odd: str) -> str:
    """0 < n < 1000 in words; `inner` when a larger group precedes it, so its hundreds are said
    even when zero ("một nghìn không trăm lẻ năm")."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and words:
            words.append(odd)  # "một trăm lẻ năm"
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if ones:
        if ones == 5 and tens:
            words.append("lăm")  # "mười lăm", "hai mươi lăm"; "một trăm lẻ năm" keeps "năm"
        elif ones == 1 and tens > 1:
            words.append("mốt")  # "hai mươi mốt"; "mười một", "lẻ một" keep "một"
        elif ones == 4 and tens > 1:
            words.append("tư")  # "hai mươi tư"; "mười bốn", "lẻ bốn" keep "bốn"
        else:
            words.append(_DIGITS[ones])
    return " ".join(words)


def _below_billion(n: int, *, inner: bool, odd: str) -> str:
    """0 < n < 1 000 000 000 in words: groups of three with "triệu", "nghìn"; a group of zeros is
    left unsaid ("một triệu không trăm lẻ năm")."""
    words: list[str] = []
    for scale, name in ((1_000_000, "triệu"), (1000, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            words.append(_below_thousand(group, inner=inner or bool(words), odd=odd))
            if name:
                words.append(name)
    return " ".join(words)


def number_in_words(n: int, *, odd: str = "lẻ") -> str:
    """A whole number as officials read it: 105 → "một trăm lẻ năm", 21 → "hai mươi mốt",
    1_000_000_000 → "một tỷ". `odd` is the word for a zero ten ("lẻ", or "linh" in the north)."""
    if n < 0:
        raise ValueError("number_in_words takes a number ≥ 0")
    if n == 0:
        return _DIGITS[0]
    return _in_words(n, inner=False, odd=odd)


def _in_words(n: int, *, inner: bool, odd: str) -> str:
    billions, rest = divmod(n, _BILLION)
    words: list[str] = []
    if billions:
        # "một nghìn tỷ", "hai triệu tỷ": what comes before "tỷ" is itself a number.
        words += [_in_words(billions, inner=inner, odd=odd), "tỷ"]
    if rest:
        words.append(_below_billion(rest, inner=inner or bool(billions), odd=odd))
    return " ".join(words)


def money_in_words(n: int, *, odd: str = "lẻ") -> str:
    """An amount of money as written after "Bằng chữ:": 3_150_000 → "Ba triệu một trăm năm mươi
    nghìn đồng", 0 → "Không đồng"."""
    words = number_in_words(n, odd=odd)
    return f"{words[:1].upper()}{words[1:]} đồng"
