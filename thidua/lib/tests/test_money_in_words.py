"""Amounts in words as officials write them after "Bằng chữ:" on a decision's annex."""

import pytest

from thidua.lib.vn import money_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (91, "chín mươi mốt"),
        (100, "một trăm"),
        (101, "một trăm lẻ một"),
        (104, "một trăm lẻ bốn"),
        (105, "một trăm lẻ năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm lẻ năm"),
        (1_015, "một nghìn không trăm mười lăm"),
        (1_100, "một nghìn một trăm"),
        (10_000, "mười nghìn"),
        (15_000, "mười lăm nghìn"),
        (21_000, "hai mươi mốt nghìn"),
        (105_000, "một trăm lẻ năm nghìn"),
        (450_000, "bốn trăm năm mươi nghìn"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm lẻ năm"),
        (1_050_000, "một triệu không trăm năm mươi nghìn"),
        (1_490_000, "một triệu bốn trăm chín mươi nghìn"),
        (3_150_000, "ba triệu một trăm năm mươi nghìn"),
        (1_000_000_000, "một tỷ"),
        (1_000_000_005, "một tỷ không trăm lẻ năm"),
        (2_005_000_000, "hai tỷ không trăm lẻ năm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (
            1_234_567_891_021,
            "một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu "
            "tám trăm chín mươi mốt nghìn không trăm hai mươi mốt",
        ),
    ],
)
def test_a_number_reads_as_officials_write_it(number, words):
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (900_000, "Chín trăm nghìn đồng"),
        (3_150_000, "Ba triệu một trăm năm mươi nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
    ],
)
def test_money_in_words_opens_with_a_capital_and_ends_with_dong(amount, words):
    assert money_in_words(amount) == words


def test_a_zero_ten_reads_linh_where_the_north_writes_it():
    assert number_in_words(105, odd="linh") == "một trăm linh năm"
    assert money_in_words(1_005, odd="linh") == "Một nghìn không trăm linh năm đồng"


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        money_in_words(-1)
