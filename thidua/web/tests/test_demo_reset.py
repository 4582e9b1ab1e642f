"""`thidua load-demo --reset` (`make demo-reset`): the demo starts again from scratch without
touching the virtual environment, and an installation in service is never wiped by it."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from thidua import demo_reset
from thidua.accounts.models import User
from thidua.demo import LOGINS
from thidua.demo_reset import FOREIGN_ACCOUNTS, NOT_SQLITE, ResetRefused, reset_database

ROOT = Path(__file__).resolve().parents[3]


def _thidua(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH", "MEDIA_ROOT"}}
    env.update(
        {
            "THIDUA_TESTING": "1",
            "THIDUA_DATA_DIR": str(data_dir),
            "AUDIT_ANCHOR_FILE": str(data_dir / "audit-anchors.log"),
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "thidua.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the demo runs on SQLite")
def test_reset_replaces_the_database_and_its_anchors_and_keeps_the_keys(tmp_path):
    database, anchors, key = (
        tmp_path / "thidua.sqlite3",
        tmp_path / "audit-anchors.log",
        tmp_path / "secret_key",
    )
    with closing(sqlite3.connect(database)) as db:  # what was there before: gone after the reset
        db.execute("CREATE TABLE earlier (note TEXT)")
        db.commit()
    anchors.write_text("2026-01-01T00:00:00+07:00 99 " + "0" * 64 + "\n")  # an earlier chain's head
    key.write_text("the same key after a reset")

    done = _thidua(tmp_path, "load-demo", "--reset", "--no-input")

    assert "Đã nạp xã mẫu" in done.stdout and "canbo" in done.stdout
    with closing(sqlite3.connect(database)) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        users = db.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
    assert "earlier" not in tables and users == len(LOGINS)
    assert "Nhật ký nguyên vẹn" in _thidua(tmp_path, "audit-verify").stdout
    assert key.read_text() == "the same key after a reset"


@pytest.mark.django_db
def test_reset_refuses_a_database_that_is_not_a_sqlite_file():
    # The test database lives in memory, as a PostgreSQL one lives in a server: neither is a file.
    with pytest.raises(ResetRefused, match="SQLite"):
        reset_database()
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", "--reset", "--no-input")
    assert str(refused.value) == NOT_SQLITE


@pytest.mark.django_db
def test_reset_refuses_an_installation_with_its_own_accounts_and_removes_nothing(tmp_path, monkeypatch):
    database = tmp_path / "thidua.sqlite3"
    database.write_bytes(b"kept")
    monkeypatch.setattr(demo_reset, "sqlite_file", lambda: database)
    User.objects.create_user(username="ketoan", password="x")  # noqa: S106
    with pytest.raises(ResetRefused) as refused:
        reset_database()
    assert str(refused.value) == FOREIGN_ACCOUNTS.format(names="ketoan")
    assert database.read_bytes() == b"kept"


@pytest.mark.django_db
def test_the_demo_logins_alone_do_not_stop_a_reset():
    User.objects.create_user(username="canbo", password="x")  # noqa: S106
    assert demo_reset.foreign_accounts() == []
