"""The results' counts kept as responses arrive: answers per question and score, responses per
service used. Only the surveys services call these, inside their own transaction.

Increments are `n = n + 1` in the database (never a read-then-write in Python), so answers arriving
in parallel cannot lose a count; `response_submit` also holds the survey's row lock, so the rows a
first response creates cannot be created twice.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Count, F, Model, Q

from thidua.surveys.models import Answer, Response, ScoreCount, ServiceCount


def response_count(*, survey_id: int, service: str, scores: dict[int, int]) -> None:
    """Count one response: one more for its service, one more for each (question, score) given."""
    _bump(ScoreCount, survey_id, ("question_id", "score"), list(scores.items()))
    _bump(ServiceCount, survey_id, ("service",), [(service,)])


def _bump(model: type[Model], survey_id: int, fields: tuple[str, ...], keys: list[tuple]) -> None:
    """n += 1 on the row of each key (distinct keys) in one UPDATE; missing rows are created at 1."""
    match = reduce(or_, (Q(**dict(zip(fields, key, strict=True))) for key in keys))
    rows = model._default_manager.filter(match, survey_id=survey_id)  # type: ignore[attr-defined]
    if rows.update(n=F("n") + 1) == len(keys):
        return
    existing = set(rows.values_list(*fields))
    model._default_manager.bulk_create(  # type: ignore[attr-defined]
        [
            model(survey_id=survey_id, n=1, **dict(zip(fields, key, strict=True)))
            for key in keys
            if tuple(key) not in existing
        ]
    )


def counted(survey_ids: Iterable[int]) -> tuple[dict[int, dict], dict[int, dict]]:
    """What the counts should be, from the answers and responses themselves, per survey:
    ({survey: {(question, score): n}}, {survey: {(service,): n}})."""
    ids = list(survey_ids)
    scores: dict[int, dict] = {pk: {} for pk in ids}
    for survey, question, score, n in (
        Answer.objects.filter(response__survey_id__in=ids)
        .values_list("response__survey_id", "question_id", "score")
        .annotate(n=Count("id"))
        .order_by()
    ):
        scores[survey][(question, score)] = n
    services: dict[int, dict] = {pk: {} for pk in ids}
    for survey, service, n in (
        Response.objects.filter(survey_id__in=ids)
        .values_list("survey_id", "service")
        .annotate(n=Count("id"))
        .order_by()
    ):
        services[survey][(service,)] = n
    return scores, services


def stored(survey_ids: Iterable[int]) -> tuple[dict[int, dict], dict[int, dict]]:
    """The counts as kept, in the shape of `counted` (rows at zero left out)."""
    ids = list(survey_ids)
    scores: dict[int, dict] = {pk: {} for pk in ids}
    for survey, question, score, n in ScoreCount.objects.filter(survey_id__in=ids, n__gt=0).values_list(
        "survey_id", "question_id", "score", "n"
    ):
        scores[survey][(question, score)] = n
    services: dict[int, dict] = {pk: {} for pk in ids}
    for survey, service, n in ServiceCount.objects.filter(survey_id__in=ids, n__gt=0).values_list(
        "survey_id", "service", "n"
    ):
        services[survey][(service,)] = n
    return scores, services


def recount(survey_ids: Iterable[int]) -> list[int]:
    """Replace the kept counts of these surveys by the ones counted from the answers; returns the
    surveys whose counts were wrong (and are now right)."""
    ids = list(survey_ids)
    want_scores, want_services = counted(ids)
    have_scores, have_services = stored(ids)
    wrong = [pk for pk in ids if (want_scores[pk], want_services[pk]) != (have_scores[pk], have_services[pk])]
    if not wrong:
        return []
    ScoreCount.objects.filter(survey_id__in=wrong).delete()
    ServiceCount.objects.filter(survey_id__in=wrong).delete()
    ScoreCount.objects.bulk_create(
        [
            ScoreCount(survey_id=pk, question_id=question, score=score, n=n)
            for pk in wrong
            for (question, score), n in want_scores[pk].items()
        ],
        batch_size=1000,
    )
    ServiceCount.objects.bulk_create(
        [
            ServiceCount(survey_id=pk, service=service, n=n)
            for pk in wrong
            for (service,), n in want_services[pk].items()
        ],
        batch_size=1000,
    )
    return wrong
