"""Thousands of rows written in one statement, for imports and their audit entries.

Django's `bulk_create` spends most of its time preparing each model instance (10,000 rows: about
ten times what the database takes to write them). `insert_many` sends the rows through one
`executemany`, each value still prepared by its field's own `get_db_prep_save` unless it is an id
or a text that the database takes as it is, so the rows are stored exactly as the ORM stores them.
The SQL (`INSERT … ON CONFLICT (…) DO UPDATE SET c = excluded.c`) is the same on SQLite and
PostgreSQL. No signals are sent and no ids are set on the instances.
"""

from collections.abc import Sequence

from django.db import models, transaction

# Values of these fields go to the database as they are.
_AS_IS = {"ForeignKey", "OneToOneField", "CharField", "TextField"}


def insert_many(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    conflict: Sequence[str] = (),
    update: Sequence[str] = (),
) -> None:
    """Insert `objs` (their `fields`); with `conflict` (the fields of a unique constraint), a row
    that already exists gets the `update` fields of the new one instead."""
    if not objs:
        return
    db = transaction.get_connection()  # the connection itself, not the per-thread proxy
    meta = model._meta
    chosen = [meta.get_field(name) for name in fields]
    as_is = [f.get_internal_type() in _AS_IS for f in chosen]
    rows = [
        [
            getattr(obj, f.attname) if plain else f.get_db_prep_save(getattr(obj, f.attname), db)  # type: ignore[union-attr]
            for f, plain in zip(chosen, as_is, strict=True)
        ]
        for obj in objs
    ]
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
        cursor.executemany(sql, rows)
