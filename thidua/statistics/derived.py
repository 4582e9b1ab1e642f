"""Fields a form's conditions may read that no model stores: worked out from stored fields for a batch
of records at once (one query at most per batch), so a form's cells stay declarative.

- `duration_months`: a movement's length, period_start to period_end inclusive, in whole months
  rounded to the nearest (1 Jan–31 Dec is 12; a leap year's 366 days too).
- `root_movement`: the movement a cascade started from (itself when launched on its own): a province
  movement and the communes' plans implementing it are one movement.
- `launcher_kind`: the kind of the unit that launched the root movement (nation, province, commune…),
  the form's "launching level".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

# A month as the calendar averages it (365.25 / 12 days).
MONTH_DAYS = 30.4375


@dataclass(frozen=True)
class Derived:
    needs: tuple[str, ...]
    compute: Callable[[list[dict[str, Any]]], None]


def duration_months(start: dt.date, end: dt.date) -> int:
    return round(((end - start).days + 1) / MONTH_DAYS)


def _durations(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        start, end = row.get("period_start"), row.get("period_end")
        row["duration_months"] = duration_months(start, end) if start and end else None


def root_of(lineage: str, pk: int) -> int:
    first = (lineage or "").strip("/").split("/")[0]
    return int(first) if first.isdigit() else pk


def _roots(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row["root_movement"] = root_of(row.get("lineage", ""), row["pk"])


def _launchers(rows: list[dict[str, Any]]) -> None:
    _roots(rows)
    roots = {row["root_movement"] for row in rows}
    movement = apps.get_model("movements", "Movement")
    kinds = dict(movement.objects.filter(pk__in=roots).values_list("pk", "unit__kind")) if roots else {}
    for row in rows:
        row["launcher_kind"] = kinds.get(row["root_movement"])


DERIVED: dict[str, Derived] = {
    "duration_months": Derived(("period_start", "period_end"), _durations),
    "root_movement": Derived(("lineage", "pk"), _roots),
    "launcher_kind": Derived(("lineage", "pk"), _launchers),
}
