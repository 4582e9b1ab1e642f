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
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from thidua.access import CITIZEN, Actor, check_actor
from thidua.accounts.models import User
from thidua.audit.models import AuditAction, AuditEntry, AuditHead
from thidua.units.models import Unit

GENESIS = "0" * 64
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


def _digest(prev_hash: str, payload: dict) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _payload(entry: AuditEntry) -> dict:
    return {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "unit_id": entry.unit_id,
        "action": entry.action,
        "verb": entry.verb,
        "model": entry.model,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
    }


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
    entry.hash = _digest(head.last_hash, _payload(entry))
    entry.save()
    head.last_hash = entry.hash
    head.count += 1
    head.save(update_fields=["last_hash", "count"])
    return entry


def audit_record_many(*, actor: Actor, action: str, items: list[tuple], verb: str = "") -> int:
    """Append many entries at once, chained in order: items are (instance, unit, before, after).

    For imports of thousands of records; one lock of the chain head, one bulk insert.
    """
    if not items:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction of the change it records")
    head, _created = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS, "count": 0}
    )
    actor_obj, label = _actor_fields(actor)
    now = timezone.now()
    prev = head.last_hash
    entries = []
    for instance, unit, before, after in items:
        entry = AuditEntry(
            created_at=now,
            actor=actor_obj,
            actor_label=label,
            unit=unit,
            unit_path=unit.path if unit is not None else "",
            action=action,
            verb=verb[:120],
            model=instance._meta.label_lower,
            object_id=str(instance.pk),
            object_repr=str(instance)[:255],
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            prev_hash=prev,
        )
        entry.hash = prev = _digest(prev, _payload(entry))
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    head.last_hash = prev
    head.count += len(entries)
    head.save(update_fields=["last_hash", "count"])
    return len(entries)


@dataclass
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def audit_verify() -> VerifyResult:
    """Walk the chain in order and report the first entry whose link or content is broken."""
    prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return VerifyResult(checked, entry.id, "prev_hash does not match the previous entry")
        if _digest(prev, _payload(entry)) != entry.hash:
            return VerifyResult(checked, entry.id, "content does not match its hash")
        prev = entry.hash
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != prev or head.count != checked):
        return VerifyResult(checked, -1, "entries are missing at the end of the chain")
    return VerifyResult(checked)


__all__ = ["PUBLIC_ACTOR", "AuditAction", "audit_record", "audit_record_many", "audit_verify", "snapshot"]
