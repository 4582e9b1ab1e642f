"""The dashboard's tables as a workbook, one sheet each (a download only: never read back, so its
headings follow the interface language). Written as plain sheets (`thidua.lib.xlsx`): the details
of a hundred units' targets are thousands of rows. Each sheet opens with title rows — what the
table is, of which movement and unit, for which year, as of which day — then its header."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.lib.vn import format_date_short
from thidua.lib.xlsx import PlainWorkbook
from thidua.movements.models import Movement
from thidua.movements.selectors import Dashboard


def title_rows(what: str, movement: Movement, year: int | None, today: dt.date | None = None) -> list[str]:
    """The lines above a table: what, of which movement and unit, the year, the day it was drawn."""
    today = today or timezone.localdate()
    lines = [
        what.upper(),
        _("Phong trào: %(name)s – %(unit)s") % {"name": movement.name, "unit": movement.unit.name},
    ]
    if movement.plan_label:
        lines.append(movement.plan_label)
    lines.append(
        (_("Năm %(year)s") % {"year": year} + " – " if year else "")
        + _("Số liệu đến ngày %(date)s") % {"date": format_date_short(today)}
    )
    return lines


def dashboard_workbook(board: Dashboard) -> PlainWorkbook:
    """Every table of the dashboard, one sheet each."""
    wb = PlainWorkbook()
    movement, year = board.movement, board.year
    _ranking(wb, board)
    wb.add_sheet(
        _("Theo chỉ tiêu"),
        [_("Chỉ tiêu"), _("Hoàn thành (%)"), _("Số đơn vị đạt"), _("Số đơn vị")],
        ([g.name, g.percent, g.met, g.total] for g in board.by_indicator),
        titles=title_rows(_("Kết quả theo chỉ tiêu"), movement, year),
    )
    _details(wb, board)
    average = _("Hoàn thành bình quân (%)")
    wb.add_sheet(
        _("Theo kỳ"),
        [_("Kỳ"), average],
        ([label, value] for label, value in board.chart),
        titles=title_rows(_("Kết quả theo kỳ báo cáo"), movement, year),
    )
    wb.add_sheet(
        _("Theo năm"),
        [_("Năm"), average],
        ([int(label), value] for label, value in board.by_year),
        titles=title_rows(_("Kết quả theo năm"), movement, None),
    )
    wb.add_sheet(
        _("Chậm báo cáo"),
        [_("Đơn vị"), _("Kỳ"), _("Hạn báo cáo"), _("Số chỉ tiêu chưa báo cáo")],
        ([item.unit.name, item.period.name, item.period.due, item.missing] for item in board.overdue),
        titles=title_rows(_("Đơn vị chậm báo cáo"), movement, year),
    )
    if board.children:
        wb.add_sheet(
            _("Cấp dưới"),
            [_("Kế hoạch của"), _("Hoàn thành (%)"), _("Số chỉ tiêu")],
            ([g.name, g.percent, g.total] for g in board.children),
            titles=title_rows(_("Kết quả kế hoạch của cấp dưới"), movement, None),
        )
    return wb


def _ranking(wb: PlainWorkbook, board: Dashboard) -> None:
    header = [
        _("Hạng"),
        _("Đơn vị"),
        _("Hoàn thành (%)"),
        _("Chỉ tiêu đạt"),
        _("Số chỉ tiêu"),
        _("Đã báo cáo"),
        _("Đồng hạng"),
    ]
    rows = (
        [g.rank, g.name, g.percent, g.met, g.total, g.reported, "x" if g.tied else ""] for g in board.by_unit
    )
    wb.add_sheet(
        _("Xếp hạng đơn vị"),
        header,
        rows,
        titles=title_rows(_("Xếp hạng đơn vị"), board.movement, board.year),
    )


def _details(wb: PlainWorkbook, board: Dashboard) -> None:
    header = [
        _("Đơn vị"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Năm"),
        _("Giá trị gốc"),
        _("Chỉ tiêu giao"),
        _("Đạt được"),
        _("Hoàn thành (%)"),
        _("Thực tế (%)"),
        _("Đạt"),
    ]
    met, not_met = _("Đạt"), _("Chưa đạt")
    rows = (
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
            met if r.done.met else not_met,
        ]
        for r in board.targets
    )
    wb.add_sheet(
        _("Chi tiết"),
        header,
        rows,
        titles=title_rows(_("Chi tiết chỉ tiêu và kết quả"), board.movement, board.year),
    )
