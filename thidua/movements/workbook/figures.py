"""The figures workbook: one row per target of a unit's subtree, downloaded prefilled, filled in
with the figures of a period, uploaded back."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from thidua import access
from thidua.access import Action, Actor
from thidua.lib.excel import CellError, ImportReport, append_row, open_workbook, sheet_values
from thidua.lib.text import fold
from thidua.lib.vn import NumberError
from thidua.movements.models import (
    Direction,
    Indicator,
    Movement,
    MovementState,
    Participation,
    PeriodKind,
    ProgressReport,
    ReviewPeriod,
    Target,
)
from thidua.movements.services import ImportedFigure, check_report, progress_report_import
from thidua.movements.workbook import _sheets
from thidua.units.models import Unit

# Sheet and column names are the template's format, checked on upload: they stay Vietnamese
# whatever the interface language, so a template downloaded by anyone can be uploaded by anyone.
SHEET = "Số liệu"
PERIOD_SHEET = "Kỳ báo cáo"
COLUMNS = [
    "Mã chỉ tiêu",
    "Đơn vị",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Năm",
    "Chỉ tiêu giao",
    "Kỳ báo cáo",
    "Giá trị đạt được",
    "Ngày số liệu",
    "Ghi chú",
]
# Column letters of the cells the user fills in.
COL_ID, COL_PERIOD, COL_VALUE, COL_DATE, COL_NOTE = "A", "G", "H", "I", "J"
# Where check_report's fields sit on the sheet.
FIELD_COLUMNS = {"period": COL_PERIOD, "value": COL_VALUE, "as_of": COL_DATE, "unit": "B"}


# --- the template -------------------------------------------------------------------------


def figures_workbook(movement: Movement, *, unit: Unit, period: ReviewPeriod | None) -> Workbook:
    """One row per target of the unit's subtree (for the period's year), prefilled and validated."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(COLUMNS)
    _sheets.bold_header(ws)
    for row in _target_rows(movement, unit, period):
        append_row(ws, row)  # a note typed as "=…" stays text
        _sheets.shade(ws, COL_PERIOD + COL_VALUE + COL_DATE + COL_NOTE)
    # The periods figures may be reported for: not the final review, none that has not begun.
    today = timezone.localdate()
    periods = [p for p in movement.periods.all() if p.kind != PeriodKind.FINAL and p.start <= today]
    _sheets.new_sheet(
        wb,
        PERIOD_SHEET,
        ["Kỳ báo cáo", "Từ ngày", "Đến ngày", "Hạn báo cáo"],
        ([p.name, p.start, p.end, p.due] for p in periods),
    )
    period_list = f"='{PERIOD_SHEET}'!$A$2:$A${max(len(periods) + 1, 2)}"
    checks = [
        (_sheets.list_check(period_list, allow_blank=False), COL_PERIOD, _("Chọn kỳ trong danh sách.")),
        (_sheets.number_check(), COL_VALUE, _("Nhập số không âm.")),
        (
            _sheets.date_check(movement.period_start, movement.period_end),
            COL_DATE,
            _("Ngày phải nằm trong thời gian của phong trào."),
        ),
    ]
    _sheets.add_checks(ws, checks, last=max(ws.max_row, 2) + 500)
    _sheets.widths(ws, dict(zip("ABCDEFGHIJ", (11, 24, 36, 12, 7, 12, 16, 14, 13, 30), strict=True)))
    ws.freeze_panes = "A2"
    return wb


def _target_rows(movement: Movement, unit: Unit, period: ReviewPeriod | None) -> list[list]:
    """The template's rows: each target of the subtree with the figure already reported, if any."""
    targets = (
        Target.objects.filter(movement=movement, unit__path__startswith=unit.path)
        .select_related("unit", "indicator")
        .order_by("unit__path", "indicator__name")
    )
    existing = {}
    if period is not None:
        targets = targets.filter(year=period.end.year)
        existing = {r.target_id: r for r in ProgressReport.objects.filter(period=period, target__in=targets)}
    rows = []
    for target in targets:
        report = existing.get(target.pk)
        rows.append(
            [
                target.pk,
                target.unit.name,
                target.indicator.name,
                target.indicator.measure,
                target.year,
                float(target.value),
                period.name if period else "",
                float(report.value) if report else None,
                report.as_of if report and report.as_of else None,
                report.note if report else "",
            ]
        )
    return rows


# --- the upload ---------------------------------------------------------------------------


def import_figures(
    *, actor: Actor, movement: Movement, unit: Unit, data: bytes, only_valid: bool = False
) -> ImportReport:
    """Check every cell of a figures workbook, then save all rows (or only the valid ones)."""
    access.require_actor(actor, Action.PROGRESS_REPORT, unit)
    report = ImportReport()
    # Streamed, every row read once as values: a sheet of 10,000 rows in a fraction of the time
    # and memory a loaded workbook takes.
    wb = open_workbook(data, read_only=True)
    _sheets.require_sheets(wb, SHEET)
    sheet, problems = sheet_values(wb[SHEET])
    problem = _sheets.header_values_error(SHEET, sheet[0] if sheet else (), COLUMNS)
    if problem is not None:
        report.errors.append(problem)
        return report
    report.errors.extend(problems)
    if movement.state in (MovementState.DRAFT, MovementState.CLOSED):
        message = _("Phong trào chưa phát động hoặc đã kết thúc, không nhận số liệu.")
        report.errors.append(CellError(SHEET, 1, "", message))
        return report
    rows = _read_rows(sheet, _Lookups.of(movement), unit, report)
    if report.errors and not only_valid:
        return report
    # A row with an error anywhere (e.g. a formula in another column) is never saved.
    error_rows = report.error_rows
    valid = [figure for row_no, figure in rows.values() if row_no not in error_rows]
    report.skipped = report.total_rows - len(valid)
    if valid:
        report.created, report.updated = progress_report_import(actor=actor, unit=unit, figures=valid)
        report.saved = True
    return report


@dataclass
class _Lookups:
    """What the rows are checked against, read once for the whole sheet."""

    targets: dict[int, Target]
    periods: dict[str, ReviewPeriod]
    participating: set[int]
    today: dt.date

    @classmethod
    def of(cls, movement: Movement) -> "_Lookups":
        # Units and indicators read once each, not once per target as a join would make them.
        targets = list(Target.objects.filter(movement=movement))
        units = Unit.objects.in_bulk({t.unit_id for t in targets})
        indicators = Indicator.objects.in_bulk({t.indicator_id for t in targets})
        for target in targets:
            target.movement = movement
            target.unit = units[target.unit_id]
            target.indicator = indicators[target.indicator_id]
        units = Participation.objects.filter(movement=movement, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
        return cls(
            targets={t.pk: t for t in targets},
            periods={fold(p.name): p for p in movement.periods.all()},
            participating=set(units),
            today=timezone.localdate(),
        )


def _read_rows(
    sheet: list[tuple], lookups: _Lookups, unit: Unit, report: ImportReport
) -> dict[tuple, tuple[int, ImportedFigure]]:
    """The rows without errors, by (target, period), with their row numbers; errors go to `report`."""
    bad = {(e.sheet, e.row) for e in report.errors}
    rows: dict[tuple, tuple[int, ImportedFigure]] = {}
    for row_no, values in _sheets.value_rows(SHEET, sheet, len(COLUMNS), report, bad):
        errors: list[CellError] = []

        def err(col: str, msg: str, errors=errors, row_no=row_no) -> None:
            errors.append(CellError(SHEET, row_no, col, msg))

        figure = _read_row(values, lookups, unit, err)
        if figure is not None and not errors and (figure.target.pk, figure.period.pk) in rows:
            first = rows[(figure.target.pk, figure.period.pk)][0]
            err(COL_ID, _("Trùng với dòng %(row)s (cùng chỉ tiêu, cùng kỳ).") % {"row": first})
        if errors:
            report.errors.extend(errors)
        elif figure is not None:
            rows[(figure.target.pk, figure.period.pk)] = (row_no, figure)
    return rows


def _read_row(values: list, lookups: _Lookups, unit: Unit, err) -> ImportedFigure | None:
    """One row read and checked cell by cell (problems go to `err`); None when it cannot be read."""
    raw_id, raw_period, raw_value, raw_date, raw_note = values[0], values[6], values[7], values[8], values[9]
    try:
        target = lookups.targets.get(int(raw_id))
    except (TypeError, ValueError):
        target = None
    if target is None:
        err(COL_ID, _("Mã chỉ tiêu không có trong phong trào này; đừng sửa cột A của mẫu."))
        return None
    if not target.unit.is_within(unit):
        err(
            COL_ID,
            _("Chỉ tiêu của %(target_unit)s, không thuộc đơn vị %(unit)s.")
            % {"target_unit": target.unit.name, "unit": unit.name},
        )
    period = lookups.periods.get(fold(str(raw_period or "")))
    if period is None:
        err(COL_PERIOD, _("Kỳ báo cáo không đúng; hãy chọn trong danh sách."))
    value = _read_value(raw_value, err)
    try:
        as_of = _sheets.parse_date(raw_date)
    except ValueError:
        err(COL_DATE, _("“%(value)s” không phải là ngày (dd/mm/yyyy).") % {"value": raw_date})
        as_of = None
    if period is None or value is None:
        return None
    problems = check_report(
        target=target,
        period=period,
        value=value,
        as_of=as_of,
        participating=target.unit_id in lookups.participating,
        today=lookups.today,
    )
    for field, msg in problems.items():
        err(FIELD_COLUMNS[field], msg)
    if target.indicator.direction == Direction.YES_NO:
        value = Decimal(int(value))
    return ImportedFigure(target, period, value, as_of, str(raw_note or "").strip()[:2000])


def _read_value(raw, err) -> Decimal | None:
    if raw in (None, ""):
        err(COL_VALUE, _("Thiếu giá trị đạt được."))
        return None
    try:
        value = _sheets.parse_decimal(raw)
        if not value.is_finite():
            raise InvalidOperation
    except NumberError as exc:
        err(COL_VALUE, str(exc))
        return None
    except (InvalidOperation, ValueError):
        err(COL_VALUE, _("“%(value)s” không phải là số.") % {"value": raw})
        return None
    return value
