"""Retention: personal data whose time is over is erased by `thidua cron` (jobs/schedule.py).

Each class of `kinds.RETENTION` that is purged has one function here. A record is purged on the
first run after its retention, counted in whole days from local midnight: with 180 days, an
objection resolved on 1 March keeps its sender's contact through 28 August and loses it on the first
run of 29 August. So each class is purged at most once a day however often cron runs, and a second
run finds nothing (idempotent). Each purge writes one audit entry per unit (what class, how many,
which records — never the values) through `audit.changes.purge`, and where older audit entries hold
the erased values they are redacted (`audit.redaction.redact_entries`).

A class whose setting is 0 is kept (not purged).
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.audit.digests import REDACTED
from thidua.audit.models import AuditEntry
from thidua.audit.redaction import redact_entries
from thidua.privacy.keeps import RETENTION
from thidua.units.models import Unit

# The audit entry's verb: which retention class was purged.
VERB = "xóa dữ liệu hết thời hạn lưu: %s"


def cutoff(key: str, now: dt.datetime) -> dt.datetime | None:
    """Records whose reference time is before this are due; None when the class is kept (0 days)."""
    days = RETENTION[key].days()
    if days <= 0:
        return None
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - dt.timedelta(days=days)


def _by_unit(queryset: QuerySet, unit_field: str) -> Iterator[tuple[Unit, QuerySet]]:
    """The due records of each unit, so that each commune's audit log shows its own purges."""
    unit_ids = set(queryset.values_list(unit_field, flat=True))
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("path"):
        yield unit, queryset.filter(**{unit_field: unit.pk})


def _purge_units(
    key: str,
    queryset: QuerySet,
    *,
    actor: Actor,
    unit_field: str,
    values: dict[str, Any] | None,
    redact: tuple[str, ...] = (),
) -> int:
    """Erase (or delete) the due records unit by unit, audited; redact their values in the log."""
    total = 0
    model = queryset.model._meta.label_lower
    for unit, records in _by_unit(queryset, unit_field):
        access.require_actor(actor, Action.MANAGE_PEOPLE, unit)
        ids = [str(pk) for pk in records.values_list("pk", flat=True)]
        count = changes.purge(
            records, actor=actor, verb=VERB % key, unit=unit, values=values, detail={"retention": key}
        )
        if redact and count:
            redact_entries(
                actor=actor,
                entries=AuditEntry.objects.filter(model=model, object_id__in=ids),
                fields=redact,
                reason=VERB % key,
            )
        total += count
    return total


@transaction.atomic
def objection_contacts_purge(*, actor: Actor, now: dt.datetime) -> int:
    """The name and contact of an objection's sender, some time after the objection was resolved."""
    from thidua.commendations.models import Objection

    limit = cutoff("objection_contact", now)
    if limit is None:
        return 0
    due = (
        Objection.objects.exclude(state=Objection.State.OPEN)
        .filter(resolved_at__lt=limit)
        .exclude(name=REDACTED, contact="")
    )
    return _purge_units(
        "objection_contact",
        due,
        actor=actor,
        unit_field="notice__commune",
        values={"name": REDACTED, "contact": ""},
        redact=("name", "contact", "object_repr"),
    )


@transaction.atomic
def example_reporters_purge(*, actor: Actor, now: dt.datetime) -> int:
    """The name and contact of a citizen who reported a good deed, some time after the report was
    published or rejected (a report still waiting keeps them: the officer may need to call back)."""
    from thidua.examples.models import Example, ExampleSource, ExampleState

    limit = cutoff("example_reporter", now)
    if limit is None:
        return 0
    settled = Q(state=ExampleState.PUBLISHED, published_at__lt=limit) | Q(
        state=ExampleState.REJECTED, updated_at__lt=limit
    )
    due = (
        Example.objects.filter(settled, source=ExampleSource.CITIZEN)
        .exclude(reporter_name="", reporter_contact="")
    )  # fmt: skip
    return _purge_units(
        "example_reporter",
        due,
        actor=actor,
        unit_field="unit",
        values={"reporter_name": "", "reporter_contact": ""},
        redact=("reporter_name", "reporter_contact"),
    )


@transaction.atomic
def client_keys_purge(*, actor: Actor, now: dt.datetime) -> int:
    """The keyed hash of the sender's address kept on public forms' records for the rate limit
    (one hour); never written to the audit log, so there is nothing to redact there."""
    from thidua.commendations.models import Objection
    from thidua.examples.models import Example
    from thidua.surveys.models import Response

    limit = cutoff("client_key", now)
    if limit is None:
        return 0
    total = 0
    for model, unit_field in ((Objection, "notice__commune"), (Example, "unit"), (Response, "survey__unit")):
        due = model.objects.filter(created_at__lt=limit).exclude(client_key="")
        total += _purge_units(
            "client_key", due, actor=actor, unit_field=unit_field, values={"client_key": ""}
        )
    return total


@transaction.atomic
def login_addresses_purge(*, actor: Actor, now: dt.datetime) -> int:
    """django-axes' records of logins and failed logins (address, browser, username)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    access.check_actor(actor)
    limit = cutoff("login_address", now)
    if limit is None:
        return 0
    total = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        due = model.objects.filter(attempt_time__lt=limit)
        total += changes.purge(
            due,
            actor=actor,
            verb=VERB % "login_address",
            detail={"retention": "login_address"},
            record_ids=False,
        )
    return total


@transaction.atomic
def sessions_purge(*, actor: Actor, now: dt.datetime) -> int:
    """Sessions that expired before today (once a day, like the other classes)."""
    access.check_actor(actor)
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    due = Session.objects.filter(expire_date__lt=midnight)
    return changes.purge(
        due, actor=actor, verb=VERB % "session", detail={"retention": "session"}, record_ids=False
    )


def _evidence_purge(key: str, due: QuerySet, *, actor: Actor) -> int:
    from thidua.files.services import stored_files_release

    file_ids = set(due.values_list("file_id", flat=True))
    count = _purge_units(key, due, actor=actor, unit_field="nomination__commune", values=None)
    if count:
        stored_files_release(actor=actor, ids=file_ids)
    return count


@transaction.atomic
def evidence_purge(*, actor: Actor, now: dt.datetime) -> int:
    """Evidence files of nominations that ended without an award (not passed, withdrawn), and —
    only when RETENTION_EVIDENCE_AWARDED_DAYS is set — of awarded ones after the decision's date.
    A stored file still used by another record stays."""
    from thidua.commendations.models import Evidence, NominationState

    total = 0
    limit = cutoff("evidence_unawarded", now)
    if limit is not None:
        ended = (NominationState.NOT_PASSED, NominationState.WITHDRAWN)
        due = Evidence.objects.filter(nomination__state__in=ended, nomination__updated_at__lt=limit)
        total += _evidence_purge("evidence_unawarded", due, actor=actor)
    limit = cutoff("evidence_awarded", now)
    if limit is not None:
        due = Evidence.objects.filter(
            nomination__state=NominationState.DECIDED, nomination__award__decision__signed_on__lt=limit.date()
        )
        total += _evidence_purge("evidence_awarded", due, actor=actor)
    return total


PURGES = (
    ("objection_contact", objection_contacts_purge),
    ("example_reporter", example_reporters_purge),
    ("client_key", client_keys_purge),
    ("login_address", login_addresses_purge),
    ("session", sessions_purge),
    ("evidence", evidence_purge),
)


def purge_all(*, actor: Actor, now: dt.datetime) -> Iterator[tuple[str, int]]:
    """Every retention purge in turn, each in its own transaction: (class, records purged)."""
    for key, purge in PURGES:
        yield key, purge(actor=actor, now=now)
