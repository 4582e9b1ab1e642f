"""The splitter of glued Vietnamese words: real syllables stay whole, glued ones come apart."""

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from thidua.lib.syllables import is_syllable, segmentations, split_glued, split_word

# Ordinary text of a commune's paper, as printed: every word is one syllable.
PAPER = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
QUYẾT ĐỊNH Về việc khen thưởng các tập thể và cá nhân có thành tích xuất sắc trong phong trào
thi đua yêu nước năm 2024. CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH. Căn cứ Luật Tổ chức chính quyền
địa phương ngày 19 tháng 6 năm 2015; Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Nghị định
số 98/2023/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều của Luật; Xét đề nghị của
công chức Văn hóa - Xã hội, Điều 1. Tặng danh hiệu Lao động tiên tiến cho 25 cá nhân (có danh sách
kèm theo). Điều 2. Mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng theo quy định hiện hành.
Điều 3. Văn phòng HĐND và UBND xã, các ngành, đoàn thể và các cá nhân có tên tại Điều 1 chịu trách
nhiệm thi hành Quyết định này kể từ ngày ký. Nơi nhận: Như Điều 3; Lưu VT. TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH Nguyễn Văn Khuyến. Ông Trần Thị Nguyệt, bà Lê Quang Huỳnh, Phó Chủ tịch, Trưởng ấp Giồng
Trôm, khuya, thuở, nghiêng, khuỷu, oái oăm, quýt, giếng, ngoằn ngoèo, chuyện, huých, xoong nồi"""
WORDS = sorted(set(re.findall(r"[^\W\d_]+", PAPER)) - {"UBND", "HĐND", "NĐ", "CP", "VT", "TM"})


def test_every_word_of_a_real_paper_is_one_syllable():
    assert [w for w in WORDS if not is_syllable(w)] == []


def test_text_without_glued_words_is_unchanged():
    assert split_glued(PAPER) == PAPER


def test_glued_words_from_pasted_pages_come_apart():
    assert split_glued("Căn cứ Hiếnpháp nước Cộng hòa") == "Căn cứ Hiến pháp nước Cộng hòa"
    assert split_glued("Bộ luật laođộng") == "Bộ luật lao động"
    assert split_glued("BANHÀNH QUY CHẾ") == "BAN HÀNH QUY CHẾ"
    assert split_glued("Căn cứQuyết định số 12") == "Căn cứ Quyết định số 12"
    assert split_glued("phong trào thiđua yêunước") == "phong trào thi đua yêu nước"
    assert split_glued("Ông NguyễnVăn An") == "Ông Nguyễn Văn An"


def test_a_split_of_the_same_length_goes_to_the_common_syllables():
    # "phả nánh" is as short as "phản ánh", but no one writes "nánh".
    assert split_word("phảnánh") == ("phản", "ánh")


def test_codes_abbreviations_and_numbers_are_left_alone():
    text = "Số: 572-NQ/HĐNN7, 216-LCT, 35/2015/QĐ-UBND của UBND, HĐTĐKT và CSTĐCS; Đ/c Lan"
    assert split_glued(text) == text


def test_foreign_words_in_plain_letters_are_left_alone():
    text = "đăng trên Facebook, Zalo, website và email online qua Internet"
    assert split_glued(text) == text


def test_a_token_that_is_not_a_sequence_of_syllables_is_left_alone():
    assert split_word("Đắkwxyz") == ("Đắkwxyz",)


def test_a_stop_final_syllable_takes_only_the_sharp_or_heavy_tone():
    assert is_syllable("việt") and is_syllable("Hết")
    assert not is_syllable("viềt") and not is_syllable("hêt")


def test_spelling_rules_tie_the_onset_to_the_vowel():
    assert is_syllable("nghị") and not is_syllable("ngị")
    assert is_syllable("kế") and not is_syllable("cế")
    assert not is_syllable("quu") and not is_syllable("hiểú")


@given(st.sampled_from(WORDS))
def test_a_valid_syllable_is_never_split(word):
    assert split_word(word) == (word,)
    assert split_word(word.upper()) == (word.upper(),)


@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=4))
def test_joined_syllables_split_back_where_the_split_is_unique(parts):
    joined = "".join(parts)
    capital_inside = any(a.islower() and b.isupper() for a, b in zip(joined, joined[1:], strict=False))
    assume(any(ord(c) > 127 for c in joined) or capital_inside)
    assume(segmentations(joined) == [tuple(parts)])
    assert split_word(joined) == tuple(parts)


@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=4))
def test_a_split_is_always_a_sequence_of_syllables_that_rejoins_to_the_token(parts):
    joined = "".join(parts)
    split = split_word(joined)
    assert "".join(split) == joined
    assert len(split) == 1 or all(is_syllable(p) for p in split)


@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "; ", ". ", "\n", " - ", " (", ") "])),
        min_size=1,
        max_size=30,
    )
)
def test_a_text_of_whole_words_comes_back_unchanged(pieces):
    text = "".join(word + sep for word, sep in pieces)
    assert split_glued(text) == text
