"""Numbers typed by people (Vietnamese or English writing) and figures shown with their decimals."""

from decimal import Decimal

import pytest

from thidua.lib.vn import NumberError, format_figure, parse_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2,6", "2.6"),  # the Vietnamese decimal comma: a 2,6 % poverty rate, not 26
        ("2.6", "2.6"),
        ("62", "62"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1 234", "1234"),
        ("1\u00a0234,5", "1234.5"),
        ("12 345 678", "12345678"),
        ("0,125", "0.125"),  # no thousands start with 0
        (",5", "0.5"),
        ("12,50", "12.5"),
        ("0,1234", "0.1234"),
        ("  45  ", "45"),
        ("2,5 %", "2.5"),
        ("-3,5", "-3.5"),
        ("+7", "7"),
    ],
)
def test_numbers_typed_the_vietnamese_or_the_english_way_are_read(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["1.234", "1,234", "12.500", "999,000"])
def test_a_lone_separator_before_three_digits_is_refused_when_the_figure_may_have_decimals(text):
    with pytest.raises(NumberError) as exc:
        parse_number(text, decimals=2)
    assert exc.value.code == "ambiguous"
    assert "hai cách" in str(exc.value)
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize(("text", "number"), [("1.234", 1234), ("1,234", 1234), ("12.500", 12500)])
def test_a_lone_separator_before_three_digits_is_thousands_when_the_figure_is_whole(text, number):
    assert parse_number(text, decimals=0) == number


def test_the_ambiguity_message_says_how_to_write_either_reading():
    with pytest.raises(NumberError) as exc:
        parse_number("1.234", decimals=2)
    assert "1234" in str(exc.value)
    assert "1,23" in str(exc.value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "2,6a",
        "1.2.3",
        "1,23,456",
        "12 34",
        "1 2345",
        "1.234,5.6",
        "2,",
        "1,2,3.4",
        "--1",
        "%",
    ],
)
def test_what_is_not_a_number_is_refused_with_a_message(text):
    with pytest.raises(NumberError) as exc:
        parse_number(text)
    assert str(exc.value)


def test_more_decimals_than_the_figure_keeps_are_refused():
    with pytest.raises(NumberError) as exc:
        parse_number("2,5555", decimals=2)
    assert exc.value.code == "decimals"
    with pytest.raises(NumberError):
        parse_number("2,5", decimals=0)
    assert parse_number("2,50", decimals=2) == Decimal("2.5")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("3.5"), "3,5"),  # the dashboard showed "4"
        (Decimal("62.00"), "62"),
        (Decimal("2.50"), "2,5"),
        (Decimal("1234.50"), "1.234,5"),
        (Decimal("0.05"), "0,05"),
        (Decimal("100"), "100"),
        (7, "7"),
        (2.25, "2,25"),
        (None, ""),
    ],
)
def test_a_figure_is_shown_with_its_own_decimals_and_a_decimal_comma(value, text):
    assert format_figure(value) == text


def test_a_figure_for_a_form_box_has_no_thousands_dots_so_it_reads_back_the_same():
    assert format_figure(Decimal("1234.50"), grouping=False) == "1234,5"
    assert parse_number(format_figure(Decimal("1234.50"), grouping=False), decimals=2) == Decimal("1234.5")
