"""One archive holding a whole installation's data, written while the site runs.

The archive (a .tar, gzip-compressed when its name ends in .gz or .tgz) holds:

- `database.sqlite3` (SQLite, copied by SQLite's online backup API, which never blocks writers for long)
  or `database.pgdump` (PostgreSQL, `pg_dump -Fc`), to restore onto the same kind of database;
- `data.json`: the same rows as Django fixtures with natural keys, to restore onto the other kind
  (a commune moving from SQLite to PostgreSQL as it grows);
- `media/…`: the uploaded files; `audit-anchors.log`: the audit chain's anchors;
- `manifest.json`: the version, the time, the database vendor, the rows per model and the SHA-256 of
  every other member.

The secret keys (SECRET_KEY, AUDIT_KEY) are left out on purpose: whoever holds a backup must not hold
the key that makes the audit chain unforgeable. They are backed up separately, once.

The counts, the fixtures and the dump come from one snapshot of the database: the SQLite copy itself,
or, on PostgreSQL, a REPEATABLE READ transaction whose snapshot `pg_dump --snapshot` shares.
"""

import datetime as dt
import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connections, models, transaction
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.lib import exact_json
from thidua.lib.errors import ServiceError

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PGDUMP_MEMBER = "database.pgdump"
FIXTURES_MEMBER = "data.json"
ANCHORS_MEMBER = "audit-anchors.log"
MEDIA_PREFIX = "media/"
SNAPSHOT_ALIAS = "thidua_backup_snapshot"
# Rebuilt by `migrate` from the code itself; natural keys point at them from the other rows.
NOT_DUMPED = ("contenttypes.contenttype", "auth.permission")


@dataclass
class BackupResult:
    path: Path
    vendor: str
    counts: dict[str, int]
    members: dict[str, str] = field(default_factory=dict)


def counted_models() -> list[type[models.Model]]:
    """Every table the archive must bring back, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in NOT_DUMPED
    ]


def model_counts(using: str = "default") -> dict[str, int]:
    """Rows per model, for the tables this database has (one not migrated yet has fewer)."""
    with connections[using].cursor() as cursor:
        tables = set(connections[using].introspection.table_names(cursor))
    return {
        model._meta.label_lower: model._default_manager.using(using).count()
        for model in counted_models()
        if model._meta.db_table in tables
    }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """A file read through once into the archive, hashed on the way."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


class ArchiveWriter:
    """Adds members to the tar and remembers their SHA-256 for the manifest."""

    def __init__(self, tar: tarfile.TarFile):
        self.tar = tar
        self.members: dict[str, str] = {}

    def add_stream(self, name: str, handle: IO[bytes], size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        info.mtime = int(timezone.now().timestamp())
        hashing = _Hashing(handle)
        self.tar.addfile(info, hashing)
        self.members[name] = hashing.digest.hexdigest()

    def add_file(self, name: str, path: Path) -> None:
        with path.open("rb") as handle:
            self.add_stream(name, handle, path.stat().st_size)

    def add_bytes(self, name: str, data: bytes, *, listed: bool = True) -> None:
        self.add_stream(name, io.BytesIO(data), len(data))
        if not listed:
            del self.members[name]


def database_vendor(using: str = "default") -> str:
    return connections[using].vendor


def pg_binary(name: str) -> str:
    """A PostgreSQL client program from the newest server installed (as scripts/with-postgres.sh finds
    them), else from PATH: pg_dump must be at least as new as the server."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parts[-3].split(".")],
    )
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if not found:
        raise ServiceError(
            _(
                "Không tìm thấy chương trình %(name)s: cài gói postgresql-client (apt-get install postgresql-15)."
            )
            % {"name": name}
        )
    return found


def pg_environment(using: str = "default") -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from Django's own settings."""
    conf = connections[using].settings_dict
    args = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _dump_fixtures(using: str, target: Path) -> None:
    if exact_json.FORMAT not in serializers.get_serializer_formats():
        serializers.register_serializer(exact_json.FORMAT, "thidua.lib.exact_json")
    call_command(
        "dumpdata",
        format=exact_json.FORMAT,
        database=using,
        natural_foreign=True,
        natural_primary=False,
        exclude=[apps.get_model(label)._meta.label for label in NOT_DUMPED],
        output=str(target),
        indent=None,
        verbosity=0,
    )


@contextmanager
def _sqlite_snapshot(workdir: Path) -> Iterator[tuple[Path, str]]:
    """A consistent copy of the SQLite database, opened under its own alias for counts and fixtures."""
    copy = workdir / SQLITE_MEMBER
    live = connections["default"]
    live.ensure_connection()
    destination = sqlite3.connect(copy)
    try:
        # pages copied in steps so the site's writers wait at most one step
        live.connection.backup(destination, pages=256)
    finally:
        destination.close()
    conf = dict(live.settings_dict)
    conf["NAME"] = str(copy)
    conf["OPTIONS"] = {"timeout": 20}
    conf["TEST"] = {}
    # a connection of its own, not in DATABASES: nothing else in the process can route to it
    snapshot = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, SNAPSHOT_ALIAS)
    connections[SNAPSHOT_ALIAS] = snapshot
    try:
        yield copy, SNAPSHOT_ALIAS
    finally:
        snapshot.close()
        del connections[SNAPSHOT_ALIAS]


@contextmanager
def _pg_snapshot(workdir: Path) -> Iterator[tuple[Path, str]]:
    """pg_dump of the snapshot this transaction exported: dump, counts and fixtures agree."""
    dump = workdir / PGDUMP_MEMBER
    program = pg_binary("pg_dump")
    args, env = pg_environment()
    with transaction.atomic(), connections["default"].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        done = subprocess.run(
            [program, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
             "--file", str(dump), *args],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise ServiceError(_("pg_dump thất bại: %(error)s") % {"error": done.stderr.strip()[-500:]})
        yield dump, "default"


def _media_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from _media_files(storage, f"{folder}/{sub}" if folder else sub)


def _add_media(writer: ArchiveWriter, storage: Storage) -> int:
    count = 0
    for name in _media_files(storage):
        with storage.open(name, "rb") as handle:
            writer.add_stream(MEDIA_PREFIX + name, handle, storage.size(name))
        count += 1
    return count


def _manifest(vendor: str, counts: dict[str, int], members: dict[str, str], media: int) -> dict[str, Any]:
    try:
        version = metadata.version("thidua")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "format": FORMAT,
        "version": version,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": vendor,
        "counts": counts,
        "media_files": media,
        "members": members,
    }


def _write_archive(tar: tarfile.TarFile, workdir: Path, storage: Storage) -> tuple[str, dict[str, int], dict]:
    writer = ArchiveWriter(tar)
    vendor = database_vendor()
    if vendor == "sqlite":
        snapshot_context = _sqlite_snapshot(workdir)
    elif vendor == "postgresql":
        snapshot_context = _pg_snapshot(workdir)
    else:
        raise ServiceError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": vendor})
    with snapshot_context as (db_file, using):
        counts = model_counts(using)
        fixtures = workdir / FIXTURES_MEMBER
        _dump_fixtures(using, fixtures)
    writer.add_file(db_file.name, db_file)
    writer.add_file(FIXTURES_MEMBER, fixtures)
    anchors = Path(settings.AUDIT_ANCHOR_FILE) if settings.AUDIT_ANCHOR_FILE else None
    if anchors is not None and anchors.exists():
        writer.add_file(ANCHORS_MEMBER, anchors)
    media = _add_media(writer, storage)
    manifest = _manifest(vendor, counts, dict(writer.members), media)
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    writer.add_bytes(MANIFEST, body, listed=False)
    return vendor, counts, manifest["members"]


def backup_write(path: Path, *, storage: Storage | None = None) -> BackupResult:
    """Write the archive to `path` through a temporary file beside it, renamed only when whole; a full
    disk (or any write error) removes the partial file and refuses with a message."""
    path = Path(path).resolve()
    if path.is_dir():
        path = path / f"thidua-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "w:gz" if path.name.endswith((".gz", ".tgz")) else "w"
    fd, partial_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    partial = Path(partial_name)
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".thidua-backup-") as work:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode=mode) as tar:  # type: ignore[call-overload]
                vendor, counts, members = _write_archive(tar, Path(work), storage or default_storage)
            os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise ServiceError(
                _("Hết chỗ trống trên đĩa khi ghi bản sao lưu vào %(folder)s; đã xóa tệp dở dang, "
                  "trang web vẫn chạy bình thường. Giải phóng chỗ trống rồi chạy lại.")
                % {"folder": path.parent}
            ) from exc  # fmt: skip
        raise ServiceError(
            _("Không ghi được bản sao lưu %(path)s: %(error)s; đã xóa tệp dở dang.")
            % {"path": path, "error": exc.strerror or exc}
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(path=path, vendor=vendor, counts=counts, members=members)
