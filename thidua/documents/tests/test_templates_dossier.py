"""Tờ trình, báo cáo thành tích, thông báo công khai and báo cáo sơ kết: built from data, rendered
to .docx and PDF, and the text checked in both."""

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader

from thidua.documents.model import Signer
from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import render_pdf
from thidua.documents.render_text import render_text
from thidua.documents.templates_lib import (
    achievement_report,
    public_notice,
    review_report,
    submission_document,
)

ISSUER = "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
CHAIR = Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn")
ODD = 'Lê "Út" [#$*_@<>\\]'


def docx_text(document) -> str:
    word = docx.Document(io.BytesIO(render_docx(document)))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(parts)


def pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    return "\n".join(page.extract_text() for page in reader.pages)


def both(document) -> list[str]:
    """The text of the .docx and of the PDF, with line wraps and runs of spaces made one space."""
    return [" ".join(docx_text(document).split()), " ".join(pdf_text(document).split())]


@pytest.fixture(scope="module")
def submission():
    return submission_document(
        issuer="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG XÃ MỸ THẠNH",
        parent_issuer="UBND HUYỆN GIỒNG TRÔM",
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        addressee="Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh",
        award="Giấy khen của Chủ tịch Ủy ban nhân dân xã",
        reason="xuất sắc trong phong trào thi đua “Đồng khởi mới” năm 2025",
        bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng xã ngày 20 tháng 11 năm 2025",
        ],
        nominees=[
            {
                "name": "Ấp Mỹ Hòa",
                "kind": "tập thể",
                "position": "Xã Mỹ Thạnh",
                "achievement": "Đạt ấp văn hóa",
            },
            {"name": "Nguyễn Văn Tâm", "kind": "cá nhân", "position": "Trưởng ấp Mỹ Hòa"},
            {"name": ODD, "kind": "cá nhân", "position": "Hội viên Hội Nông dân"},
        ],
        signer=Signer(title_lines=["TM. HỘI ĐỒNG", "CHỦ TỊCH"], name="Phạm Thanh Diễn"),
        recipients=["Như trên"],
    )


def test_submission_has_addressee_bases_proposal_with_counts_and_the_nominee_list(submission):
    for text in both(submission):
        assert "TỜ TRÌNH" in text and "Về việc đề nghị tặng Giấy khen" in text
        assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh." in text
        assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
        assert "01 tập thể và 02 cá nhân" in text
        assert "Kính trình Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh xem xét, quyết định" in text
        assert "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN" in text
        assert "Nguyễn Văn Tâm" in text and ODD in text
        assert "TM. HỘI ĐỒNG" in text


def test_submission_reads_back_with_its_addressee_and_signer(submission):
    parsed = read_document(render_docx(submission), "totrinh.docx").document
    assert parsed.doc_type == "TỜ TRÌNH"
    assert parsed.addressees == ["Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh"]
    assert parsed.bases == submission.bases
    assert parsed.signer.title == "TM. HỘI ĐỒNG CHỦ TỊCH" and parsed.signer.name == "Phạm Thanh Diễn"


def test_several_addressees_are_listed_under_kinh_gui_and_read_back():
    from dataclasses import replace

    doc = submission_document(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        addressee="Chủ tịch Ủy ban nhân dân huyện Giồng Trôm",
        award="Giấy khen",
        reason="tốt",
        bases=[],
        nominees=[{"name": "Nguyễn Văn Tâm"}],
        signer=CHAIR,
        recipients=[],
    )
    doc = replace(doc, addressees=["Phòng Nội vụ huyện", "Hội đồng Thi đua - Khen thưởng huyện"], annexes=[])
    for data, name in ((render_text(doc).encode(), "a.txt"), (render_docx(doc), "a.docx")):
        assert read_document(data, name).document.addressees == doc.addressees


@pytest.mark.parametrize("collective", [False, True])
def test_achievement_report_has_three_sections_and_the_confirmation(collective):
    report = achievement_report(
        collective=collective,
        award="Giấy khen của Chủ tịch Ủy ban nhân dân xã",
        issuer="HỘI NÔNG DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2025, 11, 10),
        profile=[("Họ và tên", "Nguyễn Văn Tâm"), ("Năm sinh", "1968"), ("Đơn vị công tác", "Ấp Mỹ Hòa")]
        if not collective
        else [("Tên đơn vị", "Hội Nông dân xã Mỹ Thạnh"), ("Số hội viên", "1.250")],
        duties=["Trưởng ấp, phụ trách công tác vận động nhân dân."],
        achievements=["Vận động 120 hộ hiến đất làm đường giao thông nông thôn."],
        titles=[{"year": 2024, "name": "Lao động tiên tiến", "decision": "Quyết định số 15/QĐ-UBND"}],
        awards=[],
        signer=Signer(
            title_lines=["NGƯỜI BÁO CÁO THÀNH TÍCH"], note="(Ký, ghi rõ họ tên)", name="Nguyễn Văn Tâm"
        )
        if not collective
        else Signer(title_lines=["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], name="Trần Văn Lợi"),
        confirmer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )
    first = "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" if collective else "I. SƠ LƯỢC LÝ LỊCH"
    for text in both(report):
        assert "BÁO CÁO" in text and "Thành tích đề nghị tặng Giấy khen" in text
        assert first in text
        assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text and "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
        assert "Vận động 120 hộ hiến đất" in text and "Lao động tiên tiến" in text
        assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN" in text and "Phạm Thanh Diễn" in text
        assert ("HỘI NÔNG DÂN" in text) is collective
        assert "Số:" not in text  # a report of achievement carries no register number
    parsed = read_document(render_docx(report), "bc.docx").document
    assert [c.name for c in parsed.confirmations] == ["Phạm Thanh Diễn"]
    assert parsed.confirmations[0].title_lines == ["XÁC NHẬN CỦA CẤP TRÌNH KHEN", "CHỦ TỊCH"]
    assert parsed.signer.name == report.signer.name


def test_public_notice_lists_candidates_and_the_notice_period():
    notice = public_notice(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 11, 21),
        award="Giấy khen của Chủ tịch Ủy ban nhân dân xã",
        candidates=[
            {"name": "Ấp Mỹ Hòa", "kind": "tập thể"},
            {"name": ODD, "kind": "cá nhân", "position": "Ấp Mỹ Hòa", "achievement": "Hiến đất"},
        ],
        start=dt.date(2025, 11, 21),
        end=dt.date(2025, 12, 4),
        posted_at=["Trụ sở Ủy ban nhân dân xã", "Nhà văn hóa các ấp"],
        contact="Văn phòng - Thống kê xã",
        signer=CHAIR,
        recipients=["Các ấp"],
    )
    for text in both(notice):
        assert "THÔNG BÁO" in text and "Công khai danh sách đề nghị tặng Giấy khen" in text
        assert "Ủy ban nhân dân xã Mỹ Thạnh thông báo công khai danh sách 01 tập thể và 01 cá nhân" in text
        assert "từ ngày 21/11/2025 đến hết ngày 04/12/2025" in text
        assert "Nhà văn hóa các ấp" in text and ODD in text
    parsed = read_document(render_text(notice).encode(), "tb.txt")
    assert parsed.document.doc_type == "THÔNG BÁO"
    assert (parsed.period_start, parsed.period_end) == (dt.date(2025, 11, 21), dt.date(2025, 12, 4))


@pytest.mark.parametrize("final", [False, True])
def test_review_report_computes_completion_ranks_units_and_keeps_every_part(final):
    report = review_report(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2015, 12, 20),
        movement="Đồng khởi mới",
        period="năm 2015",
        final=final,
        results={
            "overview": ["Đã phát động đến 100% ấp và cơ quan, đoàn thể."],
            "targets": [
                {"name": "Hộ đạt gia đình văn hóa", "target": 1000, "actual": 1050, "unit": "hộ"},
                {"name": "Tiêu chí nông thôn mới", "target": 19, "actual": 17, "unit": "tiêu chí"},
            ],
            "ranking": [{"unit": "Ấp Mỹ An", "score": 88.5}, {"unit": "Ấp Mỹ Hòa", "score": 95}],
            "good_examples": [{"name": "Nguyễn Văn Tâm", "unit": "Ấp Mỹ Hòa", "deed": "hiến 500 m² đất"}],
            "strengths": ["Các ấp hưởng ứng tích cực."],
            "weaknesses": ["Một số chỉ tiêu chưa đạt."],
            "lessons": ["Phải có chỉ tiêu cụ thể."],
            "next_label": "năm 2016",
            "next_steps": ["Tiếp tục phát động phong trào."],
        },
        signer=Signer(title_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name="Phạm Thanh Diễn"),
        recipients=["Phòng Nội vụ huyện"],
    )
    ranking = report.body[0].children[2].children[0].rows
    assert ranking[1][:2] == ["1", "Ấp Mỹ Hòa"] and ranking[2][:2] == ["2", "Ấp Mỹ An"]
    kind = "Tổng kết" if final else "Sơ kết"
    for text in both(report):
        assert f"{kind} phong trào thi đua “Đồng khởi mới” năm 2015" in text
        assert "Đạt và vượt 1/2 chỉ tiêu đề ra." in text
        assert "105,0%" in text and "89,5%" in text and "Chưa đạt" in text
        assert "Nguyễn Văn Tâm (Ấp Mỹ Hòa): hiến 500 m² đất" in text
        assert "Bài học kinh nghiệm" in text and "Phải có chỉ tiêu cụ thể." in text
        assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2016" in text


def test_bases_given_with_their_semicolon_print_it_once():
    doc = public_notice(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 11, 21),
        award="Giấy khen",
        candidates=[{"name": "Ấp Mỹ Hòa", "kind": "tập thể"}],
        start=dt.date(2025, 11, 21),
        end=dt.date(2025, 12, 4),
        posted_at=["Trụ sở"],
        contact="Văn phòng",
        signer=CHAIR,
        recipients=[],
        bases=["Căn cứ Luật Thi đua, khen thưởng;", "Căn cứ Nghị định số 152/2025/NĐ-CP."],
    )
    assert doc.bases == ["Căn cứ Luật Thi đua, khen thưởng", "Căn cứ Nghị định số 152/2025/NĐ-CP"]
    assert ";;" not in render_text(doc) and "NĐ-CP.." not in render_text(doc)
