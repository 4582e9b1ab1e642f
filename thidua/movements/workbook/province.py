"""The province dashboard as a workbook: the communes, their ranking, the late reports and the New
Rural criteria, each sheet under title rows (what, of which movement and province, which year, as
of which day) and a header."""

from django.utils.translation import gettext as _

from thidua.lib.xlsx import PlainWorkbook
from thidua.movements.province import ProvinceBoard
from thidua.movements.workbook.dashboard import title_rows


def province_workbook(board: ProvinceBoard) -> PlainWorkbook:
    wb = PlainWorkbook()
    movement, year = board.movement, board.year
    yes, no = _("Có"), _("Chưa")
    wb.add_sheet(
        _("Các xã"),
        [
            _("Xã, phường"),
            _("Đã triển khai"),
            _("Kế hoạch của xã"),
            _("Đăng ký với tỉnh"),
            _("Số đăng ký trong xã"),
            _("Chỉ tiêu tỉnh giao"),
            _("Đã báo cáo"),
            _("Đạt"),
            _("Hoàn thành (%)"),
            _("Toàn bộ chỉ tiêu trong xã"),
            _("Hoàn thành toàn bộ (%)"),
            _("Kỳ đến hạn"),
            _("Báo cáo đúng hạn"),
            _("Báo cáo muộn"),
            _("Còn thiếu"),
            _("Tỷ lệ đúng hạn (%)"),
            _("Hạng"),
        ],
        (
            [
                row.unit.name,
                yes if row.implemented else no,
                row.plan.name if row.plan else "",
                row.registration_label,
                row.registrations_below,
                row.score.total if row.score else 0,
                row.score.reported if row.score else 0,
                row.score.met if row.score else 0,
                row.percent,
                row.cascade.total if row.cascade else 0,
                row.cascade_percent,
                row.due,
                row.on_time,
                row.late_count,
                row.missing_count,
                row.on_time_percent,
                row.rank or None,
            ]
            for row in board.communes
        ),
        titles=title_rows(_("Kết quả thực hiện phong trào của các xã, phường"), movement, year),
    )
    wb.add_sheet(
        _("Xếp hạng"),
        [
            _("Hạng"),
            _("Xã, phường"),
            _("Hoàn thành (%)"),
            _("Chỉ tiêu đạt"),
            _("Số chỉ tiêu"),
            _("Đồng hạng"),
        ],
        (
            [
                row.rank,
                row.unit.name,
                row.percent if row.percent is not None else row.cascade_percent,
                (row.score or row.cascade).met if (row.score or row.cascade) else 0,
                (row.score or row.cascade).total if (row.score or row.cascade) else 0,
                "x" if row.tied else "",
            ]
            for row in board.ranking
        ),
        titles=title_rows(_("Xếp hạng các xã, phường"), movement, year),
    )
    wb.add_sheet(
        _("Chậm báo cáo"),
        [_("Xã, phường"), _("Kỳ"), _("Hạn báo cáo"), _("Tình trạng")],
        (
            [row.unit.name, period.name, period.due, state]
            for row in board.communes
            for state, periods in ((_("Còn thiếu"), row.missing), (_("Báo cáo muộn"), row.late))
            for period in periods
        ),
        titles=title_rows(_("Các xã, phường còn thiếu hoặc báo cáo muộn"), movement, year),
    )
    if board.criteria_total:
        wb.add_sheet(
            _("Nông thôn mới"),
            [_("Xã, phường"), _("Số tiêu chí đạt"), _("Tổng số tiêu chí"), _("Đạt chuẩn")],
            (
                [
                    row.unit.name,
                    row.criteria_met,
                    board.criteria_total,
                    yes if row.criteria_met == board.criteria_total else no,
                ]
                for row in board.communes
            ),
            titles=title_rows(_("Kết quả thực hiện tiêu chí nông thôn mới"), movement, year),
        )
    return wb
