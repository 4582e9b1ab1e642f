import datetime as dt
from decimal import Decimal

import pytest

from thidua.lib.text import fold
from thidua.lib.vn import format_date_long, format_date_short, format_money, format_number


@pytest.mark.parametrize(
    "text", ["Phạm Thanh Diễn", "pham thanh dien", "Pham Thanh Dien", "  PHẠM   THANH DIỄN "]
)
def test_fold_makes_every_spelling_of_a_name_the_same_key(text):
    assert fold(text) == "pham thanh dien"


def test_fold_turns_d_with_stroke_into_d():
    assert fold("Đồng khởi mới") == "dong khoi moi"


def test_long_date_reads_as_officials_write_it():
    assert format_date_long(dt.date(2015, 3, 13)) == "ngày 13 tháng 3 năm 2015"


def test_long_date_pads_small_days_and_first_two_months():
    assert format_date_long(dt.date(2015, 1, 5)) == "ngày 05 tháng 01 năm 2015"
    assert format_date_long(dt.date(2015, 2, 9)) == "ngày 09 tháng 02 năm 2015"
    assert format_date_long(dt.date(2015, 12, 25)) == "ngày 25 tháng 12 năm 2015"


def test_short_date_is_day_month_year():
    assert format_date_short(dt.date(2015, 3, 9)) == "09/03/2015"


def test_money_uses_dots_between_thousands_and_the_dong_sign():
    assert format_money(1950000) == "1.950.000 đ"
    assert format_money(Decimal("760000")) == "760.000 đ"
    assert format_money(0) == "0 đ"


def test_numbers_use_a_comma_for_decimals():
    assert format_number(12.5, 1) == "12,5"
    assert format_number(-1234567) == "-1.234.567"
    assert format_number(999) == "999"


def test_vietnamese_sorts_as_its_dictionaries_do():
    from thidua.lib.text import sort_key

    words = [
        "Ý kiến",
        "Giấy khen",
        "Đề án",
        "Dự án",
        "Ấp",
        "Anh",
        "Ăn",
        "ơn",
        "Ông",
        "Ong",
        "Ưu",
        "Uy",
        "ba",
        "bà",
        "bá",
        "bả",
        "bã",
        "bạ",
    ]
    assert sorted(words, key=sort_key) == [
        "Anh", "Ăn", "Ấp", "ba", "bà", "bả", "bã", "bá", "bạ", "Dự án", "Đề án", "Giấy khen",
        "Ong", "Ông", "ơn", "Uy", "Ưu", "Ý kiến",
    ]  # fmt: skip
    assert sort_key("ĐỀ ÁN") == sort_key("đề án")  # case ignored
    assert sort_key("Tờ trình 2") > sort_key("Tờ trình 1")
