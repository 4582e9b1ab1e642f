"""Figures of a unit's subtree imported from a workbook at once (the reading and the per-cell
report live in `movements.workbook`; this is where they are saved)."""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit.services import AuditAction, AuditItem, audit_record_items, snapshot
from thidua.lib.bulk import insert_many
from thidua.lib.errors import ServiceError
from thidua.movements.models import Participation, ProgressReport, ReviewPeriod, Target
from thidua.movements.services.figures import check_report
from thidua.movements.services.standings import standings_refresh
from thidua.units.models import Unit


class ImportedFigure(NamedTuple):
    """One figure read from a workbook, checked by `check_report`, ready to be saved."""

    target: Target
    period: ReviewPeriod
    value: Decimal
    as_of: dt.date | None
    note: str


@transaction.atomic
def progress_report_import(*, actor: Actor, unit: Unit, figures: list[ImportedFigure]) -> tuple[int, int]:
    """Figures of `unit`'s subtree read from a workbook, all saved or none; (created, updated).

    One upsert for thousands of rows (evidence files are kept), the read model refreshed, then the
    audit entries in bulk (one per figure, chained): the per-record `changes` helpers would take
    minutes for a large workbook. No query per row.
    """
    access.require_actor(actor, Action.PROGRESS_REPORT, unit)
    if not figures:
        return 0, 0
    participating = set(
        Participation.objects.filter(
            movement_id__in={f.target.movement_id for f in figures}, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )
    today = timezone.localdate()
    for f in figures:
        if not f.target.unit.is_within(unit):
            raise ServiceError(_("Chỉ tiêu không thuộc đơn vị này."), field="unit")
        errors = check_report(
            target=f.target,
            period=f.period,
            value=f.value,
            as_of=f.as_of,
            participating=f.target.unit_id in participating,
            today=today,
        )
        if errors:
            field, message = next(iter(errors.items()))
            raise ServiceError(message, field=field)
    existing = _stored_figures(figures)
    rows = _upsert_reports(actor, figures)
    standings_refresh({f.target.pk for f in figures})
    label = ProgressReport._meta.label_lower
    items = [
        AuditItem(
            label,
            str(r.id),
            str(r)[:255],
            r.target.unit,
            *_audited(r, existing.get((r.target_id, r.period_id))),
        )
        for r in rows
    ]
    audit_record_items(actor=actor, action=AuditAction.IMPORT, items=items, verb="nhập số liệu từ Excel")
    updated = sum(1 for r in rows if (r.target_id, r.period_id) in existing)
    return len(rows) - updated, updated


# What an import writes of a figure that was already reported; the entry's own actor and time say
# who reported it and when.
_IMPORTED = ("value", "as_of", "note", "reported_by_id")


def _stored_figures(figures: list[ImportedFigure]) -> dict[tuple[int, int], dict]:
    """The figures already reported for these (target, period) pairs, as the audit shows them."""
    return {
        (target, period): dict(zip(_IMPORTED, values, strict=True))
        for target, period, *values in ProgressReport.objects.filter(
            target_id__in={f.target.pk for f in figures}, period_id__in={f.period.pk for f in figures}
        ).values_list("target_id", "period_id", *_IMPORTED)
    }


class _Written:
    """An imported figure as written: the columns of a `ProgressReport` (what `snapshot` and its
    `__str__` read) without building a model instance per row."""

    _meta = ProgressReport._meta
    __str__ = ProgressReport.__str__

    def __init__(self, figure: ImportedFigure, reported_by_id: int | None, reported_at: dt.datetime):
        self.id: int | None = None
        self.target, self.target_id = figure.target, figure.target.pk
        self.period, self.period_id = figure.period, figure.period.pk
        self.value, self.as_of, self.note = figure.value, figure.as_of, figure.note
        self.evidence_id: int | None = None
        self.reported_by_id, self.reported_at = reported_by_id, reported_at
        self.first_reported_at = reported_at  # written for a new figure only


def _audited(report: _Written, before: dict | None) -> tuple[dict | None, dict]:
    """(before, after) of one imported figure: the whole record when new, else what changed."""
    if before is None:
        return None, snapshot(report)  # type: ignore[arg-type]
    changed = [name for name in _IMPORTED if getattr(report, name) != before[name]]
    return {name: before[name] for name in changed}, {name: getattr(report, name) for name in changed}


# The columns an import writes; a figure's evidence file is left as it is.
_WRITTEN = ("target", "period", "value", "as_of", "note", "reported_by", "reported_at")


def _upsert_reports(actor: Actor, figures: list[ImportedFigure]) -> list[_Written]:
    """Every figure written in one INSERT … ON CONFLICT DO UPDATE (`lib.bulk.insert_many`), then
    their ids read back at once."""
    user_id = actor.pk if isinstance(actor, User) else None
    now = timezone.now()
    rows = [_Written(f, user_id, now) for f in figures]
    insert_many(
        ProgressReport, rows, (*_WRITTEN, "first_reported_at"), conflict=_WRITTEN[:2], update=_WRITTEN[2:]
    )
    ids = {
        (t, p): pk
        for pk, t, p in ProgressReport.objects.filter(
            target_id__in={r.target_id for r in rows}, period_id__in={r.period_id for r in rows}
        ).values_list("id", "target_id", "period_id")
    }
    for r in rows:
        r.id = ids[(r.target_id, r.period_id)]
    return rows
