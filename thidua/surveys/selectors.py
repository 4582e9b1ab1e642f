"""Reads of the surveys app, above all the results.

Statistics follow the SIPAS way of reporting: for each question the mean score (1–5) and the share
of answers that are "satisfied" (4 or 5); an element's index is the share of satisfied answers
among all answers to that element's questions; the overall index is the mean of the five element
indices, so an element with more questions does not weigh more.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from thidua import access
from thidua.access import Action
from thidua.surveys.models import Answer, Element, Question, Response, Survey, SurveyState
from thidua.units.models import Unit, UnitKind

SATISFIED = 4


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _mean(total: int, n: int) -> Decimal | None:
    if not n:
        return None
    return (Decimal(total) / Decimal(n)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class QuestionStat:
    question: Question
    n: int
    total: int
    satisfied: int
    counts: list[int]  # answers per score 1..5

    @property
    def mean(self) -> Decimal | None:
        return _mean(self.total, self.n)

    @property
    def pct_satisfied(self) -> Decimal | None:
        return _pct(self.satisfied, self.n)


@dataclass
class ElementStat:
    code: str
    label: str
    questions: list[QuestionStat] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(q.n for q in self.questions)

    @property
    def mean(self) -> Decimal | None:
        return _mean(sum(q.total for q in self.questions), self.n)

    @property
    def index(self) -> Decimal | None:
        return _pct(sum(q.satisfied for q in self.questions), self.n)


@dataclass
class Results:
    survey: Survey
    responses: int
    elements: list[ElementStat]
    services: list[tuple[str, int]]

    @property
    def overall_index(self) -> Decimal | None:
        indices = [e.index for e in self.elements if e.index is not None]
        if not indices:
            return None
        return (sum(indices, Decimal(0)) / len(indices)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def results(survey: Survey) -> Results:
    """Counts, means and satisfied shares per question and element: three queries whatever the size."""
    rows = {
        row["question_id"]: row
        for row in Answer.objects.filter(response__survey=survey)
        .values("question_id")
        .annotate(
            n=Count("id"),
            total=Sum("score"),
            satisfied=Count("id", filter=Q(score__gte=SATISFIED)),
            **{f"s{i}": Count("id", filter=Q(score=i)) for i in range(1, 6)},
        )
        .order_by()
    }
    elements = {code: ElementStat(code=code, label=str(label)) for code, label in Element.choices}
    for question in survey.questions.all():
        row: Mapping[str, Any] = rows.get(question.pk, {})
        elements[question.element].questions.append(
            QuestionStat(
                question=question,
                n=row.get("n", 0),
                total=row.get("total") or 0,
                satisfied=row.get("satisfied", 0),
                counts=[row.get(f"s{i}", 0) for i in range(1, 6)],
            )
        )
    services = list(survey.responses.values_list("service").annotate(n=Count("id")).order_by("-n", "service"))
    return Results(
        survey=survey,
        responses=survey.responses.count(),
        elements=[e for e in elements.values() if e.questions],
        services=services,
    )


def comments(survey: Survey) -> QuerySet[Response]:
    return survey.responses.exclude(expectations="", comments="").order_by("-created_at", "-id")


def surveys_for(user) -> QuerySet[Survey]:
    return (
        access.filter_visible(user, Survey.objects.select_related("unit"))
        .annotate(n_responses=Count("responses"))
        .order_by("-period_start", "-id")
    )


def open_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(state=SurveyState.OPEN).select_related("unit").order_by("period_end", "id")


def managed_communes(user) -> QuerySet[Unit]:
    """Communes on which the user may run surveys (the choices of the new-survey form)."""
    visible = list(access.visible_units(user).filter(kind=UnitKind.COMMUNE).order_by("path")[:200])
    return Unit.objects.filter(id__in=[u.pk for u in visible if access.can(user, Action.SURVEY_MANAGE, u)])
