"""The dashboard's read model: kept by every write of a figure or a target, equal to what a rebuild
from the reports gives, and read by the dashboard whatever the years of history."""

import datetime as dt
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.lib.errors import ServiceError
from thidua.movements import completion as calc
from thidua.movements import selectors, services
from thidua.movements.models import (
    PeriodKind,
    ProgressReport,
    Target,
    TargetStanding,
    UnitPeriodStanding,
    UnitYearStanding,
)
from thidua.movements.services.figures import progress_report_delete
from thidua.movements.services.standings import Models, standings_rebuild, standings_refresh
from thidua.movements.services.targets import TargetCell

YEARS = (2025, 2026)
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 20)


@pytest.fixture
def two_years(tree, personas, indicators):
    """A running commune movement over 2025–2026; both hamlets have every indicator both years."""
    officer = personas["officer"]
    movement = services.movement_create(
        actor=officer,
        unit=tree.commune,
        name="Thi đua hai năm",
        period_start=dt.date(YEARS[0], 1, 1),
        period_end=dt.date(YEARS[-1], 12, 31),
    )
    services.movement_launch(actor=personas["leader"], movement=movement)
    services.movement_start(actor=officer, movement=movement)
    movement.refresh_from_db()
    for year in YEARS:
        for unit in (tree.hamlet, tree.hamlet2):
            for indicator in indicators.values():
                value = D(1) if indicator.direction == "yes_no" else D(4 if indicator.measure == "%" else 50)
                services.target_set(
                    actor=officer, movement=movement, unit=unit, year=year, indicator=indicator, value=value
                )
    return movement


def read_model(movement) -> dict:
    """Everything the read model holds for the movement, without row ids."""
    return {
        "targets": sorted(
            TargetStanding.objects.filter(movement=movement).values_list(
                "target_id",
                "unit_id",
                "indicator_id",
                "year",
                "value",
                "period_id",
                "capped",
                "met",
                "levels",
                "reported_in",
                "first_reported",
            )
        ),
        "years": sorted(
            UnitYearStanding.objects.filter(movement=movement).values_list(
                "unit_id", "year", "targets", "reported", "met", "capped"
            )
        ),
        "periods": sorted(
            UnitPeriodStanding.objects.filter(movement=movement).values_list(
                "unit_id", "period_id", "year", "reported", "capped", "completed_at", "on_time"
            )
        ),
    }


def wipe(movement) -> None:
    for model in (TargetStanding, UnitYearStanding, UnitPeriodStanding):
        model.objects.filter(movement=movement).delete()


# --- rebuild = incremental ----------------------------------------------------------------

CELLS = [(u, i) for u in ("hamlet", "hamlet2") for i in ("income", "poor", "insurance", "road")]
OPERATIONS = st.one_of(
    st.tuples(
        st.just("report"),
        st.integers(0, 7),
        st.sampled_from(YEARS),
        st.integers(0, 5),
        st.integers(0, 70),
        st.integers(0, 760),  # the day it is written, from 1 January 2025: before, on or after due
    ),
    st.tuples(st.just("delete"), st.integers(0, 7), st.sampled_from(YEARS), st.integers(0, 5)),
    st.tuples(st.just("target"), st.integers(0, 7), st.sampled_from(YEARS), st.integers(0, 60)),
    st.tuples(st.just("unset"), st.integers(0, 7), st.sampled_from(YEARS)),
)


def clock(moment: dt.datetime):
    """Writes made at `moment` (what `timezone.now` gives the services and `auto_now`)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _periods(movement, year):
    """The periods a figure of that year may go to: its quarters, its yearly review, the final one."""
    return [
        p for p in movement.periods.order_by("end", "pk") if p.end.year == year or p.kind == PeriodKind.FINAL
    ]


def _apply(op, movement, tree, indicators, officer) -> None:
    kind, cell, year, *rest = op
    unit, indicator = getattr(tree, CELLS[cell][0]), indicators[CELLS[cell][1]]
    target = Target.objects.filter(movement=movement, unit=unit, indicator=indicator, year=year).first()
    if kind == "target":
        value = D(rest[0] % 2) if indicator.direction == "yes_no" else D(rest[0])
        services.target_set(
            actor=officer, movement=movement, unit=unit, year=year, indicator=indicator, value=value
        )
    elif kind == "unset":
        cells = [TargetCell(unit, indicator, None)]
        services.targets_assign(actor=officer, movement=movement, year=year, cells=cells)
    elif target is None:
        return
    elif kind == "report":
        periods = _periods(movement, year)
        period = periods[rest[0] % len(periods)]
        value = D(rest[1] % 2) if indicator.direction == "yes_no" else D(rest[1])
        day = rest[2] if len(rest) > 2 else 700  # other tests' operations name no day
        with clock(START + dt.timedelta(days=day, hours=day % 24)):
            services.progress_report(actor=officer, target=target, period=period, value=value, confirmed=True)
    else:
        periods = _periods(movement, year)
        report = ProgressReport.objects.filter(target=target, period=periods[rest[0] % len(periods)]).first()
        if report is not None:
            progress_report_delete(actor=officer, report=report)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=30))
def test_a_rebuild_from_the_reports_finds_what_every_write_kept(
    operations, two_years, tree, indicators, personas
):
    saved = transaction.savepoint()
    try:
        for op in operations:
            try:
                with transaction.atomic():
                    _apply(op, two_years, tree, indicators, personas["officer"])
            except ServiceError:
                pass  # a refused write changes nothing
        kept = read_model(two_years)
        assert standings_rebuild(actor=SYSTEM) == 0
        wipe(two_years)
        standings_rebuild(actor=SYSTEM, movements=[two_years])
        assert read_model(two_years) == kept
        _assert_the_dashboard_follows_the_rules(two_years)
        _assert_on_time_follows_the_reports(two_years)
    finally:
        transaction.savepoint_rollback(saved)


def _assert_the_dashboard_follows_the_rules(movement) -> None:
    """The figures read from the read model are those the rules of completion.py give from the reports."""
    for year in YEARS:
        board = selectors.dashboard(movement, year=year, today=TODAY, viewer=SYSTEM)
        rows, _raw, _reports = selectors.targets_at_latest(movement, {"year": year})
        assert [(r.id, r.value, r.done) for r in board.targets] == [(r.id, r.value, r.done) for r in rows]
        assert board.overall == calc.as_percent(calc.rollup(r.done for r in rows))
    assert board.overall_all_years == selectors.sql_rollup(Target.objects.filter(movement=movement))


def _assert_on_time_follows_the_reports(movement) -> None:
    """Each unit's period is complete at the latest first report of its targets, once all have one;
    on time when that day in Vietnam is not after the due date. Counted from the reports alone."""
    vietnam = dt.timezone(dt.timedelta(hours=7))
    wanted = {}
    for unit_id, year in (
        Target.objects.filter(movement=movement).values_list("unit_id", "year").order_by().distinct()
    ):
        targets = set(Target.objects.filter(movement=movement, unit_id=unit_id, year=year).values_list("pk"))
        for period in movement.periods.filter(end__year=year):
            firsts = list(
                ProgressReport.objects.filter(
                    target__movement=movement, target__unit_id=unit_id, period=period
                )
                .filter(target__year=year)
                .values_list("first_reported_at", flat=True)
            )
            if firsts and len(firsts) == len(targets):
                done = max(firsts)
                wanted[(unit_id, period.pk)] = (done, done.astimezone(vietnam).date() <= period.due)
    kept = {
        (u, p): (at, on)
        for u, p, at, on in UnitPeriodStanding.objects.filter(
            movement=movement, completed_at__isnull=False
        ).values_list("unit_id", "period_id", "completed_at", "on_time")
    }
    assert kept == wanted
    assert not UnitPeriodStanding.objects.filter(
        movement=movement, completed_at__isnull=True, on_time__isnull=False
    )


def test_a_correction_and_a_deletion_move_the_latest_figure(two_years, tree, indicators, personas):
    officer = personas["officer"]
    income = Target.objects.get(
        movement=two_years, unit=tree.hamlet, indicator=indicators["income"], year=2026
    )
    q1, q2 = (two_years.periods.get(name=f"Quý {q}/2026") for q in (1, 2))
    services.progress_report(actor=officer, target=income, period=q1, value=D(45))  # baseline 40 → 50 %
    services.progress_report(actor=officer, target=income, period=q2, value=D(48))  # 80 %
    standing = TargetStanding.objects.get(target=income)
    assert (standing.value, standing.period_id) == (D(48), q2.pk)
    q3 = two_years.periods.get(name="Quý 3/2026")
    assert [standing.levels[str(p.pk)] for p in (q1, q2, q3)] == [
        5 * 10**8,
        8 * 10**8,
        8 * 10**8,
    ]  # carried on
    services.progress_report(
        actor=officer, target=income, period=q2, value=D(50), confirmed=True
    )  # corrected
    assert TargetStanding.objects.get(target=income).met
    progress_report_delete(actor=officer, report=ProgressReport.objects.get(target=income, period=q2))
    standing = TargetStanding.objects.get(target=income)
    assert (standing.value, standing.period_id, standing.met) == (D(45), q1.pk, False)
    assert AuditEntry.objects.filter(model="movements.progressreport", action="delete").count() == 1
    year = UnitYearStanding.objects.get(movement=two_years, unit=tree.hamlet, year=2026)
    assert (year.targets, year.reported, year.met) == (4, 1, 0)


def test_a_figure_of_a_closed_period_is_not_deleted(two_years, tree, indicators, personas):
    income = Target.objects.get(
        movement=two_years, unit=tree.hamlet, indicator=indicators["income"], year=2025
    )
    q1 = two_years.periods.get(name="Quý 1/2025")
    report = services.progress_report(actor=personas["officer"], target=income, period=q1, value=D(45))
    services.period_close(actor=personas["officer"], period=q1)
    with pytest.raises(ServiceError):
        progress_report_delete(actor=personas["officer"], report=report)
    assert TargetStanding.objects.get(target=income).value == D(45)


def test_removing_a_target_from_the_grid_takes_it_out_of_the_totals(two_years, tree, indicators, personas):
    services.targets_assign(
        actor=personas["officer"],
        movement=two_years,
        year=2026,
        cells=[TargetCell(tree.hamlet, indicators["road"], None)],
    )
    assert UnitYearStanding.objects.get(movement=two_years, unit=tree.hamlet, year=2026).targets == 3
    board = selectors.dashboard(two_years, year=2026, today=TODAY, viewer=SYSTEM)
    assert {g.key: g.total for g in board.by_unit} == {tree.hamlet.pk: 3, tree.hamlet2.pk: 4}
    assert len(board.targets) == 7
    assert standings_rebuild(actor=SYSTEM) == 0


# --- the command and the migration --------------------------------------------------------


def test_the_rebuild_command_corrects_a_doubted_figure_once_and_says_so(
    two_years, tree, indicators, personas, capsys
):
    income = Target.objects.get(
        movement=two_years, unit=tree.hamlet, indicator=indicators["income"], year=2026
    )
    services.progress_report(
        actor=personas["officer"], target=income, period=two_years.periods.get(name="Quý 1/2026"), value=D(45)
    )
    kept = read_model(two_years)
    TargetStanding.objects.filter(target=income).update(capped=0, met=True)  # as a bad restore could leave it
    UnitYearStanding.objects.filter(movement=two_years).delete()
    entries = AuditEntry.objects.count()
    call_command("movements_rebuild")
    assert "Đã sửa" in capsys.readouterr().out
    assert read_model(two_years) == kept
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == entries + 1
    assert (entry.model, entry.actor_id, entry.after["movements"]) == (
        "movements.targetstanding",
        None,
        [two_years.pk],
    )
    call_command("movements_rebuild", "--movement", str(two_years.pk))
    assert "đã đúng" in capsys.readouterr().out
    assert AuditEntry.objects.count() == entries + 1  # nothing changed, nothing audited


def test_the_migration_fills_the_read_model_of_an_existing_database(two_years, tree, indicators, personas):
    income = Target.objects.get(
        movement=two_years, unit=tree.hamlet, indicator=indicators["income"], year=2026
    )
    services.progress_report(
        actor=personas["officer"], target=income, period=two_years.periods.get(name="Quý 2/2026"), value=D(47)
    )
    # What the migration finds: figures with only their last saving time (the new column holds the
    # moment of the migration); it takes that time as their first report.
    ProgressReport.objects.update(first_reported_at=F("reported_at"))
    standings_refresh([income])
    kept = read_model(two_years)
    wipe(two_years)
    ProgressReport.objects.update(first_reported_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    state = MigrationExecutor(connection).loader.project_state(("movements", "0009_report_timeliness"))
    fill = __import__("thidua.movements.migrations.0009_report_timeliness", fromlist=["fill"]).fill
    fill(state.apps, None)
    assert read_model(two_years) == kept
    report = ProgressReport.objects.get(target=income)
    assert report.first_reported_at == report.reported_at
    assert Models.of(state.apps).target_standing is not TargetStanding  # the historical models did it


# --- what the dashboard reads -------------------------------------------------------------


def _fill_year(movement, year, officer):
    """Every quarter's figures of the year, but one target's: something is late either way."""
    for target in Target.objects.filter(movement=movement, year=year).select_related("indicator")[1:]:
        for period in movement.periods.filter(kind=PeriodKind.QUARTER, end__year=year):
            value = D(1) if target.indicator.direction == "yes_no" else D(45)
            services.progress_report(actor=officer, target=target, period=period, value=value, confirmed=True)


def _queries(client, url) -> list[str]:
    client.get(url)  # the first request of a session fills its caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_the_dashboard_and_its_export_never_read_the_reports_and_ask_as_often_after_more_years(
    client, two_years, personas
):
    client.force_login(personas["officer"])
    page = reverse("movements:detail", args=[two_years.pk]) + "?year=2026"
    export = reverse("movements:export", args=[two_years.pk]) + "?year=2026"
    _fill_year(two_years, 2026, personas["officer"])
    one_year = [_queries(client, page), _queries(client, export)]
    _fill_year(two_years, 2025, personas["officer"])
    two_years_of_history = [_queries(client, page), _queries(client, export)]
    assert [len(q) for q in two_years_of_history] == [len(q) for q in one_year]
    for sql in (*one_year[0], *one_year[1], *two_years_of_history[0], *two_years_of_history[1]):
        assert "movements_progressreport" not in sql
    board = selectors.dashboard(two_years, year=2026, today=TODAY, viewer=personas["officer"])
    assert len(board.targets) == 8
    assert board.by_year == [("2025", board.by_year[0][1]), ("2026", board.overall)]
