"""The results' counts kept as responses arrive: equal to counting the answers again, whatever the
answers, in parallel too, and rebuilt by `thidua surveys-recount` and by the migration."""

import importlib
import io
import threading

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.surveys import counts, selectors, services
from thidua.surveys.models import ScoreCount, ServiceCount
from thidua.surveys.tests.test_surveys import make_survey

pytestmark = pytest.mark.django_db

QUESTIONS = sum(len(e["questions"]) for e in services.default_set()["elements"])
SERVICES = len(services.default_set()["services"])


def submit(survey, questions, service: int, scores: list[int], ip: str = "10.0.0.1"):
    return services.response_submit(
        survey=survey,
        service=survey.service_list[service],
        scores={q.pk: s for q, s in zip(questions, scores, strict=True)},
        ip=ip,
        check_rate=False,
    )


def kept_equals_counted(survey) -> bool:
    return counts.stored([survey.pk]) == counts.counted([survey.pk])


def figures(res) -> tuple:
    """Everything the results page shows, comparable."""
    return (
        res.responses,
        res.overall_index,
        res.services,
        [
            (e.code, e.n, e.mean, e.index, [(q.question.pk, q.counts, q.mean) for q in e.questions])
            for e in res.elements
        ],
    )


responses = st.lists(
    st.tuples(
        st.integers(0, SERVICES - 1),
        st.lists(st.integers(1, 5), min_size=QUESTIONS, max_size=QUESTIONS),
    ),
    max_size=8,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=responses, spoil=st.sampled_from(["none", "drop", "double", "stray"]))
def test_counts_kept_as_responses_arrive_equal_a_rebuild_from_the_answers(tree, answers, spoil):
    with transaction.atomic():
        survey = make_survey(tree)
        questions = list(survey.questions.all())
        for service, scores in answers:
            submit(survey, questions, service, scores)
        assert kept_equals_counted(survey)
        incremental = figures(selectors.results(survey))
        assert incremental[0] == len(answers)
        assert services.survey_counts_rebuild(actor=SYSTEM) == []
        # Counts damaged (a restore gone wrong, a hand edit): the rebuild finds and mends them.
        if spoil == "drop":
            ScoreCount.objects.filter(survey=survey).delete()
        elif spoil == "double":
            ServiceCount.objects.filter(survey=survey).update(n=F("n") * 2)
        elif spoil == "stray":
            ServiceCount.objects.create(survey=survey, service="Dịch vụ đã bỏ", n=4)
        corrected = services.survey_counts_rebuild(actor=SYSTEM, surveys=[survey])
        damaged = spoil == "stray" or (spoil != "none" and bool(answers))
        assert corrected == ([survey] if damaged else [])
        assert kept_equals_counted(survey)
        assert figures(selectors.results(survey)) == incremental
        transaction.set_rollback(True)


def test_a_response_adds_one_update_per_kind_of_count_once_rows_exist(tree):
    survey = make_survey(tree)
    questions = list(survey.questions.all())
    submit(survey, questions, 0, [4] * QUESTIONS)
    with CaptureQueriesContext(connection) as ctx:
        submit(survey, questions, 0, [4] * QUESTIONS, ip="10.0.0.2")
    touching = [q["sql"] for q in ctx.captured_queries if "surveys_scorecount" in q["sql"]]
    assert len(touching) == 1 and touching[0].startswith("UPDATE")
    assert set(ScoreCount.objects.filter(survey=survey).values_list("score", "n")) == {(4, 2)}
    assert list(ServiceCount.objects.filter(survey=survey).values_list("n", flat=True)) == [2]


def test_results_page_reads_the_counts_never_the_answers(client, personas, tree):
    survey = make_survey(tree)
    questions = list(survey.questions.all())
    for i in range(5):
        submit(survey, questions, i % SERVICES, [1 + i] * QUESTIONS)
    client.force_login(personas["officer"])
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert not [q["sql"] for q in ctx.captured_queries if "surveys_answer" in q["sql"]]
    assert 'id="sv-count">5<' in body
    assert f"{survey.service_list[0]}: 1" in body


def test_list_counts_responses_from_the_counts(client, personas, tree):
    survey = make_survey(tree)
    questions = list(survey.questions.all())
    for i in range(3):
        submit(survey, questions, i, [5] * QUESTIONS)
    assert selectors.surveys_for(personas["officer"]).get(pk=survey.pk).n_responses == 3
    make_survey(tree)  # none yet
    assert sorted(s.n_responses for s in selectors.surveys_for(personas["officer"])) == [0, 3]


def test_recount_command_mends_wrong_counts_and_says_so_once_in_the_audit(tree):
    survey = make_survey(tree)
    questions = list(survey.questions.all())
    submit(survey, questions, 0, [2] * QUESTIONS)
    out = io.StringIO()
    call_command("surveys_recount", stdout=out)
    assert "đã đúng" in out.getvalue()
    assert not AuditEntry.objects.filter(verb="đếm lại kết quả khảo sát").exists()
    ScoreCount.objects.filter(survey=survey, question=questions[0]).update(n=7)
    out = io.StringIO()
    call_command("surveys_recount", "--survey", str(survey.pk), stdout=out)
    assert f"#{survey.pk}" in out.getvalue()
    assert kept_equals_counted(survey)
    entry = AuditEntry.objects.get(verb="đếm lại kết quả khảo sát")
    assert entry.after == {"surveys": [survey.pk]}


def test_the_migration_counts_the_responses_a_database_already_holds(tree):
    survey = make_survey(tree)
    questions = list(survey.questions.all())
    for i in range(4):
        submit(survey, questions, i % 2, [1 + (i + q) % 5 for q in range(QUESTIONS)])
    ScoreCount.objects.all().delete()
    ServiceCount.objects.all().delete()
    migration = importlib.import_module("thidua.surveys.migrations.0003_fill_counts")
    migration.fill(apps, None)
    assert kept_equals_counted(survey)
    assert selectors.results(survey).responses == 4


@pytest.mark.django_db(transaction=True)
def test_parallel_answers_lose_no_count(tree):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a file database: run with scripts/with-postgres.sh")
    survey = make_survey(tree)
    questions = list(survey.questions.all())
    threads_n = 8
    start = threading.Barrier(threads_n)
    outcomes: list[object] = []

    def answer(i: int) -> None:
        try:
            start.wait()
            for j in range(3):
                submit(
                    survey, questions, (i + j) % SERVICES, [1 + (i + j) % 5] * QUESTIONS, ip=f"10.0.{i}.{j}"
                )
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes == ["ok"] * threads_n
    assert kept_equals_counted(survey)
    res = selectors.results(survey)
    assert res.responses == 3 * threads_n
    assert all(q.n == 3 * threads_n for e in res.elements for q in e.questions)
