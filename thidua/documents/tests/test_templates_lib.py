"""The plan from a movement's data, rendered and read back."""

import datetime as dt

from thidua.documents.model import Signer
from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.movements.papers import plan_document

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
