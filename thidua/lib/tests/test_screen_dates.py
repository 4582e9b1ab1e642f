"""Dates on screens follow the screen's language; papers keep the Vietnamese official wording."""

import datetime as dt
import zoneinfo

from django.template import Context, Template
from django.utils import translation

from thidua.lib.vn import format_date_long, screen_date_long, screen_date_short

MARCH_13 = dt.date(2015, 3, 13)


def _render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_a_vietnamese_screen_writes_dates_as_officials_do():
    with translation.override("vi"):
        assert screen_date_long(MARCH_13) == "ngày 13 tháng 3 năm 2015"
        assert screen_date_short(dt.date(2015, 3, 9)) == "09/03/2015"
        assert (
            _render("{{ d|vn_date }} · {{ d|vn_short }}", d=MARCH_13)
            == "ngày 13 tháng 3 năm 2015 · 13/03/2015"
        )


def test_an_english_screen_writes_the_month_in_words():
    with translation.override("en"):
        assert screen_date_long(dt.date(2026, 12, 20)) == "20 December 2026"
        assert screen_date_short(dt.date(2015, 3, 9)) == "9 Mar 2015"
        assert _render("{{ d|vn_date }} · {{ d|vn_short }}", d=MARCH_13) == "13 March 2015 · 13 Mar 2015"


def test_an_english_screen_shows_local_time():
    moment = dt.datetime(2026, 1, 31, 20, 5, tzinfo=dt.UTC)  # 1 February, 03:05 in Vietnam
    with translation.override("en"):
        assert screen_date_short(moment) == "1 Feb 2026 03:05"
    with translation.override("vi"):
        assert screen_date_short(moment) == "01/02/2026 03:05"
    assert moment.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).day == 1


def test_papers_stay_vietnamese_on_an_english_screen():
    with translation.override("en"):
        assert format_date_long(MARCH_13) == "ngày 13 tháng 3 năm 2015"


def test_no_date_is_an_empty_string():
    with translation.override("en"):
        assert screen_date_long(None) == "" and screen_date_short(None) == ""
