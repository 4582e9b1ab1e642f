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
from thidua.audit.services import AuditAction, audit_record_many, snapshot
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

    One upsert for thousands of rows (evidence files are kept), then the audit entries in bulk:
    the per-record `changes` helpers would take minutes for a large workbook.
    """
    access.require_actor(actor, Action.PROGRESS_REPORT, unit)
    if not figures:
        return 0, 0
    participating = set(
        Participation.objects.filter(
            movement_id__in={f.target.movement_id for f in figures}, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )
    for f in figures:
        if not f.target.unit.is_within(unit):
            raise ServiceError(_("Chỉ tiêu không thuộc đơn vị này."), field="unit")
        errors = check_report(
            target=f.target,
            period=f.period,
            value=f.value,
            as_of=f.as_of,
            participating=f.target.unit_id in participating,
        )
        if errors:
            field, message = next(iter(errors.items()))
            raise ServiceError(message, field=field)
    existing = _stored_figures(figures)
    reports = _upsert_reports(actor, figures)
    standings_refresh({f.target.pk for f in figures})
    items = [(r, r.target.unit, *_audited(r, existing.get((r.target_id, r.period_id)))) for r in reports]
    audit_record_many(actor=actor, action=AuditAction.IMPORT, items=items, verb="nhập số liệu từ Excel")
    updated = sum(1 for r in reports if (r.target_id, r.period_id) in existing)
    return len(reports) - updated, updated


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


def _audited(report: ProgressReport, before: dict | None) -> tuple[dict | None, dict]:
    """(before, after) of one imported figure: the whole record when new, else what changed."""
    if before is None:
        return None, snapshot(report)
    changed = [name for name in _IMPORTED if getattr(report, name) != before[name]]
    return {name: before[name] for name in changed}, {name: getattr(report, name) for name in changed}


# The columns an import writes; a figure's evidence file is left as it is.
_WRITTEN = ("target", "period", "value", "as_of", "note", "reported_by", "reported_at")


def _upsert_reports(actor: Actor, figures: list[ImportedFigure]) -> list[ProgressReport]:
    """Every figure written in one INSERT … ON CONFLICT DO UPDATE (`lib.bulk.insert_many`), then
    their ids read back at once."""
    user = actor if isinstance(actor, User) else None
    now = timezone.now()
    reports = [
        ProgressReport(
            target=f.target,
            period=f.period,
            value=f.value,
            as_of=f.as_of,
            note=f.note,
            reported_by=user,
            reported_at=now,
        )
        for f in figures
    ]
    insert_many(ProgressReport, reports, _WRITTEN, conflict=_WRITTEN[:2], update=_WRITTEN[2:])
    ids = {
        (t, p): pk
        for pk, t, p in ProgressReport.objects.filter(
            target_id__in={r.target_id for r in reports}, period_id__in={r.period_id for r in reports}
        ).values_list("id", "target_id", "period_id")
    }
    for r in reports:
        r.pk = ids[(r.target_id, r.period_id)]
    return reports
