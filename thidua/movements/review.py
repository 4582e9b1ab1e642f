"""The results of a yearly review (sơ kết năm) or the final review (tổng kết) of a movement,
assembled from the data; `papers.review_model` drafts the Báo cáo sơ kết / tổng kết from them.

Completion and ranking are those of the dashboard (`selectors.targets_at_latest`,
`selectors.rank_groups`): a yearly review shows exactly the dashboard's figures for its year; the
final review takes the targets of every year together, each weighing the same (the roll-up rule
of `completion.py`). Commendations and good examples are read when those apps have data; every
part is empty when they have none.

The document text is Vietnamese whatever the interface language: it is the administrative
document itself, not a screen.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from thidua.lib.vn import format_date_long
from thidua.movements import completion as calc
from thidua.movements import selectors
from thidua.movements.models import (
    Commitment,
    CommitmentState,
    Covenant,
    Duty,
    DutyStatus,
    Movement,
    PeriodKind,
    ReviewPeriod,
)

REVIEW_KINDS = (PeriodKind.YEAR, PeriodKind.FINAL)


def _years(movement: Movement, period: ReviewPeriod) -> list[int]:
    if period.kind == PeriodKind.FINAL:
        return selectors.movement_years(movement)
    return [period.year]


def _span(movement: Movement, period: ReviewPeriod) -> tuple[dt.date, dt.date]:
    if period.kind == PeriodKind.FINAL:
        return min(period.start, movement.period_start), max(period.end, movement.period_end)
    return period.start, period.end


def _decimal(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def review_results(movement: Movement, period: ReviewPeriod, *, today: dt.date | None = None) -> dict:
    """Everything the Báo cáo sơ kết / tổng kết states from the data, as plain values.

    Keys: final, years, start, end, targets, overall, ranking, commitments, duties, covenants,
    examples, awards. A bounded number of queries whatever the data size.
    """
    if period.kind not in REVIEW_KINDS:
        raise ValueError(f"period {period.pk} is not a yearly or final review")
    final = period.kind == PeriodKind.FINAL
    start, end = _span(movement, period)
    # The latest figure of each target as the dashboard's read model keeps it: the report reads
    # as many rows as there are targets, whatever the years of history.
    rows = selectors.targets_at_standing(movement, {} if final else {"year": period.year})
    return {
        "final": final,
        "years": _years(movement, period),
        "start": start,
        "end": end,
        "targets": [_target(row) for row in rows],
        "overall": calc.as_percent(calc.rollup(row.done for row in rows)),
        "ranking": _ranking(rows),
        "commitments": _commitments(movement, None if final else period.year),
        # A duty is overdue once its date has passed.
        "duties": _duties(movement, None if final else (start, end), today or timezone.localdate()),
        "covenants": _covenants(movement, None if final else end),
        "examples": _examples(movement, start, end),
        "awards": _awards(period),
    }


def _target(row) -> dict:
    return {
        "name": row.indicator_name,
        "unit": row.unit_name,
        "year": row.year,
        "measure": row.measure,
        "direction": row.direction,
        "target": _decimal(row.target),
        "actual": _decimal(row.value),
        "reported": row.value is not None,
        "percent": row.done.real_percent,
        "met": row.done.met,
    }


def _ranking(rows) -> list[dict]:
    """Units ranked by completion, as on the dashboard."""
    by_unit: dict[int, selectors.Group] = {}
    for row in rows:
        by_unit.setdefault(row.unit_id, selectors.Group(row.unit_id, row.unit_name)).completions.append(
            row.done
        )
    return [
        {"rank": g.rank, "tied": g.tied, "unit": g.name, "percent": g.percent, "met": g.met, "total": g.total}
        for g in selectors.rank_groups(list(by_unit.values()))
    ]


def _commitments(movement: Movement, year: int | None) -> dict[str, int]:
    """How many registrations are in each state (of the year, or of every year)."""
    commitments = Commitment.objects.filter(movement=movement)
    if year is not None:
        commitments = commitments.filter(year=year)
    counts = dict(commitments.order_by().values("state").annotate(n=Count("id")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in CommitmentState.values}


def _duties(movement: Movement, span: tuple[dt.date, dt.date] | None, today: dt.date) -> dict:
    """Duties due within the span (or all of them): how many, how many done, which are overdue."""
    duties = Duty.objects.filter(movement=movement).select_related("unit").order_by("due_date", "id")
    if span is not None:
        duties = duties.filter(due_date__range=span)
    duty_list = list(duties)
    overdue = [d for d in duty_list if d.status != DutyStatus.DONE and d.due_date and d.due_date < today]
    return {
        "total": len(duty_list),
        "done": sum(1 for d in duty_list if d.status == DutyStatus.DONE),
        "overdue": [{"unit": d.unit.name, "text": d.text, "due": d.due_date} for d in overdue],
    }


def _covenants(movement: Movement, end: dt.date | None) -> list[dict]:
    """Covenants signed by the end of the review (or all of them), with their units."""
    covenants = (
        Covenant.objects.filter(movement=movement).prefetch_related("units").order_by("signed_on", "id")
    )
    if end is not None:
        covenants = covenants.filter(Q(signed_on__isnull=True) | Q(signed_on__lte=end))
    return [
        {"name": c.name, "signed_on": c.signed_on, "units": [u.name for u in c.units.all()]}
        for c in covenants
    ]


def _examples(movement: Movement, start: dt.date, end: dt.date) -> list[dict]:
    """Good examples of the movement published within the review's span."""
    from thidua.examples.models import Example, ExampleState

    examples = (
        Example.objects.filter(
            movement=movement,
            state=ExampleState.PUBLISHED,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .select_related("unit", "person", "collective")
        .order_by("published_at", "id")
    )
    return [
        {
            "title": e.title,
            "kind": e.get_kind_display(),
            "name": e.person.full_name if e.person else (e.collective.name if e.collective else ""),
            "unit": e.unit.name,
        }
        for e in examples
    ]


def _awards(period: ReviewPeriod) -> list[dict]:
    """Awards decided for this review: signed decisions (or grants recorded from outside), not annulled."""
    from thidua.commendations.models import Award, Decision

    awards = (
        Award.objects.filter(review_period=period, annulled=False)
        .filter(Q(decision__isnull=True) | Q(decision__state=Decision.State.SIGNED))
        .select_related("award_type", "decision")
        .order_by("award_type__rank", "recipient_name", "id")
    )
    result = []
    for a in awards:
        decision = ""
        if a.decision is not None:
            decision = a.decision.number_label or str(a.decision.number or "")
            if a.decision.signed_on:
                decision += " " + format_date_long(a.decision.signed_on)
        result.append(
            {
                "name": a.recipient_name,
                "award": a.award_type.name,
                "decision": (decision or a.external_ref).strip(),
            }
        )
    return result
