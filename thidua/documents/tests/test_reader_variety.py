"""The reader on documents of other shapes: a province decision with a merged header, a
ministry plan with star rules and a "|" table, a mass organisation's report; and bad input."""

import io
import json
from pathlib import Path

import pytest

from thidua.documents.model import BlockKind, walk
from thidua.documents.reader import MAX_BYTES, DocumentReadError, read_document, read_text

DATA = Path(__file__).parent / "data"
CASES = ["province_decision", "ministry_plan", "mass_org_report"]


def _read(name):
    path = DATA / f"{name}.txt"
    return read_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("name", CASES)
def test_reader_finds_every_expected_field(name):
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = _read(name).to_json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("name", CASES)
def test_reader_reads_these_documents_without_warnings(name):
    assert _read(name).warnings == []


def test_decision_articles_become_article_blocks():
    doc = _read("province_decision").document
    assert doc.authority_line == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"
    assert [b.kind for b in doc.body] == [BlockKind.ARTICLE] * 3
    assert [b.label for b in doc.body] == ["1", "2", "3"]
    assert doc.body[0].text.startswith("Tặng Bằng khen")


def test_pipe_table_becomes_a_table_block_without_its_separator_row():
    doc = _read("ministry_plan").document
    tables = [b for b in walk(doc.body) if b.kind == BlockKind.TABLE]
    assert len(tables) == 1
    assert tables[0].rows[0] == ["STT", "Chỉ tiêu", "Mức phấn đấu"]
    assert tables[0].rows[2][2] == "100%"


def test_letter_items_nest_under_numbered_headings():
    doc = _read("ministry_plan").document
    purpose = doc.body[0].children[0]
    assert purpose.label == "1" and [c.label for c in purpose.children] == ["a", "b"]


def test_signature_note_is_kept_apart_from_the_name():
    doc = _read("ministry_plan").document
    assert doc.signer.note == "(Đã ký)"
    assert doc.signer.authority == "KT."


def test_unplaced_header_line_goes_to_warnings_not_lost():
    text = (DATA / "mass_org_report.txt").read_text(encoding="utf-8")
    text = text.replace("***", "Điện thoại: 0275 3861 234")
    parsed = read_text(text)
    assert any("0275 3861 234" in w for w in parsed.warnings)


def test_text_after_the_signer_is_reported_in_warnings():
    text = (DATA / "mass_org_report.txt").read_text(encoding="utf-8") + "\nghi chú viết tay ở cuối trang\n"
    parsed = read_text(text)
    assert any("ghi chú viết tay" in w for w in parsed.warnings)


def test_blank_number_and_date_of_an_unsigned_draft_are_warned():
    text = "ỦY BAN NHÂN DÂN\nXÃ MỸ THẠNH\nSố:    /KH-UBND\nMỹ Thạnh, ngày    tháng    năm 2024\n\nKẾ HOẠCH\nVề việc thử\n\nI. MỤC ĐÍCH\nNội dung."
    parsed = read_text(text)
    assert parsed.document.number == "" and parsed.document.symbol == "KH-UBND"
    assert parsed.document.date is None
    assert any("chưa có số" in w for w in parsed.warnings)
    assert any("ngày" in w.lower() for w in parsed.warnings)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "rỗng"),
        (b"\x00\x01\x02junk\x00" * 50, "a.txt", "nhị phân"),
        (b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "photo.jpg", "Ảnh bị hỏng"),
        (b"%PDF-1.4 broken", "a.pdf", "PDF bị hỏng"),
        (b"PK\x03\x04garbage", "a.docx", "hỏng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.doc", ".doc"),
        ("Danh sách đi chợ: rau, cá, thịt.".encode(), "a.txt", "Không nhận ra văn bản hành chính"),
    ],
)
def test_bad_input_raises_a_vietnamese_message(data, filename, message):
    with pytest.raises(DocumentReadError, match=message):
        read_document(data, filename)


def test_too_large_file_is_refused():
    with pytest.raises(DocumentReadError, match="quá lớn"):
        read_document(b"a" * (MAX_BYTES + 1), "big.txt")


def _pdf(text: str | None, password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_without_text_layer_is_refused():
    with pytest.raises(DocumentReadError, match="không có lớp chữ"):
        read_document(_pdf(None), "scan.pdf")


def test_encrypted_pdf_is_refused():
    with pytest.raises(DocumentReadError, match="mật khẩu"):
        read_document(_pdf(None, password="secret"), "locked.pdf")


CONG_VAN = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ MỸ THẠNH Độc lập - Tự do - Hạnh phúc
Số: 05/UBND-VP
V/v báo cáo kết quả thi đua
quý I năm 2025
Mỹ Thạnh, ngày 02 tháng 4 năm 2025

Kính gửi:
- Phòng Nội vụ huyện Giồng Trôm;
- Hội đồng Thi đua - Khen thưởng huyện.

Thực hiện Công văn số 12/PNV ngày 20/3/2025 của Phòng Nội vụ huyện;

1. Kết quả thực hiện.

Đã phát động phong trào đến các ấp.

Nơi nhận: KT. CHỦ TỊCH
- Như trên; PHÓ CHỦ TỊCH
- Lưu: VT.

Nguyễn Văn Lợi
"""


def test_cong_van_keeps_its_v_v_abstract_the_date_beside_it_and_the_addressees():
    from thidua.documents.reader import read_text

    data = read_text(CONG_VAN).to_json()
    assert data["doc_type"] == "CÔNG VĂN" and data["number_symbol"] == "05/UBND-VP"
    assert data["abstract"] == "V/v báo cáo kết quả thi đua quý I năm 2025"
    assert (data["place"], data["date"]) == ("Mỹ Thạnh", "2025-04-02")
    assert data["addressees"] == ["Phòng Nội vụ huyện Giồng Trôm", "Hội đồng Thi đua - Khen thưởng huyện"]
    assert data["bases"] == ["Thực hiện Công văn số 12/PNV ngày 20/3/2025 của Phòng Nội vụ huyện"]
    assert data["signer_title"] == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" and data["signer_name"] == "Nguyễn Văn Lợi"
    assert data["recipients"] == ["Như trên", "Lưu: VT"] and data["warnings"] == []


def test_the_old_placement_of_the_tone_mark_is_read_and_kept_verbatim():
    """ "UỶ BAN" (older spelling) is recognised as an issuing body and printed as the document wrote it."""
    text = (
        "UỶ BAN NHÂN DÂN\nHUYỆN GIỒNG TRÔM\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
        "Số: 519 /KH-UBND\nGiồng Trôm, ngày 09 tháng 3 năm 2015\n\nKẾ HOẠCH\nPhát động phong trào thi đua"
        " “Đồng khởi mới”\n\nThực hiện Kế hoạch số 45/KH-UBND ngày 02 tháng 02 năm 2015 của Uỷ ban nhân dân"
        " tỉnh Bến Tre;\n\nI. MỤC ĐÍCH\nPhát động sâu rộng.\n\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n"
        "Trần Văn Tám\n"
    )
    parsed = read_document(text.encode(), "kh.txt").to_json()
    assert parsed["issuer"] == "UỶ BAN NHÂN DÂN HUYỆN GIỒNG TRÔM"
    assert parsed["number_symbol"] == "519/KH-UBND"
    assert parsed["bases"] == [
        "Thực hiện Kế hoạch số 45/KH-UBND ngày 02 tháng 02 năm 2015 của Uỷ ban nhân dân tỉnh Bến Tre"
    ]
    assert parsed["signer_title"] == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" and parsed["signer_name"] == "Trần Văn Tám"
