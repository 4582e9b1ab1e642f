import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from thidua.access import SYSTEM
from thidua.audit.models import AuditAction, AuditEntry
from thidua.lib.errors import ServiceError
from thidua.lib.excel import WorkbookError
from thidua.movements import services, workbook
from thidua.movements.models import ProgressReport

from .conftest import period


def _template(movement, tree, name="Quý 1/2026"):
    wb = workbook.figures_workbook(movement, unit=tree.commune, period=period(movement, name))
    buffer = io.BytesIO()
    wb.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def _bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rows(ws):
    return {ws[f"C{r}"].value + "|" + ws[f"B{r}"].value: r for r in range(2, ws.max_row + 1)}


def test_round_trip_prefilled_validated_then_saved(movement, targets, tree, personas):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    assert ws.max_row == 4 and ws["G2"].value == "Quý 1/2026"
    assert {str(dv.sqref)[0] for dv in ws.data_validations.dataValidation} == {"G", "H", "I"}
    for r in range(2, 5):
        ws[f"H{r}"] = 45
    report = workbook.import_figures(
        actor=personas["officer"], movement=movement, unit=tree.commune, data=_bytes(wb)
    )
    assert report.saved and report.created == 3 and not report.errors
    # Downloading again shows the saved figures; uploading a change updates them.
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    assert ws["H2"].value == 45
    ws["H2"] = "47,5"
    report = workbook.import_figures(
        actor=personas["officer"], movement=movement, unit=tree.commune, data=_bytes(wb)
    )
    assert report.updated == 3
    assert sorted(ProgressReport.objects.values_list("value", flat=True)) == [
        Decimal(45),
        Decimal(45),
        Decimal("47.5"),
    ]


def test_bad_cells_are_reported_per_cell_and_nothing_is_saved(movement, targets, tree, personas):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    rows = _rows(ws)
    r_income = rows["Thu nhập bình quân|Ấp Mỹ Hòa"]
    r_poor = rows["Tỷ lệ hộ nghèo|Ấp Mỹ Hòa"]
    r_other = rows["Thu nhập bình quân|Ấp Thạnh Lợi"]
    ws[f"H{r_income}"] = -4
    ws[f"H{r_poor}"] = "nhiều"
    ws[f"H{r_other}"] = 50
    ws[f"I{r_other}"] = "01/01/2025"
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb))
    where = {(e.row, e.column): e.message for e in report.errors}
    assert "âm" in where[(r_income, "H")]
    assert "không phải là số" in where[(r_poor, "H")]
    assert "ngoài thời gian" in where[(r_other, "I")]
    assert not report.saved and not ProgressReport.objects.exists()


def test_only_valid_rows_when_asked(movement, targets, tree):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    ws["H2"] = -1
    ws["H3"] = 44
    ws["H4"] = 46
    report = workbook.import_figures(
        actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb), only_valid=True
    )
    assert report.saved and report.created == 2 and report.skipped == 1
    assert ProgressReport.objects.count() == 2


def test_formulas_and_merged_cells_are_refused(movement, targets, tree):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    ws["H2"] = "=40+5"
    ws["H3"] = 1
    ws["H4"] = 1
    ws.merge_cells("J3:J4")
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb))
    messages = " ".join(e.message for e in report.errors)
    assert "công thức" in messages and "Ô gộp" in messages
    assert not ProgressReport.objects.exists()


def test_closed_period_and_non_participating_unit(movement, targets, tree, personas):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    for r in range(2, 5):
        ws[f"H{r}"] = 1
    services.period_close(actor=personas["officer"], period=period(movement, "Quý 1/2026"))
    movement.participations.filter(unit=tree.hamlet2).delete()
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=_bytes(wb))
    messages = " ".join(e.message for e in report.errors)
    assert "đã khóa" in messages and "không tham gia" in messages


def test_a_unit_cannot_upload_rows_of_another_unit(movement, targets, tree):
    wb = _template(movement, tree)
    ws = wb[workbook.SHEET]
    for r in range(2, 5):
        ws[f"H{r}"] = 1
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.hamlet, data=_bytes(wb))
    assert any("không thuộc đơn vị Ấp Mỹ Hòa" in e.message for e in report.errors)
    assert not report.saved


def test_not_a_workbook_and_too_large(movement, tree):
    with pytest.raises(WorkbookError, match="không phải là bảng tính"):
        workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=b"ho ten,gia tri\n")
    with pytest.raises(WorkbookError, match="quá lớn"):
        workbook.import_figures(
            actor=SYSTEM,
            movement=movement,
            unit=tree.commune,
            data=b"PK" + b"0" * (settings.THIDUA_MAX_UPLOAD_BYTES + 1),
        )


def test_import_page_matrix_and_upload(client, personas, movement, targets, tree):
    url = reverse("movements:figures_import", args=[movement.pk]) + f"?unit={tree.hamlet.pk}"
    for who, code in {"representative": 200, "officer": 200, "viewer": 403, "outsider": 404}.items():
        client.logout()
        client.force_login(personas[who])
        assert client.get(url).status_code == code, who
    client.force_login(personas["representative"])
    template = client.get(
        reverse("movements:figures_template", args=[movement.pk]) + f"?unit={tree.hamlet.pk}"
    )
    wb = load_workbook(io.BytesIO(template.content))
    ws = wb[workbook.SHEET]
    assert ws.max_row == 3  # only the hamlet's own two targets
    ws["H2"], ws["H3"] = 44, "x"
    upload = io.BytesIO(_bytes(wb))
    upload.name = "so-lieu.xlsx"
    response = client.post(url, {"unit": tree.hamlet.pk, "file": upload})
    html = response.content.decode()
    assert "Chưa lưu gì" in html and "không phải là số" in html
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    response = client.post(url, {"unit": tree.hamlet.pk, "file": upload})
    assert "không phải là bảng tính" in response.content.decode()


def _figure(target, quarter, value):
    return services.ImportedFigure(target, quarter, Decimal(value), None, "")


def test_imported_figures_are_saved_by_the_service_and_audited_in_bulk(movement, targets, tree, personas):
    quarter = period(movement, "Quý 1/2026")
    figures = [_figure(t, quarter, 10) for t in targets.values()]
    assert services.progress_report_import(actor=personas["officer"], unit=tree.commune, figures=figures) == (
        3,
        0,
    )
    figures[0] = _figure(targets["hamlet_income"], quarter, 12)
    assert services.progress_report_import(actor=personas["officer"], unit=tree.commune, figures=figures) == (
        0,
        3,
    )
    entries = AuditEntry.objects.filter(action=AuditAction.IMPORT, model="movements.progressreport")
    assert entries.count() == 6 and entries.filter(actor=personas["officer"]).count() == 6


def test_the_import_service_checks_the_reporter_and_every_figure_again(movement, targets, tree, personas):
    quarter = period(movement, "Quý 1/2026")
    figures = [_figure(targets["hamlet2_income"], quarter, 10)]
    with pytest.raises(PermissionDenied):
        services.progress_report_import(actor=personas["viewer"], unit=tree.commune, figures=figures)
    with pytest.raises(ServiceError):
        services.progress_report_import(actor=SYSTEM, unit=tree.hamlet, figures=figures)
    with pytest.raises(ServiceError, match="không được âm"):
        services.progress_report_import(
            actor=SYSTEM, unit=tree.commune, figures=[_figure(targets["hamlet_income"], quarter, -1)]
        )
    assert not ProgressReport.objects.exists()
