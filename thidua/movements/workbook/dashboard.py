"""The dashboard's tables as a workbook, one sheet each (a download only: never read back, so its
headings follow the interface language)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from thidua.movements.selectors import Dashboard
from thidua.movements.workbook import _sheets


def dashboard_workbook(board: Dashboard) -> Workbook:
    """Every table of the dashboard, one sheet each."""
    wb = Workbook()
    wb.remove(wb.active)
    _ranking(wb, board)
    _sheets.new_sheet(
        wb,
        _("Theo chỉ tiêu"),
        [_("Chỉ tiêu"), _("Hoàn thành (%)"), _("Số đơn vị đạt"), _("Số đơn vị")],
        ([g.name, g.percent, g.met, g.total] for g in board.by_indicator),
    )
    _details(wb, board)
    average = _("Hoàn thành bình quân (%)")
    _sheets.new_sheet(wb, _("Theo kỳ"), [_("Kỳ"), average], ([label, value] for label, value in board.chart))
    _sheets.new_sheet(
        wb, _("Theo năm"), [_("Năm"), average], ([int(label), value] for label, value in board.by_year)
    )
    _sheets.new_sheet(
        wb,
        _("Chậm báo cáo"),
        [_("Đơn vị"), _("Kỳ"), _("Hạn báo cáo"), _("Số chỉ tiêu chưa báo cáo")],
        ([item.unit.name, item.period.name, item.period.due, item.missing] for item in board.overdue),
    )
    if board.children:
        _sheets.new_sheet(
            wb,
            _("Cấp dưới"),
            [_("Kế hoạch của"), _("Hoàn thành (%)"), _("Số chỉ tiêu")],
            ([g.name, g.percent, g.total] for g in board.children),
        )
    _sheets.bold_header(*wb.worksheets)
    return wb


def _ranking(wb: Workbook, board: Dashboard) -> None:
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
    _sheets.new_sheet(wb, _("Xếp hạng đơn vị"), header, rows)


def _details(wb: Workbook, board: Dashboard) -> None:
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
            _("Đạt") if r.done.met else _("Chưa đạt"),
        ]
        for r in board.targets
    )
    _sheets.new_sheet(wb, _("Chi tiết"), header, rows)
