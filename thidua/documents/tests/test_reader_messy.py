"""The reader on the text a commune really gets: pages pasted from legal web sites, older forms,
posts without a header. Each text is written the way such a page comes out of a browser."""

from pathlib import Path

import pytest

from thidua.documents.reader import DocumentReadError, read_text

# Copied from a legal web site: the header was a two-column table, rules of stars and dashes are
# glued to the lines, and words lost the breaks between them.
PASTED_DECISION = """ỦY BAN NHÂN DÂN
XÃ TÂN PHÚ*****| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc*******
Số: 35 /2024/QĐ-UBND | Tân Phú, ngày 12 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc khen thưởng thành tích trong phong trào thiđua yêu nước năm 2023
CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN PHÚ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;Căn cứQuyết định số 12/2023/QĐ-UBND
ngày 10 tháng 02 năm 2023 của Ủy ban nhân dân huyện về công tác thi đua, khen thưởng;
Xét đề nghị của công chức Văn hóa - Xã hội,
QUYẾT ĐỊNH:
Điều 1. Tặng Giấy khen cho 05 cá nhân có thành tích xuất sắc trong laođộng sản xuất.
Điều 2. Văn phòng - Thống kê, các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.
Nơi nhận: | TM. ỦY BAN NHÂN DÂN
- Như Điều 2; | CHỦ TỊCH
- Lưu: VT. |
| Lê Văn Hùng
"""


def test_a_decision_pasted_from_a_web_page_reads_like_a_clean_one():
    got = read_text(PASTED_DECISION).to_json()
    assert (got["issuer"], got["parent_issuer"]) == ("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "")
    assert got["number_symbol"] == "35/2024/QĐ-UBND"
    assert (got["place"], got["date"]) == ("Tân Phú", "2024-03-12")
    assert got["doc_type"] == "QUYẾT ĐỊNH"
    assert got["abstract"] == "Về việc khen thưởng thành tích trong phong trào thi đua yêu nước năm 2023"
    assert (got["signer_title"], got["signer_name"]) == ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "Lê Văn Hùng")


def test_glued_words_of_a_pasted_page_are_split_in_what_was_read():
    got = read_text(PASTED_DECISION).to_json()
    assert "Căn cứ Quyết định số 12/2023/QĐ-UBND ngày 10 tháng 02 năm 2023" in " ".join(got["bases"])
    assert "trong lao động sản xuất" in got["sections"][0]["text"]


def test_the_original_text_is_kept_beside_what_was_read():
    parsed = read_text(PASTED_DECISION)
    assert parsed.source_text == PASTED_DECISION
    assert "source_text" not in parsed.to_json()


# An old order as the legal database prints it: a motto without dashes, a number without year,
# the place-date line broken before the year, and the type printed twice.
OLD_ORDER = """CHỦ TỊCH NƯỚC
*****
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập Tự do Hạnh phúc
******
Số: 216-LCT
Hà Nội, ngày 25 tháng 8
năm 1977

LỆNH

CÔNG BỐ NGHỊ QUYẾT CỦA ỦY BAN THƯỜNG VỤ QUỐC HỘI VỀ VIỆC ĐẶT DANH HIỆU VINH DỰ NHÀ NƯỚC

LỆNH CỦA CHỦ TỊCH

NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Căn cứ vào điều 63 của Hiến pháp năm 1959;

NAY CÔNG BỐ

Nghị quyết của Ủy ban thường vụ Quốc hội đặt danh hiệu vinh dự Nhà nước.

CHỦ TỊCH
NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Tôn Đức Thắng
"""


def test_an_old_order_with_its_type_twice_and_a_number_without_year():
    got = read_text(OLD_ORDER).to_json()
    assert got["issuer"] == "CHỦ TỊCH NƯỚC"
    assert got["number_symbol"] == "216-LCT"
    assert (got["place"], got["date"]) == ("Hà Nội", "1977-08-25")
    assert got["doc_type"] == "LỆNH"
    assert got["abstract"].startswith("CÔNG BỐ NGHỊ QUYẾT") and "LỆNH CỦA" not in got["abstract"]
    assert got["signer_title"] == "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert got["signer_name"] == "Tôn Đức Thắng"


def test_a_resolution_of_the_state_council_with_its_old_symbol():
    text = """HỘI ĐỒNG NHÀ NƯỚC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 572-NQ/HĐNN7 Hà Nội, ngày 10 tháng 9 năm 1984
NGHỊ QUYẾT
Quy định huy chương Quân kỳ quyết thắng
HỘI ĐỒNG NHÀ NƯỚC
Căn cứ vào Điều 100 của Hiến pháp;
QUYẾT NGHỊ:
Điều 1. Nay quy định huychương Quân kỳ quyết thắng.
Điều 2. Huy chương do Chủ tịch Hội đồng Bộ trưởng tặng thưởng.
"""
    got = read_text(text).to_json()
    assert got["number_symbol"] == "572-NQ/HĐNN7"
    assert (got["place"], got["date"]) == ("Hà Nội", "1984-09-10")
    assert got["doc_type"] == "NGHỊ QUYẾT"
    assert got["sections"][0]["text"] == "Nay quy định huy chương Quân kỳ quyết thắng."


def test_the_national_title_before_1976_is_a_title_not_an_issuer():
    text = """HỘI ĐỒNG CHÍNH PHỦ
******
VIỆT NAM DÂN CHỦ CỘNG HÒA
Độc lập - Tự do - Hạnh phúc
********
Số: 18-CP
Hà Nội, ngày 20 tháng 06 năm 1960
NGHỊ ĐỊNH
ĐẶT RA HUY CHƯƠNG HỮU NGHỊ
HỘI ĐỒNG CHÍNH PHỦ
Căn cứ Nghị quyết của Hội đồng Chính phủ trong phiên họp ngày 13-4-1960.
NGHỊ ĐỊNH:
Điều 1. - Nay đặt ra Huy chương Hữu nghị.
T.M. HỘI ĐỒNG CHÍNH PHỦ
THỦ TƯỚNG CHÍNH PHỦ



Phạm Văn Đồng
"""
    got = read_text(text).to_json()
    assert (got["issuer"], got["parent_issuer"]) == ("HỘI ĐỒNG CHÍNH PHỦ", "")
    assert got["doc_type"] == "NGHỊ ĐỊNH"
    assert got["abstract"] == "ĐẶT RA HUY CHƯƠNG HỮU NGHỊ"
    assert got["signer_title"] == "T.M. HỘI ĐỒNG CHÍNH PHỦ THỦ TƯỚNG CHÍNH PHỦ"
    assert got["signer_name"] == "Phạm Văn Đồng"


# A province plan whose header table came out one cell per line with escaped line breaks, the
# national title broken in two and the place-date line broken before the year.
def test_a_header_table_broken_into_escaped_lines_is_put_back():
    text = (
        "\\r\\n ỦY BAN NHÂN DÂN | \\r\\n \\r\\n CỘNG\\r\\n HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | \\r\\n"
        "\\r\\n Số: 54/KH-UBND \\r\\n | \\r\\n \\r\\n Lạng Sơn, ngày 27 tháng 3 \\r\\n năm 2020 \\r\\n | \\r\\n"
        "\\r\\n\\r\\nThực hiện Quyết định số 1896/QĐ-TTg\\r\\nngày 25/12/2019 của Thủ tướng Chính phủ,"
        " UBND tỉnh xây dựng Kế hoạch như sau:\\r\\n\\r\\nI. MỤC TIÊU\\r\\n\\r\\n1. Mục tiêu chung\\r\\n"
        "\\r\\nCải thiện tình trạng dinh dưỡng.\\r\\n\\r\\nII. GIẢI PHÁP\\r\\n\\r\\nTuyên truyền."
    )
    got = read_text(text).to_json()
    assert got["issuer"] == "ỦY BAN NHÂN DÂN"
    assert got["number_symbol"] == "54/KH-UBND"
    assert (got["place"], got["date"]) == ("Lạng Sơn", "2020-03-27")
    assert got["bases"] == [
        "Thực hiện Quyết định số 1896/QĐ-TTg ngày 25/12/2019 của Thủ tướng Chính phủ, UBND tỉnh xây dựng Kế hoạch như sau:"
    ]


def test_a_post_without_its_header_is_read_and_what_is_missing_is_named():
    text = """Kế hoạch tổ chức Hội nghị điển hình tiên tiến xã Tân Phú năm 2025
Thực hiện Kế hoạch số 45/KH-UBND ngày 02/01/2025 của Ủy ban nhân dân huyện về công tác thi đua;
I. MỤC ĐÍCH, YÊU CẦU
1. Biểu dương các tập thể, cá nhân tiêu biểu.
II. NỘI DUNG
1. Thời gian: tháng 11 năm 2025.
"""
    parsed = read_text(text)
    assert parsed.document.abstract.startswith("Kế hoạch tổ chức Hội nghị")
    assert any("số, ký hiệu" in w for w in parsed.warnings)
    assert any("ngày ban hành" in w for w in parsed.warnings)
    assert any("người ký" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    "text",
    [
        # a news article about a commendation
        "Sáng nay, tại hội trường xã Tân Phú đã diễn ra lễ tổng kết phong trào thi đua.\n"
        "Đến dự có đại diện lãnh đạo huyện và đông đảo bà con nhân dân.\n"
        "Dịp này, nhiều tập thể và cá nhân đã được khen thưởng.",
        # random words
        "bàn ghế cửa sổ mưa nắng gió\nxanh đỏ tím vàng",
    ],
)
def test_text_that_is_no_document_at_all_is_still_refused(text):
    with pytest.raises(DocumentReadError):
        read_text(text)


def test_the_signer_name_glued_to_the_title_line_is_read_apart():
    text = PASTED_DECISION.replace("| CHỦ TỊCH\n", "| CHỦ TỊCHLê Văn Hùng\n").replace("| Lê Văn Hùng\n", "")
    got = read_text(text).to_json()
    assert (got["signer_title"], got["signer_name"]) == ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "Lê Văn Hùng")


def test_the_signer_name_and_note_on_the_title_line_are_read_apart():
    text = PASTED_DECISION.replace("| CHỦ TỊCH\n", "| CHỦ TỊCH (Đã ký) Lê Văn Hùng\n").replace(
        "| Lê Văn Hùng\n", ""
    )
    parsed = read_text(text)
    assert parsed.document.signer.name == "Lê Văn Hùng"
    assert parsed.document.signer.note == "(Đã ký)"
    assert parsed.document.signer.title == "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"


def test_a_body_under_its_parent_is_kept_as_printed_in_two_lines():
    text = """UBND HUYỆN CHÂU THÀNH
PHÒNG NỘI VỤ
Số: 15/TB-PNV
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Châu Thành, ngày 04 tháng 11 năm 2024
THÔNG BÁO
Về việc đăng ký thi đua năm 2025
Phòng Nội vụ thông báo đến các xã, thị trấn đăng ký danh hiệu thi đua năm 2025.
Nơi nhận:
- UBND các xã, thị trấn;
- Lưu: VT.
TRƯỞNG PHÒNG
Trần Thị Mai
"""
    got = read_text(text).to_json()
    assert (got["parent_issuer"], got["issuer"]) == ("UBND HUYỆN CHÂU THÀNH", "PHÒNG NỘI VỤ")
    assert (got["signer_title"], got["signer_name"]) == ("TRƯỞNG PHÒNG", "Trần Thị Mai")


def test_an_issuer_name_wrapped_in_two_lines_stays_one_issuer():
    # The header of a central plan, as its web page wraps the columns: the name of the council
    # broken in the middle, each cell closed by "|", "Số:" over its number.
    text = """HỘI ĐỒNG THI
ĐUA - KHEN THƯỞNG TRUNG ƯƠNG |
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM |
Số:
1/KH-HĐTĐKT |
Hà Nội, ngày 20 tháng 05 năm 2024 |
TỔ CHỨC ĐẠI HỘI THI ĐUA YÊU NƯỚC CÁC CẤP, CÁC NGÀNH
Thực hiện Luật Thi đua, khen thưởng, Hội đồng xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH VÀ YÊU CẦU
1. Đánh giá kết quả phong trào thi đua.
"""
    got = read_text(text).to_json()
    assert (got["issuer"], got["parent_issuer"]) == ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TRUNG ƯƠNG", "")
    assert got["number_symbol"] == "1/KH-HĐTĐKT"
    assert got["abstract"] == "TỔ CHỨC ĐẠI HỘI THI ĐUA YÊU NƯỚC CÁC CẤP, CÁC NGÀNH"


def test_spelling_variants_of_the_issuer_are_kept_verbatim():
    text = OLD_ORDER.replace("CHỦ TỊCH NƯỚC\n*****", "UỶ BAN THƯỜNG VỤ QUỐC HỘI\n*****", 1)
    assert read_text(text).document.issuer == "UỶ BAN THƯỜNG VỤ QUỐC HỘI"


def test_a_place_name_broken_off_its_date_line_is_joined():
    text = OLD_ORDER.replace("Hà Nội, ngày 25 tháng 8\nnăm 1977", "Trà\nVinh, ngày 25 tháng 8 năm 1977")
    got = read_text(text).to_json()
    assert (got["place"], got["date"]) == ("Trà Vinh", "1977-08-25")


def test_an_issuer_and_number_merged_on_one_line_come_apart():
    text = """UBND TỈNH BẮC GIANG Số: 172/2015/QĐ-UBND
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Bắc Giang, ngày 5 tháng 5 năm 2015

QUYẾT ĐỊNH

Ban hành Quy định công tác thi đua, khen thưởng

trên địa bàn tỉnh Bắc Giang

------------------

ỦY BAN NHÂN DÂN TỈNH BẮC GIANG

Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy định công tác thi đua, khen thưởng.
"""
    got = read_text(text).to_json()
    assert (got["issuer"], got["number_symbol"]) == ("UBND TỈNH BẮC GIANG", "172/2015/QĐ-UBND")
    assert got["abstract"] == "Ban hành Quy định công tác thi đua, khen thưởng trên địa bàn tỉnh Bắc Giang"
    assert got["date"] == "2015-05-05"


def test_a_letter_whose_date_stands_under_its_abstract():
    text = """HỘI NÔNG DÂN VIỆT NAM
BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 664 - CV/HNDTW
    V/v: đề cử Nông dân Việt Nam xuất sắc năm 2014

Hà Nội, ngày 20  tháng 7  năm 2014
Kính gửi: Hội Nông dân các tỉnh, thành phố.
Ban Thường vụ Trung ương Hội đề nghị các tỉnh đề cử nông dân tiêu biểu.
"""
    got = read_text(text).to_json()
    assert (got["parent_issuer"], got["issuer"]) == ("HỘI NÔNG DÂN VIỆT NAM", "BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert (got["place"], got["date"]) == ("Hà Nội", "2014-07-20")
    assert got["doc_type"] == "CÔNG VĂN"


def test_blanks_written_as_underscores_are_not_taken_for_decorations():
    text = """ỦY BAN NHÂN DÂN
XÃ MỸ THẠNH
Số: ___/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
______________
Mỹ Thạnh, ngày ___ tháng ___ năm 2025
KẾ HOẠCH
Tổ chức phong trào thi đua năm 2025
I. MỤC ĐÍCH
Nội dung.
"""
    got = read_text(text).to_json()
    assert got["number_symbol"] == "___/KH-UBND"
    assert (got["place"], got["date"]) == ("Mỹ Thạnh", None)
    assert got["abstract"] == "Tổ chức phong trào thi đua năm 2025"


def test_a_basis_glued_to_the_one_before_it_is_read_as_its_own():
    got = read_text(PASTED_DECISION).to_json()
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in got["bases"]
    assert any(b.startswith("Căn cứ Quyết định số 12/2023/QĐ-UBND") for b in got["bases"])


# A decision of the Prime Minister as a web page keeps it: the header table flattened, the
# signer's block cut down to its first line, and the list of the units awarded after it.
AWARD_WITH_LIST = """THỦ TƯỚNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 722/QĐ-TTg | Hà Nội, ngày 06 tháng 6 năm 2008 |
QUYẾT ĐỊNH
VỀ VIỆC TẶNG THƯỞNG CỜ THI ĐUA CỦA CHÍNH PHỦ
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;
QUYẾT ĐỊNH:
Điều 1. Tặng Cờ thi đua của Chính phủ cho 2 tập thể (có danh sách kèm theo).
Điều 2. Các tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
| KT. THỦ TƯỚNG |
DANH SÁCH
TẶNG CỜ THI ĐUA CỦA CHÍNH PHỦ
(Ban hành kèm theo Quyết định số 722/QĐ-TTg ngày 06/6/2008 của Thủ tướng Chính phủ)
1. Sở Nội vụ thành phố Đà Nẵng;
2. Nhân dân và cán bộ xã Hòa Châu, huyện Hòa Vang, thành phố Đà Nẵng.
"""


def test_a_signer_block_cut_to_its_title_is_read_and_the_list_after_it_is_an_annex():
    parsed = read_text(AWARD_WITH_LIST)
    got = parsed.to_json()
    assert (got["signer_title"], got["signer_name"]) == ("KT. THỦ TƯỚNG", "")
    assert any("người ký" in w for w in parsed.warnings)
    assert [a.title for a in parsed.document.annexes] == ["DANH SÁCH TẶNG CỜ THI ĐUA CỦA CHÍNH PHỦ"]
    assert [b.label for b in parsed.document.body] == ["1", "2"]


def test_an_issuer_printed_without_its_place_is_completed_from_the_authority_line():
    text = """ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |
QUYẾT ĐỊNH
Ban hành Quy định chế độ báo cáo định kỳ
ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định chế độ báo cáo định kỳ.
"""
    parsed = read_text(text)
    assert parsed.document.issuer == "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
    assert "issuer" in parsed.inferred


def test_a_post_without_header_takes_its_issuer_from_the_sentence_that_issues_it():
    # https://clbbtlt.blogspot.com/2011_09_25_archive.html (a plan posted without its header)
    text = """KẾ HOẠCH
Tổ chức đại hội Đoàn các cấp, tiến tới Đại hội đại biểu
Đoàn TNCS Hồ Chí Minh thành phố Hà Nội lần thứ XIV,
nhiệm kỳ 2012 - 2017
Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh; Ban Chấp hành Thành đoàn Hà Nội ban hành Kế hoạch tổ chức đại hội đoàn các cấp như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Đại hội đoàn các cấp là đợt sinh hoạt chính trị sâu rộng.
"""
    parsed = read_text(text)
    got = parsed.to_json()
    assert got["issuer"] == "BAN CHẤP HÀNH THÀNH ĐOÀN HÀ NỘI"
    assert got["abstract"] == (
        "Tổ chức đại hội Đoàn các cấp, tiến tới Đại hội đại biểu Đoàn TNCS Hồ Chí Minh "
        "thành phố Hà Nội lần thứ XIV, nhiệm kỳ 2012 - 2017"
    )
    assert "issuer" in parsed.inferred
    assert any("số, ký hiệu" in w for w in parsed.warnings)


def test_an_old_decision_whose_type_and_abstract_share_a_line():
    text = """CHỦ TỊCH HỘI ĐỒNG BỘ TRƯỞNG
Số: 264/CT
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 14 tháng 10 năm 1988
QUYẾT ĐỊNH CỦA CHỦ TỊCH HỘI ĐỒNG BỘ TRƯỞNG SỐ 264/CT NGÀY 14-10-1988 VỀ VIỆC ĐIỀU CHỈNH GIÁ
CHỦ TỊCH HỘI ĐỒNG BỘ TRƯỞNG
Căn cứ tình hình mới về cung ứng lương thực hiện nay;
QUYẾT ĐỊNH:
Điều 1. Không thực hiện Quyết định số 156-CT ngày 23-5-1988.
Phó Chủ tịch
(Đã ký)
Võ Văn Kiệt
"""
    got = read_text(text).to_json()
    assert got["doc_type"] == "QUYẾT ĐỊNH"
    assert (
        got["abstract"] == "CỦA CHỦ TỊCH HỘI ĐỒNG BỘ TRƯỞNG SỐ 264/CT NGÀY 14-10-1988 VỀ VIỆC ĐIỀU CHỈNH GIÁ"
    )
    assert (got["signer_title"], got["signer_name"]) == ("Phó Chủ tịch", "Võ Văn Kiệt")


def test_a_number_and_a_date_without_place_on_one_line():
    text = OLD_ORDER.replace(
        "Số: 216-LCT\nHà Nội, ngày 25 tháng 8\nnăm 1977", "Số: 216-LCT, ngày 25 tháng 8 năm 1977"
    )
    got = read_text(text).to_json()
    assert (got["number_symbol"], got["date"], got["place"]) == ("216-LCT", "1977-08-25", "")


def test_a_whole_header_on_one_line_and_recipients_run_together():
    text = """ỦY BAN NHÂN DÂN XÃ AN BÌNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 12/QĐ-UBND An Bình, ngày 1 tháng 2 năm 2024
QUYẾT ĐỊNH Về việc công nhận danh hiệu Lao động tiên tiến năm 2023
CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
QUYẾT ĐỊNH:
Điều 1. Công nhận danh hiệu Lao động tiên tiến cho 12 cá nhân.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
Nơi nhận:- Như Điều 2;- Lưu: VT. TM. ỦY BAN NHÂN DÂN
CHỦ TỊCHNguyễn Văn Bình
"""
    parsed = read_text(text)
    got = parsed.to_json()
    assert (got["issuer"], got["number_symbol"]) == ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", "12/QĐ-UBND")
    assert (got["place"], got["date"]) == ("An Bình", "2024-02-01")
    assert got["abstract"] == "Về việc công nhận danh hiệu Lao động tiên tiến năm 2023"
    assert got["recipients"] == ["Như Điều 2", "Lưu: VT"]
    assert (got["signer_title"], got["signer_name"]) == ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "Nguyễn Văn Bình")
    assert parsed.warnings == []


def test_a_law_with_its_number_printed_as_luat_so():
    text = """QUỐC HỘI
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Luật số: 06/2022/QH15
Hà Nội, ngày 15 tháng 6 năm 2022

LUẬT
THI ĐUA, KHEN THƯỞNG
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Thi đua, khen thưởng.
Điều 1. Phạm vi điều chỉnh
Luật này quy định về thi đua, khen thưởng.

CHỦ TỊCH QUỐC HỘI




Vương Đình Huệ
"""
    got = read_text(text).to_json()
    assert (got["issuer"], got["number_symbol"], got["doc_type"]) == ("QUỐC HỘI", "06/2022/QH15", "LUẬT")
    assert got["abstract"] == "THI ĐUA, KHEN THƯỞNG"
    assert (got["signer_title"], got["signer_name"]) == ("CHỦ TỊCH QUỐC HỘI", "Vương Đình Huệ")


def test_an_abstract_without_a_blank_line_under_it_stops_at_the_first_sentence_of_the_body():
    text = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 34-CT/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 07 tháng 4 năm 2014
CHỈ THỊ
CỦA BỘ CHÍNH TRỊ
về tiếp tục đổi mới công tác thi đua, khen thưởng
Qua 15 năm thực hiện Chỉ thị số 39-CT/TW, công tác thi đua có nhiều đổi mới.
1. Các cấp ủy đảng tăng cường lãnh đạo công tác thi đua.
T/M BỘ CHÍNH TRỊ
Lê Hồng Anh
"""
    parsed = read_text(text)
    got = parsed.to_json()
    assert parsed.document.signer.authority == "TM."  # "T/M" is the older "TM."
    assert got["number_symbol"] == "34-CT/TW"
    assert got["abstract"] == "CỦA BỘ CHÍNH TRỊ về tiếp tục đổi mới công tác thi đua, khen thưởng"
    assert (got["signer_title"], got["signer_name"]) == ("T/M BỘ CHÍNH TRỊ", "Lê Hồng Anh")


def test_articles_and_recipients_run_together_on_one_line_are_taken_apart():
    text = """ỦY BAN NHÂN DÂN
XÃ MỸ THẠNH
Số: 02/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mỹ Thạnh, ngày 13 tháng 12 năm 2020
QUYẾT ĐỊNH
Về việc tặng Giấy khen
CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH
Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; QUYẾT ĐỊNH:Điều 1. Tặng Giấy khen cho 03 cá nhân.Điều 2. Văn phòng UBND xã thi hành Quyết định này./.Nơi nhận:- Như Điều 2;- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn Tư
"""
    parsed = read_text(text)
    assert [b.label for b in parsed.document.body] == ["1", "2"]
    assert parsed.document.recipients == ["Như Điều 2", "Lưu: VT"]
    assert parsed.document.signer.name == "Nguyễn Văn Tư"


def test_a_header_issuer_glued_to_the_national_title_comes_apart():
    text = OLD_ORDER.replace("CHỦ TỊCH NƯỚC\n*****\nCỘNG HÒA", "HỘI ĐỒNG NHÀ NƯỚCCỘNGHOÀ", 1)
    got = read_text(text).to_json()
    assert (got["issuer"], got["parent_issuer"]) == ("HỘI ĐỒNG NHÀ NƯỚC", "")


def test_an_abstract_continued_after_two_blank_lines_is_joined():
    text = PASTED_DECISION.replace(
        "Về việc khen thưởng thành tích trong phong trào thiđua yêu nước năm 2023",
        "V/v khen thưởng thành tích trong phong trào\n\n\nthi đua yêu nước năm 2023",
    )
    assert (
        read_text(text).document.abstract
        == "V/v khen thưởng thành tích trong phong trào thi đua yêu nước năm 2023"
    )


def test_a_note_glued_to_the_signer_name_is_read_apart():
    text = OLD_ORDER.replace("NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTôn Đức Thắng", "(Đã ký)Tôn Đức Thắng")
    parsed = read_text(text)
    assert (parsed.document.signer.name, parsed.document.signer.note) == ("Tôn Đức Thắng", "(Đã ký)")


def test_an_upper_case_abstract_wrapped_after_a_joining_word_goes_on_over_an_authority_word():
    text = OLD_ORDER.replace(
        "CÔNG BỐ NGHỊ QUYẾT CỦA ỦY BAN THƯỜNG VỤ QUỐC HỘI VỀ VIỆC ĐẶT DANH HIỆU VINH DỰ NHÀ NƯỚC",
        "THỰC HIỆN CHỈ THỊ SỐ 19/CT-TTG CỦA\nTHỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC PHÁT ĐỘNG THI ĐUA",
    )
    assert read_text(text).document.abstract == (
        "THỰC HIỆN CHỈ THỊ SỐ 19/CT-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC PHÁT ĐỘNG THI ĐUA"
    )


def test_a_place_date_line_broken_twice_is_put_back_whole():
    text = OLD_ORDER.replace("Hà Nội, ngày 25 tháng 8\nnăm 1977", "Trà\nVinh, ngày 25 tháng 8\nnăm 1977")
    got = read_text(text).to_json()
    assert (got["place"], got["date"]) == ("Trà Vinh", "1977-08-25")


# A scanned letter of a district office as an OCR tool writes it: Markdown bold and italics, a
# handwritten scrap above the header, "Số" without its colon, doubled bullets, and the stamp of
# the office that received it between the date and the type. Markdown ends a line inside a
# paragraph with two spaces (written \x20 here).
OCR_MARKDOWN = """giao ...

(2)

**UBND HUYỆN TÂN THẠNH\x20\x20
PHÒNG LAO ĐỘNG TB&XH**

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\x20\x20
Độc lập – Tự do – Hạnh phúc**

**Số 312 /TTr-LĐTB&XH**

*Tân Thạnh, ngày 18 tháng 10 năm 2010*

SỞ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI\x20\x20
ĐẾN NGÀY 20/10/2010

**TỜ TRÌNH**

V/v trợ cấp một lần cho thân nhân Anh hùng LLVT

Căn cứ Nghị định số 54/2006/NĐ-CP ngày 26/5/2006 của Chính phủ;

Phòng Lao động - Thương binh và Xã hội huyện đề nghị Sở xem xét giải quyết trợ cấp.

**Nơi nhận:**

- - Như trên;
- - Lưu VT

**TRƯỞNG PHÒNG**

Nguyễn Văn Năm
"""


def test_an_ocr_page_in_markdown_reads_like_plain_text():
    parsed = read_text(OCR_MARKDOWN)
    got = parsed.to_json()
    assert (got["parent_issuer"], got["issuer"]) == ("UBND HUYỆN TÂN THẠNH", "PHÒNG LAO ĐỘNG TB&XH")
    assert got["number_symbol"] == "312/TTr-LĐTB&XH"
    assert (got["place"], got["date"]) == ("Tân Thạnh", "2010-10-18")
    assert (got["doc_type"], got["abstract"]) == (
        "TỜ TRÌNH",
        "V/v trợ cấp một lần cho thân nhân Anh hùng LLVT",
    )
    assert got["recipients"] == ["Như trên", "Lưu VT"]
    assert (got["signer_title"], got["signer_name"]) == ("TRƯỞNG PHÒNG", "Nguyễn Văn Năm")


def test_a_stamp_under_the_date_and_a_scrap_above_the_header_are_warned_not_read_as_issuer():
    warnings = " ".join(read_text(OCR_MARKDOWN).warnings)
    assert "ĐẾN NGÀY 20/10/2010" in warnings
    assert "giao ..." in warnings


def test_a_type_merged_with_its_upper_case_abstract_under_the_date():
    text = """UBND TỈNH LONG AN
SỞ LAO ĐỘNG TB&XH

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc Lập - Tự do - Hạnh phúc

Số: 58/LĐTBXH

Tân An, ngày 05 tháng 2 năm 2007

## GIẤY GIỚI THIỆU DI CHUYỂN

Sở Lao động - Thương binh và Xã hội giới thiệu hồ sơ của ông Nguyễn Văn A.
"""
    got = read_text(text).to_json()
    assert (got["doc_type"], got["abstract"]) == ("GIẤY GIỚI THIỆU", "DI CHUYỂN")


def test_two_bodies_issuing_together_under_one_place_are_one_issuer():
    text = """ỦY BAN NHÂN DÂN
ỦY BAN MTTQ VIỆT NAM
TỈNH ĐẮK LẮK
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 01/QCPH-UBND-MTTQ
Đắk Lắk, ngày 10 tháng 3 năm 2017
QUY CHẾ
Phối hợp công tác giữa Ủy ban nhân dân tỉnh và Ủy ban MTTQ Việt Nam tỉnh
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
"""
    got = read_text(text).to_json()
    assert (got["issuer"], got["parent_issuer"]) == ("ỦY BAN NHÂN DÂN ỦY BAN MTTQ VIỆT NAM TỈNH ĐẮK LẮK", "")
    assert got["abstract"] == "Phối hợp công tác giữa Ủy ban nhân dân tỉnh và Ủy ban MTTQ Việt Nam tỉnh"


def test_a_scan_mark_before_the_signer_name_is_left_out():
    text = OCR_MARKDOWN.replace("Nguyễn Văn Năm", "\\* Nguyễn Văn Năm")
    assert read_text(text).document.signer.name == "Nguyễn Văn Năm"


def test_a_rule_of_stars_in_a_markdown_page_is_a_decoration_not_bold():
    text = OCR_MARKDOWN.replace("PHÒNG LAO ĐỘNG TB&XH**", "PHÒNG LAO ĐỘNG TB&XH*****", 1)
    got = read_text(text).to_json()
    assert got["issuer"] == "PHÒNG LAO ĐỘNG TB&XH"


def test_a_note_written_under_the_signer_name_does_not_join_it():
    parsed = read_text(OLD_ORDER + "\nghi chú viết tay ở cuối trang\n")
    assert parsed.document.signer.name == "Tôn Đức Thắng"
    assert any("ghi chú viết tay" in w for w in parsed.warnings)


def test_a_note_under_the_signer_name_after_the_recipients_does_not_join_it():
    report = (Path(__file__).parent / "data" / "mass_org_report.txt").read_text(encoding="utf-8")
    signer = read_text(report).document.signer.name
    parsed = read_text(report + "\nghi chú viết tay ở cuối trang\n")
    assert signer and parsed.document.signer.name == signer
