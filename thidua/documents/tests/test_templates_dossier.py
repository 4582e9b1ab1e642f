"""Báo cáo sơ kết / tổng kết: built from data, rendered to .docx and PDF, and the text checked in
both. (The commendation papers are tested in `thidua/commendations/tests/test_papers.py`.)"""

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader

from thidua.documents.model import Signer
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import render_pdf
from thidua.movements.papers import review_report

ISSUER = "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"


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
