"""Bring an archive written by `backup.py` back into an empty installation.

Every member's SHA-256 is checked against the manifest before anything is written; a changed, missing
or unlisted member refuses the whole restore. The database comes back natively when the archive was
made on the same kind of database (SQLite's backup API, `pg_restore`), otherwise from the fixtures
(`loaddata`, then the PostgreSQL sequences moved past the restored ids). The rows per model are then
compared with the manifest.
"""

import json
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connection, connections
from django.utils.translation import gettext as _

from thidua.lib import backup
from thidua.lib.errors import ServiceError

# The tables whose rows make an installation "in use": a restore never mixes two installations.
IN_USE = ("accounts.user", "units.unit", "audit.auditentry")


@dataclass
class RestoreResult:
    vendor_from: str
    vendor_to: str
    method: str
    counts: dict[str, int]
    media_files: int


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def _extract(archive: Path, workdir: Path) -> list[str]:
    """Unpack regular files only, refusing links and names outside the folder."""
    names = []
    try:
        with tarfile.open(archive, "r:*") as tar:
            for info in tar:
                if not info.isfile() or not _safe_name(info.name):
                    raise ServiceError(
                        _("Tệp sao lưu chứa mục không hợp lệ “%(name)s”; không khôi phục gì.")
                        % {"name": info.name}
                    )
                tar.extract(info, workdir, filter="data")
                names.append(info.name)
    except (OSError, tarfile.TarError) as exc:
        raise ServiceError(
            _("Không đọc được tệp sao lưu %(path)s: %(error)s") % {"path": archive, "error": exc}
        ) from exc
    return names


def _verify(workdir: Path, names: list[str]) -> dict[str, Any]:
    """The manifest, once every member matches its checksum; otherwise refuse naming the member."""
    try:
        manifest = json.loads((workdir / backup.MANIFEST).read_text(encoding="utf-8"))
        members: dict[str, str] = manifest["members"]
    except (FileNotFoundError, ValueError, KeyError, TypeError) as exc:
        raise ServiceError(
            _("Tệp sao lưu không có bản kê (manifest.json) hợp lệ; không khôi phục gì.")
        ) from exc
    if manifest.get("format") != backup.FORMAT:
        raise ServiceError(
            _("Tệp sao lưu có định dạng %(format)s chưa được hỗ trợ.") % {"format": manifest.get("format")}
        )
    unlisted = sorted(set(names) - set(members) - {backup.MANIFEST})
    if unlisted:
        raise ServiceError(
            _("Tệp “%(name)s” trong bản sao lưu không có trong bản kê; không khôi phục gì.")
            % {"name": unlisted[0]}
        )
    for name, expected in sorted(members.items()):
        path = workdir / name
        if not _safe_name(name) or not path.is_file():
            raise ServiceError(_("Bản sao lưu thiếu tệp “%(name)s”; không khôi phục gì.") % {"name": name})
        if backup.sha256_file(path) != expected:
            raise ServiceError(
                _("Tệp “%(name)s” trong bản sao lưu đã bị thay đổi (mã kiểm tra SHA-256 không khớp); "
                  "không khôi phục gì.") % {"name": name}
            )  # fmt: skip
    return manifest


def _existing_tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _require_empty(manifest: dict[str, Any], storage: Storage) -> None:
    tables = _existing_tables()
    in_use = []
    for label in IN_USE:
        model = apps.get_model(label)
        if model._meta.db_table in tables and model.objects.exists():
            in_use.append(str(model._meta.verbose_name_plural))
    if in_use:
        raise ServiceError(
            _("Cơ sở dữ liệu đích đã có dữ liệu (%(what)s): chỉ khôi phục vào một cài đặt trống "
              "(cơ sở dữ liệu mới, đã hoặc chưa chạy `thidua migrate`).") % {"what": ", ".join(in_use)}
        )  # fmt: skip
    for name in manifest["members"]:
        if name.startswith(backup.MEDIA_PREFIX) and storage.exists(name[len(backup.MEDIA_PREFIX) :]):
            raise ServiceError(
                _("Tệp “%(name)s” đã có trong thư mục tệp tải lên: chỉ khôi phục vào một cài đặt trống.")
                % {"name": name[len(backup.MEDIA_PREFIX) :]}
            )
    anchors = Path(settings.AUDIT_ANCHOR_FILE) if settings.AUDIT_ANCHOR_FILE else None
    if anchors is not None and anchors.exists() and anchors.stat().st_size:
        raise ServiceError(
            _("Tệp mốc nhật ký %(path)s đã có nội dung: chỉ khôi phục vào một cài đặt trống.")
            % {"path": anchors}
        )


def _restore_sqlite_native(copy: Path) -> None:
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_pg_native(dump: Path) -> None:
    program = backup.pg_binary("pg_restore")
    args, env = backup.pg_environment()
    connection.close()
    done = subprocess.run(
        [program, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", *args, str(dump)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise ServiceError(_("pg_restore thất bại: %(error)s") % {"error": done.stderr.strip()[-500:]})


def _restore_fixtures(fixtures: Path) -> None:
    """Onto the other kind of database: the schema from the code, the rows from the fixtures."""
    call_command("migrate", verbosity=0, interactive=False)
    # rows that migrations seed (the award catalogue) come back from the archive with their own ids
    call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", str(fixtures), verbosity=0)
    if connection.vendor == "postgresql":
        labels = [config.label for config in apps.get_app_configs() if config.models_module is not None]
        out = StringIO()
        call_command("sqlsequencereset", *labels, stdout=out, stderr=StringIO(), no_color=True)
        with connection.cursor() as cursor:
            cursor.execute(out.getvalue())


def _restore_media(workdir: Path, manifest: dict[str, Any], storage: Storage) -> int:
    count = 0
    for name in sorted(manifest["members"]):
        if not name.startswith(backup.MEDIA_PREFIX):
            continue
        target = name[len(backup.MEDIA_PREFIX) :]
        with (workdir / name).open("rb") as handle:
            saved = storage.save(target, File(handle))
        if saved != target:
            raise ServiceError(_("Tệp “%(name)s” không ghi được đúng tên.") % {"name": target})
        count += 1
    return count


def _restore_anchors(workdir: Path, manifest: dict[str, Any]) -> None:
    if backup.ANCHORS_MEMBER not in manifest["members"] or not settings.AUDIT_ANCHOR_FILE:
        return
    target = Path(settings.AUDIT_ANCHOR_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((workdir / backup.ANCHORS_MEMBER).read_bytes())
    target.chmod(0o600)


def _compare_counts(expected: dict[str, int]) -> dict[str, int]:
    counts = backup.model_counts()
    wrong = [
        f"{label}: {counts.get(label, 0)} ≠ {number}"
        for label, number in sorted(expected.items())
        # a model the code no longer has cannot be counted here
        if label in counts and counts[label] != number
    ]
    if wrong:
        raise ServiceError(
            _("Số bản ghi sau khi khôi phục không khớp bản kê: %(wrong)s") % {"wrong": "; ".join(wrong)}
        )
    return counts


def restore_archive(archive: Path, *, storage: Storage | None = None) -> RestoreResult:
    """Check the archive whole, then restore the database, the files and the anchors."""
    storage = storage or default_storage
    work_parent = Path(settings.DATA_DIR)
    work_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_parent, prefix=".thidua-restore-") as work:
        workdir = Path(work)
        names = _extract(Path(archive), workdir)
        manifest = _verify(workdir, names)
        _require_empty(manifest, storage)
        vendor_from, vendor_to = manifest["vendor"], connection.vendor
        if vendor_from == vendor_to == "sqlite" and backup.SQLITE_MEMBER in manifest["members"]:
            _restore_sqlite_native(workdir / backup.SQLITE_MEMBER)
            method = "sqlite-backup"
        elif vendor_from == vendor_to == "postgresql" and backup.PGDUMP_MEMBER in manifest["members"]:
            _restore_pg_native(workdir / backup.PGDUMP_MEMBER)
            method = "pg_restore"
        else:
            _restore_fixtures(workdir / backup.FIXTURES_MEMBER)
            method = "loaddata"
        # an archive from an older version gains the newer tables
        call_command("migrate", verbosity=0, interactive=False)
        media = _restore_media(workdir, manifest, storage)
        _restore_anchors(workdir, manifest)
    counts = _compare_counts(manifest["counts"])
    for alias in connections:
        connections[alias].close()
    return RestoreResult(vendor_from, vendor_to, method, counts, media)
