"""Redacting personal values from the audit log once their purpose or retention has run out.

A redacted value reads `[đã xóa]`; its keyed digest stays in the entry (audit/digests.py), so
`thidua audit-verify` still passes, and a value changed afterwards still fails it. The frame of an
entry (when, who, which record, what was done) is never redacted: that is what the log is for.
Each call appends one entry saying which entries, which fields and why.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.access import Actor, check_actor
from thidua.audit import digests
from thidua.audit.models import AuditAction, AuditEntry
from thidua.audit.services import audit_record
from thidua.lib.errors import ServiceError

# The name that redacts an entry's `object_repr` (the record's name as it read then).
OBJECT_REPR = "object_repr"
# Keys that identify the record rather than describe the person.
_KEPT = frozenset({"id"})

REASON_REQUIRED = gettext_lazy("Cần ghi lý do xóa dữ liệu cá nhân khỏi nhật ký.")


def _redact_part(entry: AuditEntry, part: str, fields: frozenset[str] | None) -> bool:
    values = getattr(entry, part)
    if not isinstance(values, dict):
        return False
    kept: dict[str, str] = dict((entry.redacted or {}).get(part) or {})
    changed = False
    for field, value in values.items():
        if field in kept or field in _KEPT or (fields is not None and field not in fields):
            continue
        kept[field] = digests.leaf(entry.prev_hash, field, value)
        values[field] = digests.REDACTED
        changed = True
    if changed:
        entry.redacted = {**(entry.redacted or {}), part: kept}
    return changed


def _redact_entry(entry: AuditEntry, fields: frozenset[str] | None) -> bool:
    """Redact in memory; True when something changed."""
    changed = False
    redacted: dict[str, Any] = entry.redacted or {}
    if (fields is None or OBJECT_REPR in fields) and OBJECT_REPR not in redacted:
        leaf = digests.name_leaf(entry.prev_hash, entry.object_repr)
        entry.redacted = {**redacted, OBJECT_REPR: leaf}
        entry.object_repr = digests.REDACTED
        changed = True
    for part in digests.PARTS:
        changed = _redact_part(entry, part, fields) or changed
    return changed


def redact_entries(
    *,
    actor: Actor,
    entries: QuerySet[AuditEntry],
    fields: Iterable[str] | None = None,
    reason: str,
) -> int:
    """Replace the named fields of `before`/`after` (and `object_repr` if named) in `entries` by the
    redaction marker, or every value but the record's id when `fields` is None; the chain still
    verifies. Returns how many entries changed, and audits the redaction when any did.

    The caller decides whose values go and checks the actor may; this function refuses only a
    missing reason."""
    check_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(REASON_REQUIRED, field="reason")
    wanted = frozenset(fields) if fields is not None else None
    with transaction.atomic():
        changed = [e for e in entries.select_for_update().order_by("id") if _redact_entry(e, wanted)]
        if not changed:
            return 0
        AuditEntry.objects.bulk_update(
            changed, ["object_repr", "before", "after", "redacted"], batch_size=500
        )
        ids = [e.id for e in changed]
        audit_record(
            actor=actor,
            action=AuditAction.REDACT,
            model_label="audit.auditentry",
            object_id=str(ids[0]) if len(ids) == 1 else f"{ids[0]}-{ids[-1]}",
            object_repr=_("%(count)s mục nhật ký") % {"count": len(ids)},
            verb=_("xóa dữ liệu cá nhân"),
            after={
                "entries": ids,
                "fields": sorted(wanted) if wanted is not None else None,
                "reason": reason[:500],
            },
        )
    return len(changed)
