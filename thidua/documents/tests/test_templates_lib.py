"""Document templates: the plan from a movement's data, the award decision, minutes, certificates."""

import datetime as dt
import io
import zipfile

from pypdf import PdfReader

from thidua.documents.model import Signer
from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.documents.templates_lib import (
    CertificateData,
    award_decision,
    certificates_pdf,
    certificates_zip,
    council_minutes,
    plan_document,
)

SIGNER = Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn")


def test_plan_document_reads_back_with_its_campaign_and_sections():
    plan = plan_document(
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2025, 3, 13),
        title="Đồng khởi mới",
        bases=["Thực hiện Kế hoạch số 519/KH-UBND của Ủy ban nhân dân huyện"],
        sections=[
            {"title": "Mục đích, yêu cầu", "paragraphs": ["Phát động trong toàn xã."]},
            {
                "title": "Khen thưởng",
                "items": [
                    {
                        "title": "Chỉ tiêu",
                        "bullets": ["Hội đồng xét chọn 02 tập thể, 03 cá nhân để khen thưởng."],
                    }
                ],
            },
        ],
        signer=SIGNER,
        recipients=["Phòng Nội vụ", "Lưu: VT"],
    )
    parsed = read_document(render_docx(plan), "plan.docx")
    assert parsed.campaign_names == ["Đồng khởi mới"]
    assert parsed.quotas == [{"kind": "tập thể", "count": 2}, {"kind": "cá nhân", "count": 3}]
    assert [b.label for b in parsed.document.body] == ["I", "II"]


def test_award_decision_has_three_articles_and_the_annex_list():
    decision = award_decision(
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        award="Giấy khen",
        reason="xuất sắc trong phong trào thi đua “Đồng khởi mới”",
        bases=["Căn cứ Luật Thi đua, khen thưởng"],
        awardees=[
            {"name": "Ấp Mỹ Hòa", "unit": "Xã Mỹ Thạnh"},
            {"name": "Nguyễn Văn A", "unit": "Ấp Mỹ Hòa"},
        ],
        signer=SIGNER,
        recipients=[],
    )
    assert [a.label for a in decision.body] == ["1", "2", "3"]
    assert decision.annexes[0].blocks[0].rows[2][1] == "Nguyễn Văn A"
    assert decision.recipients[0] == "Như Điều 3"


def test_council_minutes_show_vote_share_of_all_members():
    minutes = council_minutes(
        issuer="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG XÃ",
        place="Mỹ Thạnh",
        date=dt.date(2025, 11, 20),
        meeting="Họp xét khen thưởng năm 2025.",
        present=9,
        members=10,
        results=[{"name": "Nguyễn Văn A", "agree": 8}],
        secretary="Lê Thị B",
        chair="Phạm Thanh Diễn",
    )
    assert minutes.body[2].children[0].rows[1][3] == "80.0"


def _cert(i, name="Nguyễn Thị Ánh"):
    return CertificateData(
        recipient=name,
        achievement="xuất sắc trong phong trào “Đồng khởi mới”",
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
    from thidua.documents.templates_lib import qr_svg

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
