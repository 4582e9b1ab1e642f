"""The province dashboard of a movement launched by a province: every commune at a glance, with
drill-down to each commune's own dashboard, and its Excel export. Only a role allowed
`Action.ROLLUP_VIEW` on the province reads it: 404 for whoever cannot see the province (a commune's
users, another province's), 403 for a role on the province that may not."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua import access
from thidua.access import Action
from thidua.lib import params
from thidua.movements import charts, province
from thidua.movements.models import Movement
from thidua.movements.views._common import xlsx
from thidua.movements.workbook.province import province_workbook
from thidua.units.models import UnitKind

PAGE_SIZE = 25


def _movement(request, pk: int) -> Movement:
    movement = (
        Movement.objects.select_related("unit", "criteria_set")
        .filter(pk=pk, unit__kind=UnitKind.PROVINCE)
        .first()
    )
    if movement is None:
        raise Http404
    access.require(request.user, Action.ROLLUP_VIEW, movement.unit)
    return movement


def _board(request, movement: Movement) -> province.ProvinceBoard:
    year = params.int_param(request, "year", low=params.YEAR_MIN, high=params.YEAR_MAX)
    return province.province_board(movement, year=year, today=timezone.localdate())


@require_GET
def province_dashboard(request, pk: int):
    movement = _movement(request, pk)
    board = _board(request, movement)
    context = {
        "movement": movement,
        "board": board,
        # The ranking a page of 25 communes at a time, as the movement dashboard's: the page costs
        # the same for a province of 100 communes as for one of 25.
        "rows_page": Paginator(board.rows, PAGE_SIZE).get_page(request.GET.get("page", 1)),
        "bands_chart": charts.bar_chart(
            board.bands, title=_("Số xã theo mức hoàn thành chỉ tiêu"), unit=_("xã")
        ),
        "tiles": [
            # (label, communes, share, drawn as a bar: the good shares only)
            (_("Đã triển khai thực hiện"), board.implemented, board.share(board.implemented), True),
            (_("Đã đăng ký thi đua với tỉnh"), board.registered, board.share(board.registered), True),
            (_("Báo cáo đủ các kỳ đến hạn"), board.reported_all, board.share(board.reported_all), True),
            (
                _("Còn thiếu báo cáo kỳ đã đến hạn"),
                len(board.overdue),
                board.share(len(board.overdue)),
                False,
            ),
            (_("Có kỳ báo cáo muộn"), len(board.reported_late), board.share(len(board.reported_late)), False),
        ],
    }
    return render(request, "movements/province.html", context)


@require_GET
def province_export(request, pk: int):
    movement = _movement(request, pk)
    board = _board(request, movement)
    return xlsx(province_workbook(board), f"phong-trao-{movement.pk}-cac-xa-{board.year}.xlsx")
