"""Excel for movements: a figures workbook and a commitments workbook per unit (download, fill
in, upload back) and the dashboard tables as a workbook.

An upload is all-or-nothing: every cell is checked first and nothing is saved if any row is
wrong, unless the user asks to import only the valid rows.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit.services import AuditAction, audit_record_many, snapshot
from thidua.lib.errors import ServiceError
from thidua.lib.excel import CellError, ImportReport, WorkbookError, open_workbook, sheet_problems
from thidua.lib.text import fold
from thidua.movements.models import (
    Commitment,
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
from thidua.movements.selectors import Dashboard
from thidua.movements.services import check_report, commitment_save
from thidua.units.models import Unit

MAX_UPLOAD = 10 * 1024 * 1024
SHEET = "Số liệu"
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


def figures_workbook(movement: Movement, *, unit: Unit, period: ReviewPeriod | None) -> Workbook:
    """One row per target of the unit's subtree (for the period's year), prefilled and validated."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    periods = [p for p in movement.periods.all() if p.kind != PeriodKind.FINAL]
    targets = (
        Target.objects.filter(movement=movement, unit__path__startswith=unit.path)
        .select_related("unit", "indicator")
        .order_by("unit__path", "indicator__name")
    )
    if period is not None:
        targets = targets.filter(year=period.end.year)
    existing = {}
    if period is not None:
        existing = {r.target_id: r for r in ProgressReport.objects.filter(period=period, target__in=targets)}
    editable = PatternFill("solid", fgColor="FFF7E0")
    for target in targets:
        report = existing.get(target.pk)
        ws.append(
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
        for col in (COL_PERIOD, COL_VALUE, COL_DATE, COL_NOTE):
            ws[f"{col}{ws.max_row}"].fill = editable
    last = max(ws.max_row, 2) + 500
    lists = wb.create_sheet("Kỳ báo cáo")
    lists.append(["Kỳ báo cáo", "Từ ngày", "Đến ngày", "Hạn báo cáo"])
    for p in periods:
        lists.append([p.name, p.start, p.end, p.due])
    period_list = DataValidation(
        type="list", formula1=f"='Kỳ báo cáo'!$A$2:$A${max(len(periods) + 1, 2)}", allow_blank=False
    )
    number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    date = DataValidation(
        type="date",
        operator="between",
        formula1=_excel_date(movement.period_start),
        formula2=_excel_date(movement.period_end),
        allow_blank=True,
    )
    for dv, col, message in (
        (period_list, COL_PERIOD, "Chọn kỳ trong danh sách."),
        (number, COL_VALUE, "Nhập số không âm."),
        (date, COL_DATE, "Ngày phải nằm trong thời gian của phong trào."),
    ):
        dv.error = message
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    for col, width in zip("ABCDEFGHIJ", (11, 24, 36, 12, 7, 12, 16, 14, 13, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    return wb


def _excel_date(value: dt.date) -> str:
    return str((value - dt.date(1899, 12, 30)).days)


def _decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma
    return Decimal(text)


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def import_figures(
    *, actor: Actor, movement: Movement, unit: Unit, data: bytes, only_valid: bool = False
) -> ImportReport:
    """Check every cell of a figures workbook, then save all rows (or only the valid ones)."""
    access.require_actor(actor, Action.PROGRESS_REPORT, unit)
    report = ImportReport()
    wb = open_workbook(data, max_bytes=MAX_UPLOAD)
    if SHEET not in wb.sheetnames:
        raise WorkbookError(f"Không thấy trang “{SHEET}” trong bảng tính; hãy dùng mẫu tải từ phần mềm.")
    ws = wb[SHEET]
    header = [str(c.value or "").strip() for c in ws[1]]
    if [fold(h) for h in header[: len(COLUMNS)]] != [fold(c) for c in COLUMNS]:
        report.errors.append(CellError(ws.title, 1, "", "Dòng tiêu đề phải là: " + ", ".join(COLUMNS) + "."))
        return report
    report.errors.extend(sheet_problems(ws))
    if movement.state in (MovementState.DRAFT, MovementState.CLOSED):
        report.errors.append(
            CellError(ws.title, 1, "", "Phong trào chưa phát động hoặc đã kết thúc, không nhận số liệu.")
        )
        return report

    targets = {
        t.pk: t
        for t in Target.objects.filter(movement=movement).select_related("unit", "indicator", "movement")
    }
    periods = {fold(p.name): p for p in movement.periods.all()}
    participating = set(
        Participation.objects.filter(movement=movement, unit__isnull=False).values_list("unit_id", flat=True)
    )
    bad_rows = {e.row for e in report.errors}
    rows: dict[tuple[int, int], tuple[int, Target, ReviewPeriod, Decimal, dt.date | None, str]] = {}
    for cells in ws.iter_rows(min_row=2, values_only=False):
        row_no = cells[0].row
        values = [c.value for c in cells[: len(COLUMNS)]] + [None] * (len(COLUMNS) - len(cells))
        if all(v in (None, "") for v in values):
            continue
        report.total_rows += 1
        if row_no in bad_rows:
            continue  # a formula or merged cell: already reported, the row is not read
        errors = []

        def err(col: str, msg: str, errors=errors, row_no=row_no) -> None:
            errors.append(CellError(ws.title, row_no, col, msg))

        raw_id, raw_period, raw_value, raw_date, raw_note = (
            values[0],
            values[6],
            values[7],
            values[8],
            values[9],
        )
        try:
            target = targets.get(int(raw_id))
        except (TypeError, ValueError):
            target = None
        if target is None:
            err(COL_ID, "Mã chỉ tiêu không có trong phong trào này; đừng sửa cột A của mẫu.")
            report.errors.extend(errors)
            continue
        if not target.unit.is_within(unit):
            err(COL_ID, f"Chỉ tiêu của {target.unit.name}, không thuộc đơn vị {unit.name}.")
        period = periods.get(fold(str(raw_period or "")))
        if period is None:
            err(COL_PERIOD, "Kỳ báo cáo không đúng; hãy chọn trong danh sách.")
        if raw_value in (None, ""):
            err(COL_VALUE, "Thiếu giá trị đạt được.")
            value = None
        else:
            try:
                value = _decimal(raw_value)
                if not value.is_finite():
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                err(COL_VALUE, f"“{raw_value}” không phải là số.")
                value = None
        try:
            as_of = _date(raw_date)
        except ValueError:
            err(COL_DATE, f"“{raw_date}” không phải là ngày (dd/mm/yyyy).")
            as_of = None
        if period is not None and value is not None:
            problems = check_report(
                target=target,
                period=period,
                value=value,
                as_of=as_of,
                participating=target.unit_id in participating,
            )
            columns = {"period": COL_PERIOD, "value": COL_VALUE, "as_of": COL_DATE, "unit": "B"}
            for field, msg in problems.items():
                err(columns[field], msg)
        if not errors and (target.pk, period.pk) in rows:
            err(COL_ID, f"Trùng với dòng {rows[(target.pk, period.pk)][0]} (cùng chỉ tiêu, cùng kỳ).")
        if errors:
            report.errors.extend(errors)
            continue
        if target.indicator.direction == Direction.YES_NO:
            value = Decimal(int(value))
        rows[(target.pk, period.pk)] = (
            row_no,
            target,
            period,
            value,
            as_of,
            str(raw_note or "").strip()[:2000],
        )

    if report.errors and not only_valid:
        return report
    # A row with an error anywhere (e.g. a formula in another column) is never saved.
    error_rows = report.error_rows
    valid = [r for r in rows.values() if r[0] not in error_rows]
    report.skipped = report.total_rows - len(valid)
    _save(actor=actor, unit=unit, rows=valid, report=report)
    return report


@transaction.atomic
def _save(*, actor: Actor, unit: Unit, rows: list, report: ImportReport) -> None:
    """One upsert for new and changed figures (evidence files are kept), then the audit entries in bulk."""
    if not rows:
        return
    existing = {
        (r.target_id, r.period_id): snapshot(r)
        for r in ProgressReport.objects.filter(
            target_id__in={row[1].pk for row in rows}, period_id__in={row[2].pk for row in rows}
        )
    }
    user = actor if isinstance(actor, User) else None
    now = timezone.now()
    objs = [
        ProgressReport(
            target=target,
            period=period,
            value=value,
            as_of=as_of,
            note=note,
            reported_by=user,
            reported_at=now,
        )
        for _row_no, target, period, value, as_of, note in rows
    ]
    ProgressReport.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["target", "period"],
        update_fields=["value", "as_of", "note", "reported_by", "reported_at"],
    )
    if any(obj.pk is None for obj in objs):  # databases that do not return ids from an upsert
        ids = {
            (t, p): pk
            for pk, t, p in ProgressReport.objects.filter(
                target_id__in={o.target_id for o in objs}, period_id__in={o.period_id for o in objs}
            ).values_list("id", "target_id", "period_id")
        }
        for obj in objs:
            obj.pk = ids[(obj.target_id, obj.period_id)]
    audit_items = [
        (obj, obj.target.unit, existing.get((obj.target_id, obj.period_id)), snapshot(obj)) for obj in objs
    ]
    audit_record_many(actor=actor, action=AuditAction.IMPORT, items=audit_items, verb="nhập số liệu từ Excel")
    report.updated = sum(1 for obj in objs if (obj.target_id, obj.period_id) in existing)
    report.created = len(objs) - report.updated
    report.saved = True


# --- commitments workbook ------------------------------------------------------------------

PLEDGE_SHEET = "Đăng ký chỉ tiêu"
TITLE_SHEET = "Danh hiệu"
CATALOGUE_SHEET = "Danh mục chỉ tiêu"
PLEDGE_COLUMNS = ["Đơn vị", "Năm", "Chỉ tiêu", "Đơn vị tính", "Giá trị đăng ký", "Thời hạn"]
TITLE_COLUMNS = ["Danh hiệu đăng ký"]


def _pledge_rows(
    movement: Movement, unit: Unit, year: int
) -> list[tuple[Indicator, Decimal | None, dt.date | None]]:
    """The unit's registration for the year if any, otherwise the targets it was given."""
    commitment = Commitment.objects.filter(movement=movement, unit=unit, year=year).first()
    if commitment is not None:
        return [(p.indicator, p.value, p.deadline) for p in commitment.pledges.select_related("indicator")]
    return [
        (t.indicator, t.value, None)
        for t in Target.objects.filter(movement=movement, unit=unit, year=year)
        .select_related("indicator")
        .order_by("indicator__name")
    ]


def commitments_workbook(movement: Movement, *, unit: Unit, year: int) -> Workbook:
    """A unit's registration for one year: pledges prefilled, indicators from a list, values ≥ 0."""
    wb = Workbook()
    ws = wb.active
    ws.title = PLEDGE_SHEET
    ws.append(PLEDGE_COLUMNS)
    editable = PatternFill("solid", fgColor="FFF7E0")
    for indicator, value, deadline in _pledge_rows(movement, unit, year):
        ws.append(
            [
                unit.name,
                year,
                indicator.name,
                indicator.measure,
                float(value) if value is not None else None,
                deadline,
            ]
        )
        for col in "CEF":
            ws[f"{col}{ws.max_row}"].fill = editable
    commitment = Commitment.objects.filter(movement=movement, unit=unit, year=year).first()
    titles = wb.create_sheet(TITLE_SHEET)
    titles.append(TITLE_COLUMNS)
    for line in commitment.title_lines() if commitment else []:
        titles.append([line])
    catalogue = wb.create_sheet(CATALOGUE_SHEET)
    catalogue.append(["Chỉ tiêu", "Đơn vị tính", "Chiều"])
    indicators = list(Indicator.objects.order_by("name"))
    for indicator in indicators:
        catalogue.append([indicator.name, indicator.measure, indicator.get_direction_display()])
    last = max(ws.max_row, 2) + 200
    for dv, col, message in (
        (
            DataValidation(
                type="list",
                formula1=f"='{CATALOGUE_SHEET}'!$A$2:$A${max(len(indicators) + 1, 2)}",
                allow_blank=True,
            ),
            "C",
            "Chọn chỉ tiêu trong danh mục.",
        ),
        (
            DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
            "E",
            "Nhập số không âm.",
        ),
        (
            DataValidation(
                type="date",
                operator="between",
                formula1=_excel_date(movement.period_start),
                formula2=_excel_date(movement.period_end),
                allow_blank=True,
            ),
            "F",
            "Thời hạn phải nằm trong thời gian của phong trào.",
        ),
    ):
        dv.error = message
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    for sheet in (ws, titles, catalogue):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for col, width in zip("ABCDEF", (24, 7, 40, 12, 16, 13), strict=True):
        ws.column_dimensions[col].width = width
    titles.column_dimensions["A"].width = 50
    catalogue.column_dimensions["A"].width = 40
    ws.freeze_panes = "A2"
    return wb


def _header_ok(ws, columns: list[str]) -> bool:
    header = [str(c.value or "").strip() for c in ws[1]]
    return [fold(h) for h in header[: len(columns)]] == [fold(c) for c in columns]


def import_commitments(
    *, actor: Actor, movement: Movement, unit: Unit, year: int, data: bytes, only_valid: bool = False
) -> ImportReport:
    """Check every cell of a commitments workbook, then save the unit's registration as a draft.

    All-or-nothing unless `only_valid`: then the rows with an error are left out. The registration
    stays a draft; the unit sends it from its page.
    """
    report = ImportReport()
    wb = open_workbook(data, max_bytes=MAX_UPLOAD)
    for name in (PLEDGE_SHEET, TITLE_SHEET):
        if name not in wb.sheetnames:
            raise WorkbookError(f"Không thấy trang “{name}” trong bảng tính; hãy dùng mẫu tải từ phần mềm.")
    ws, ts = wb[PLEDGE_SHEET], wb[TITLE_SHEET]
    for sheet, columns in ((ws, PLEDGE_COLUMNS), (ts, TITLE_COLUMNS)):
        if not _header_ok(sheet, columns):
            report.errors.append(
                CellError(sheet.title, 1, "", "Dòng tiêu đề phải là: " + ", ".join(columns) + ".")
            )
    if report.errors:
        return report
    report.errors.extend(sheet_problems(ws))
    report.errors.extend(sheet_problems(ts))
    indicators = {fold(i.name): i for i in Indicator.objects.all()}
    bad = {(e.sheet, e.row) for e in report.errors}
    pledges: dict[int, tuple[int, Indicator, Decimal, dt.date | None]] = {}
    for cells in ws.iter_rows(min_row=2, values_only=False):
        row_no = cells[0].row
        values = [c.value for c in cells[: len(PLEDGE_COLUMNS)]] + [None] * (len(PLEDGE_COLUMNS) - len(cells))
        if all(v in (None, "") for v in values):
            continue
        report.total_rows += 1
        if (ws.title, row_no) in bad:
            continue
        errors: list[CellError] = []

        def err(col: str, msg: str, errors=errors, row_no=row_no) -> None:
            errors.append(CellError(ws.title, row_no, col, msg))

        raw_unit, raw_year, raw_indicator, _measure, raw_value, raw_deadline = values[:6]
        if fold(str(raw_unit or "")) != fold(unit.name):
            err("A", f"Bảng này là của {unit.name}; dòng ghi “{raw_unit or ''}”.")
        try:
            row_year = int(str(raw_year).strip())
        except (TypeError, ValueError):
            row_year = None
        if row_year != year:
            err("B", f"Năm phải là {year}.")
        indicator = indicators.get(fold(str(raw_indicator or "")))
        if indicator is None:
            err("C", f"“{raw_indicator or ''}” không có trong danh mục chỉ tiêu; hãy chọn trong danh sách.")
        value = None
        try:
            value = _decimal(raw_value)
            if value is None:
                err("E", "Thiếu giá trị đăng ký.")
            elif not value.is_finite():
                raise InvalidOperation
            elif value < 0:
                err("E", "Giá trị đăng ký không được âm.")
        except (InvalidOperation, ValueError):
            err("E", f"“{raw_value}” không phải là số.")
        try:
            deadline = _date(raw_deadline)
            if deadline and not movement.period_start <= deadline <= movement.period_end:
                err("F", "Thời hạn nằm ngoài thời gian của phong trào.")
        except ValueError:
            err("F", f"“{raw_deadline}” không phải là ngày (dd/mm/yyyy).")
            deadline = None
        if not errors and indicator.pk in pledges:
            err("C", f"Chỉ tiêu này đã có ở dòng {pledges[indicator.pk][0]}.")
        if errors:
            report.errors.extend(errors)
            continue
        pledges[indicator.pk] = (row_no, indicator, value, deadline)
    titles = []
    for cells in ts.iter_rows(min_row=2, max_col=1, values_only=False):
        cell = cells[0]
        if cell.value in (None, "") or (ts.title, cell.row) in bad:
            continue
        text = str(cell.value).strip()
        if len(text) > 255:
            report.errors.append(
                CellError(ts.title, cell.row, "A", "Tên danh hiệu quá dài (tối đa 255 ký tự).")
            )
            continue
        titles.append(text)
    if report.errors and not only_valid:
        return report
    error_rows = {e.row for e in report.errors if e.sheet == ws.title}
    valid = [(i, v, d) for row_no, i, v, d in pledges.values() if row_no not in error_rows]
    report.skipped = report.total_rows - len(valid)
    existing = Commitment.objects.filter(movement=movement, unit=unit, year=year).first()
    try:
        commitment_save(
            actor=actor,
            movement=movement,
            unit=unit,
            year=year,
            titles="\n".join(titles),
            note=existing.note if existing else "",
            pledges=valid,
        )
    except ServiceError as exc:
        report.errors.append(CellError(ws.title, 1, "", exc.message))
        return report
    report.created = len(valid)
    report.saved = True
    return report


def dashboard_workbook(board: Dashboard) -> Workbook:
    """Every table of the dashboard, one sheet each."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Xếp hạng đơn vị"
    ws.append(["Hạng", "Đơn vị", "Hoàn thành (%)", "Chỉ tiêu đạt", "Số chỉ tiêu", "Đã báo cáo", "Đồng hạng"])
    for g in board.by_unit:
        ws.append([g.rank, g.name, g.percent, g.met, g.total, g.reported, "x" if g.tied else ""])
    ws = wb.create_sheet("Theo chỉ tiêu")
    ws.append(["Chỉ tiêu", "Hoàn thành (%)", "Số đơn vị đạt", "Số đơn vị"])
    for g in board.by_indicator:
        ws.append([g.name, g.percent, g.met, g.total])
    ws = wb.create_sheet("Chi tiết")
    ws.append(
        [
            "Đơn vị",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Năm",
            "Giá trị gốc",
            "Chỉ tiêu giao",
            "Đạt được",
            "Hoàn thành (%)",
            "Thực tế (%)",
            "Đạt",
        ]
    )
    for r in board.targets:
        ws.append(
            [
                r.unit_name,
                r.indicator_name,
                r.measure,
                r.year,
                float(r.baseline) if r.baseline is not None else None,
                float(r.target),
                float(r.value) if r.value is not None else None,
                r.done.percent,
                r.done.real_percent,
                "Đạt" if r.done.met else "Chưa đạt",
            ]
        )
    ws = wb.create_sheet("Theo kỳ")
    ws.append(["Kỳ", "Hoàn thành bình quân (%)"])
    for label, value in board.chart:
        ws.append([label, value])
    ws = wb.create_sheet("Theo năm")
    ws.append(["Năm", "Hoàn thành bình quân (%)"])
    for label, value in board.by_year:
        ws.append([int(label), value])
    ws = wb.create_sheet("Chậm báo cáo")
    ws.append(["Đơn vị", "Kỳ", "Hạn báo cáo", "Số chỉ tiêu chưa báo cáo"])
    for item in board.overdue:
        ws.append([item.unit.name, item.period.name, item.period.due, item.missing])
    if board.children:
        ws = wb.create_sheet("Cấp dưới")
        ws.append(["Kế hoạch của", "Hoàn thành (%)", "Số chỉ tiêu"])
        for g in board.children:
            ws.append([g.name, g.percent, g.total])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return wb
