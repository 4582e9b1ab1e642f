"""The keyed digests of the audit chain, and why an entry's personal values can be redacted.

An entry is a frame (when, who, which unit, what was done to which record) and a content (the
record's name and its values before and after). Since format 2 the chain hashes the frame and a
*content digest*, and the content digest is built from one keyed digest per value ("leaf"):

    leaf        = HMAC(key, prev_hash, [field, value])      (the record's name: its own tag)
    content     = HMAC(key, prev_hash, {object_repr: leaf, before: {field: leaf}, after: {...}})
    hash        = HMAC(key, prev_hash + {frame..., content, version: 2})

Redacting a value replaces it with the marker `REDACTED` and keeps its leaf in the entry's `redacted`
map, so the content digest, and with it the chain, still verifies; a value or a kept leaf changed
afterwards no longer matches. Leaves are keyed with `AUDIT_KEY` and salted with the entry's own
previous hash, so a redacted phone number or birth year cannot be guessed from its leaf by whoever
reads the database without the key, and the same value gives unrelated leaves in two entries. Within
one entry a field's leaf is the same before and after when its value did not change, so the log can
still say which fields an update changed once both values are redacted (`AuditEntry.changes`).

Format 1 entries (written before this) keep their hash over the whole content. The migration that
introduced format 2 checked each one and stored its content digest and a *seal*, a keyed digest of
its hash, frame and content digest: an untouched format 1 entry is still checked the old way, a
redacted one by its seal.

These functions read plain attributes only, so the migration can call them on historical models.
"""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

GENESIS = "0" * 64
# What a redacted value reads as, in the log's pages and exports.
REDACTED = "[đã xóa]"
PARTS = ("before", "after")


# One encoder, reused: `json.dumps` with options builds a new one per call, and verifying calls it
# once per value of every entry. The text is the same as json.dumps with these options.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


def _key() -> bytes:
    return settings.AUDIT_KEY.encode()


def _mac(message: str, key: bytes | None = None) -> str:
    return hmac.digest(key or _key(), message.encode(), hashlib.sha256).hex()


def frame(entry: Any) -> dict[str, Any]:
    """The fields of an entry that are never redacted."""
    return {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "unit_id": entry.unit_id,
        "action": entry.action,
        "verb": entry.verb,
        "model": entry.model,
        "object_id": entry.object_id,
    }


def legacy_payload(entry: Any) -> dict[str, Any]:
    """What a format 1 hash covers: the frame and the whole content."""
    return {
        **frame(entry),
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
    }


def legacy_hash(entry: Any) -> str:
    return _mac(entry.prev_hash + _json(legacy_payload(entry)))


def leaf(prev_hash: str, field: str, value: Any, key: bytes | None = None) -> str:
    """The keyed digest of one value of `before`/`after` (the same on both sides for the same value)."""
    return _mac("leaf:" + prev_hash + _json([field, value]), key)


def name_leaf(prev_hash: str, value: str, key: bytes | None = None) -> str:
    """The keyed digest of an entry's `object_repr`."""
    return _mac("name:" + prev_hash + _json(value), key)


def content_digest(entry: Any) -> str | None:
    """The keyed digest of the entry's content, redacted values by their kept leaf; None when a
    redacted value's place holds anything but the marker, or a kept leaf names no value."""
    redacted = entry.redacted or {}
    prev = entry.prev_hash
    key = _key()
    if "object_repr" in redacted:
        if entry.object_repr != REDACTED:
            return None
        name = redacted["object_repr"]
    else:
        name = name_leaf(prev, entry.object_repr, key)
    tree: dict[str, Any] = {"object_repr": name}
    for part in PARTS:
        values = getattr(entry, part)
        kept = redacted.get(part) or {}
        if values is None or not isinstance(values, dict):
            if kept:
                return None
            tree[part] = None if values is None else leaf(prev, "", values, key)
            continue
        if set(kept) - set(values):
            return None
        leaves = {}
        for field, value in values.items():
            if field in kept:
                if value != REDACTED:
                    return None
                leaves[field] = kept[field]
            else:
                leaves[field] = leaf(prev, field, value, key)
        tree[part] = leaves
    return _mac("content:" + prev + _json(tree), key)


def chain_hash(entry: Any) -> str:
    """A format 2 entry's hash: its link, its frame and its stored content digest."""
    return _mac(entry.prev_hash + _json({**frame(entry), "content": entry.content_digest, "version": 2}))


def seal(entry: Any) -> str:
    """A format 1 entry's seal, written once its legacy hash was checked."""
    return _mac("seal:" + entry.hash + _json({**frame(entry), "content": entry.content_digest}))


def problem(entry: Any) -> str:
    """'' when the entry matches its digests; otherwise which one it fails: 'content', 'hash', 'seal'."""
    if entry.version == 1:
        if not entry.redacted and legacy_hash(entry) != entry.hash:
            return "hash"
        if not entry.seal:
            return "seal" if entry.redacted else ""
        if content_digest(entry) != entry.content_digest:
            return "content"
        return "seal" if seal(entry) != entry.seal else ""
    if content_digest(entry) != entry.content_digest:
        return "content"
    return "hash" if chain_hash(entry) != entry.hash else ""
