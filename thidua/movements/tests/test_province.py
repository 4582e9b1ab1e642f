"""The province dashboard: a province movement commune by commune, its access for every role, its
export under title rows, and a fixed number of queries whatever the number of communes."""

import datetime as dt
import io
from decimal import Decimal as D
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.movements import services
from thidua.movements.province import province_board
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

TODAY = dt.date(2026, 12, 1)


VIETNAM = dt.timezone(dt.timedelta(hours=7))


def clock(day: dt.date, at: dt.time, *, late: bool = False):
    """Writes made on `day` (the day after it when `late`) at `at`, Vietnam time."""
    moment = dt.datetime.combine(day + dt.timedelta(days=late), at, tzinfo=VIETNAM)
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def province_movement(tree, indicators):
    """The province's movement of 2026; Mỹ Thạnh implements it and reports three quarters of the
    province's targets, each on its due date (late in the evening); Xã Khác implements nothing and
    reports only the first quarter, in the first hour of the day after its due date."""
    movement = services.movement_create(
        actor=SYSTEM,
        unit=tree.province,
        name="Thi đua “Đồng khởi mới” năm 2026",
        plan_number="112/KH-UBND",
        plan_date=dt.date(2026, 1, 20),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    services.movement_launch(actor=SYSTEM, movement=movement)
    services.movement_start(actor=SYSTEM, movement=movement)
    plan = services.movement_implement(actor=SYSTEM, parent_movement=movement, unit=tree.commune)
    services.movement_launch(actor=SYSTEM, movement=plan)
    quarters = list(movement.periods.filter(kind="quarter").order_by("end"))
    for unit, reported in ((tree.commune, 3), (tree.other, 1)):
        income = services.target_set(
            actor=SYSTEM, movement=movement, unit=unit, year=2026, indicator=indicators["income"], value=D(50)
        )
        road = services.target_set(
            actor=SYSTEM, movement=movement, unit=unit, year=2026, indicator=indicators["road"], value=D(1)
        )
        for quarter in quarters[:reported]:
            with clock(quarter.due, dt.time(23, 30) if reported == 3 else dt.time(0, 30), late=reported == 1):
                services.progress_report(
                    actor=SYSTEM, target=income, period=quarter, value=D(50 if reported == 3 else 42)
                )
                services.progress_report(
                    actor=SYSTEM, target=road, period=quarter, value=D(1 if reported == 3 else 0)
                )
    services.commitment_save(
        actor=SYSTEM, movement=movement, unit=tree.commune, year=2026, titles="Cờ thi đua", submit=True
    )
    movement.refresh_from_db()
    return movement


@pytest.fixture
def people(tree, make_user):
    """A role of each kind on the province, its council, a commune, and another province."""
    council = unit_create(
        actor=SYSTEM, name="Hội đồng Thi đua – Khen thưởng tỉnh", kind=UnitKind.COUNCIL, parent=tree.province
    )
    elsewhere = unit_create(actor=SYSTEM, name="Tỉnh Đắk Lắk", kind=UnitKind.PROVINCE, parent=None)
    return {
        "province_officer": make_user("tinh_canbo", Role.OFFICER, tree.province),
        "province_leader": make_user("tinh_lanhdao", Role.LEADER, tree.province),
        "province_admin": make_user("tinh_quantri", Role.ADMIN, tree.province),
        "province_viewer": make_user("tinh_xem", Role.VIEWER, tree.province),
        "province_council": make_user("tinh_hoidong", Role.COUNCIL, council),
        "commune_officer": make_user("canbo", Role.OFFICER, tree.commune),
        "commune_leader": make_user("chutich", Role.LEADER, tree.commune),
        "other_province_officer": make_user("canbo_daklak", Role.OFFICER, elsewhere),
    }


def test_the_board_reads_each_commune(province_movement, tree):
    board = province_board(province_movement, year=2026, today=TODAY)
    rows = {r.unit.pk: r for r in board.communes}
    mine, other = rows[tree.commune.pk], rows[tree.other.pk]
    assert board.count == 2 and board.implemented == 1 and board.share(board.implemented) == 50
    assert mine.implemented and not other.implemented and other.plan is None
    assert mine.registration == "submitted" and not other.registration
    assert (mine.score.total, mine.score.reported, mine.score.met, mine.percent) == (2, 2, 2, 100)
    assert (other.percent, other.score.met) == (10, 0)  # income 42 of 40 → 50: 20 %; road 0 %
    assert [p.name for p in mine.missing] == [] and [p.name for p in other.missing] == [
        "Quý 2/2026",
        "Quý 3/2026",
    ]
    assert [p.name for p in mine.late] == [] and [p.name for p in other.late] == ["Quý 1/2026"]
    # Reported on the due date itself is on time; the day after is late; Q4 is not due yet.
    assert (mine.due, mine.on_time, mine.late_count, mine.missing_count) == (3, 3, 0, 0)
    assert (other.due, other.on_time, other.late_count, other.missing_count) == (3, 0, 1, 2)
    assert board.timeliness == (6, 3, 1, 2) and board.on_time_percent == 50
    assert board.reported_all == 1 and [r.unit for r in board.overdue] == [tree.other]
    assert [r.unit for r in board.reported_late] == [tree.other]
    # The page lists them by period: a line per period, whatever the number of communes.
    assert [(p.name, names) for p, names in board.missing_by_period] == [
        ("Quý 2/2026", [tree.other.name]),
        ("Quý 3/2026", [tree.other.name]),
    ]
    assert [(p.name, names) for p, names in board.late_by_period] == [("Quý 1/2026", [tree.other.name])]
    assert [(r.unit, r.rank) for r in board.ranking] == [(tree.commune, 1), (tree.other, 2)]
    assert board.overall == 55
    assert board.bands[-1] == ("80–100%", 1) and board.bands[0] == ("0–20%", 1)


def test_a_late_correction_keeps_a_period_on_time_and_a_deletion_makes_it_missing(province_movement, tree):
    from thidua.movements.models import ProgressReport, UnitPeriodStanding
    from thidua.movements.services.figures import progress_report_delete

    q1 = province_movement.periods.get(name="Quý 1/2026")
    mine = ProgressReport.objects.select_related("target").get(
        target__unit=tree.commune, period=q1, target__indicator__name__startswith="Thu nhập"
    )
    first = mine.first_reported_at
    with clock(q1.due + dt.timedelta(days=40), dt.time(9)):
        services.progress_report(actor=SYSTEM, target=mine.target, period=q1, value=D(51))
    mine.refresh_from_db()
    assert mine.value == 51 and mine.first_reported_at == first and mine.reported_at > first
    rows = {r.unit.pk: r for r in province_board(province_movement, year=2026, today=TODAY).communes}
    assert (rows[tree.commune.pk].on_time, rows[tree.commune.pk].late_count) == (3, 0)

    for report in ProgressReport.objects.filter(target__unit=tree.other, period=q1):
        progress_report_delete(actor=SYSTEM, report=report)
    assert not UnitPeriodStanding.objects.filter(unit=tree.other, period=q1, completed_at__isnull=False)
    other = {r.unit.pk: r for r in province_board(province_movement, year=2026, today=TODAY).communes}[
        tree.other.pk
    ]
    assert (other.due, other.on_time, other.late_count, other.missing_count) == (3, 0, 0, 3)
    assert [p.name for p in other.missing] == ["Quý 1/2026", "Quý 2/2026", "Quý 3/2026"] and not other.late

    # Reported again on the day after its due date: late, from this new first report.
    target = province_movement.targets.get(unit=tree.other, indicator__name__startswith="Thu nhập")
    road = province_movement.targets.exclude(pk=target.pk).get(unit=tree.other)
    with clock(q1.due, dt.time(0, 0), late=True):
        services.progress_report(actor=SYSTEM, target=target, period=q1, value=D(42))
        services.progress_report(actor=SYSTEM, target=road, period=q1, value=D(0))
    other = {r.unit.pk: r for r in province_board(province_movement, year=2026, today=TODAY).communes}[
        tree.other.pk
    ]
    assert (other.on_time, other.late_count, other.missing_count) == (0, 1, 2)


def test_a_figure_entered_now_from_a_paper_report_counts_on_the_day_it_was_reported(province_movement, tree):
    """Entered long after the due date from a report the commune sent on time: on time, by the day
    given; a day in the future is taken as now; a correction keeps the first report's moment."""
    from django.utils import timezone

    from thidua.movements.models import ProgressReport
    from thidua.movements.services.figures import progress_report_delete

    q1 = province_movement.periods.get(name="Quý 1/2026")
    for report in ProgressReport.objects.filter(target__unit=tree.other, period=q1):
        progress_report_delete(actor=SYSTEM, report=report)
    on_paper = timezone.make_aware(dt.datetime.combine(q1.due, dt.time(16, 0)))
    income = province_movement.targets.get(unit=tree.other, indicator__name__startswith="Thu nhập")
    road = province_movement.targets.exclude(pk=income.pk).get(unit=tree.other)
    for target, value in ((income, D(42)), (road, D(0))):
        services.progress_report(actor=SYSTEM, target=target, period=q1, value=value, reported_at=on_paper)
    other = {r.unit.pk: r for r in province_board(province_movement, year=2026, today=TODAY).communes}
    assert (other[tree.other.pk].on_time, other[tree.other.pk].late_count) == (1, 0)
    services.progress_report(
        actor=SYSTEM, target=road, period=q1, value=D(1), reported_at=on_paper - dt.timedelta(days=30)
    )
    assert ProgressReport.objects.get(target=road, period=q1).first_reported_at == on_paper

    q2 = province_movement.periods.get(name="Quý 2/2026")
    services.progress_report(
        actor=SYSTEM,
        target=income,
        period=q2,
        value=D(45),
        reported_at=timezone.now() + dt.timedelta(days=400),
    )
    assert ProgressReport.objects.get(target=income, period=q2).first_reported_at <= timezone.now()


def test_an_empty_year_is_a_board_of_communes_without_figures(province_movement, tree):
    board = province_board(province_movement, year=1999, today=TODAY)  # not a year of it: the current
    assert board.year == 2026
    province_movement.period_end = dt.date(2027, 12, 31)
    board = province_board(province_movement, year=2027, today=TODAY)
    assert board.count == 2 and board.overall is None and not board.ranking and not board.overdue


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("province_officer", 200),
        ("province_leader", 200),
        ("province_admin", 200),
        ("province_viewer", 403),
        ("province_council", 404),
        ("commune_officer", 404),
        ("commune_leader", 404),
        ("other_province_officer", 404),
    ],
)
def test_who_reads_the_province_dashboard(client, province_movement, people, who, status):
    client.force_login(people[who])
    for name in ("movements:province", "movements:province_export"):
        assert client.get(reverse(name, args=[province_movement.pk])).status_code == status, name


def test_anonymous_is_sent_to_the_login(client, province_movement):
    response = client.get(reverse("movements:province", args=[province_movement.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_commune_movement_has_no_province_dashboard(client, movement, people):
    client.force_login(people["province_officer"])
    assert client.get(reverse("movements:province", args=[movement.pk])).status_code == 404


def test_the_page_shows_the_communes_and_drills_down(client, province_movement, people, tree):
    client.force_login(people["province_officer"])
    page = client.get(reverse("movements:province", args=[province_movement.pk])).content.decode()
    plan = province_movement.children.get()
    assert reverse("movements:detail", args=[plan.pk]) in page  # the commune's own dashboard
    assert tree.other.name in page and "Chưa triển khai" in page and "<svg" in page
    assert "Đúng hạn 3/3 kỳ" in page and "Đúng hạn 0/3 kỳ" in page
    assert "Muộn 1 kỳ" in page and "Thiếu 2 kỳ" in page and 'id="province-late"' in page
    assert "<strong>3</strong>/6 kỳ đến hạn (50%)" in page
    assert client.get(reverse("movements:detail", args=[plan.pk])).status_code == 200
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("movements:province", args=[province_movement.pk]) in home
    assert tree.other.name in home


def test_the_export_opens_with_title_rows_then_the_header(client, province_movement, people, tree):
    client.force_login(people["province_leader"])
    response = client.get(reverse("movements:province_export", args=[province_movement.pk]) + "?year=2026")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Các xã"]
    titles = [ws[f"A{r}"].value for r in range(1, 5)]
    assert titles[0].startswith("KẾT QUẢ THỰC HIỆN PHONG TRÀO") and tree.province.name in titles[1]
    assert "112/KH-UBND" in titles[2] and titles[3].startswith("Năm 2026")
    header = 6
    assert ws[f"A{header}"].value == "Xã, phường" and ws[f"A{header}"].font.b
    names = [ws[f"A{r}"].value for r in range(header + 1, ws.max_row + 1)]
    assert names == [tree.commune.name, tree.other.name]
    header_row = [ws.cell(header, c).value for c in range(1, ws.max_column + 1)]
    on_time = header_row.index("Báo cáo đúng hạn") + 1
    assert header_row[on_time - 2 : on_time + 3] == [
        "Kỳ đến hạn",
        "Báo cáo đúng hạn",
        "Báo cáo muộn",
        "Còn thiếu",
        "Tỷ lệ đúng hạn (%)",
    ]
    figures = [
        [ws.cell(r, c).value for c in range(on_time - 1, on_time + 4)] for r in (header + 1, header + 2)
    ]
    assert figures == [[3, 3, 0, 0, 100], [3, 0, 1, 2, 0]]
    late = wb["Chậm báo cáo"]
    assert [[late.cell(r, c).value for c in (2, 4)] for r in range(7, late.max_row + 1)] == [
        ["Quý 2/2026", "Còn thiếu"],
        ["Quý 3/2026", "Còn thiếu"],
        ["Quý 1/2026", "Báo cáo muộn"],
    ]


def test_the_movement_export_opens_with_title_rows_too(client, movement, targets, personas):
    client.force_login(personas["viewer"])
    wb = load_workbook(io.BytesIO(client.get(reverse("movements:export", args=[movement.pk])).content))
    ws = wb.worksheets[0]
    assert ws["A1"].value == "XẾP HẠNG ĐƠN VỊ" and movement.name in ws["A2"].value
    assert ws["A6"].value == "Hạng"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_costs_the_same_queries_with_more_communes(
    client, province_movement, people, tree, indicators
):
    client.force_login(people["province_officer"])
    url = reverse("movements:province", args=[province_movement.pk])
    export = reverse("movements:province_export", args=[province_movement.pk])
    before = (_queries(client, url), _queries(client, export))
    for i in range(4):
        commune = unit_create(
            actor=SYSTEM, name=f"Xã Đông Thạnh {i}", kind=UnitKind.COMMUNE, parent=tree.province
        )
        hamlet = unit_create(actor=SYSTEM, name=f"Ấp {i}", kind=UnitKind.HAMLET, parent=commune)
        plan = services.movement_implement(actor=SYSTEM, parent_movement=province_movement, unit=commune)
        services.movement_launch(actor=SYSTEM, movement=plan)
        target = services.target_set(
            actor=SYSTEM, movement=plan, unit=hamlet, year=2026, indicator=indicators["income"], value=D(50)
        )
        services.progress_report(
            actor=SYSTEM, target=target, period=plan.periods.order_by("end").first(), value=D(45)
        )
    assert (_queries(client, url), _queries(client, export)) == before


def test_the_province_part_of_the_home_page_costs_the_same_with_more_communes(
    province_movement, people, tree, indicators
):
    from thidua.movements.home import _province_sections

    def count() -> int:
        user = type(people["province_officer"]).objects.get(pk=people["province_officer"].pk)
        with CaptureQueriesContext(connection) as ctx:
            _province_sections(user)
        return len(ctx.captured_queries)

    before = count()
    for i in range(4):
        commune = unit_create(
            actor=SYSTEM, name=f"Xã Đông Hòa {i}", kind=UnitKind.COMMUNE, parent=tree.province
        )
        plan = services.movement_implement(actor=SYSTEM, parent_movement=province_movement, unit=commune)
        services.movement_launch(actor=SYSTEM, movement=plan)
    assert count() == before


def test_the_communes_are_listed_a_page_at_a_time_by_rank(
    client, province_movement, people, tree, monkeypatch
):
    from thidua.movements.views import province as view

    monkeypatch.setattr(view, "PAGE_SIZE", 1)
    client.force_login(people["province_officer"])
    url = reverse("movements:province", args=[province_movement.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    table = 'id="province-communes"'
    assert tree.commune.name in first.split(table)[1].split("</table>")[0]
    assert tree.other.name not in first.split(table)[1].split("</table>")[0]
    assert tree.other.name in second.split(table)[1].split("</table>")[0]
    assert "?page=2" in first


def test_the_movement_dashboard_shows_reporting_on_time_too(client, province_movement, people, tree):
    from thidua.movements.selectors import dashboard

    board = dashboard(province_movement, year=2026, today=TODAY, viewer=SYSTEM)
    t = board.timeliness
    assert (t.due, t.on_time, t.late_count, t.missing, t.percent) == (6, 3, 1, 2, 50)
    assert [(r.unit, r.period.name) for r in t.late] == [(tree.other, "Quý 1/2026")]
    q1 = t.late[0].period
    assert t.late[0].completed_at.astimezone(VIETNAM).date() == q1.due + dt.timedelta(days=1)
    # Before Q1's due date has passed nothing is owed yet; on it, still nothing.
    assert dashboard(province_movement, year=2026, today=q1.due, viewer=SYSTEM).timeliness.due == 0
    client.force_login(people["province_officer"])
    page = client.get(
        reverse("movements:detail", args=[province_movement.pk]) + "?year=2026"
    ).content.decode()
    assert "3/6 kỳ đến hạn (50%)" in page and "muộn 1, còn thiếu 2" in page and 'id="reported-late"' in page
    assert (q1.due + dt.timedelta(days=1)).strftime("%d/%m/%Y") in page
