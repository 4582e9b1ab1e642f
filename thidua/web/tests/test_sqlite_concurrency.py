"""Two processes writing to one SQLite file at once (as two `thidua serve` would) leave it whole: every
record written, the file passes SQLite's integrity check and the audit chain verifies."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PER_PROCESS = 150

WRITER = """
from thidua.access import SYSTEM
from thidua.people.services import person_create
from thidua.units.models import Unit
commune = Unit.objects.get(name="Xã Hai Tiến Trình")
for i in range({n}):
    person_create(actor=SYSTEM, full_name=f"Người {tag} {{i}}", gender="female", unit=commune)
print("done")
"""

SETUP = """
from thidua.access import SYSTEM
from thidua.units.services import unit_create
province = unit_create(actor=SYSTEM, name="Tỉnh Thử", kind="province", parent=None)
unit_create(actor=SYSTEM, name="Xã Hai Tiến Trình", kind="commune", parent=province)
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update({"THIDUA_TESTING": "1", "THIDUA_DATA_DIR": str(data_dir), "AUDIT_ANCHOR_FILE": ""})
    return env


def _run(env, *args):
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


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="about the SQLite file")
def test_two_processes_writing_one_sqlite_file_at_once_corrupt_nothing(tmp_path):
    env = _env(tmp_path)
    _run(env, "migrate", "--verbosity", "0")
    _run(env, "shell", "-c", SETUP)
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "thidua.cli", "shell", "-c", WRITER.format(n=PER_PROCESS, tag=tag)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("A", "B")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err[-3000:]
        assert "done" in out
    database = sqlite3.connect(tmp_path / "thidua.sqlite3")
    try:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert database.execute("SELECT count(*) FROM people_person").fetchone() == (2 * PER_PROCESS,)
    finally:
        database.close()
    assert "Nhật ký nguyên vẹn" in _run(env, "audit-verify").stdout
