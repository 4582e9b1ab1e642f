"""Anchors of the audit chain: its head written where the database's owner cannot quietly change it.

After a transaction that appended entries commits, the head (entry id, hash, time) is appended as one
line to `settings.AUDIT_ANCHOR_FILE`, at most once per `AUDIT_ANCHOR_EVERY` entries or per minute, and
always when a decision or minutes is issued (that paper also prints the head). Rewriting the database
then disagrees with a line already written outside it; `audit_verify` compares the two.
"""

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ANCHOR_INTERVAL = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    hash: str
    at: str


def anchor_path() -> Path | None:
    path = settings.AUDIT_ANCHOR_FILE
    return Path(path) if path else None


def read_anchors(path: Path | None = None) -> list[Anchor]:
    """Every anchor in the file, in the order written; a line that does not parse is skipped."""
    path = path or anchor_path()
    if path is None or not path.exists():
        return []
    anchors = []
    for line in path.read_text(encoding="ascii", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit():
            anchors.append(Anchor(entry_id=int(parts[1]), hash=parts[2], at=parts[0]))
    return anchors


def _last_anchor(path: Path) -> Anchor | None:
    """The last line only: the file grows for years, appends must not read it whole."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 256))
            tail = handle.read().decode("ascii", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    parts = tail[-1].split() if tail else []
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return Anchor(entry_id=int(parts[1]), hash=parts[2], at=parts[0])


def _due(last: Anchor | None, entry_id: int, now: dt.datetime) -> bool:
    if last is None:
        return True
    if last.entry_id == entry_id:
        return False
    if entry_id - last.entry_id >= settings.AUDIT_ANCHOR_EVERY:
        return True
    try:
        return now - dt.datetime.fromisoformat(last.at) >= ANCHOR_INTERVAL
    except ValueError:
        return True


def write_anchor(*, force: bool = False) -> Anchor | None:
    """Append the committed head to the anchor file if one is due (or `force`)."""
    from thidua.audit.models import AuditEntry, AuditHead

    path = anchor_path()
    head = AuditHead.objects.filter(id=1).first()
    if path is None or head is None:
        return None
    entry_id = AuditEntry.objects.filter(hash=head.last_hash).values_list("id", flat=True).first()
    if entry_id is None:
        return None
    now = timezone.now()
    last = _last_anchor(path)
    if not (force and (last is None or last.entry_id != entry_id)) and not _due(last, entry_id, now):
        return None
    anchor = Anchor(entry_id=entry_id, hash=head.last_hash, at=now.isoformat(timespec="seconds"))
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: one short line per write lands whole at the end, whoever else appends at once
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="ascii") as handle:
        handle.write(f"{anchor.at} {anchor.entry_id} {anchor.hash}\n")
        handle.flush()
        os.fsync(handle.fileno())
    return anchor


def _anchor_if_due() -> None:
    write_anchor()


def _anchor_now() -> None:
    write_anchor(force=True)


def anchor_on_commit(*, force: bool = False) -> None:
    """Anchor the head once the current transaction commits (once per transaction)."""
    callback = _anchor_now if force else _anchor_if_due
    connection = transaction.get_connection()
    if any(item[1] is callback for item in connection.run_on_commit):
        return
    transaction.on_commit(callback, robust=True)
