"""The commendation papers built from plain data: the award decision, the Tờ trình, the report of
achievement, the public notice and the certificates, rendered to .docx and PDF and read back."""

import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import docx
import pytest
from pypdf import PdfReader

from thidua.commendations.papers import (
    CertificateData,
    achievement_report,
    award_decision,
    certificates_pdf,
    certificates_zip,
    decision_paper,
    public_notice,
    qr_svg,
    submission_document,
)
from thidua.documents.model import Signer
from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import render_pdf
from thidua.documents.render_text import render_text

ISSUER = "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
SIGNER = Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn")
CHAIR = SIGNER
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
    # Mẫu 05: the confirmation on the left, beside the reporter (or the collective's head) on the right.
    assert report.cosigner.title_lines == ["XÁC NHẬN CỦA CẤP TRÌNH KHEN", "CHỦ TỊCH"]
    for data, name in ((render_docx(report), "bc.docx"), (render_text(report).encode(), "bc.txt")):
        parsed = read_document(data, name).document
        assert parsed.cosigner.name == "Phạm Thanh Diễn" and parsed.confirmations == []
        assert parsed.cosigner.title_lines == ["XÁC NHẬN CỦA CẤP TRÌNH KHEN", "CHỦ TỊCH"]
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
        assert (
            "Ủy ban nhân dân xã Mỹ Thạnh thông báo công khai danh sách đề nghị tặng Giấy khen của Chủ tịch "
            "Ủy ban nhân dân xã cho 01 tập thể và 01 cá nhân như sau:"
        ) in text
        assert "từ ngày 21 tháng 11 năm 2025 đến hết ngày 04 tháng 12 năm 2025" in text
        assert "Nhà văn hóa các ấp" in text and ODD in text
    parsed = read_document(render_text(notice).encode(), "tb.txt")
    assert parsed.document.doc_type == "THÔNG BÁO"
    assert (parsed.period_start, parsed.period_end) == (dt.date(2025, 11, 21), dt.date(2025, 12, 4))


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


def test_award_decision_has_three_articles_and_the_annex_list_with_money():
    decision = award_decision(
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        abstract="Về việc khen thưởng năm 2025",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        year=2025,
        base_salary=2_340_000,
        awardees=[
            {"name": "Ấp Mỹ Hòa", "kind": "tập thể", "award": "Giấy khen", "amount": 1_950_000},
            {
                "name": "Nguyễn Văn A",
                "kind": "cá nhân",
                "position": "Trưởng ấp Mỹ Hòa",
                "award": "danh hiệu Lao động tiên tiến",
                "amount": 702_000,
            },
        ],
        signer=SIGNER,
    )
    assert [a.label for a in decision.body] == ["1", "2", "3"]
    assert decision.body[0].text.startswith(
        "Tặng Giấy khen cho 01 tập thể và danh hiệu Lao động tiên tiến cho 01 cá nhân"
    )
    assert "mức lương cơ sở 2.340.000 đồng" in decision.body[1].text
    assert "2.652.000 đồng (Bằng chữ: Hai triệu sáu trăm năm mươi hai nghìn đồng)" in decision.body[1].text
    rows = decision.annexes[0].blocks[0].rows
    assert rows[4] == ["01", "Nguyễn Văn A", "Trưởng ấp Mỹ Hòa", "Lao động tiên tiến", "702.000"]
    assert rows[-1][1:] == ["TỔNG CỘNG", "", "", "2.652.000"]
    assert decision.recipients[0] == "Như Điều 3"
    text = render_text(decision)
    assert ";;" not in text and ".." not in text and "- Lưu: VT." in text


def test_decision_paper_reads_the_record_and_its_awards():
    commune = SimpleNamespace(name="Xã Mỹ Thạnh")
    record = SimpleNamespace(commune=commune, title="Về việc khen thưởng", year=2025, base_salary=2_340_000)
    award = SimpleNamespace(
        recipient_name="Ấp Mỹ Hòa",
        recipient_kind="collective",
        award_type=SimpleNamespace(
            code="gk-tapthe", name="Giấy khen của Chủ tịch UBND xã (tập thể)", is_title=False
        ),
        amount=1,
    )
    paper = decision_paper(record, [award], signed_on=dt.date(2025, 12, 1), signer_name="Phạm Thanh Diễn")
    assert (paper.issuer, paper.place, paper.abstract) == (
        "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        "Mỹ Thạnh",
        record.title,
    )
    assert paper.authority_line == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
    assert paper.signer.name == "Phạm Thanh Diễn" and paper.date == dt.date(2025, 12, 1)
    assert paper.annexes[0].blocks[0].rows[2][1:4] == ["Ấp Mỹ Hòa", "", "Giấy khen"]


def _cert(i, name="Nguyễn Thị Ánh"):
    return CertificateData(
        recipient=name,
        achievement="Đã có thành tích xuất sắc trong phong trào “Đồng khởi mới”",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        signer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        signer_name="Phạm Thanh Diễn",
        decision="Quyết định số 12/QĐ-UBND",
        verification_code=f"MT25-{i:04d}",
    )


def test_certificates_pdf_has_one_landscape_page_each_with_code_and_literal_names():
    odd = 'Lê "Út" [#$*_@<>\\]'
    reader = PdfReader(io.BytesIO(certificates_pdf([_cert(1), _cert(2, odd), _cert(3)])))
    assert len(reader.pages) == 3
    box = reader.pages[0].mediabox
    assert box.width > box.height
    text = reader.pages[1].extract_text()
    assert odd in text and "MT25-0002" in text and "GIẤY KHEN" in text


def test_certificates_zip_has_one_pdf_per_certificate():
    archive = zipfile.ZipFile(io.BytesIO(certificates_zip([_cert(1), _cert(2)])))
    names = archive.namelist()
    assert names == ["0001-MT25-0001.pdf", "0002-MT25-0002.pdf"]
    assert archive.read(names[0])[:4] == b"%PDF"


def test_qr_svg_draws_exactly_the_dark_modules_of_the_qr_code():
    import re

    from thidua.documents.qr import qr_matrix

    data = "https://thidua.example/xac-minh/MT25-0001"
    svg = qr_svg(data)
    expected = qr_matrix(data)
    size = len(expected)
    assert f'viewBox="0 0 {size + 2} {size + 2}"' in svg
    drawn = [[0] * size for _ in range(size)]
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1H\d+z", svg):
        for dx in range(int(width)):
            drawn[int(y) - 1][int(x) - 1 + dx] = 1
    assert drawn == [list(row) for row in expected]
    # A short code alone still gives a full QR code (version 1, 21 modules), not a Micro QR.
    assert 'viewBox="0 0 23 23"' in qr_svg("MT25-0001")
