"""Writing and verifying the audit chain.

Every service that changes a domain record calls `audit_record` inside its own transaction,
so the change and its audit entry commit or fail together.

Why not django-simple-history or django-auditlog: both record changes from model signals,
which sees saves but not the meaning of a state transition ("approved", "returned with a
reason"), cannot chain entries by hash without patching their models, and hides the write
from the service that owns it. An explicit call from the service is a few lines and keeps
each change and its audit entry in one visible transaction.
"""

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.access import CITIZEN, Actor, check_actor
from thidua.accounts.models import User
from thidua.audit import digests
from thidua.audit.anchors import Anchor, anchor_on_commit, read_anchors
from thidua.audit.models import AuditAction, AuditEntry, AuditHead
from thidua.lib.bulk import insert_many
from thidua.units.models import Unit

GENESIS = digests.GENESIS
# The label under which citizens' forms are audited (the web's recent changes leave them out).
PUBLIC_ACTOR = CITIZEN.label


def _actor_fields(actor: Actor) -> tuple[User | None, str]:
    """(user or None, label) for an entry: a person by their account, the system by its label."""
    check_actor(actor)
    if isinstance(actor, User):
        return actor, actor.get_username()[:150]
    return None, actor.label[:150]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, exclude: tuple[str, ...] = ()) -> dict:
    """The concrete field values of a record, JSON-safe, foreign keys as ids."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.name in {"search_key", "path"}:
            continue
        data[field.attname] = _jsonable(getattr(instance, field.attname))
    return data


def _payload(entry: AuditEntry) -> dict:
    """What the keyed hash of a format 2 entry covers: the frame and the content digest."""
    return {**digests.frame(entry), "content": entry.content_digest, "version": 2}


def _seal_content(entry: Any) -> None:
    """Fill the content digest and the keyed hash of a new entry whose link is set."""
    entry.content_digest = digests.content_digest(entry) or ""
    entry.hash = digests.chain_hash(entry)


def audit_record(
    *,
    actor: Actor,
    action: str,
    instance: models.Model | None = None,
    unit: Unit | None = None,
    before: dict | None = None,
    after: dict | None = None,
    verb: str = "",
    model_label: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    head, _created = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS, "count": 0}
    )
    if instance is not None:
        model_label = model_label or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:255]
    actor_obj, label = _actor_fields(actor)
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor_obj,
        actor_label=label,
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        action=action,
        verb=verb[:120],
        model=model_label,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        prev_hash=head.last_hash,
    )
    _seal_content(entry)
    entry.save()
    head.last_hash = entry.hash
    head.count += 1
    head.save(update_fields=["last_hash", "count"])
    anchor_on_commit()
    return entry


_ENTRY_FIELDS = tuple(f.name for f in AuditEntry._meta.concrete_fields if not f.primary_key)


class AuditItem(NamedTuple):
    """One entry of `audit_record_items`: what was changed, already named."""

    model: str  # the record's model label ("movements.progressreport")
    object_id: str
    object_repr: str
    unit: Unit | None
    before: dict | None
    after: dict | None


def audit_record_many(*, actor: Actor, action: str, items: list[tuple], verb: str = "") -> int:
    """Append many entries at once, chained in order: items are (instance, unit, before, after).

    For imports of thousands of records; one lock of the chain head, one bulk insert.
    """
    named = [
        AuditItem(instance._meta.label_lower, str(instance.pk), str(instance)[:255], unit, before, after)
        for instance, unit, before, after in items
    ]
    return audit_record_items(actor=actor, action=action, items=named, verb=verb)


class _NewEntry:
    """An entry's columns before it is written: what the digests and `insert_many` read of an
    `AuditEntry`, without building thousands of model instances."""

    __slots__ = (*(f.attname for f in AuditEntry._meta.concrete_fields if not f.primary_key),)
    hash: str  # set by `_seal_content`

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


def audit_record_items(*, actor: Actor, action: str, items: list[AuditItem], verb: str = "") -> int:
    """`audit_record_many` for records named by the caller (a bulk write that built no instances)."""
    if not items:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction of the change it records")
    head, _created = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS, "count": 0}
    )
    actor_obj, label = _actor_fields(actor)
    actor_id = actor_obj.pk if actor_obj is not None else None
    now = timezone.now()
    verb = verb[:120]
    prev = head.last_hash
    nothing_redacted: dict = {}  # one object for every entry: `insert_many` prepares it once
    entries = []
    for item in items:
        unit = item.unit
        entry = _NewEntry(
            created_at=now,
            actor_id=actor_id,
            actor_label=label,
            unit_id=unit.pk if unit is not None else None,
            unit_path=unit.path if unit is not None else "",
            action=action,
            verb=verb,
            model=item.model,
            object_id=item.object_id,
            object_repr=item.object_repr[:255],
            before=_jsonable(item.before) if item.before is not None else None,
            after=_jsonable(item.after) if item.after is not None else None,
            prev_hash=prev,
            version=2,
            seal="",
            redacted=nothing_redacted,
        )
        _seal_content(entry)
        prev = entry.hash
        entries.append(entry)
    # One statement for thousands of entries, in chain order (ids ascending as the chain runs).
    insert_many(AuditEntry, entries, _ENTRY_FIELDS)
    head.last_hash = prev
    head.count += len(entries)
    head.save(update_fields=["last_hash", "count"])
    anchor_on_commit()
    return len(entries)


def audit_head() -> tuple[int, str] | None:
    """(entry id, hash) of the newest entry as this transaction sees it; None before the first."""
    head = AuditHead.objects.filter(id=1).first()
    if head is None:
        return None
    entry_id = AuditEntry.objects.filter(hash=head.last_hash).values_list("id", flat=True).first()
    return (entry_id, head.last_hash) if entry_id is not None else None


@dataclass
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str = ""
    anchors: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def _anchored_hashes(anchors: list[Anchor]) -> dict[int, set[str]]:
    hashes: dict[int, set[str]] = {}
    for anchor in anchors:
        hashes.setdefault(anchor.entry_id, set()).add(anchor.hash)
    return hashes


def _problem_text(problem: str) -> str:
    if problem == "content":
        return _("nội dung không khớp mã băm nội dung (giá trị bị sửa sau khi ghi hoặc sau khi xóa)")
    if problem == "seal":
        return _("mục ghi theo cách cũ không khớp dấu niêm phong")
    return _("nội dung không khớp mã băm có khóa")


def audit_verify(anchors: list[Anchor] | None = None) -> VerifyResult:
    """Walk the chain in order and report the first entry whose link, keyed hash or anchor is broken.

    Every entry must carry the hash before it and the HMAC of its frame and content digest, its content
    must match that digest (redacted values by the digests kept in their place, audit/digests.py), and
    every entry named in the anchor file must still be there with the hash written there. There are no
    plain SHA-256 entries to accept: the keyed chain started before any installation held data.
    """
    anchored = _anchored_hashes(read_anchors() if anchors is None else anchors)
    pending = sorted(anchored)
    n = len(anchored)
    prev, checked, k = GENESIS, 0, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if k < len(pending) and pending[k] < entry.id:
            return VerifyResult(checked, pending[k], _("mục đã ghi vào tệp mốc không còn trong nhật ký"), n)
        if entry.prev_hash != prev:
            return VerifyResult(checked, entry.id, _("không nối với mục trước"), n)
        problem = digests.problem(entry)
        if problem:
            return VerifyResult(checked, entry.id, _problem_text(problem), n)
        if k < len(pending) and pending[k] == entry.id:
            if anchored[entry.id] != {entry.hash}:
                return VerifyResult(checked, entry.id, _("mã băm khác với mã đã ghi vào tệp mốc"), n)
            k += 1
        prev = entry.hash
        checked += 1
    if k < len(pending):
        return VerifyResult(checked, pending[k], _("các mục từ đây đến cuối đã bị xóa (tệp mốc còn ghi)"), n)
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != prev or head.count != checked):
        return VerifyResult(checked, -1, _("thiếu mục ở cuối chuỗi"), n)
    return VerifyResult(checked, anchors=n)


__all__ = [
    "PUBLIC_ACTOR",
    "AuditAction",
    "AuditItem",
    "audit_head",
    "audit_record",
    "audit_record_items",
    "audit_record_many",
    "audit_verify",
    "snapshot",
]
