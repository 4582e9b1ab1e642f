"""SQLite overwrites what it deletes: a sealed ballot removed at the count leaves no bytes in free pages."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite setting")
def test_sqlite_overwrites_deleted_rows(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
