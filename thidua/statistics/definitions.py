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


@cache
def all_forms() -> dict[str, FormDefinition]:
    """Every shipped form by id, in file order (regime folder, then file name)."""
    forms: dict[str, FormDefinition] = {}
    for file in sorted(DATA_DIR.glob("*/*.json")):
        form = parse(json.loads(file.read_text(encoding="utf-8")), path=f"{file.parent.name}/{file.name}")
        if form.id in forms:
            raise FormDefinitionError(f"{file.name}: form id {form.id} is used twice")
        forms[form.id] = form
    return forms


def get_form(form_id: str) -> FormDefinition | None:
    return all_forms().get(form_id)
