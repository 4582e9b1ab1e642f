"""The results of a yearly review (sơ kết năm) or the final review (tổng kết) of a movement,
assembled from the data, and the Báo cáo sơ kết / tổng kết drafted from them.

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

# The parts of the report only people can write: the officer replaces these in the edit form.
PLACEHOLDER = "[CẦN BỔ SUNG: {}]"


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
    years = _years(movement, period)
    start, end = _span(movement, period)
    today = today or timezone.localdate()  # a duty is overdue once its date has passed

    rows, _raw, _reports = selectors.targets_at_latest(movement, {} if final else {"year": period.year})
    by_unit: dict[int, selectors.Group] = {}
    for row in rows:
        by_unit.setdefault(row.unit_id, selectors.Group(row.unit_id, row.unit_name)).completions.append(
            row.done
        )
    ranking = selectors.rank_groups(list(by_unit.values()))

    commitments = Commitment.objects.filter(movement=movement)
    duties = Duty.objects.filter(movement=movement).select_related("unit").order_by("due_date", "id")
    covenants = (
        Covenant.objects.filter(movement=movement).prefetch_related("units").order_by("signed_on", "id")
    )
    if not final:
        commitments = commitments.filter(year=period.year)
        duties = duties.filter(due_date__range=(start, end))
        covenants = covenants.filter(Q(signed_on__isnull=True) | Q(signed_on__lte=end))
    counts = dict(commitments.order_by().values("state").annotate(n=Count("id")).values_list("state", "n"))
    duty_list = list(duties)
    overdue = [d for d in duty_list if d.status != DutyStatus.DONE and d.due_date and d.due_date < today]

    return {
        "final": final,
        "years": years,
        "start": start,
        "end": end,
        "targets": [
            {
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
            for row in rows
        ],
        "overall": calc.as_percent(calc.rollup(row.done for row in rows)),
        "ranking": [
            {
                "rank": g.rank,
                "tied": g.tied,
                "unit": g.name,
                "percent": g.percent,
                "met": g.met,
                "total": g.total,
            }
            for g in ranking
        ],
        "commitments": {state: counts.get(state, 0) for state in CommitmentState.values},
        "duties": {
            "total": len(duty_list),
            "done": sum(1 for d in duty_list if d.status == DutyStatus.DONE),
            "overdue": [{"unit": d.unit.name, "text": d.text, "due": d.due_date} for d in overdue],
        },
        "covenants": [
            {"name": c.name, "signed_on": c.signed_on, "units": [u.name for u in c.units.all()]}
            for c in covenants
        ],
        "examples": _examples(movement, start, end),
        "awards": _awards(period),
    }


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


# --- the document ---------------------------------------------------------------------------


def _figure(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value:,}".replace(",", ".")


def period_label(movement: Movement, period: ReviewPeriod, results: dict) -> str:
    years = results["years"]
    if not results["final"] or len(years) < 2:
        return f"năm {years[0] if years else period.year}"
    return f"giai đoạn {years[0]}–{years[-1]}"


def _overview(movement: Movement, results: dict) -> list[str]:
    paragraphs = [PLACEHOLDER.format("công tác tổ chức, phát động, tuyên truyền phong trào")]
    c = results["commitments"]
    registered = sum(c.values())
    if registered:
        paragraphs.append(
            f"Có {registered} lượt đơn vị đăng ký thi đua: {c[CommitmentState.APPROVED]} được duyệt, "
            f"{c[CommitmentState.RETURNED]} trả lại để hoàn chỉnh, "
            f"{c[CommitmentState.SUBMITTED] + c[CommitmentState.DRAFT]} chưa duyệt."
        )
    duties = results["duties"]
    if duties["total"]:
        text = f"Hoàn thành {duties['done']}/{duties['total']} nhiệm vụ được phân công"
        if duties["overdue"]:
            late = "; ".join(f"{d['unit']}: {d['text']}" for d in duties["overdue"])
            text += f"; {len(duties['overdue'])} nhiệm vụ quá hạn chưa hoàn thành ({late})"
        paragraphs.append(text + ".")
    for covenant in results["covenants"]:
        signed = " " + format_date_long(covenant["signed_on"]) if covenant["signed_on"] else ""
        paragraphs.append(
            f"Giao ước thi đua “{covenant['name']}”{signed} giữa: {', '.join(covenant['units'])}."
        )
    if results["overall"] is not None:
        paragraphs.append(f"Mức hoàn thành bình quân các chỉ tiêu: {results['overall']}%.")
    awards = results["awards"]
    if awards:
        paragraphs.append(
            "Khen thưởng: "
            + "; ".join(
                f"{a['award']} cho {a['name']}"
                + (f" (Quyết định số {a['decision']})" if a["decision"] else "")
                for a in awards
            )
            + "."
        )
    return paragraphs


def review_model(movement: Movement, period: ReviewPeriod, results: dict):
    """The Báo cáo sơ kết / tổng kết built with `documents.templates_lib.review_report`.

    The percent and the verdict of each target come from the movement's own completion rules (a
    decrease target is met by going down), the ranking with its shared ranks from the dashboard.
    """
    from thidua.documents.model import Signer
    from thidua.documents.templates_lib import review_report
    from thidua.movements.paperwork import _signer_titles, issuer_lines

    issuer, parent_issuer, place = issuer_lines(movement.unit)
    final = results["final"]
    label = period_label(movement, period, results)
    many_years = len({t["year"] for t in results["targets"]}) > 1
    targets = [
        {
            "name": f"{t['name']} – {t['unit']}" + (f" ({t['year']})" if many_years else ""),
            "target": t["target"],
            "actual": t["actual"] or 0,
            "actual_text": None if t["reported"] else "Chưa báo cáo",
            "percent": t["percent"],
            "met": t["met"],
            "unit": t["measure"],
        }
        for t in results["targets"]
    ]
    next_label = f"năm {period.year + 1}" if not final else "giai đoạn tới"
    bases = []
    if movement.plan_label:
        bases.append(f"Căn cứ {movement.plan_label} về phát động phong trào thi đua “{movement.name}”")
    return review_report(
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=None,
        movement=movement.name,
        period=label,
        final=final,
        bases=bases,
        results={
            "overview": _overview(movement, results),
            "targets": targets,
            "ranking": [
                {
                    "rank": r["rank"],
                    "tied": r["tied"],
                    "unit": r["unit"],
                    "percent": r["percent"],
                    "met": f"{r['met']}/{r['total']}",
                }
                for r in results["ranking"]
            ],
            "good_examples": [
                {"name": e["name"] or e["kind"], "unit": e["unit"], "deed": e["title"]}
                for e in results["examples"]
            ],
            "strengths": [PLACEHOLDER.format("ưu điểm")],
            "weaknesses": [PLACEHOLDER.format("hạn chế, nguyên nhân")],
            "lessons": [PLACEHOLDER.format("bài học kinh nghiệm")],
            "next_label": next_label,
            "next_steps": [PLACEHOLDER.format(f"phương hướng, nhiệm vụ {next_label}")],
        },
        signer=Signer(title_lines=_signer_titles(movement.unit)),
        recipients=movement.recipient_lines(),
    )
