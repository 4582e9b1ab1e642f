"""Thousands of rows written in one statement, for imports and their audit entries.

Django's `bulk_create` spends most of its time preparing each model instance (10,000 rows: about
ten times what the database takes to write them). `insert_many` sends the rows through one
`executemany`, each value still prepared by its field's own `get_db_prep_save` unless it is an id
or a text that the database takes as it is, so the rows are stored exactly as the ORM stores them.
The SQL (`INSERT … ON CONFLICT (…) DO UPDATE SET c = excluded.c`) is the same on SQLite and
PostgreSQL. No signals are sent and no ids are set on the instances.

`insert_many` takes model instances or any objects carrying the fields' attributes (`unit_id` for
a foreign key `unit`); `insert_rows` takes the values themselves, a tuple per row: building
thousands of model instances only to read their attributes back costs more than the writing.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction

# Values of these fields go to the database as they are.
_AS_IS = {"ForeignKey", "OneToOneField", "CharField", "TextField"}


def insert_many(
    model: type[models.Model],
    objs: Sequence[Any],
    fields: Sequence[str],
    *,
    conflict: Sequence[str] = (),
    update: Sequence[str] = (),
) -> None:
    """Insert `objs` (their `fields`); with `conflict` (the fields of a unique constraint), a row
    that already exists gets the `update` fields of the new one instead."""
    attnames = [model._meta.get_field(name).attname for name in fields]  # type: ignore[union-attr]
    rows = [tuple(getattr(obj, name) for name in attnames) for obj in objs]
    insert_rows(model, fields, rows, conflict=conflict, update=update)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    conflict: Sequence[str] = (),
    update: Sequence[str] = (),
) -> None:
    """`insert_many` with each row given as its values, in the order of `fields` (an id for a
    foreign key)."""
    db = transaction.get_connection()  # the connection itself, not the per-thread proxy
    meta = model._meta
    chosen = [meta.get_field(name) for name in fields]
    prepare = [None if f.get_internal_type() in _AS_IS else f.get_db_prep_save for f in chosen]  # type: ignore[union-attr]
    # A value repeated from the row before (the time of an import, its actor) is prepared once.
    last: list[Any] = [object()] * len(chosen)
    done: list[Any] = [None] * len(chosen)

    def prepared(row: Sequence[Any]) -> list:
        values = []
        for i, value in enumerate(row):
            how = prepare[i]
            if how is None:
                values.append(value)
            elif value is last[i]:
                values.append(done[i])
            else:
                last[i], done[i] = value, how(value, db)
                values.append(done[i])
        return values

    params = [prepared(row) for row in rows]
    if not params:
        return
    quote = db.ops.quote_name

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)  # type: ignore[union-attr]

    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(column(n) for n in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if conflict:
        sets = ", ".join(f"{column(n)} = excluded.{column(n)}" for n in update)
        sql += f" ON CONFLICT ({', '.join(column(n) for n in conflict)}) "
        sql += f"DO UPDATE SET {sets}" if update else "DO NOTHING"
    with db.cursor() as cursor:
        cursor.executemany(sql, params)
