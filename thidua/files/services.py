"""Storing an upload once and cleaning the files nothing refers to.

`stored_file_create` is the one way an upload is kept: the size from `THIDUA_MAX_UPLOAD_BYTES`,
the kind from the content (`content.check`), then one copy per content — the same PDF attached to
three targets is one file and one row, referenced three times. It is called by the services that
attach evidence, inside their transaction, after their own checks, so that a refused form stores
nothing. Django's temporary file of a large upload is read, never moved, so saving the same
upload for several records cannot fail half-way.

Every read, write and delete of a stored file goes through Django's default storage: the local
disk under MEDIA_ROOT, or an S3-compatible bucket shared by several app servers when one is
configured (`settings.STORAGES`). Only on the local disk is a file written under a temporary name
then renamed, and only there can the web server send it itself (`responses.file_response`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.access import SYSTEM, Actor, check_actor, user_of
from thidua.audit import changes
from thidua.files import content
from thidua.files.content import Kind, UploadRefused
from thidua.files.models import StoredFile
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit

ROOT = "files"


def storage() -> Storage:
    """Where stored files live (`settings.STORAGES["default"]`)."""
    return default_storage


def local_path(path: str) -> Path | None:
    """The file's place on this machine's disk, or None when the storage is not the local disk."""
    store = storage()
    return Path(store.path(path)) if isinstance(store, FileSystemStorage) else None


def read_upload(upload, allowed: tuple[Kind, ...]) -> tuple[bytes, Kind]:
    """The bytes of an upload and their kind; refused before reading when it is too large."""
    content.check_size(upload.size or 0)
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data, content.check(data, upload.name or "", allowed)


def stored_file_create(
    *, actor: Actor, upload, allowed: tuple[Kind, ...], unit: Unit | None = None, field: str = "file"
) -> StoredFile:
    """The stored copy of `upload` (made now, or found by its hash); ServiceError on `field` when
    the upload is too large or is not one of the `allowed` kinds."""
    try:
        data, kind = read_upload(upload, allowed)
    except UploadRefused as exc:
        raise ServiceError(str(exc), field=field, code="upload_refused") from exc
    return _keep(actor=actor, data=data, name=upload.name or "", kind=kind, unit=unit, verb="tải tệp lên")


def stored_file_keep(
    *, actor: Actor, data: bytes, name: str, kind: Kind, unit: Unit | None = None
) -> StoredFile:
    """The stored copy of a file thidua made itself (a bulletin's audio): its kind is known, so
    it is not sniffed, and no upload limit applies."""
    check_actor(actor)
    return _keep(actor=actor, data=data, name=name, kind=kind, unit=unit, verb="lưu tệp do hệ thống tạo")


def _keep(*, actor: Actor, data: bytes, name: str, kind: Kind, unit: Unit | None, verb: str) -> StoredFile:
    digest = hashlib.sha256(data).hexdigest()
    existing = StoredFile.objects.filter(sha256=digest).first()
    path = f"{ROOT}/{digest[:2]}/{digest}"
    _write(existing.path if existing else path, data)
    if existing:
        return existing
    stored = StoredFile(
        sha256=digest,
        size=len(data),
        content_type=kind.content_type,
        original_name=os.path.basename(name)[-255:] or digest,
        path=path,
        uploaded_by=user_of(actor),
    )
    try:
        with transaction.atomic():
            return changes.create(stored, actor=actor, unit=unit, verb=verb)
    except IntegrityError:  # the same content, stored at this moment by someone else
        return StoredFile.objects.get(sha256=digest)


def _write(name: str, data: bytes) -> None:
    """Keep `data` under `name` in the storage, whole or not at all; a copy already there with the
    same size is kept (a partial one, left by a crash, is replaced)."""
    store = storage()
    if store.exists(name) and store.size(name) == len(data):
        return
    target = local_path(name)
    if target is not None:
        _write_local(target, data)
        return
    store.delete(name)  # a bucket writes an object whole; a new name is never taken for it
    saved = store.save(name, ContentFile(data))
    if saved != name:  # the same content, saved at this moment by someone else: theirs is kept
        store.delete(saved)


def _write_local(target: Path, data: bytes) -> None:
    """A temporary file in the same folder, then renamed: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _referenced_ids() -> set[int]:
    """Every StoredFile some record points at, whatever model it is (found from the relations,
    hidden ones included: the foreign keys are declared with `related_name="+"`)."""
    ids: set[int] = set()
    for relation in StoredFile._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        field = relation.field  # type: ignore[union-attr]
        rows = field.model._default_manager.filter(**{f"{field.name}__isnull": False})
        ids.update(rows.values_list(field.attname, flat=True))
    return ids


@transaction.atomic
def stored_files_release(*, actor: Actor, ids: Iterable[int]) -> int:
    """Delete the stored files among `ids` that no record refers to any more (their records were
    just deleted, e.g. by a retention purge); each file leaves the storage once this commits."""
    check_actor(actor)
    referenced = _referenced_ids()
    store = storage()
    count = 0
    for stored in StoredFile.objects.filter(pk__in=list(ids)).exclude(pk__in=referenced):
        changes.delete(stored, actor=actor, verb="xóa tệp hết thời hạn lưu")
        transaction.on_commit(functools.partial(store.delete, stored.path))
        count += 1
    return count


def _stored_names(store: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage, folder by folder."""
    try:
        dirs, files = store.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from _stored_names(store, f"{folder}/{sub}" if folder else sub)


@transaction.atomic
def stored_files_clean(*, older_than: dt.timedelta = dt.timedelta(hours=1)) -> tuple[int, int]:
    """Delete the stored files no record refers to and the files in the storage no row describes,
    both older than `older_than` (an upload being saved right now is left alone); (rows, files)."""
    cutoff = timezone.now() - older_than
    referenced = _referenced_ids()
    orphans = list(StoredFile.objects.filter(created_at__lte=cutoff).exclude(pk__in=referenced))
    store = storage()
    rows = 0
    for stored in orphans:
        changes.delete(stored, actor=SYSTEM, verb="xóa tệp không còn dùng")
        # Only once the rows are gone for good: a rolled-back clean loses no file.
        transaction.on_commit(functools.partial(store.delete, stored.path))
        rows += 1
    # The rows just deleted count as known: their files go only once the deletion is committed.
    known = set(StoredFile.objects.values_list("path", flat=True)) | {s.path for s in orphans}
    files = 0
    for name in list(_stored_names(store)):
        if name in known or store.get_modified_time(name) > cutoff:
            continue
        store.delete(name)
        files += 1
    return rows, files
