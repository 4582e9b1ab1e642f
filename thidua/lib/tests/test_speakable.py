import re
import unicodedata

import pytest

from thidua.lib.errors import ServiceError
from thidua.lib.speakable import (
    MAX_CHARS,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    abbreviations,
    roman,
    shipped,
    speakable,
)

SAMPLE = """Bản tin thi đua – khen thưởng tuần 30/11/2026 🎉
Kính thưa bà con! Đ/c Nguyễn Thị Thu Hà, cán bộ UBND xã, cho biết: năm 2026, HĐND và MTTQ xã
đã phát động phong trào TĐKT xây dựng NTM giai đoạn 2021–2025, thực hiện Quyết định số
12/2025/QĐ-UBND ngày 01/12/2026. Tỷ lệ hộ nghèo giảm còn 2,6 %, thu nhập bình quân 1.234.567 đồng
một tháng; quỹ khuyến học nhận 1.000.000 đồng và 5.000.000đ. Toàn xã có 15 LĐTT, 21 CSTĐ, 105 hộ
gia đình văn hóa (100%), 3,5 ha lúa, 500m2 nhà văn hóa. Đây là lần thứ 4 xã đạt danh hiệu; thứ 2
tuần sau, lúc 7h30, họp tổng kết quý II và Chương IV của quy chế, Đại hội XIII. Tháng 11/2026,
ngày 5/9 và ngày 20-11-2026 cũng được nhắc. Liên hệ SĐT 0912345678. Meeting with the team at 9am.
"""


@pytest.mark.parametrize(
    "text, said",
    [
        ("1.234", "một nghìn hai trăm ba mươi bốn"),
        ("2,6 %", "hai phẩy sáu phần trăm"),
        ("15", "mười lăm"),
        ("21", "hai mươi mốt"),
        ("105", "một trăm linh năm"),
        ("1.000.000 đồng", "một triệu đồng"),
        ("5.000.000đ", "năm triệu đồng"),
        ("01/12/2026", "ngày một tháng mười hai năm hai nghìn không trăm hai mươi sáu"),
        ("ngày 01/12/2026", "ngày một tháng mười hai năm hai nghìn không trăm hai mươi sáu"),
        ("ngày 3/4/2025", "ngày ba tháng tư năm hai nghìn không trăm hai mươi lăm"),
        ("tháng 11/2026", "tháng mười một năm hai nghìn không trăm hai mươi sáu"),
        ("thứ 2", "thứ hai"),
        ("lần thứ 1", "lần thứ nhất"),
        ("lần thứ 4", "lần thứ tư"),
        ("Chương IV", "Chương bốn"),
        ("quý II", "quý hai"),
        ("Đại hội XIII", "Đại hội mười ba"),
        ("2021–2025", "hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
        ("2021-2025", "hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
        ("100%", "một trăm phần trăm"),
        ("2,05", "hai phẩy không năm"),
        ("7h30", "bảy giờ ba mươi phút"),
        ("14:00", "mười bốn giờ"),
        ("3,5 ha", "ba phẩy năm héc ta"),
        ("0912", "không chín một hai"),
        ("ngày 01 tháng 01 năm 2026", "ngày một tháng một năm hai nghìn không trăm hai mươi sáu"),
        ("UBND, HĐND, MTTQ", "Ủy ban nhân dân, Hội đồng nhân dân, Mặt trận Tổ quốc"),
        ("Đ/c Sơn", "đồng chí Sơn"),
        (
            "Số 12/2025/QĐ-UBND",
            "Số mười hai năm hai nghìn không trăm hai mươi lăm quyết định - Ủy ban nhân dân",
        ),
    ],
)
def test_spot_values_are_read_exactly(text, said):
    assert speakable(text) == said


def test_sample_bulletin_reads_every_number_and_abbreviation_in_words():
    said = speakable(SAMPLE)
    assert not re.search(r"\d", said), said
    tokens = set(re.findall(r"[\w/.-]+", said))
    left = [abbr for abbr in shipped()["abbreviations"] if abbr in tokens]
    assert left == [], left
    for part in (
        "đồng chí Nguyễn Thị Thu Hà",
        "Ủy ban nhân dân xã",
        "thi đua, khen thưởng xây dựng nông thôn mới",
        "hai phẩy sáu phần trăm",
        "một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy đồng",
        "mười lăm Lao động tiên tiến, hai mươi mốt Chiến sĩ thi đua, một trăm linh năm hộ",
        "ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi sáu",
        "quý hai và Chương bốn",
        "Meeting with the team",
    ):
        assert part in said, part
    assert "🎉" not in said


def test_nfd_input_reads_as_nfc():
    assert speakable(unicodedata.normalize("NFD", SAMPLE)) == speakable(SAMPLE)


def test_emoji_are_dropped():
    assert speakable("Chúc mừng 👏🏽 bà con ❤️ ấp Mỹ Hòa") == "Chúc mừng bà con ấp Mỹ Hòa"


def test_english_words_in_a_vietnamese_bulletin_are_kept_and_its_numbers_read():
    said = speakable("Mô hình Smart Farm của HTX Mỹ Thạnh: 12 hộ, doanh thu tăng 2,5 %.")
    assert "Smart Farm" in said and "12" not in said and "2,5" not in said
    assert "mười hai hộ" in said and "hai phẩy năm phần trăm" in said


@pytest.mark.parametrize("text", ["", "   \n ", "🎉👍", "--- ..."])
def test_text_with_nothing_to_read_is_refused(text):
    with pytest.raises(ServiceError) as caught:
        speakable(text)
    assert caught.value.code == TEXT_EMPTY
    assert "không có nội dung để đọc" in caught.value.message


def test_text_above_the_limit_is_refused_with_its_length():
    with pytest.raises(ServiceError) as caught:
        speakable("a" * 50_000)
    assert caught.value.code == TEXT_TOO_LONG
    assert "50.000" in caught.value.message and "20.000" in caught.value.message


def test_text_at_the_limit_is_read():
    assert speakable(("Xin chào " * MAX_CHARS)[:MAX_CHARS]).startswith("Xin chào")
    with pytest.raises(ServiceError):
        speakable("x" * (MAX_CHARS + 1))


def test_a_units_abbreviations_are_read_and_win_over_the_shipped_ones():
    extra = {"ĐTT": "Đài phát thanh", "HTXNN": "hợp tác xã nông nghiệp", "": "bỏ qua"}
    assert (
        speakable("ĐTT và HTXNN, HTX", extra=extra) == "Đài phát thanh và hợp tác xã nông nghiệp, hợp tác xã"
    )
    assert "" not in abbreviations(extra)


def test_abbreviations_are_whole_words_and_case_sensitive():
    assert speakable("TPHCM tp VNĐ") == "TPHCM tp VNĐ"
    assert speakable("năm 2026 UBND") == "năm hai nghìn không trăm hai mươi sáu Ủy ban nhân dân"


def test_roman_numerals_only_after_their_words_and_well_formed():
    assert roman("XIII") == 13 and roman("IIII") is None and roman("ABC") is None
    assert speakable("I am here, Chương IIII") == "I am here, Chương IIII"
