from decimal import Decimal as D

import pytest

from thidua.movements import completion as calc


def test_increase_without_baseline_is_value_over_target():
    done = calc.completion(calc.INCREASE, D(200), D(150))
    assert done.capped == D("0.75") and not done.met


def test_increase_counts_progress_from_the_baseline():
    # Income from 40 to 50 million: reaching 45 is half-way, not 90 %.
    done = calc.completion(calc.INCREASE, D(50), D(45), baseline=D(40))
    assert done.percent == 50 and not done.met


def test_increase_below_baseline_counts_as_zero_not_negative():
    done = calc.completion(calc.INCREASE, D(50), D(30), baseline=D(40))
    assert done.real == 0 and done.capped == 0


def test_over_achievement_is_capped_for_rollup_but_real_percent_is_kept():
    done = calc.completion(calc.INCREASE, D(100), D(130))
    assert done.capped == 1 and done.real_percent == 130 and done.met


def test_decrease_is_met_by_going_down():
    # Poor households from 5 % to 3 %.
    assert calc.completion(calc.DECREASE, D(3), D(4), baseline=D(5)).percent == 50
    assert calc.completion(calc.DECREASE, D(3), D(3), baseline=D(5)).met
    assert calc.completion(calc.DECREASE, D(3), D("2.5"), baseline=D(5)).real_percent == 125
    rising = calc.completion(calc.DECREASE, D(3), D(6), baseline=D(5))
    assert rising.capped == 0 and not rising.met


def test_decrease_without_baseline_is_met_at_or_below_target():
    assert calc.completion(calc.DECREASE, D(3), D(2)).met
    partial = calc.completion(calc.DECREASE, D(3), D(6))
    assert partial.percent == 50 and not partial.met


def test_reach_is_an_absolute_level():
    assert calc.completion(calc.REACH, D(95), D(95)).met
    assert calc.completion(calc.REACH, D(95), D("90.25")).percent == 95
    # A baseline does not change a reach target.
    assert calc.completion(calc.REACH, D(100), D(50), baseline=D(40)).percent == 50


def test_yes_no():
    assert calc.completion(calc.YES_NO, D(1), D(1)).met
    no = calc.completion(calc.YES_NO, D(1), D(0))
    assert no.capped == 0 and not no.met


def test_nothing_reported_counts_as_zero():
    assert calc.completion(calc.INCREASE, D(10), None) is calc.NOT_REPORTED


def test_zero_target_is_met_by_any_report():
    assert calc.completion(calc.REACH, D(0), D(0)).met


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        calc.completion("sideways", D(1), D(1))


def test_rollup_averages_capped_completions_with_equal_weight():
    items = [
        calc.completion(calc.INCREASE, D(100), D(200)),  # 200 % → counts 100 %
        calc.completion(calc.INCREASE, D(100), D(0)),  # 0 %
        calc.NOT_REPORTED,
    ]
    assert calc.as_percent(calc.rollup(items)) == 33
    assert calc.rollup([]) is None
