"""Working days of Vietnamese public offices: Monday to Friday, less public holidays, plus the
Saturdays worked in exchange for a bridged day.

The holidays are dated data, year by year, not a rule computed at run time: the Labour Code 2019
(Art. 112) gives the holidays — 1 January, five days of Tết (lunar new year), the Hùng Kings'
anniversary (10th of the third lunar month), 30 April, 1 May, 2 September and one day beside it —
and each year the Government fixes the exact days for civil servants, bridging and swapping days.
When a holiday falls on a weekend the next working day is off instead (Art. 111). The lunar dates
are in `LUNAR`; the days off of each year in `HOLIDAYS`, the Saturdays worked in `WORKED_SATURDAYS`.
A year not in the table counts only the solar holidays and weekends (`known_year` says so, and a
page may warn). `ANNOUNCED` says which years' days are those the Government announced and which
are worked out from the law pending its announcement (`computed_years` lists the latter within a
time limit, for the page showing it); `SOURCES` names where each year's days come from.

Time limits such as "20 working days" (Decree 152/2025) count whole working days after the day
the dossier was received: `add_workdays(received, 20)` is the last day of the limit.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

# Tết Nguyên đán (1st of the first lunar month) and Giỗ Tổ Hùng Vương (10th of the third lunar month).
LUNAR: dict[int, dict[str, dt.date]] = {
    2024: {"tet": dt.date(2024, 2, 10), "hung_kings": dt.date(2024, 4, 18)},
    2025: {"tet": dt.date(2025, 1, 29), "hung_kings": dt.date(2025, 4, 7)},
    2026: {"tet": dt.date(2026, 2, 17), "hung_kings": dt.date(2026, 4, 26)},
    2027: {"tet": dt.date(2027, 2, 6), "hung_kings": dt.date(2027, 4, 16)},
}

# Days off of public offices, as (first day, last day, name); weekend days inside a range change nothing.
HOLIDAYS: dict[int, list[tuple[str, str, str]]] = {
    2024: [
        ("2024-01-01", "2024-01-01", "Tết Dương lịch"),
        ("2024-02-08", "2024-02-14", "Tết Nguyên đán Giáp Thìn"),
        ("2024-04-18", "2024-04-18", "Giỗ Tổ Hùng Vương"),
        ("2024-04-29", "2024-04-29", "Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 04/5)"),
        ("2024-04-30", "2024-05-01", "Ngày Chiến thắng, Quốc tế Lao động"),
        ("2024-09-02", "2024-09-03", "Quốc khánh"),
    ],
    2025: [
        ("2025-01-01", "2025-01-01", "Tết Dương lịch"),
        ("2025-01-27", "2025-01-31", "Tết Nguyên đán Ất Tỵ"),
        ("2025-04-07", "2025-04-07", "Giỗ Tổ Hùng Vương"),
        ("2025-04-30", "2025-05-01", "Ngày Chiến thắng, Quốc tế Lao động"),
        ("2025-05-02", "2025-05-02", "Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 26/4)"),
        ("2025-09-01", "2025-09-02", "Quốc khánh"),
    ],
    2026: [
        ("2026-01-01", "2026-01-01", "Tết Dương lịch"),
        ("2026-01-02", "2026-01-02", "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/1)"),
        ("2026-02-16", "2026-02-20", "Tết Nguyên đán Bính Ngọ"),
        ("2026-04-27", "2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch vào Chủ nhật 26/4)"),
        ("2026-04-30", "2026-05-01", "Ngày Chiến thắng, Quốc tế Lao động"),
        ("2026-08-31", "2026-08-31", "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8)"),
        ("2026-09-01", "2026-09-02", "Quốc khánh"),
    ],
    2027: [
        ("2027-01-01", "2027-01-01", "Tết Dương lịch"),
        ("2027-02-05", "2027-02-05", "Tết Nguyên đán Đinh Mùi"),
        ("2027-02-08", "2027-02-09", "Tết Nguyên đán Đinh Mùi"),
        ("2027-02-10", "2027-02-11", "Nghỉ bù Tết Nguyên đán (mùng 1, mùng 2 vào thứ Bảy, Chủ nhật)"),
        ("2027-04-16", "2027-04-16", "Giỗ Tổ Hùng Vương"),
        ("2027-04-30", "2027-04-30", "Ngày Chiến thắng"),
        ("2027-05-03", "2027-05-03", "Nghỉ bù Quốc tế Lao động (01/5 vào thứ Bảy)"),
        ("2027-09-02", "2027-09-03", "Quốc khánh"),
    ],
}

# Saturdays worked in exchange for a bridged weekday.
WORKED_SATURDAYS: dict[int, list[str]] = {
    2024: ["2024-05-04"],
    2025: ["2025-04-26"],
    2026: ["2026-01-10", "2026-08-22"],
    2027: [],
}

# True: the days are those the Government announced for civil servants; False: worked out from the
# Labour Code (Art. 111, 112) while no announcement is known, so they may still change (bridged days).
ANNOUNCED: dict[int, bool] = {2024: True, 2025: True, 2026: True, 2027: False}

SOURCES = {
    2024: "Thông báo lịch nghỉ lễ, Tết năm 2024 của Bộ Lao động – Thương binh và Xã hội (theo nguồn thứ cấp).",
    2025: "Thông báo lịch nghỉ lễ, Tết năm 2025 (theo nguồn thứ cấp).",
    2026: "Tết Dương lịch: Công văn 12729/VPCP-KGVX ngày 25/12/2025 (nghỉ 1/1–4/1, làm bù thứ Bảy 10/1). "
    "Tết Nguyên đán (nghỉ 14/2–22/2) và Quốc khánh (nghỉ 29/8–2/9, làm bù thứ Bảy 22/8): ý kiến Thủ tướng "
    "do Văn phòng Chính phủ truyền đạt, báo chí đưa tin ngày 13/10/2025. Giỗ Tổ Hùng Vương (nghỉ bù thứ Hai "
    "27/4) và 30/4, 1/5: theo Bộ luật Lao động 2019 Điều 111, 112, không hoán đổi (báo chí đưa tin ngày "
    "23/02/2026). Theo nguồn thứ cấp (báo Thanh Niên, Kiến Thức, Công an TP.HCM).",
    2027: "Tính theo Bộ luật Lao động 2019 Điều 111, 112: chưa tìm thấy thông báo chính thức lịch nghỉ năm "
    "2027; ngày nghỉ hoán đổi, nếu có, chưa được tính.",
}

# Solar holidays of a year not in the table (month, day).
_SOLAR = [(1, 1), (4, 30), (5, 1), (9, 2)]


def known_year(year: int) -> bool:
    """True when the year's holidays are in the table (lunar holidays included)."""
    return year in HOLIDAYS


def announced(year: int) -> bool:
    """True when the year's days off are those the Government announced (see `ANNOUNCED`)."""
    return ANNOUNCED.get(year, False)


def computed_years(start: dt.date, end: dt.date) -> list[int]:
    """The years from `start` to `end` whose days off are not announced ones: worked out from the
    law, or only the solar holidays for a year not in the table."""
    return [year for year in range(start.year, end.year + 1) if not announced(year)]


@cache
def _days_off(year: int) -> dict[dt.date, str]:
    if year not in HOLIDAYS:
        return {dt.date(year, m, d): "" for m, d in _SOLAR}
    days: dict[dt.date, str] = {}
    for first, last, name in HOLIDAYS[year]:
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end:
            days[day] = name
            day += dt.timedelta(days=1)
    return days


@cache
def _worked(year: int) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(d) for d in WORKED_SATURDAYS.get(year, []))


def holiday_name(day: dt.date) -> str | None:
    """The holiday the day is off for, None on an ordinary day ("" for a solar holiday of a year
    not in the table)."""
    return _days_off(day.year).get(day)


def is_workday(day: dt.date) -> bool:
    if day in _worked(day.year):
        return True
    return day.weekday() < 5 and day not in _days_off(day.year)


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the start day itself is not counted).
    `add_workdays(d, 0)` is `d`."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`
    (the working days from `end` exclusive to `start` inclusive, counted backwards)."""
    if end < start:
        return -workdays_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count


def holidays(year: int) -> list[tuple[dt.date, str]]:
    """The year's days off other than weekends, in order, with their names."""
    return sorted((d, name) for d, name in _days_off(year).items())
