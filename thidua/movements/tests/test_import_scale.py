"""The figures import at scale: no query per row, the audit of what changed, the one-pass reading."""

import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from thidua.access import SYSTEM
from thidua.audit.models import AuditAction, AuditEntry
from thidua.audit.services import audit_verify
from thidua.movements import workbook
from thidua.movements.models import ProgressReport, TargetStanding

from .conftest import period

QUARTERS = ["Quý 1/2026", "Quý 2/2026", "Quý 3/2026", "Quý 4/2026"]


def _upload(targets, quarters, value=7, note="") -> bytes:
    """A filled figures sheet: one row per target and quarter."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(workbook.SHEET)
    ws.append(workbook.COLUMNS)
    for quarter in quarters:
        for t in targets.values():
            ws.append(
                [t.pk, t.unit.name, t.indicator.name, "", t.year, float(t.value), quarter, value, None, note]
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _queries(movement, tree, data) -> int:
    with CaptureQueriesContext(connection) as ctx:
        report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=data)
    assert report.saved and not report.errors, report.errors
    return len(ctx.captured_queries)


def test_four_times_the_rows_take_no_more_queries(movement, targets, tree):
    few = _queries(movement, tree, _upload(targets, QUARTERS[:1]))
    ProgressReport.objects.all().delete()
    many = _queries(movement, tree, _upload(targets, QUARTERS))
    assert ProgressReport.objects.count() == 4 * len(targets)
    assert many <= few


def test_a_new_figure_is_audited_whole_and_a_changed_one_by_what_changed(movement, targets, tree):
    workbook.import_figures(
        actor=SYSTEM, movement=movement, unit=tree.commune, data=_upload(targets, QUARTERS[:1])
    )
    report = ProgressReport.objects.get(target=targets["hamlet_income"])
    created = AuditEntry.objects.get(action=AuditAction.IMPORT, object_id=str(report.pk))
    assert created.before is None
    assert created.after["value"] == "7" and created.after["target_id"] == targets["hamlet_income"].pk
    data = _upload(targets, QUARTERS[:1], value=9, note="đã kiểm tra")
    workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=data)
    changed = AuditEntry.objects.filter(action=AuditAction.IMPORT, object_id=str(report.pk)).latest("id")
    assert changed.before == {"value": "7.00", "note": ""}
    assert changed.after == {"value": "9", "note": "đã kiểm tra"}
    assert ProgressReport.objects.get(pk=report.pk).value == Decimal(9)


def test_a_merged_cell_below_the_header_is_found_in_the_streamed_sheet(movement, targets, tree):
    wb = Workbook()
    ws = wb.active
    ws.title = workbook.SHEET
    ws.append(workbook.COLUMNS)
    for t in targets.values():
        ws.append([t.pk, t.unit.name, t.indicator.name, "", t.year, 1, QUARTERS[0], 3, None, ""])
    ws.merge_cells("L1:M1")  # in the header row: allowed
    ws.merge_cells("J3:J4")
    buffer = io.BytesIO()
    wb.save(buffer)
    report = workbook.import_figures(
        actor=SYSTEM, movement=movement, unit=tree.commune, data=buffer.getvalue()
    )
    assert [(e.row, e.column) for e in report.errors] == [(3, "J")]
    assert "J3:J4" in report.errors[0].message and not report.saved


def test_the_entries_written_in_one_statement_keep_the_audit_chain_whole(movement, targets, tree):
    workbook.import_figures(
        actor=SYSTEM, movement=movement, unit=tree.commune, data=_upload(targets, QUARTERS)
    )
    data = _upload(targets, QUARTERS, value="12,5", note="=không phải công thức")
    report = workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=data)
    assert report.errors  # a note typed as a formula is refused, nothing saved
    data = _upload(targets, QUARTERS, value="12,5", note="ghi chú")
    workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=data)
    entries = AuditEntry.objects.filter(action=AuditAction.IMPORT)
    assert entries.count() == 2 * 4 * len(targets)
    latest = entries.latest("id")
    assert latest.after == {"value": "12.5", "note": "ghi chú"} and latest.before == {
        "value": "7.00",
        "note": "",
    }
    assert ProgressReport.objects.filter(value=Decimal("12.5")).count() == 4 * len(targets)
    result = audit_verify()
    assert result.ok, result.reason


def test_the_dashboard_read_model_follows_an_import_in_its_transaction(movement, targets, tree):
    workbook.import_figures(
        actor=SYSTEM, movement=movement, unit=tree.commune, data=_upload(targets, QUARTERS[:1])
    )
    assert {s.target_id: s.value for s in TargetStanding.objects.all()} == {
        t.pk: Decimal(7) for t in targets.values()
    }
    data = _upload(targets, QUARTERS[:2], value=9)
    workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=data)
    latest = period(movement, QUARTERS[1])
    assert {(s.value, s.period_id) for s in TargetStanding.objects.all()} == {(Decimal(9), latest.pk)}


def test_an_imported_figure_is_stored_and_named_in_the_audit_as_the_model_itself_would(
    movement, targets, tree
):
    data = _upload(targets, QUARTERS[:2], value="12,5", note="Đạt")
    workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=data)
    reports = list(ProgressReport.objects.select_related("target__unit", "period"))
    assert len(reports) == 2 * len(targets)
    # One time for the whole import, prepared once and stored for every row.
    assert len({r.reported_at for r in reports}) == 1 and reports[0].reported_at is not None
    for report in reports:
        assert (report.value, report.note, report.as_of) == (Decimal("12.5"), "Đạt", None)
        entry = AuditEntry.objects.get(action=AuditAction.IMPORT, object_id=str(report.pk))
        assert entry.model == "movements.progressreport"
        assert entry.object_repr == f"{report.target} – {report.period}: 12.5"  # as typed
        assert (entry.unit_id, entry.unit_path) == (report.target.unit_id, report.target.unit.path)
        assert entry.after["target_id"] == report.target_id and entry.after["evidence_id"] is None
    entries = AuditEntry.objects.filter(action=AuditAction.IMPORT)
    assert len({e.created_at for e in entries}) == 1 and all(e.actor_label == SYSTEM.label for e in entries)
    assert audit_verify().ok


def test_a_reimported_figure_keeps_the_moment_it_was_first_reported(movement, targets, tree):
    import datetime as dt
    from unittest import mock

    first = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=first):
        workbook.import_figures(
            actor=SYSTEM, movement=movement, unit=tree.commune, data=_upload(targets, QUARTERS[:1])
        )
    later = dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=later):
        data = _upload(targets, QUARTERS[:2], value=9)
        workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.commune, data=data)
    q1, q2 = period(movement, QUARTERS[0]), period(movement, QUARTERS[1])
    rows = set(ProgressReport.objects.values_list("period_id", "value", "first_reported_at", "reported_at"))
    assert {(p, v, f) for p, v, f, _r in rows} == {(q1.pk, Decimal(9), first), (q2.pk, Decimal(9), later)}
    assert {r for _p, _v, _f, r in rows} == {later}  # the correction is dated, its first report kept
