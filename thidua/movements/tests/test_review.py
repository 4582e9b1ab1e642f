"""Sơ kết / tổng kết: the review's results read from the data, and the report drafted from them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.commendations.models import Award, AwardType, Decision
from thidua.documents.models import Document, DocumentState
from thidua.documents.render_text import render_text
from thidua.documents.services import document_issue
from thidua.examples.models import Example, ExampleKind, ExampleState
from thidua.movements import selectors, services
from thidua.movements.models import Cadence, DutyStatus, PeriodKind, ReviewPeriod
from thidua.movements.review import review_results

from .test_views import client_for, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(tree, personas, indicators):
    """A yearly-cadence commune movement over 2025–2026 with targets and figures in both years."""
    officer = personas["officer"]
    m = services.movement_create(
        actor=officer,
        unit=tree.commune,
        name="Chung sức xây dựng nông thôn mới",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
        cadence=Cadence.YEARLY,
        plan_number="12/KH-UBND",
        plan_date=dt.date(2025, 1, 5),
    )
    services.movement_launch(actor=personas["leader"], movement=m)
    services.movement_start(actor=officer, movement=m)
    m.refresh_from_db()
    y2025, y2026 = (m.periods.get(name=f"Sơ kết năm {y}") for y in (2025, 2026))

    def target(unit, year, indicator, value, reported):
        t = services.target_set(
            actor=officer,
            movement=m,
            unit=unit,
            year=year,
            indicator=indicators[indicator],
            value=Decimal(value),
        )
        if reported is not None:
            services.progress_report(
                actor=officer, target=t, period=y2025 if year == 2025 else y2026, value=Decimal(reported)
            )
        return t

    target(tree.hamlet, 2025, "income", 50, 45)  # (45-40)/(50-40) = 50 %
    target(tree.hamlet, 2025, "poor", 3, 2)  # met by going down: (5-2)/(5-3) = 150 %
    target(tree.hamlet2, 2025, "income", 50, 52)  # 120 %, capped 100 % in roll-ups
    target(tree.hamlet, 2026, "income", 55, 55)
    target(tree.hamlet2, 2026, "income", 55, None)  # not reported: 0 %
    return m


def _period(movement, kind, year=None):
    if kind == PeriodKind.FINAL:
        return movement.periods.get(kind=kind)
    return movement.periods.get(kind=kind, end__year=year)


def test_yearly_results_match_the_dashboard_of_that_year(two_years):
    results = review_results(two_years, _period(two_years, PeriodKind.YEAR, 2025))
    board = selectors.dashboard(two_years, year=2025, today=dt.date(2026, 3, 1), viewer=SYSTEM)
    assert results["years"] == [2025] and not results["final"]
    assert [(t["name"], t["unit"], t["percent"], t["met"]) for t in results["targets"]] == [
        (r.indicator_name, r.unit_name, r.done.real_percent, r.done.met) for r in board.targets
    ]
    assert results["overall"] == board.overall
    assert [(r["rank"], r["unit"], r["percent"]) for r in results["ranking"]] == [
        (g.rank, g.name, g.percent) for g in board.by_unit
    ]
    poor = next(t for t in results["targets"] if t["name"] == "Tỷ lệ hộ nghèo")
    assert poor["percent"] == 150 and poor["met"]
    assert {t["year"] for t in results["targets"]} == {2025}


def test_final_review_covers_every_year_and_ranks_by_the_same_rule(two_years, tree):
    results = review_results(two_years, _period(two_years, PeriodKind.FINAL))
    assert results["final"] and results["years"] == [2025, 2026]
    assert len(results["targets"]) == 5
    assert {t["year"] for t in results["targets"]} == {2025, 2026}
    # Ấp 1: 50 %, 100 %, 100 % → 83 %; Ấp 2: 100 % (capped), 0 % → 50 %.
    by_unit = {r["unit"]: r for r in results["ranking"]}
    assert by_unit[tree.hamlet.name]["percent"] == 83 and by_unit[tree.hamlet.name]["rank"] == 1
    assert by_unit[tree.hamlet2.name]["percent"] == 50 and by_unit[tree.hamlet2.name]["rank"] == 2
    assert results["overall"] == 70


def test_every_part_is_empty_safe_without_data(movement):
    final = _period(movement, PeriodKind.FINAL)
    results = review_results(movement, final)
    assert results["targets"] == [] and results["ranking"] == [] and results["overall"] is None
    assert results["examples"] == [] and results["awards"] == [] and results["covenants"] == []
    assert results["duties"] == {"total": 0, "done": 0, "overdue": []}
    assert set(results["commitments"].values()) == {0}


def test_commitments_duties_and_covenants_are_counted_for_the_review(two_years, tree, personas, indicators):
    officer = personas["officer"]
    approved = services.commitment_save(
        actor=officer,
        movement=two_years,
        unit=tree.hamlet,
        year=2025,
        titles="Ấp văn hóa",
        pledges=[],
        submit=True,
    )
    services.commitment_approve(actor=officer, commitment=approved)
    returned = services.commitment_save(
        actor=officer,
        movement=two_years,
        unit=tree.hamlet2,
        year=2025,
        titles="Ấp văn hóa",
        pledges=[],
        submit=True,
    )
    services.commitment_return(actor=officer, commitment=returned, reason="Thiếu chỉ tiêu")
    services.commitment_save(
        actor=officer,
        movement=two_years,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        pledges=[],
        submit=True,
    )
    done = services.duty_add(
        actor=officer, movement=two_years, unit=tree.hamlet, text="Tuyên truyền", due_date=dt.date(2025, 3, 1)
    )
    services.duty_set_status(actor=officer, duty=done, status=DutyStatus.DONE)
    services.duty_add(
        actor=officer, movement=two_years, unit=tree.hamlet2, text="Làm đường", due_date=dt.date(2025, 6, 1)
    )
    services.duty_add(
        actor=officer, movement=two_years, unit=tree.hamlet2, text="Trồng cây", due_date=dt.date(2026, 6, 1)
    )
    services.covenant_create(
        actor=officer,
        movement=two_years,
        name="Giao ước các ấp",
        units=[tree.hamlet, tree.hamlet2],
        signed_on=dt.date(2025, 2, 1),
    )
    year = review_results(two_years, _period(two_years, PeriodKind.YEAR, 2025), today=dt.date(2026, 1, 5))
    assert year["commitments"]["approved"] == 1 and year["commitments"]["returned"] == 1
    assert year["commitments"]["submitted"] == 0
    assert year["duties"]["total"] == 2 and year["duties"]["done"] == 1
    assert [d["text"] for d in year["duties"]["overdue"]] == ["Làm đường"]
    assert year["covenants"][0]["units"] == [tree.hamlet.name, tree.hamlet2.name]
    final = review_results(two_years, _period(two_years, PeriodKind.FINAL), today=dt.date(2027, 1, 5))
    assert final["commitments"]["submitted"] == 1 and final["duties"]["total"] == 3
    assert [d["text"] for d in final["duties"]["overdue"]] == ["Làm đường", "Trồng cây"]


def _example(movement, unit, title, *, state=ExampleState.PUBLISHED, when=dt.datetime(2025, 8, 1, 9)):
    return Example.objects.create(
        unit=unit,
        kind=ExampleKind.GOOD_DEED,
        title=title,
        story="…",
        movement=movement,
        state=state,
        published_at=timezone.make_aware(when) if state == ExampleState.PUBLISHED else None,
    )


def _award(movement, period, tree, name, *, decision=None):
    award_type = AwardType.objects.filter(recipient_kind="collective").order_by("id").first()
    return Award.objects.create(
        award_type=award_type,
        year=period.year,
        commune=tree.commune,
        recipient_kind="collective",
        collective=tree.hamlet,
        recipient_name=name,
        decision=decision,
        movement=movement,
        review_period=period,
    )


def test_examples_and_awards_appear_when_linked_to_this_movement_and_review(
    two_years, movement, tree, django_assert_max_num_queries
):
    y2025 = _period(two_years, PeriodKind.YEAR, 2025)
    _example(two_years, tree.hamlet, "Hiến 500 m² đất làm đường")
    _example(two_years, tree.hamlet, "Chưa công bố", state=ExampleState.VERIFIED)
    _example(two_years, tree.hamlet, "Công bố năm sau", when=dt.datetime(2026, 2, 1, 9))
    _example(movement, tree.hamlet, "Của phong trào khác")
    signed = Decision.objects.create(
        commune=tree.commune,
        title="Khen thưởng sơ kết",
        year=2025,
        number=7,
        number_label="07/QĐ-UBND",
        signed_on=dt.date(2025, 12, 28),
        state=Decision.State.SIGNED,
    )
    draft = Decision.objects.create(commune=tree.commune, title="Dự thảo", year=2025)
    _award(two_years, y2025, tree, "Ấp Một xuất sắc", decision=signed)
    _award(two_years, y2025, tree, "Ấp chờ ký", decision=draft)
    _award(movement, _period(movement, PeriodKind.FINAL), tree, "Ấp phong trào khác", decision=signed)

    with django_assert_max_num_queries(10):  # a fixed handful, whatever the number of rows
        results = review_results(two_years, y2025)
    assert [e["title"] for e in results["examples"]] == ["Hiến 500 m² đất làm đường"]
    assert [(a["name"], a["decision"]) for a in results["awards"]] == [
        ("Ấp Một xuất sắc", "07/QĐ-UBND ngày 28 tháng 12 năm 2025")
    ]
    assert results["awards"][0]["award"]
    final = review_results(two_years, _period(two_years, PeriodKind.FINAL))
    assert [e["title"] for e in final["examples"]] == ["Hiến 500 m² đất làm đường", "Công bố năm sau"]
    assert final["awards"] == []  # awarded for the 2025 review, not for the final one


def test_report_matrix(client, personas, two_years):
    url = reverse(
        "movements:period_report", args=[two_years.pk, _period(two_years, PeriodKind.YEAR, 2025).pk]
    )
    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for who, code in {"outsider": 404, "representative": 403, "viewer": 403, "council": 403}.items():
        assert status(client, personas, who, url, "post") == code, who
    assert not Document.objects.exists()
    for who in ("officer", "leader", "admin"):
        client.logout()
        client_for(client, personas[who])
        response = client.post(url)
        document = ReviewPeriod.objects.get(pk=_period(two_years, PeriodKind.YEAR, 2025).pk).report_document
        assert response.status_code == 302, who
        assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert Document.objects.count() == 1  # pressing again rewrote the same draft
    assert client.get(url).status_code == 405


def test_report_of_a_period_of_another_movement_is_not_found(client, personas, two_years, movement):
    other = _period(movement, PeriodKind.FINAL)
    client_for(client, personas["officer"])
    response = client.post(reverse("movements:period_report", args=[two_years.pk, other.pk]))
    assert response.status_code == 404


def test_a_quarter_has_no_review_report(client, personas, movement):
    quarter = movement.periods.filter(kind=PeriodKind.QUARTER).first()
    client_for(client, personas["officer"])
    response = client.post(reverse("movements:period_report", args=[movement.pk, quarter.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "movements:detail", args=[movement.pk]
    )
    assert not Document.objects.exists()


def _text(document: Document) -> str:
    return render_text(document.model)


def test_yearly_report_states_the_movement_year_and_completion_with_placeholders(
    client, personas, two_years, tree
):
    y2025 = _period(two_years, PeriodKind.YEAR, 2025)
    client_for(client, personas["officer"])
    client.post(reverse("movements:period_report", args=[two_years.pk, y2025.pk]))
    document = ReviewPeriod.objects.get(pk=y2025.pk).report_document
    assert document.state == DocumentState.DRAFT and document.doc_type == "BÁO CÁO"
    assert document.unit == tree.commune
    text = _text(document)
    assert "Sơ kết phong trào thi đua “Chung sức xây dựng nông thôn mới” năm 2025" in text
    assert "Căn cứ Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2025" in text or "12/KH-UBND" in text
    # the decrease target is met by going down (2 % against 3 %: 150 %, not 2 ÷ 3), income is half-way
    assert f"Tỷ lệ hộ nghèo – {tree.hamlet.name}" in text and "Đạt và vượt 2/3 chỉ tiêu đề ra." in text
    assert "| 150% | Đạt |" in text and "66,7%" not in text
    assert "| 45 triệu đồng | 50% | Chưa đạt |" in text and "120%" in text
    assert "CẦN BỔ SUNG: ưu điểm" in text and "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" in text
    assert "1 (đồng hạng)" not in text

    page = client.get(reverse("movements:detail", args=[two_years.pk])).content.decode()
    assert reverse("documents:detail", args=[document.pk]) in page
    assert "Soạn báo cáo tổng kết" in page


def test_redraft_rewrites_the_draft_and_an_issued_report_gets_a_new_version(
    client, personas, two_years, tree
):
    final = _period(two_years, PeriodKind.FINAL)
    first = services.period_report_draft(actor=personas["officer"], period=final)
    assert "Tổng kết phong trào thi đua “Chung sức xây dựng nông thôn mới” giai đoạn 2025–2026" in _text(
        first
    )
    assert "(2026)" in _text(first) and "Chưa báo cáo" in _text(first)
    services.target_set(
        actor=personas["officer"],
        movement=two_years,
        unit=tree.hamlet,
        year=2026,
        indicator=services.indicator_create(actor=SYSTEM, name="Số hộ văn hóa", measure="hộ"),
        value=Decimal(100),
    )
    again = services.period_report_draft(actor=personas["officer"], period=final)
    assert again.pk == first.pk and "Số hộ văn hóa" in _text(again)
    document_issue(actor=personas["leader"], document=first, date=dt.date(2027, 1, 10))
    third = services.period_report_draft(actor=personas["officer"], period=final)
    assert third.pk != first.pk and third.state == DocumentState.DRAFT
    assert ReviewPeriod.objects.get(pk=final.pk).report_document == third
