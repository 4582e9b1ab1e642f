"""Backups: one archive written while the site runs, restored into an empty installation on SQLite or
PostgreSQL; a changed archive is refused and a full disk leaves no partial file and a running site.

The end-to-end tests run `thidua` in subprocesses, each installation in its own data directory.
"""

import errno
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from thidua.lib import backup
from thidua.lib.backup import ArchiveWriter, backup_write
from thidua.lib.errors import ServiceError
from thidua.lib.restore import restore_archive

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = 12

SEED = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from thidua.access import SYSTEM
from thidua.audit.anchors import write_anchor
from thidua.people.services import person_create
from thidua.units.services import unit_create
province = unit_create(actor=SYSTEM, name="Tỉnh Sao Lưu", kind="province", parent=None)
commune = unit_create(actor=SYSTEM, name="Xã Khôi Phục", kind="commune", parent=province)
for i in range({n}):
    person_create(actor=SYSTEM, full_name=f"Nguyễn Văn Số {{i}}", gender="male", unit=commune)
default_storage.save("evidence/2026/minh-chung.txt", ContentFile("Biên bản họp ấp".encode()))
write_anchor(force=True)
"""

COUNTS = """
import json
from thidua.lib.backup import model_counts
print(json.dumps(model_counts()))
"""


def _env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH", "MEDIA_ROOT"}}
    env.update(
        {
            "THIDUA_TESTING": "1",
            "THIDUA_DATA_DIR": str(data_dir),
            "AUDIT_ANCHOR_FILE": str(data_dir / "audit-anchors.log"),
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _thidua(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "thidua.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """An empty, migrated SQLite database, copied for each installation (migrating takes a while)."""
    folder = tmp_path_factory.mktemp("template")
    _thidua(_env(folder), "migrate", "--verbosity", "0")
    return folder / "thidua.sqlite3"


def _sqlite_install(folder: Path, template: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, folder / "thidua.sqlite3")
    return _env(folder)


def _seeded_sqlite(folder: Path, template: Path) -> dict[str, str]:
    env = _sqlite_install(folder, template)
    _thidua(env, "shell", "-c", SEED.format(n=PEOPLE))
    return env


def _counts(env: dict[str, str]) -> dict[str, int]:
    return json.loads(_thidua(env, "shell", "-c", COUNTS).stdout.strip().splitlines()[-1])


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile(backup.MANIFEST))


def _assert_restored(source_env, target_env, archive: Path) -> None:
    expected = _manifest(archive)["counts"]
    assert expected["people.person"] == PEOPLE
    done = _thidua(target_env, "restore", str(archive))
    assert "khớp bản kê" in done.stdout
    verify = _thidua(target_env, "audit-verify")
    assert "Nhật ký nguyên vẹn" in verify.stdout
    assert "khớp 0 mốc" not in verify.stdout  # the anchors came back with the data
    assert _counts(target_env) == expected == _counts(source_env)
    media = Path(target_env["THIDUA_DATA_DIR"]) / "media" / "evidence/2026/minh-chung.txt"
    assert media.read_text(encoding="utf-8") == "Biên bản họp ấp"


# --- SQLite, end to end


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the SQLite path runs in the SQLite suite")
def test_sqlite_backup_restores_into_an_empty_installation_with_a_whole_audit_chain(
    tmp_path, migrated_sqlite
):
    source = _seeded_sqlite(tmp_path / "a", migrated_sqlite)
    archive = tmp_path / "backups" / "thidua.tar.gz"
    done = _thidua(source, "backup", str(archive))
    assert "Đã sao lưu" in done.stdout
    manifest = _manifest(archive)
    assert manifest["vendor"] == "sqlite"
    assert set(manifest["members"]) == {
        "database.sqlite3",
        "data.json",
        "audit-anchors.log",
        "media/evidence/2026/minh-chung.txt",
    }
    # the secret keys stay out of the archive
    with tarfile.open(archive) as tar:
        assert not [n for n in tar.getnames() if "key" in n]
    _assert_restored(source, _sqlite_install(tmp_path / "b", migrated_sqlite), archive)


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the SQLite path runs in the SQLite suite")
def test_restore_refuses_an_installation_already_in_use(tmp_path, migrated_sqlite):
    source = _seeded_sqlite(tmp_path / "a", migrated_sqlite)
    archive = tmp_path / "thidua.tar"
    _thidua(source, "backup", str(archive))
    done = _thidua(source, "restore", str(archive), check=False)
    assert done.returncode != 0
    assert "chỉ khôi phục vào một cài đặt trống" in done.stderr


# --- PostgreSQL, end to end (pg_dump / pg_restore; a commune growing from SQLite)


def _pg_database(name: str, template: str | None = None) -> str:
    import psycopg

    base = os.environ["DATABASE_URL"]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return base.rsplit("/", 1)[0] + "/" + name


needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="needs PostgreSQL and pg_dump (scripts/with-postgres.sh)"
)


@pytest.fixture(scope="module")
def migrated_pg(tmp_path_factory) -> str:
    url = _pg_database("thidua_backup_template")
    _thidua(_env(tmp_path_factory.mktemp("pgtemplate"), url), "migrate", "--verbosity", "0")
    return "thidua_backup_template"


@needs_postgres
def test_postgresql_backup_through_pg_dump_restores_into_an_empty_database(tmp_path, migrated_pg):
    source = _env(tmp_path / "a", _pg_database("thidua_source", migrated_pg))
    _thidua(source, "shell", "-c", SEED.format(n=PEOPLE))
    archive = tmp_path / "thidua.tar"
    _thidua(source, "backup", str(archive))
    assert "database.pgdump" in _manifest(archive)["members"]
    target = _env(tmp_path / "b", _pg_database("thidua_target", migrated_pg))
    _assert_restored(source, target, archive)


@needs_postgres
def test_a_sqlite_backup_restores_into_postgresql_for_a_commune_that_grows(tmp_path, migrated_pg):
    template = tmp_path / "template"
    _thidua(_env(template), "migrate", "--verbosity", "0")
    source = _seeded_sqlite(tmp_path / "a", template / "thidua.sqlite3")
    archive = tmp_path / "thidua.tar.gz"
    _thidua(source, "backup", str(archive))
    target = _env(tmp_path / "b", _pg_database("thidua_grown"))
    _assert_restored(source, target, archive)
    # the sequences moved past the restored ids: the next person gets a fresh id
    _thidua(
        target,
        "shell",
        "-c",
        "from thidua.access import SYSTEM; from thidua.units.models import Unit; "
        "from thidua.people.services import person_create; "
        "person_create(actor=SYSTEM, full_name='Người Mới', gender='female', unit=Unit.objects.last())",
    )


# --- refusals and faults, in process


@pytest.fixture
def archive(tmp_path, transactional_db, settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_ANCHOR_FILE = ""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save("evidence/2026/a.txt", ContentFile(b"minh chung"))
    path = tmp_path / "thidua.tar"
    backup_write(path)
    return path


def _tamper(path: Path, member: str) -> Path:
    tampered = path.with_name("tampered.tar")
    with tarfile.open(path) as source, tarfile.open(tampered, "w") as target:
        for info in source:
            data = source.extractfile(info).read()
            if info.name == member:
                data = data + b" da sua"
                info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return tampered


@pytest.mark.parametrize("member", ["media/evidence/2026/a.txt", "data.json"])
def test_restore_refuses_an_archive_with_a_changed_member_naming_it(archive, member, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    with pytest.raises(ServiceError) as refused:
        restore_archive(_tamper(archive, member))
    assert f"Tệp “{member}” trong bản sao lưu đã bị thay đổi" in str(refused.value)
    assert not (tmp_path / "empty-media").exists()


def test_a_full_disk_during_a_backup_fails_with_a_message_leaves_no_file_and_the_site_runs(
    tmp_path, transactional_db, settings, monkeypatch, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_ANCHOR_FILE = ""
    written = []
    real_add = ArchiveWriter.add_stream

    def fill_disk(self, name, handle, size):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(name)
        real_add(self, name, handle, size)

    monkeypatch.setattr(ArchiveWriter, "add_stream", fill_disk)
    folder = tmp_path / "backups"
    with pytest.raises(ServiceError) as refused:
        backup_write(folder / "thidua.tar.gz")
    assert "Hết chỗ trống trên đĩa" in str(refused.value)
    assert written == ["database.sqlite3"] if connection.vendor == "sqlite" else ["database.pgdump"]
    assert list(folder.iterdir()) == []
    # the site keeps running: it writes and answers
    from thidua.access import SYSTEM
    from thidua.units.services import unit_create

    unit_create(actor=SYSTEM, name="Tỉnh Vẫn Chạy", kind="province", parent=None)
    assert client.get("/").status_code == 200
