"""A certificate carries its number in the grantor's register of the year ("Số: 02/GK"), one series
per paper, in the order the decisions were signed, beside its verification code; the PDF, the
.docx and the printable page print it alike."""

import datetime as dt
import io

import docx
import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from thidua.commendations.models import Award, Decision
from thidua.commendations.papers import decision_certificates
from thidua.commendations.papers.certificates import paper_symbol, register_numbers
from thidua.documents.render_docx import render_certificates as certificates_docx
from thidua.documents.render_pdf import render_certificates as certificates_pdf

pytestmark = pytest.mark.django_db


def _decision(commune, number: int, signed_on: dt.date | None) -> Decision:
    return Decision.objects.create(
        commune=commune,
        title="Về việc khen thưởng",
        year=signed_on.year if signed_on else 2025,
        number=number,
        number_label=f"{number:02d}/QĐ-UBND",
        signed_on=signed_on,
        signer_name="Phạm Thanh Diễn",
        state=Decision.State.SIGNED if signed_on else Decision.State.DRAFT,
    )


def _grant(decision, award_type, name: str, kind: str = "collective", **extra) -> Award:
    return Award.objects.create(
        award_type=award_type,
        recipient_kind=kind,
        recipient_name=name,
        year=decision.year,
        commune=decision.commune,
        decision=decision,
        **extra,
    )


@pytest.fixture
def register(tree, award):
    """Two decisions of 2025 and one of 2026 of Mỹ Thạnh, one of another commune."""
    gk, title = award("gk-tapthe"), award("ldtt")
    first = _decision(tree.commune, 2, dt.date(2025, 6, 1))
    _grant(first, gk, "Ấp Mỹ Hòa")
    _grant(first, gk, "Ấp Thạnh Lợi", annulled=True)  # annulled: keeps its number
    _grant(first, title, "Đặng Văn Đức", kind="individual")
    second = _decision(tree.commune, 5, dt.date(2025, 12, 22))
    later = [_grant(second, gk, "Hội Nông dân xã"), _grant(second, title, "Lê Thị Đào", kind="individual")]
    other = _decision(tree.other, 1, dt.date(2025, 3, 1))
    _grant(other, gk, "Ấp Xa")
    next_year = _decision(tree.commune, 1, dt.date(2026, 1, 5))
    _grant(next_year, gk, "Ấp Mỹ Hòa")
    return first, second, later, next_year


def test_each_paper_has_its_own_series_in_the_order_the_decisions_were_signed(register):
    first, second, (form, title), next_year = register
    assert sorted(register_numbers(first).values()) == ["01/GCN", "01/GK", "02/GK"]
    # Another commune's register and another year's do not count; an annulled award does.
    assert register_numbers(second) == {form.pk: "03/GK", title.pk: "02/GCN"}
    assert list(register_numbers(next_year).values()) == ["01/GK"]


def test_the_symbol_is_the_initials_of_the_paper():
    assert [paper_symbol(p) for p in ("Giấy khen", "Giấy chứng nhận", "Bằng khen", "Cờ thi đua")] == [
        "GK",
        "GCN",
        "BK",
        "CTĐ",
    ]


def test_the_number_is_printed_beside_the_code_in_the_pdf_the_docx_and_the_page(register):
    _first, second, _later, _next = register
    certs = decision_certificates(second, verify_url=lambda code: f"https://x/{code}")
    # Only the certificates of awards not annulled, each with its number.
    assert [(c.recipient, c.register_number) for c in certs] == [
        ("Hội Nông dân xã", "03/GK"),
        ("Lê Thị Đào", "02/GCN"),
    ]
    models = [c.model() for c in certs]
    pdf = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(certificates_pdf(models))).pages]
    word = docx.Document(io.BytesIO(certificates_docx(models)))
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    for model, page in zip(models, pdf, strict=True):
        line = f"Số: {model.register_number}"
        html = render_to_string("documents/_certificate.html", {"cert": model, "qr": ""})
        assert line in page and line in cells and line in html
        # Before its verification code, in all three.
        assert page.index(line) < page.index("Mã xác minh")
        assert html.index(line) < html.index("Mã xác minh")
