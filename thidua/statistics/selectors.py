"""The one engine that fills a statistics form (see `definitions`) for a unit and a reporting year.

A form for a commune counts the records of the commune's subtree; for a province, the province's
subtree (its own records and every commune's): the province's figures are the communes' summed, a
cascaded movement counted once. The records are read in one grouped query (the fields the form's
conditions read, with a count), derived fields are worked out per group, and each cell sums the
groups its row and column accept — the same test the drill-down applies to each record, so a cell
and the list behind it cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Model, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from thidua.lib.paging import PeekPage
from thidua.lib.text import fold
from thidua.statistics.definitions import FormDefinition, Row, split_lookup
from thidua.statistics.derived import DERIVED
from thidua.units.models import Unit, UnitKind

# Lookups the database applies to the source's conditions; the rest are read in Python.
_DB_LOOKUPS = {"exact", "in", "lt", "lte", "gt", "gte", "isnull"}
# Units a form is made for: a commune (ward, special zone) and a province.
REPORTING_KINDS = {UnitKind.COMMUNE, UnitKind.PROVINCE}


class _Missing:
    """A field the database does not have (yet): every condition on it is false."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def reporting_period(year: int) -> tuple[dt.date, dt.date]:
    """The statistics year N runs from 1 December of N-1 to 30 November of N."""
    return dt.date(year - 1, 12, 1), dt.date(year, 11, 30)


@dataclass
class ResultRow:
    row: Row
    values: list[int | None]  # None on heading rows


@dataclass
class FormResult:
    form: FormDefinition
    unit: Unit
    year: int
    start: dt.date
    end: dt.date
    rows: list[ResultRow]
    warnings: list[str] = field(default_factory=list)

    def value(self, row_key: str, column_key: str) -> int:
        index = [column.key for column in self.form.columns].index(column_key)
        for line in self.rows:
            if line.row.key == row_key and not line.row.heading:
                return line.values[index] or 0
        raise KeyError(row_key)


def matches(where: dict[str, Any] | None, record: dict[str, Any]) -> bool:
    """Whether a record (a dict of field values) meets a form condition."""
    if where is None:
        return False
    for key, expected in where.items():
        if key == "any":
            if not any(matches(part, record) for part in expected):
                return False
            continue
        if key == "not":
            if matches(expected, record):
                return False
            continue
        name, lookup = split_lookup(key)
        value = record.get(name, MISSING)
        if value is MISSING or not _test(lookup, value, expected):
            return False
    return True


def _test(lookup: str, value: Any, expected: Any) -> bool:
    if lookup == "exact":
        return bool(value == expected)
    if lookup == "in":
        return value in expected
    if lookup == "notin":
        return value not in expected
    if lookup == "isnull":
        return (value is None) == bool(expected)
    if lookup == "istartswith_any":
        text = _comparable(value)
        return any(text.startswith(_comparable(prefix)) for prefix in expected)
    if value is None:
        return False
    if lookup == "lt":
        return bool(value < expected)
    if lookup == "lte":
        return bool(value <= expected)
    if lookup == "gt":
        return bool(value > expected)
    if lookup == "gte":
        return bool(value >= expected)
    raise ValueError(lookup)


# The law writes names in quotes (Huy chương “Chiến sĩ vẻ vang”), catalogues often without.
_QUOTES = str.maketrans("", "", "\"'“”‘’«»")


def _comparable(text: Any) -> str:
    """A name as a prefix test reads it: composed (a name typed decomposed, NFD, begins with the same
    letters as the form's), without quotes, spaces collapsed, case ignored."""
    plain = unicodedata.normalize("NFC", str(text or "")).translate(_QUOTES)
    return " ".join(plain.split()).casefold()


def _field_exists(model: type[Model], path: str) -> bool:
    if path == "pk":
        return True
    current: Any = model
    for part in path.split("__"):
        try:
            found = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if found.is_relation and found.related_model is not None:
            current = found.related_model
        elif part != path.split("__")[-1]:
            return False
    return True


@dataclass
class _Plan:
    model: type[Model]
    stored: list[str]  # fields read from the database
    missing: list[str]  # fields the conditions name that the database lacks
    python_where: dict[str, Any]  # source conditions left to Python
    empty: bool  # a source condition names a missing field: nothing can be counted


def _plan(form: FormDefinition) -> _Plan:
    model = apps.get_model(form.source.model)
    wanted: set[str] = set()
    for name in form.fields:
        wanted |= set(DERIVED[name].needs) if name in DERIVED else {name}
    stored = sorted(name for name in wanted if _field_exists(model, name))
    missing = sorted(wanted - set(stored))
    python_where: dict[str, Any] = {}
    empty = False
    for key, value in form.source.where.items():
        name, lookup = split_lookup(key)
        if key in ("any", "not") or lookup not in _DB_LOOKUPS or name in DERIVED:
            python_where[key] = value
        elif name in missing:
            empty = True
    return _Plan(model, stored, missing, python_where, empty)


def _base(form: FormDefinition, plan: _Plan, unit: Unit, year: int) -> QuerySet[Any]:
    start, end = reporting_period(year)
    source = form.source
    queryset = plan.model._default_manager.all()
    date = source.date_field
    if not isinstance(date, str):
        # The first date set: a movement's plan date (its launch), else the start of its period.
        queryset = queryset.annotate(_statistics_date=Coalesce(*date))
        date = "_statistics_date"
    filters: dict[str, Any] = {
        f"{source.unit_field}__path__startswith": unit.path,
        f"{date}__gte": start,
        f"{date}__lte": end,
    }
    for key, value in source.where.items():
        name, lookup = split_lookup(key)
        if key not in plan.python_where and name not in plan.missing:
            filters[key] = value
    return queryset.filter(**filters)


def _records(
    form: FormDefinition, plan: _Plan, queryset: QuerySet[Any], *, grouped: bool
) -> list[dict[str, Any]]:
    if plan.empty:
        return []
    stored = list(plan.stored)
    if grouped:
        records = [dict(r) for r in queryset.order_by().values(*stored).annotate(_n=Count("pk"))]
    else:
        records = [dict(r, _n=1) for r in queryset.order_by().values(*sorted({*stored, "pk"}))]
    for record in records:
        for name in plan.missing:
            record[name] = MISSING
    for name in sorted(form.fields & DERIVED.keys()):
        DERIVED[name].compute(records)
    return [record for record in records if matches(plan.python_where, record)]


def _warnings(form: FormDefinition, plan: _Plan) -> list[str]:
    return [
        _("Dữ liệu chưa có trường “%(field)s”: các ô dựa vào trường này được tính bằng 0.") % {"field": name}
        for name in plan.missing
    ]


def compute_form(form: FormDefinition, unit: Unit, year: int) -> FormResult:
    """The form filled for `unit` (its subtree) and reporting year `year`; zeros when there is no data."""
    plan = _plan(form)
    records = _records(form, plan, _base(form, plan, unit, year), grouped=True)
    column_ok = [[matches(column.where, record) for record in records] for column in form.columns]
    distinct = form.source.distinct
    lines: list[ResultRow] = []
    for row in form.rows:
        if row.heading:
            lines.append(ResultRow(row, [None] * len(form.columns)))
            continue
        row_ok = [matches(row.where, record) for record in records]
        values: list[int | None] = []
        for accepted in column_ok:
            chosen = [record for record, a, b in zip(records, row_ok, accepted, strict=True) if a and b]
            if distinct:
                values.append(len({record[distinct] for record in chosen}))
            else:
                values.append(sum(record["_n"] for record in chosen))
        lines.append(ResultRow(row, values))
    start, end = reporting_period(year)
    return FormResult(form, unit, year, start, end, lines, _warnings(form, plan))


# How a cell's records are listed, and what each row of the list shows beside the record itself.
_LISTING: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "award": (("decision__signed_on", "recipient_name", "pk"), ("award_type", "decision", "commune")),
    "movement": (("period_start", "name", "pk"), ("unit", "parent")),
}


@dataclass
class CellRecords:
    """The records one cell counts, in the order they are listed: their keys are worked out with
    the cell (one query, however many), a page of records is read by its keys (one more)."""

    model: type[Model]
    keys: list[int]
    related: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.keys)

    def _fetch(self, keys: list[int]) -> list[Any]:
        found = self.model._default_manager.select_related(*self.related).in_bulk(keys)
        return [found[key] for key in keys if key in found]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._fetch(self.keys))

    def page(self, number: int, size: int) -> PeekPage:
        start = (number - 1) * size
        return PeekPage(
            object_list=self._fetch(self.keys[start : start + size]),
            number=number,
            has_next=len(self.keys) > start + size,
        )


def cell_records(
    form: FormDefinition, unit: Unit, year: int, row_key: str, column_key: str
) -> CellRecords | None:
    """The records one cell counts (None when the form has no such cell), tested record by record
    with the same conditions as the cell."""
    row, column = form.row(row_key), form.column(column_key)
    if row is None or column is None:
        return None
    plan = _plan(form)
    order, related = _LISTING.get(form.record, (("pk",), ()))
    listed = _Plan(plan.model, sorted({*plan.stored, *order}), plan.missing, plan.python_where, plan.empty)
    records = _records(form, listed, _base(form, plan, unit, year), grouped=False)
    chosen = [record for record in records if matches(row.where, record) and matches(column.where, record)]
    chosen.sort(key=lambda record: tuple(_sortable(record[name]) for name in order))
    return CellRecords(plan.model, [record["pk"] for record in chosen], related)


def _sortable(value: Any) -> tuple[bool, Any]:
    """None last, and Vietnamese names in their folded order."""
    if isinstance(value, str):
        return (False, fold(value))
    return (value is None, value if value is not None else 0)


def reporting_units(user: Any) -> list[Unit]:
    """The communes and provinces whose forms the user may open, provinces first."""
    from thidua import access

    visible = access.visible_units(user).filter(kind__in=REPORTING_KINDS).order_by("depth", "name")
    return [unit for unit in visible[:500] if access.can(user, access.Action.STATISTICS_VIEW, unit)]


def lowercase_first(name: str) -> str:
    return name[:1].lower() + name[1:] if name else name


def reporting_body(unit: Unit) -> str:
    """Who reports (paper text, always Vietnamese): the people's committee of the commune or province."""
    return f"Ủy ban nhân dân {lowercase_first(unit.name)}"


def receiving_body(unit: Unit) -> str:
    """Who receives: the province's Department of Home Affairs for a commune, the Ministry for a province."""
    if unit.kind == UnitKind.PROVINCE or unit.parent_id is None:
        return "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)"
    parent = unit.parent
    assert parent is not None
    return f"Sở Nội vụ {lowercase_first(parent.name)}"
