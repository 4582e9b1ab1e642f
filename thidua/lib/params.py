"""Numbers read from a query string, where anyone can type anything: a value that is not a plain
number in range is ignored (the default), never a server error."""

import re
from typing import Any, overload

from django.http import HttpRequest

# A year typed in a filter: anything outside is no year of this software's records.
YEAR_MIN, YEAR_MAX = 1900, 2999
# The largest id a database holds (a 64-bit key): a bigger one cannot name a record.
MAX_ID = 2**63 - 1
# ASCII digits only: str.isdigit() also accepts "²" and "١", which int() then refuses or misreads.
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")


@overload
def parse_int(value: Any, default: int, *, low: int | None = ..., high: int | None = ...) -> int: ...
@overload
def parse_int(
    value: Any, default: None = ..., *, low: int | None = ..., high: int | None = ...
) -> int | None: ...
def parse_int(
    value: Any, default: int | None = None, *, low: int | None = None, high: int | None = None
) -> int | None:
    """`value` as an integer between `low` and `high`, or `default` when it is not one."""
    text = str(value).strip() if value is not None else ""
    if not _INTEGER.fullmatch(text):
        return default
    number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        return default
    return number


def parse_id(value: Any) -> int | None:
    """A record id (a positive 64-bit integer), or None."""
    return parse_int(value, low=1, high=MAX_ID)


def int_param(
    request: HttpRequest, name: str, default: int | None = None, *, low=None, high=None
) -> int | None:
    """An integer from the query string (GET, or POST for a form that posts the filter back)."""
    raw = request.GET.get(name) or request.POST.get(name)
    return parse_int(raw, default, low=low, high=high)


def id_param(request: HttpRequest, name: str) -> int | None:
    """A record id from the query string (GET, or POST), or None when absent or not an id."""
    return parse_id(request.GET.get(name) or request.POST.get(name))
