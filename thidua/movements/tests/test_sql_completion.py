"""The database expression for completion gives the same figures as the Python rules."""

import datetime as dt
from decimal import Decimal as D

import pytest

from thidua.access import SYSTEM
from thidua.movements import completion as calc
from thidua.movements import selectors, services
from thidua.movements.models import Direction, ProgressReport, Target
from thidua.movements.tests.conftest import period

# (direction, target, target baseline, indicator baseline, [(quarter, value)])
CASES = [
    (Direction.INCREASE, "50", None, "40", [(1, "45")]),  # 50 % from the indicator's baseline
    (Direction.INCREASE, "50", "30", "40", [(1, "45")]),  # the unit's own baseline wins: 75 %
    (Direction.INCREASE, "200", None, None, [(1, "150")]),  # no baseline: value / target
    (Direction.INCREASE, "50", None, "40", [(1, "30")]),  # below baseline: 0, never negative
    (Direction.INCREASE, "100", None, None, [(1, "130")]),  # over-achieved: capped at 100 %
    (Direction.INCREASE, "0", None, None, [(1, "0")]),  # a zero target is met by any report
    (Direction.INCREASE, "50", None, "40", []),  # nothing reported: 0 %
    (Direction.DECREASE, "3", None, "5", [(1, "4")]),  # 50 %
    (Direction.DECREASE, "3", None, "5", [(1, "6")]),  # rising: 0 %
    (Direction.DECREASE, "3", None, "5", [(1, "2.5")]),  # below target: 100 %
    (Direction.DECREASE, "3", None, None, [(1, "6")]),  # no baseline: target / value
    (Direction.DECREASE, "3", None, None, [(1, "2")]),  # no baseline, at or below: met
    (Direction.DECREASE, "3", "2", None, [(1, "4")]),  # baseline not above target: target / value
    (Direction.REACH, "90", None, "80", [(1, "81")]),  # reach ignores the baseline: 90 %
    (Direction.REACH, "90", None, None, [(1, "95")]),  # capped
    (Direction.YES_NO, "1", None, None, [(1, "1")]),
    (Direction.YES_NO, "1", None, None, [(1, "0")]),
    (Direction.INCREASE, "50", None, "40", [(1, "48"), (2, "42")]),  # the latest level counts: 20 %
    (Direction.INCREASE, "50", None, "40", [(2, "44"), (1, "48")]),  # by period, not by entry order
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_sql_completion_equals_the_python_rule(case, movement, tree):
    direction, target_value, baseline, ind_baseline, reports = case
    indicator = services.indicator_create(
        actor=SYSTEM,
        name=f"Chỉ tiêu {direction}",
        direction=direction,
        baseline=D(ind_baseline) if ind_baseline else None,
    )
    target = services.target_set(
        actor=SYSTEM,
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        indicator=indicator,
        value=D(target_value),
        baseline=D(baseline) if baseline else None,
    )
    for quarter, value in reports:
        services.progress_report(
            actor=SYSTEM, target=target, period=period(movement, f"Quý {quarter}/2026"), value=D(value)
        )
    latest = max(reports)[1] if reports else None
    base = D(baseline) if baseline else (D(ind_baseline) if ind_baseline else None)
    expected = calc.completion(direction, D(target_value), D(latest) if latest else None, base).percent
    assert selectors.sql_rollup(Target.objects.filter(pk=target.pk)) == expected
    board = selectors.dashboard(movement, today=dt.date(2026, 7, 1), viewer=SYSTEM)
    assert board.overall == board.overall_all_years == expected


def test_sql_rollup_is_the_equal_weight_average_of_capped_completions(movement, targets):
    q1 = period(movement, "Quý 1/2026")
    services.progress_report(actor=SYSTEM, target=targets["hamlet_income"], period=q1, value=D(45))  # 50 %
    services.progress_report(actor=SYSTEM, target=targets["hamlet_poor"], period=q1, value=D(3))  # 100 %
    services.progress_report(actor=SYSTEM, target=targets["hamlet2_income"], period=q1, value=D(55))  # 100
    assert selectors.sql_rollup(Target.objects.filter(movement=movement)) == 83
    ProgressReport.objects.filter(target=targets["hamlet_poor"]).delete()  # not reported counts as 0 %
    assert selectors.sql_rollup(Target.objects.filter(movement=movement)) == 50
    assert selectors.sql_rollup(Target.objects.none()) is None


def test_dashboard_shows_each_year_and_all_years_and_keeps_the_years_rows_apart(tree, personas, indicators):
    officer = personas["officer"]
    movement = services.movement_create(
        actor=officer,
        unit=tree.commune,
        name="Hai năm",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    services.movement_launch(actor=personas["leader"], movement=movement)
    income = indicators["income"]  # baseline 40
    old = services.target_set(
        actor=officer, movement=movement, unit=tree.hamlet, year=2025, indicator=income, value=D(50)
    )
    new = services.target_set(
        actor=officer, movement=movement, unit=tree.hamlet, year=2026, indicator=income, value=D(50)
    )
    services.target_set(
        actor=officer, movement=movement, unit=tree.hamlet2, year=2026, indicator=income, value=D(50)
    )
    year_review = movement.periods.get(name="Quý 4/2025")
    services.progress_report(actor=SYSTEM, target=old, period=year_review, value=D(50))  # 100 %
    services.progress_report(
        actor=SYSTEM, target=new, period=movement.periods.get(name="Quý 1/2026"), value=D(45)
    )  # 50 %, the other 2026 target not reported: 0 %
    board = selectors.dashboard(movement, today=dt.date(2026, 5, 1), viewer=SYSTEM)
    assert board.years == [2025, 2026] and board.year == 2026
    assert board.by_year == [("2025", 100), ("2026", 25)]
    assert board.overall == 25 and board.overall_all_years == 50  # (100 + 50 + 0) / 3
    assert [p for p, _v in board.chart] == [
        p.name for p in movement.periods.all() if p.end.year == 2026 and p.kind != "final"
    ]
    earlier = selectors.dashboard(movement, year=2025, today=dt.date(2026, 5, 1), viewer=SYSTEM)
    assert earlier.overall == 100 and [r.year for r in earlier.targets] == [2025]
