"""Statistics forms as data: each JSON file under `data/<regime>/` is one form (its rows, columns,
header and the filter behind each cell). Adding the forms of another regime (Circular 18/2025/TT-BNV)
is adding files, not code.

A form's file holds:

- `source`: the records the form counts — `model` ("app.Model"), `date_field` (the date that places a
  record in the reporting year; a list names fields tried in turn, the first one set counts),
  `unit_field` (the unit a record belongs to; a form for a unit counts
  the unit's whole subtree), `where` (conditions every counted record meets) and optionally
  `distinct` (a field whose distinct values are counted instead of records).
- `rows` and `columns`: each with a `key`, a `label` and a `where`; a cell counts the records meeting
  the source's, its row's and its column's conditions. A row whose `where` is null counts nothing
  (the software holds no such data; its `note` says why); a `heading` row has no cells.
- `header`: the rows of the official header, cells with `rowspan`/`colspan`, left to right.

A regime's folder may hold `regime.json`: its `name` and `first_year`, the first reporting year it
governs. The regime in force for reporting year N is the one with the latest `first_year` not after
N (before every regime's first year, the earliest regime): its forms are the ones offered for N, so
a form id (0601…) names that regime's form, and a new regime takes over from its first year.

Conditions are Django-like lookups, `field__lookup: value`, on the model's fields and on the derived
fields of `thidua.statistics.derived`: exact (no suffix), `in`, `notin`, `lt`, `lte`, `gt`, `gte`,
`isnull`, `istartswith_any` (a list of prefixes, case and accents as written); `"any": [..]` is an
OR of conditions, `"not": {..}` negates one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

LOOKUPS = {"exact", "in", "notin", "lt", "lte", "gt", "gte", "isnull", "istartswith_any"}
# Django lookups a form might be written with but the engine does not read: refused, not ignored.
_DJANGO_ONLY = {
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "range",
    "year",
    "ne",
}


class FormDefinitionError(ValueError):
    """A form file that does not describe a form (a test loads every shipped file)."""


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    column: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    where: dict[str, Any]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    code: str = ""
    measure: str = ""
    where: dict[str, Any] | None = None
    note: str = ""
    heading: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Source:
    model: str
    date_field: str | tuple[str, ...]
    unit_field: str
    where: dict[str, Any]
    distinct: str = ""
    note: str = ""


@dataclass(frozen=True)
class FormDefinition:
    id: str
    number: str
    regime: str
    issued_by: str
    receive_date: str
    title: str
    measure: str
    record: str
    source: Source
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    header: tuple[HeaderCell, ...]
    header_rows: int
    numbers: tuple[HeaderCell, ...]
    leading: int  # label, code and (when present) measure columns before the data columns
    path: str = ""
    fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def width(self) -> int:
        return self.leading + len(self.columns)

    @property
    def has_measure(self) -> bool:
        return self.leading == 3

    def row(self, key: str) -> Row | None:
        return next((row for row in self.rows if row.key == key and not row.heading), None)

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)


def condition_fields(where: dict[str, Any] | None) -> set[str]:
    """The field names a condition reads (lookup suffixes removed)."""
    names: set[str] = set()
    for key, value in (where or {}).items():
        if key == "any":
            for part in value:
                names |= condition_fields(part)
        elif key == "not":
            names |= condition_fields(value)
        else:
            name, _lookup = split_lookup(key)
            names.add(name)
    return names


def split_lookup(key: str) -> tuple[str, str]:
    head, _sep, tail = key.rpartition("__")
    if head and tail in LOOKUPS:
        return head, tail
    return key, "exact"


def _place(header: list[list[dict[str, Any]]], width: int, where: str) -> tuple[list[HeaderCell], int]:
    """Cells of a header given row by row, placed on a grid as HTML places rowspan/colspan cells."""
    taken: set[tuple[int, int]] = set()
    cells: list[HeaderCell] = []
    for r, line in enumerate(header):
        c = 0
        for raw in line:
            if isinstance(raw, str):
                raw = {"text": raw}
            while (r, c) in taken:
                c += 1
            cell = HeaderCell(
                text=str(raw.get("text", "")),
                row=r,
                column=c,
                rowspan=int(raw.get("rowspan", 1)),
                colspan=int(raw.get("colspan", 1)),
            )
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if (r + dr, c + dc) in taken:
                        raise FormDefinitionError(f"{where}: header cells overlap at row {r + dr + 1}")
                    taken.add((r + dr, c + dc))
            cells.append(cell)
            c += cell.colspan
    height = len(header)
    expected = {(r, c) for r in range(height) for c in range(width)}
    if taken != expected:
        raise FormDefinitionError(f"{where}: the header does not cover {width} columns exactly")
    return cells, height


def parse(data: dict[str, Any], *, path: str = "") -> FormDefinition:
    where = path or str(data.get("id"))
    try:
        source_data = data["source"]
        source = Source(
            model=source_data["model"],
            date_field=source_data["date_field"]
            if isinstance(source_data["date_field"], str)
            else tuple(source_data["date_field"]),
            unit_field=source_data["unit_field"],
            where=dict(source_data.get("where") or {}),
            distinct=source_data.get("distinct", ""),
            note=source_data.get("note", ""),
        )
        columns = tuple(
            Column(key=c["key"], label=c["label"], where=dict(c.get("where") or {})) for c in data["columns"]
        )
        rows = tuple(
            Row(
                key=r.get("key", ""),
                label=r["label"],
                code=r.get("code", ""),
                measure=r.get("measure", ""),
                where=None if r.get("heading") or r.get("where") is None else dict(r["where"]),
                note=r.get("note", ""),
                heading=bool(r.get("heading", False)),
                bold=bool(r.get("bold", False)),
            )
            for r in data["rows"]
        )
    except (KeyError, TypeError) as exc:
        raise FormDefinitionError(f"{where}: missing {exc}") from exc
    for kind, keys in (("column", [c.key for c in columns]), ("row", [r.key for r in rows if not r.heading])):
        if len(set(keys)) != len(keys) or not all(keys):
            raise FormDefinitionError(f"{where}: every {kind} needs its own key")
    leading = 3 if any(r.measure for r in rows) or data.get("measure_column") else 2
    width = leading + len(columns)
    header, header_rows = _place(data["header"], width, where)
    numbers, _one = _place([data["column_numbers"]], width, f"{where} (column numbers)")
    fields = condition_fields(source.where)
    parts: list[Column | Row] = [*columns, *rows]
    for part in parts:
        fields |= condition_fields(part.where)
    if source.distinct:
        fields.add(source.distinct)
    for key in _lookup_keys(source.where, columns, rows):
        if "__" in key and split_lookup(key)[1] == "exact" and key.rpartition("__")[2] in _DJANGO_ONLY:
            raise FormDefinitionError(f"{where}: unknown lookup in {key}")
    return FormDefinition(
        id=str(data["id"]),
        number=data["number"],
        regime=data["regime"],
        issued_by=data.get("issued_by", ""),
        receive_date=data.get("receive_date", ""),
        title=data["title"],
        measure=data.get("measure", ""),
        record=data.get("record", ""),
        source=source,
        columns=columns,
        rows=rows,
        header=tuple(header),
        header_rows=header_rows,
        numbers=tuple(numbers),
        leading=leading,
        path=path,
        fields=frozenset(fields),
    )


def _lookup_keys(
    source_where: dict[str, Any], columns: tuple[Column, ...], rows: tuple[Row, ...]
) -> list[str]:
    keys: list[str] = []

    def walk(where: dict[str, Any] | None) -> None:
        for key, value in (where or {}).items():
            if key == "any":
                for part in value:
                    walk(part)
            elif key == "not":
                walk(value)
            else:
                keys.append(key)

    walk(source_where)
    parts: list[Column | Row] = [*columns, *rows]
    for part in parts:
        walk(part.where)
    return keys


REGIME_FILE = "regime.json"


@dataclass(frozen=True)
class Regime:
    key: str  # the folder
    name: str
    first_year: int
    forms: dict[str, FormDefinition]


def load_regimes(directory: Path) -> tuple[Regime, ...]:
    """The regimes of a data folder, earliest first, each with its forms by id in file order."""
    regimes: list[Regime] = []
    for folder in sorted(path for path in directory.iterdir() if path.is_dir()):
        meta_file = folder / REGIME_FILE
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        forms: dict[str, FormDefinition] = {}
        for file in sorted(folder.glob("*.json")):
            if file.name == REGIME_FILE:
                continue
            form = parse(json.loads(file.read_text(encoding="utf-8")), path=f"{folder.name}/{file.name}")
            if form.id in forms:
                raise FormDefinitionError(f"{folder.name}/{file.name}: form id {form.id} is used twice")
            forms[form.id] = form
        if not forms:
            continue
        try:
            first_year = int(meta.get("first_year", 0))
        except (TypeError, ValueError) as exc:
            raise FormDefinitionError(f"{folder.name}/{REGIME_FILE}: first_year is no year") from exc
        regimes.append(Regime(folder.name, str(meta.get("name", folder.name)), first_year, forms))
    years = [regime.first_year for regime in regimes]
    if len(set(years)) != len(years):
        raise FormDefinitionError(f"{directory}: two regimes begin the same year")
    return tuple(sorted(regimes, key=lambda regime: regime.first_year))


@cache
def all_regimes() -> tuple[Regime, ...]:
    return load_regimes(DATA_DIR)


def regime_for(year: int | None, regimes: tuple[Regime, ...] | None = None) -> Regime:
    """The regime in force for reporting year `year` (the latest regime when no year is given)."""
    regimes = regimes if regimes is not None else all_regimes()
    if year is None:
        return regimes[-1]
    in_force = [regime for regime in regimes if regime.first_year <= year]
    return in_force[-1] if in_force else regimes[0]


def all_forms(year: int | None = None) -> dict[str, FormDefinition]:
    """The forms of the regime in force for the reporting year, by id, in file order."""
    return regime_for(year).forms


def get_form(form_id: str, year: int | None = None) -> FormDefinition | None:
    return all_forms(year).get(form_id)
