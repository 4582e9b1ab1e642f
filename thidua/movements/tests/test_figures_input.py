"""Figures as people type them: a decimal comma, English writing, what is ambiguous, what is
implausible, a yes/no indicator, and a period that has not started."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.lib.errors import ServiceError
from thidua.movements import services, workbook
from thidua.movements.models import Pledge, ProgressReport, Target

from .conftest import period
from .test_views import client_for
from .test_workbook import _bytes, _rows, _template

CONFIRM = "Tôi xác nhận số liệu này đúng"


@pytest.fixture
def on_1_december_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 12, 1))


def _report(client, personas, movement, tree, values: dict, period_name="Quý 1/2026", **extra):
    client_for(client, personas["representative"])
    url = reverse("movements:report", args=[movement.pk])
    data = {"unit": tree.hamlet.pk, "period": period(movement, period_name).pk, **extra}
    data.update({f"value_{target.pk}": text for target, text in values.items()})
    return client.post(url, data)


def _value(target, period_name="Quý 1/2026"):
    return ProgressReport.objects.get(target=target, period__name=period_name).value


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2,6", "2.6"), ("2.6", "2.6"), ("2,60", "2.6"), ("2", "2")],
)
def test_a_rate_typed_with_a_decimal_comma_is_stored_as_typed(
    client, personas, movement, targets, tree, typed, stored
):
    response = _report(client, personas, movement, tree, {targets["hamlet_poor"]: typed})
    assert response.status_code == 302
    assert _value(targets["hamlet_poor"]) == Decimal(stored)


@pytest.mark.parametrize("typed", ["1.234,5", "1,234.5", "1 234,5"])
def test_thousands_are_read_in_vietnamese_and_english_writing(
    client, personas, movement, targets, tree, typed
):
    response = _report(client, personas, movement, tree, {targets["hamlet_income"]: typed}, confirm="on")
    assert response.status_code == 302
    assert _value(targets["hamlet_income"]) == Decimal("1234.5")


@pytest.mark.parametrize("typed", ["1.234", "1,234"])
def test_a_figure_that_reads_a_thousand_times_apart_is_refused_with_both_readings(
    client, personas, movement, targets, tree, typed
):
    response = _report(client, personas, movement, tree, {targets["hamlet_income"]: typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "đọc được hai cách" in html and "1234" in html and "1,23" in html
    assert not ProgressReport.objects.exists()


def test_the_form_shows_saved_figures_and_targets_with_a_decimal_comma(
    client, personas, movement, targets, tree
):
    q1 = period(movement, "Quý 1/2026")
    services.progress_report(actor=SYSTEM, target=targets["hamlet_poor"], period=q1, value=Decimal("2.50"))
    services.progress_report(actor=SYSTEM, target=targets["hamlet_income"], period=q1, value=Decimal("45.00"))
    client_for(client, personas["representative"])
    url = reverse("movements:report", args=[movement.pk]) + f"?unit={tree.hamlet.pk}&period={q1.pk}"
    html = client.get(url).content.decode()
    assert 'value="2,5"' in html and 'value="45"' in html
    assert "2.50" not in html and "45.00" not in html
    assert "Chỉ tiêu: 3 %" in html and "Chỉ tiêu: 50 triệu đồng" in html


def test_the_dashboard_shows_a_figure_with_its_decimals(client, personas, movement, targets, tree):
    q1 = period(movement, "Quý 1/2026")
    services.progress_report(actor=SYSTEM, target=targets["hamlet_poor"], period=q1, value=Decimal("3.5"))
    client_for(client, personas["officer"])
    html = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    assert '<td class="num">3,5</td>' in html


def test_a_yes_no_indicator_is_answered_yes_or_no(client, personas, movement, targets, tree, indicators):
    road = services.target_set(
        actor=personas["officer"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        indicator=indicators["road"],
        value=Decimal(1),
    )
    client_for(client, personas["representative"])
    q1 = period(movement, "Quý 1/2026")
    url = reverse("movements:report", args=[movement.pk]) + f"?unit={tree.hamlet.pk}&period={q1.pk}"
    html = client.get(url).content.decode()
    assert f'type="radio" name="value_{road.pk}" value="1"' in html
    assert f'type="radio" name="value_{road.pk}" value="0"' in html
    assert ">Có<" in html or "Có</label>" in html or " Có" in html
    assert f'type="text" name="value_{road.pk}"' not in html
    response = _report(client, personas, movement, tree, {road: "1"})
    assert response.status_code == 302
    assert _value(road) == 1


def test_a_percentage_over_100_is_saved_only_once_confirmed(client, personas, movement, targets, tree):
    response = _report(client, personas, movement, tree, {targets["hamlet_poor"]: "120"})
    html = response.content.decode()
    assert response.status_code == 200 and CONFIRM in html and "100 %" in html
    assert not ProgressReport.objects.exists()
    response = _report(client, personas, movement, tree, {targets["hamlet_poor"]: "120"}, confirm="on")
    assert response.status_code == 302
    assert _value(targets["hamlet_poor"]) == 120


@pytest.mark.parametrize("typed", ["450", "4,5"])
def test_a_tenfold_jump_from_the_last_period_is_saved_only_once_confirmed(
    client, personas, movement, targets, tree, typed
):
    q1 = period(movement, "Quý 1/2026")
    services.progress_report(actor=SYSTEM, target=targets["hamlet_income"], period=q1, value=Decimal(45))
    response = _report(client, personas, movement, tree, {targets["hamlet_income"]: typed}, "Quý 2/2026")
    html = response.content.decode()
    assert response.status_code == 200 and CONFIRM in html and "Quý 1/2026" in html
    assert not ProgressReport.objects.filter(period__name="Quý 2/2026").exists()
    response = _report(
        client, personas, movement, tree, {targets["hamlet_income"]: typed}, "Quý 2/2026", confirm="on"
    )
    assert response.status_code == 302


def test_the_service_refuses_an_implausible_figure_that_was_not_confirmed(movement, targets, personas):
    q1 = period(movement, "Quý 1/2026")
    with pytest.raises(ServiceError) as exc:
        services.progress_report(actor=SYSTEM, target=targets["hamlet_poor"], period=q1, value=Decimal(250))
    assert exc.value.code == "implausible"
    services.progress_report(
        actor=SYSTEM, target=targets["hamlet_poor"], period=q1, value=Decimal(250), confirmed=True
    )
    assert _value(targets["hamlet_poor"]) == 250


def test_targets_and_pledges_take_a_decimal_comma(client, personas, movement, indicators, tree):
    client_for(client, personas["officer"])
    response = client.post(
        reverse("movements:target_new", args=[movement.pk]),
        {
            "unit": tree.hamlet.pk,
            "indicator": indicators["poor"].pk,
            "year": 2026,
            "value": "2,6",
            "baseline": "4,5",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(indicator=indicators["poor"])
    assert (target.value, target.baseline) == (Decimal("2.6"), Decimal("4.5"))
    client_for(client, personas["representative"])
    response = client.post(
        reverse("movements:commit", args=[movement.pk]),
        {
            "unit": tree.hamlet.pk,
            "year": 2026,
            "pledges-TOTAL_FORMS": 1,
            "pledges-INITIAL_FORMS": 0,
            "pledges-0-indicator": indicators["insurance"].pk,
            "pledges-0-value": "92,5",
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert Pledge.objects.get().value == Decimal("92.5")


def test_a_target_rate_over_100_is_saved_only_once_confirmed(client, personas, movement, indicators, tree):
    client_for(client, personas["officer"])
    url = reverse("movements:target_new", args=[movement.pk])
    data = {"unit": tree.hamlet.pk, "indicator": indicators["insurance"].pk, "year": 2026, "value": "950"}
    response = client.post(url, data)
    assert response.status_code == 200 and CONFIRM in response.content.decode()
    assert not Target.objects.filter(indicator=indicators["insurance"]).exists()
    assert client.post(url, dict(data, confirm="on")).status_code == 302
    assert Target.objects.get(indicator=indicators["insurance"]).value == 950


# --- a period that has not started ----------------------------------------------------------


@pytest.fixture
def two_years(tree, personas, indicators):
    officer = personas["officer"]
    m = services.movement_create(
        actor=officer,
        unit=tree.commune,
        name="Thi đua 2026–2027",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2027, 12, 31),
        plan_number="07/KH-UBND",
        plan_date=dt.date(2026, 1, 5),
    )
    services.movement_launch(actor=personas["leader"], movement=m)
    services.movement_start(actor=officer, movement=m)
    m.refresh_from_db()
    target = services.target_set(
        actor=officer,
        movement=m,
        unit=tree.hamlet,
        year=2027,
        indicator=indicators["income"],
        value=Decimal(50),
    )
    return m, target


def test_figures_for_a_period_that_has_not_started_are_refused(two_years, on_1_december_2026):
    movement, target = two_years
    with pytest.raises(ServiceError) as exc:
        services.progress_report(actor=SYSTEM, target=target, period=period(movement, "Quý 1/2027"), value=45)
    assert "chưa bắt đầu" in str(exc.value) and "01/01/2027" in str(exc.value)
    assert not ProgressReport.objects.exists()


def test_the_report_form_does_not_offer_a_period_that_has_not_started(
    client, personas, two_years, tree, on_1_december_2026
):
    movement, target = two_years
    client_for(client, personas["representative"])
    url = reverse("movements:report", args=[movement.pk]) + f"?unit={tree.hamlet.pk}"
    html = client.get(url).content.decode()
    assert "Quý 4/2026" in html and "Quý 1/2027" not in html
    q1 = period(movement, "Quý 1/2027")
    response = client.post(url, {"unit": tree.hamlet.pk, "period": q1.pk, f"value_{target.pk}": "45"})
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_the_workbook_refuses_a_period_that_has_not_started(two_years, tree, personas, on_1_december_2026):
    movement, target = two_years
    wb = workbook.figures_workbook(movement, unit=tree.commune, period=period(movement, "Quý 4/2026"))
    assert "Quý 1/2027" not in [c.value for c in wb[workbook.figures.PERIOD_SHEET]["A"]]
    wb = _template(movement, tree, "Quý 1/2027")
    ws = wb[workbook.SHEET]
    ws["G2"], ws["H2"] = "Quý 1/2027", 45
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb))
    assert any("chưa bắt đầu" in e.message and e.column == "G" for e in report.errors)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(("typed", "stored"), [("2,6", Decimal("2.6")), ("1.234,5", Decimal("1234.5"))])
def test_the_workbook_reads_figures_typed_as_text_the_same_way(movement, targets, tree, typed, stored):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    row = _rows(ws)["Thu nhập bình quân|Ấp Mỹ Hòa"]
    ws[f"H{row}"] = typed
    report = workbook.import_figures(
        actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb), only_valid=True
    )
    assert not [e for e in report.errors if e.row == row]
    assert _value(targets["hamlet_income"]) == stored


def test_the_workbook_refuses_an_ambiguous_figure_typed_as_text(movement, targets, tree):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    row = _rows(ws)["Thu nhập bình quân|Ấp Mỹ Hòa"]
    ws[f"H{row}"] = "1.234"
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb))
    assert any("hai cách" in e.message and e.row == row and e.column == "H" for e in report.errors)
    assert not ProgressReport.objects.exists()


def test_the_review_report_prints_a_figure_with_its_own_decimals():
    from thidua.movements.papers import _figure

    assert (_figure(2.25), _figure(98.5), _figure(1250)) == ("2,25", "98,5", "1.250")


@pytest.mark.parametrize("huge", [10**13, 12345678901234567, 10**20])
def test_a_figure_too_large_to_keep_is_refused_in_the_workbook_the_service_and_the_target(
    movement, targets, tree, personas, huge
):
    """The database keeps 13 digits before the decimal comma: a 16-digit figure from a sheet was
    saved on SQLite and broke every page that read it (on PostgreSQL the save itself failed)."""
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    row = _rows(ws)["Thu nhập bình quân|Ấp Mỹ Hòa"]
    ws[f"H{row}"] = huge
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb))
    assert any("quá lớn" in e.message and e.row == row for e in report.errors), report.errors
    assert not ProgressReport.objects.exists()
    q1 = period(movement, "Quý 1/2026")
    with pytest.raises(ServiceError, match="quá lớn"):
        services.progress_report(
            actor=SYSTEM, target=targets["hamlet_income"], period=q1, value=Decimal(huge)
        )
    with pytest.raises(ServiceError, match="quá lớn") as refused:
        services.target_set(
            actor=personas["officer"],
            movement=movement,
            unit=tree.hamlet,
            year=2026,
            indicator=targets["hamlet_income"].indicator,
            value=Decimal(huge),
        )
    assert refused.value.field == "value"
    assert Target.objects.get(pk=targets["hamlet_income"].pk).value == 50
    with pytest.raises(ServiceError, match="quá lớn"):
        services.commitment_save(
            actor=personas["representative"],
            movement=movement,
            unit=tree.hamlet,
            year=2026,
            titles="Ấp văn hóa",
            pledges=[(targets["hamlet_income"].indicator, Decimal(huge), None)],
        )
    assert not Pledge.objects.exists()
    # The largest figure kept is saved and read back whole.
    services.progress_report(
        actor=SYSTEM,
        target=targets["hamlet_income"],
        period=q1,
        value=Decimal("9999999999999.99"),
        confirmed=True,
    )
    assert ProgressReport.objects.get().value == Decimal("9999999999999.99")
