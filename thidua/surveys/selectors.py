"""Reads of the surveys app, above all the results.

Statistics follow the SIPAS way of reporting: for each question the mean score (1–5) and the share
of answers that are "satisfied" (4 or 5); an element's index is the share of satisfied answers
among all answers to that element's questions; the overall index is the mean of the five element
indices, so an element with more questions does not weigh more.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from thidua import access
from thidua.access import Action
from thidua.surveys.models import Element, Question, Response, ScoreCount, ServiceCount, Survey, SurveyState
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
    """Counts, means and satisfied shares per question and element, read from the counts kept as
    responses arrive (`counts.py`): questions × 5 rows and one row per service, whatever the size."""
    counts: dict[int, list[int]] = {}
    for question_id, score, n in ScoreCount.objects.filter(survey=survey).values_list(
        "question_id", "score", "n"
    ):
        counts.setdefault(question_id, [0] * 5)[score - 1] = n
    elements = {code: ElementStat(code=code, label=str(label)) for code, label in Element.choices}
    for question in survey.questions.all():
        row = counts.get(question.pk, [0] * 5)
        elements[question.element].questions.append(
            QuestionStat(
                question=question,
                n=sum(row),
                total=sum(score * n for score, n in enumerate(row, start=1)),
                satisfied=sum(row[SATISFIED - 1 :]),
                counts=row,
            )
        )
    services = sorted(
        ServiceCount.objects.filter(survey=survey, n__gt=0).values_list("service", "n"),
        key=lambda row: (-row[1], row[0]),
    )
    return Results(
        survey=survey,
        responses=sum(n for _service, n in services),
        elements=[e for e in elements.values() if e.questions],
        services=services,
    )


def comments(survey: Survey) -> QuerySet[Response]:
    return survey.responses.exclude(expectations="", comments="").order_by("-created_at", "-id")


# A survey's response count is the sum of its services' counts (each response names one service).
_response_count = Coalesce(
    Subquery(
        ServiceCount.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(total=Sum("n"))
        .values("total")
    ),
    0,
)


def surveys_for(user) -> QuerySet[Survey]:
    return (
        access.filter_visible(user, Survey.objects.select_related("unit"))
        .annotate(n_responses=_response_count)
        .order_by("-period_start", "-id")
    )


def open_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(state=SurveyState.OPEN).select_related("unit").order_by("period_end", "id")


def managed_communes(user) -> QuerySet[Unit]:
    """Communes on which the user may run surveys (the choices of the new-survey form)."""
    visible = list(access.visible_units(user).filter(kind=UnitKind.COMMUNE).order_by("path")[:200])
    return Unit.objects.filter(id__in=[u.pk for u in visible if access.can(user, Action.SURVEY_MANAGE, u)])
