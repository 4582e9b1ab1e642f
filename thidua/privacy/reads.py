"""Least sight in practice: what a page may show of a person's sensitive fields, and the log of
who was shown them.

The rules themselves live in `thidua.access` (`can_see_contact`, `can_see_conduct` …); this module
records the reads (`reads_record`, one bulk insert per request), lists them (`read_page`), and masks
the sensitive values of audit entries for whoever may not read them (`audit_shown_to`).

Writing a read is not a change of any record, so it has no audit entry of its own: the rows are
themselves a log, appended and never changed.
"""

from collections.abc import Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Someone, SystemActor
from thidua.accounts.models import User
from thidua.audit.models import AuditEntry
from thidua.privacy.models import SensitiveKind, SensitiveRead

Read = tuple[int, str]

# The values of the audit log that are contacts or conduct, by model and field (attname).
AUDIT_FIELDS: dict[str, dict[str, SensitiveKind]] = {
    "people.person": {"phone": SensitiveKind.CONTACT},
    "commendations.objection": {"contact": SensitiveKind.CONTACT},
    "examples.example": {"reporter_contact": SensitiveKind.CONTACT},
    "commendations.discipline": {
        name: SensitiveKind.CONDUCT for name in ("kind", "severity", "year", "pending", "note")
    },
    "commendations.nomination": {"check_result": SensitiveKind.CONDUCT},
}


def reads_record(*, reader: Someone, place: str, reads: Iterable[Read]) -> int:
    """Log that `reader` was shown these (person id, kind) pairs on `place` (a page or a file):
    one insert for the whole request. Nobody signed in, or the system itself, reads nothing here; nor
    does a token of the API, which is never shown contacts or conduct (`thidua.api`)."""
    if not isinstance(reader, User) or not reader.is_authenticated:
        return 0
    user: User = reader
    pairs = dict.fromkeys((int(pid), SensitiveKind(kind)) for pid, kind in reads if pid)
    if not pairs:
        return 0
    now = timezone.now()
    rows = [
        SensitiveRead(
            read_at=now,
            reader=user,
            reader_label=user.get_username()[:150],
            person_id=pid,
            kind=kind,
            place=place[:200],
        )
        for pid, kind in pairs
    ]
    SensitiveRead.objects.bulk_create(rows)
    return len(rows)


def person_reads(person: Any, *, contact: bool = False, conduct: bool = False) -> list[Read]:
    """The reads a page makes of one person when it shows their phone and/or conduct."""
    if person is None:
        return []
    found: list[Read] = []
    if contact and person.phone:
        found.append((person.pk, SensitiveKind.CONTACT))
    if conduct:
        found.append((person.pk, SensitiveKind.CONDUCT))
    return found


def conduct_subject(nomination: Any) -> int | None:
    """The person whose conduct a nomination's checks read: the nominee, or a household's head."""
    if nomination.person_id:
        return int(nomination.person_id)
    if nomination.household_id and nomination.household is not None:
        return nomination.household.head_id
    return None


# --- The log page ---------------------------------------------------------------------------------


def visible_reads(user: Someone) -> QuerySet[SensitiveRead]:
    """The reads of people whose contacts the user may see (the staff of their units)."""
    qs = SensitiveRead.objects.select_related("person__unit", "reader")
    if getattr(user, "is_superuser", False) or isinstance(user, SystemActor):
        return qs
    paths = [unit.path for unit in access.home_units(user) if access.can_see_contact_on(user, unit)]
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(person__unit__path__startswith=path)
    return qs.filter(query)


def read_page(user: Someone, *, person_id: int | None = None, page: int | str = 1) -> Page[SensitiveRead]:
    qs = visible_reads(user)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return Paginator(qs.order_by("-read_at", "-id"), 50).get_page(page)


# --- The audit log --------------------------------------------------------------------------------


def _may_read(user: Someone, kind: SensitiveKind, path: str) -> bool:
    roles = access.CONTACT_ROLES if kind == SensitiveKind.CONTACT else access.CONDUCT_ROLES
    return access.holds_on_path(user, path, roles)


def _labels(model: str, names: Iterable[str]) -> dict[str, str]:
    """The labels the audit page prints for these fields of the model (its `changes()` rows)."""
    from django.apps import apps

    try:
        meta = apps.get_model(model)._meta
    except (LookupError, ValueError):
        return {}
    fields = {f.attname: f for f in meta.concrete_fields}
    return {name: str(fields[name].verbose_name) for name in names if name in fields}


def audit_shown_to(user: Someone, entries: Iterable[AuditEntry]) -> list[Read]:
    """Mask, in place, the sensitive values of the entries the user may not read (the row stays,
    saying the field changed; its values read "(ẩn)"), and return the reads of what stays shown.

    An entry's unit (its `unit_path`) is the unit of the record it is about; the rule is the one
    of `access.can_see_contact_on` / `can_see_conduct_on` for that unit."""
    shown: list[Read] = []
    nominations: list[int] = []
    for entry in entries:
        fields = AUDIT_FIELDS.get(entry.model)
        if not fields:
            continue
        rows = entry.changes()
        labels = _labels(entry.model, fields)
        hidden = {
            labels[n]
            for n, kind in fields.items()
            if n in labels and not _may_read(user, kind, entry.unit_path)
        }
        if hidden:
            mask = _("(ẩn)")
            rows = [(label, mask, mask) if label in hidden else (label, was, now) for label, was, now in rows]
        entry.changes = rows  # type: ignore[method-assign, assignment]  # the page reads the masked rows
        visible = set(labels.values()) - hidden
        revealed = {label for label, was, now in rows if label in visible and (was or now)}
        if revealed:
            shown.extend(_entry_reads(entry, fields, labels, revealed, nominations))
    if nominations:
        shown.extend(_nomination_reads(nominations))
    return shown


def _entry_reads(
    entry: AuditEntry,
    fields: dict[str, SensitiveKind],
    labels: dict[str, str],
    revealed: set[str],
    later: list[int],
) -> list[Read]:
    kinds = {fields[name] for name, label in labels.items() if label in revealed}
    if entry.model == "people.person":
        return [(int(entry.object_id), kind) for kind in kinds]
    if entry.model == "commendations.discipline":
        person = (entry.after or {}).get("person_id") or (entry.before or {}).get("person_id")
        return [(int(person), SensitiveKind.CONDUCT)] if person else []
    if entry.model == "commendations.nomination":
        later.append(int(entry.object_id))
    return []


def _nomination_reads(ids: list[int]) -> list[Read]:
    from thidua.commendations.models import Nomination

    rows = Nomination.objects.filter(pk__in=ids).values_list("person_id", "household__head_id")
    return [(person or head, SensitiveKind.CONDUCT) for person, head in rows if person or head]
