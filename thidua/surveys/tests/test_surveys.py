"""Surveys: the default question set, transitions, the public form, statistics, exports, permissions."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.lib.errors import ServiceError
from thidua.surveys import selectors, services
from thidua.surveys.models import Answer, Element, Response, Survey, SurveyState

pytestmark = pytest.mark.django_db

ALL = ["admin", "officer", "leader", "council", "representative", "viewer"]


def make_survey(tree, actor=SYSTEM, open_=True):
    survey = services.survey_create(
        actor=actor,
        unit=tree.commune,
        title="Khảo sát sự hài lòng quý I/2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
    )
    if open_:
        services.survey_open(actor=actor, survey=survey)
    return survey


def answer(survey, score_of, service=None, ip="10.0.0.1", **extra):
    """score_of(question) → score."""
    return services.response_submit(
        survey=survey,
        service=service or survey.service_list[0],
        scores={q.pk: score_of(q) for q in survey.questions.all()},
        ip=ip,
        **extra,
    )


def test_default_set_has_five_elements_in_order_with_questions(tree):
    survey = make_survey(tree, open_=False)
    elements = list(survey.questions.values_list("element", flat=True).distinct().order_by())
    assert set(elements) == set(Element.values)
    assert survey.questions.count() == sum(len(e["questions"]) for e in services.default_set()["elements"])
    assert [q.position for q in survey.questions.all()] == list(range(1, survey.questions.count() + 1))
    assert survey.service_list == services.default_set()["services"]


def test_open_and_close_are_audited_transitions(tree, personas):
    survey = make_survey(tree, actor=personas["officer"])
    services.survey_close(actor=personas["officer"], survey=survey)
    verbs = list(
        AuditEntry.objects.filter(model="surveys.survey", object_id=str(survey.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["tạo cuộc khảo sát", "mở khảo sát", "kết thúc khảo sát"]
    with pytest.raises(ServiceError, match="Không thể chuyển"):
        services.survey_open(actor=personas["officer"], survey=survey)


def test_leader_sees_results_but_cannot_open(tree, personas):
    survey = make_survey(tree, open_=False)
    with pytest.raises(PermissionDenied):
        services.survey_open(actor=personas["leader"], survey=survey)


def test_period_must_be_ordered_in_service_and_database(tree):
    with pytest.raises(ServiceError):
        services.survey_create(
            actor=SYSTEM,
            unit=tree.commune,
            title="x",
            period_start=dt.date(2025, 2, 1),
            period_end=dt.date(2025, 1, 1),
        )
    survey = make_survey(tree, open_=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(period_end=dt.date(2024, 1, 1))


def test_response_needs_every_question_a_valid_score_and_an_open_survey(tree):
    survey = make_survey(tree, open_=False)
    with pytest.raises(ServiceError, match="không còn nhận phiếu"):
        answer(survey, lambda q: 5)
    services.survey_open(actor=SYSTEM, survey=survey)
    first = survey.questions.first()
    with pytest.raises(ServiceError, match="đủ tất cả"):
        services.response_submit(survey=survey, service=survey.service_list[0], scores={first.pk: 5}, ip="1")
    with pytest.raises(ServiceError, match="từ 1 đến 5"):
        answer(survey, lambda q: 6)
    with pytest.raises(ServiceError, match="dịch vụ"):
        answer(survey, lambda q: 5, service="Không có trong danh sách")
    assert not Response.objects.exists() and not Answer.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        response = Response.objects.create(survey=survey, service="x")
        Answer.objects.create(response=response, question=first, score=0)


def test_statistics_per_question_element_and_overall(tree):
    survey = make_survey(tree)
    access_q = list(survey.questions.filter(element=Element.ACCESS))
    # Four responses: everything 5; everything 4; everything 2; access questions 1, the rest 3.
    answer(survey, lambda q: 5)
    answer(survey, lambda q: 4)
    answer(survey, lambda q: 2)
    answer(survey, lambda q: 1 if q.element == Element.ACCESS else 3, comments="Cần thêm ghế chờ")
    res = selectors.results(survey)
    assert res.responses == 4
    by_code = {e.code: e for e in res.elements}
    q = by_code["access"].questions[0]
    assert q.question == access_q[0]
    assert (q.n, q.mean, q.pct_satisfied, q.counts) == (4, Decimal("3.00"), Decimal("50.0"), [1, 1, 0, 1, 1])
    assert by_code["access"].index == Decimal("50.0")
    assert by_code["procedure"].mean == Decimal("3.50")  # (5 + 4 + 2 + 3) / 4
    # Every element has 2 of 4 responses satisfied, so the overall index is 50 %.
    assert res.overall_index == Decimal("50.0")
    assert [r.comments for r in selectors.comments(survey)] == ["Cần thêm ghế chờ"]


def test_overall_index_weighs_elements_equally(tree):
    survey = make_survey(tree)
    # Satisfied only on the civil servant (5 questions) and nothing else: 1 of 5 elements at 100 %.
    answer(survey, lambda q: 5 if q.element == Element.CIVIL_SERVANT else 1)
    res = selectors.results(survey)
    assert res.overall_index == Decimal("20.0")


def test_empty_survey_has_no_index(tree):
    res = selectors.results(make_survey(tree))
    assert res.responses == 0 and res.overall_index is None


def test_rate_limit_per_address(tree):
    survey = make_survey(tree)
    for _i in range(services.RESPONSES_PER_HOUR):
        answer(survey, lambda q: 4, ip="7.7.7.7")
    with pytest.raises(ServiceError, match="nhiều phiếu"):
        answer(survey, lambda q: 4, ip="7.7.7.7")
    answer(survey, lambda q: 4, ip="8.8.8.8")
    assert Response.objects.count() == services.RESPONSES_PER_HOUR + 1


# --- Views ------------------------------------------------------------------------------------


def _form_data(survey, score=5, **extra):
    data = {f"q{q.pk}": str(score) for q in survey.questions.all()}
    data.update({"service": survey.service_list[1], "expectations": "", "comments": "", "website": ""})
    data.update(extra)
    return data


def test_citizen_answers_without_login_and_one_submission_is_one_response(client, tree):
    survey = make_survey(tree)
    url = reverse("surveys:public", args=[survey.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Tiếp cận dịch vụ" in page.content.decode()
    response = client.post(url, _form_data(survey, 4, comments="Cán bộ nhiệt tình"))
    assert response.status_code == 302 and response["Location"] == reverse("surveys:thanks", args=[survey.pk])
    assert Response.objects.count() == 1
    assert Answer.objects.count() == survey.questions.count()
    assert client.get(response["Location"]).status_code == 200


def test_missing_answers_are_marked_next_to_the_question_and_nothing_saved(client, tree):
    survey = make_survey(tree)
    data = _form_data(survey)
    first = survey.questions.first()
    data.pop(f"q{first.pk}")
    response = client.post(reverse("surveys:public", args=[survey.pk]), data)
    assert response.status_code == 200
    assert "Vui lòng chọn mức hài lòng." in response.content.decode()
    assert not Response.objects.exists()


def test_forged_score_is_refused(client, tree):
    survey = make_survey(tree)
    response = client.post(reverse("surveys:public", args=[survey.pk]), _form_data(survey, 9))
    assert response.status_code == 200 and not Response.objects.exists()


def test_honeypot_refuses_bots(client, tree):
    survey = make_survey(tree)
    response = client.post(reverse("surveys:public", args=[survey.pk]), _form_data(survey, website="x"))
    assert response.status_code == 200 and not Response.objects.exists()


def test_rate_limit_through_the_form(client, tree):
    survey = make_survey(tree)
    url = reverse("surveys:public", args=[survey.pk])
    for _i in range(services.RESPONSES_PER_HOUR):
        assert client.post(url, _form_data(survey), REMOTE_ADDR="3.3.3.3").status_code == 302
    response = client.post(url, _form_data(survey), REMOTE_ADDR="3.3.3.3")
    assert response.status_code == 200 and "nhiều phiếu" in response.content.decode()


def test_draft_survey_is_not_public_and_closed_says_so(client, tree):
    draft = make_survey(tree, open_=False)
    assert client.get(reverse("surveys:public", args=[draft.pk])).status_code == 404
    closed = make_survey(tree)
    services.survey_close(actor=SYSTEM, survey=closed)
    response = client.post(reverse("surveys:public", args=[closed.pk]), _form_data(closed))
    assert "đã kết thúc" in response.content.decode() and not Response.objects.exists()


def test_portal_lists_open_surveys(client, tree):
    survey = make_survey(tree)
    body = client.get("/").content.decode()
    assert reverse("surveys:public", args=[survey.pk]) in body


def test_permission_matrix_of_staff_pages(client, personas, tree):
    survey = make_survey(tree, open_=False)
    pages = {
        reverse("surveys:list"): ALL + ["outsider"],
        reverse("surveys:create"): ["admin", "officer", "outsider"],
        reverse("surveys:detail", args=[survey.pk]): ["admin", "officer", "leader"],
        reverse("surveys:export_responses", args=[survey.pk]): ["admin", "officer", "leader"],
        reverse("surveys:export_summary", args=[survey.pk]): ["admin", "officer", "leader"],
    }
    for url, allowed in pages.items():
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
        for role, user in personas.items():
            client.force_login(user)
            status = client.get(url).status_code
            if role in allowed:
                expected = 200
            elif role in ("outsider", "representative") and "/new/" not in url:
                expected = 404  # the commune's survey is not visible from another commune or a hamlet
            else:
                expected = 403
            assert status == expected, (url, role, status)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "leader", "council", "viewer", "representative"])
def test_only_staff_open_and_close(client, personas, tree, role):
    survey = make_survey(tree, open_=False)
    if role != "anonymous":
        client.force_login(personas[role])
    expected = {"anonymous": 302, "outsider": 404, "representative": 404}.get(role, 403)
    assert client.post(reverse("surveys:open", args=[survey.pk])).status_code == expected
    survey.refresh_from_db()
    assert survey.state == SurveyState.DRAFT
    services.survey_open(actor=SYSTEM, survey=survey)
    assert client.post(reverse("surveys:close", args=[survey.pk])).status_code == expected
    survey.refresh_from_db()
    assert survey.state == SurveyState.OPEN


def test_officer_creates_opens_and_reads_results(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.post(
        reverse("surveys:create"),
        {
            "unit": tree.commune.pk,
            "title": "Khảo sát 2025",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "services": "",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.state == SurveyState.DRAFT
    client.post(reverse("surveys:open", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.state == SurveyState.OPEN
    answer(survey, lambda q: 5, comments="Rất tốt")
    body = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "Rất tốt" in body and "100,0 %" in body


def test_create_form_reports_bad_period_next_to_the_field(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.post(
        reverse("surveys:create"),
        {"unit": tree.commune.pk, "title": "x", "period_start": "2025-05-01", "period_end": "2025-01-01"},
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert not Survey.objects.exists()


def test_excel_exports_hold_every_response_and_the_summary(client, personas, tree):
    survey = make_survey(tree)
    answer(survey, lambda q: 5, comments='=HYPERLINK("http://x")')
    answer(survey, lambda q: 2)
    client.force_login(personas["leader"])
    data = client.get(reverse("surveys:export_responses", args=[survey.pk])).content
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][0] == "STT"
    n_questions = survey.questions.count()
    assert rows[1][3 : 3 + n_questions] == (5,) * n_questions
    assert rows[1][-1] == '=HYPERLINK("http://x")'
    assert ws.cell(row=2, column=len(rows[0])).data_type == "s"  # stays text, not a formula
    data = client.get(reverse("surveys:export_summary", args=[survey.pk])).content
    summary = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert summary[1][:2] == ("Số phiếu", 2)
    assert summary[2][1] == 50


def test_results_page_has_bounded_queries(client, personas, tree, django_assert_max_num_queries):
    survey = make_survey(tree)
    for i in range(20):
        answer(survey, lambda q, i=i: 1 + (q.position + i) % 5, comments=f"Góp ý {i}")
    client.force_login(personas["officer"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("surveys:detail", args=[survey.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("surveys:list")).status_code == 200


def test_officer_home_shows_open_survey_with_count(client, personas, tree):
    survey = make_survey(tree)
    answer(survey, lambda q: 4)
    client.force_login(personas["officer"])
    body = client.get("/").content.decode()
    assert survey.title in body and "1 phiếu" in body
    client.force_login(personas["viewer"])
    assert survey.title not in client.get("/").content.decode()
