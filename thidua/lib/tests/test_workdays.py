"""Working days: weekends, public holidays of the table, Saturdays worked, the 20-day limit."""

import datetime as dt

import pytest

from thidua.lib import workdays
from thidua.lib.workdays import add_workdays, is_workday, workdays_between

D = dt.date


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_every_year_of_the_table_has_its_lunar_and_solar_holidays(year):
    assert workdays.known_year(year)
    off = dict(workdays.holidays(year))
    assert D(year, 1, 1) in off
    # Tết: at least one weekday off within three days of the lunar new year.
    tet = workdays.LUNAR[year]["tet"]
    assert any(tet + dt.timedelta(days=k) in off for k in range(-3, 4))
    hung = workdays.LUNAR[year]["hung_kings"]
    monday_after = hung + dt.timedelta(days=7 - hung.weekday())
    assert hung in off or hung.weekday() >= 5 and monday_after in off
    assert D(year, 9, 2) in off
    # Five weekdays of Tết off at least (the law's five days, bridged or compensated).
    tet_days = [d for d, name in off.items() if "Tết Nguyên đán" in name]
    assert len([d for d in tet_days if d.weekday() < 5]) >= 5
    assert year in workdays.SOURCES


def test_weekends_and_holidays_are_not_workdays_and_a_swapped_saturday_is():
    assert is_workday(D(2025, 12, 1))  # a Monday
    assert not is_workday(D(2025, 12, 6)) and not is_workday(D(2025, 12, 7))
    assert not is_workday(D(2025, 9, 2)) and not is_workday(D(2025, 9, 1))
    assert not is_workday(D(2025, 5, 2))  # bridged Friday
    assert is_workday(D(2025, 4, 26))  # the Saturday worked for it
    assert not is_workday(D(2026, 2, 16)) and is_workday(D(2026, 2, 23))
    assert not is_workday(D(2026, 4, 27))  # the Monday after the Hùng Kings' Sunday
    assert workdays.holiday_name(D(2026, 2, 17)) == "Tết Nguyên đán Bính Ngọ"
    assert workdays.holiday_name(D(2026, 2, 23)) is None


def test_twenty_working_days_from_an_ordinary_week():
    # Received Monday 2 November 2026: 20 working days later is Monday 30 November.
    assert add_workdays(D(2026, 11, 2), 20) == D(2026, 11, 30)
    assert workdays_between(D(2026, 11, 2), D(2026, 11, 30)) == 20
    assert workdays_between(D(2026, 11, 2), D(2026, 11, 27)) == 19
    assert add_workdays(D(2026, 11, 2), 0) == D(2026, 11, 2)


def test_the_limit_stretches_over_tet():
    # Received Friday 6 February 2026: 20 calendar-week days would end 6 March; Tết's five weekdays
    # (16–20 Feb) push the end five working days on, to Friday 13 March.
    assert add_workdays(D(2026, 2, 6), 20) == D(2026, 3, 13)
    # Received on a day off: counting starts with the next working day all the same.
    assert add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 23)


def test_the_limit_across_a_year_end_and_a_swapped_saturday():
    # New Year 2026 as announced: 1–4 January off (Friday 2nd swapped), Saturday 10th worked.
    assert add_workdays(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert add_workdays(D(2026, 1, 9), 1) == D(2026, 1, 10) and is_workday(D(2026, 1, 10))
    # 25 April 2025 (Friday) + 1 working day is the Saturday worked, 26 April.
    assert add_workdays(D(2025, 4, 25), 1) == D(2025, 4, 26)
    assert add_workdays(D(2025, 4, 26), 1) == D(2025, 4, 28)
    assert add_workdays(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_counting_backwards_and_refusing_a_negative_count():
    assert workdays_between(D(2026, 11, 30), D(2026, 11, 2)) == -20
    with pytest.raises(ValueError):
        add_workdays(D(2026, 1, 5), -1)


def test_a_year_outside_the_table_counts_solar_holidays_and_weekends_only():
    assert not workdays.known_year(2030)
    assert not is_workday(D(2030, 9, 2)) and not is_workday(D(2030, 1, 1))
    assert is_workday(D(2030, 2, 4))


def test_national_day_2026_as_announced_bridges_monday_31_august():
    assert not is_workday(D(2026, 8, 31)) and not is_workday(D(2026, 9, 1))
    assert is_workday(D(2026, 8, 22)) and is_workday(D(2026, 9, 3))
    assert add_workdays(D(2026, 8, 21), 1) == D(2026, 8, 22)  # the Saturday worked for it
    assert add_workdays(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_twenty_working_days_across_tet_2027_count_the_computed_holidays():
    # Received Monday 25 January 2027: 4 days that week, 4 before Tết (Fri 5 Feb off, then 8–11 Feb
    # off: mùng 3, 4 and the two days for mùng 1, 2 on the weekend), 1 on Fri 12, 5 + 5, then 1 March.
    assert add_workdays(D(2027, 1, 25), 20) == D(2027, 3, 1)
    assert workdays_between(D(2027, 1, 25), D(2027, 2, 26)) == 19
    assert add_workdays(D(2027, 1, 22), 20) == D(2027, 2, 26)
    assert add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 12)  # the last day before Tết, then after


def test_which_years_are_announced_and_which_computed():
    assert [y for y in (2024, 2025, 2026, 2027) if workdays.announced(y)] == [2024, 2025, 2026]
    assert all(y in workdays.ANNOUNCED for y in workdays.HOLIDAYS)
    assert not workdays.announced(2030)  # outside the table: solar holidays only, never announced
    assert workdays.computed_years(D(2026, 11, 2), D(2026, 11, 30)) == []
    assert workdays.computed_years(D(2026, 12, 15), D(2027, 1, 14)) == [2027]
    assert workdays.computed_years(D(2027, 12, 20), D(2028, 1, 20)) == [2027, 2028]
    assert "chưa tìm thấy thông báo chính thức" in workdays.SOURCES[2027]
