"""What a certificate says: a title is certified by a Giấy chứng nhận that names it, a Giấy khen
names no title and reads as a sentence; the verification page names the paper the same way."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from thidua.commendations.models import Award, Decision
from thidua.commendations.papers import certificates_pdf, decision_certificates
from thidua.commendations.tests.test_movement_links import make_movement

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(tree, award):
    """A signed decision giving Lao động tiên tiến to a person and a Giấy khen to a hamlet."""
    decision = Decision.objects.create(
        commune=tree.commune,
        title="Về việc khen thưởng năm 2025",
        year=2025,
        number=3,
        number_label="03/QĐ-UBND",
        signed_on=dt.date(2025, 12, 22),
        signer_name="Phạm Thanh Diễn",
        state=Decision.State.SIGNED,
    )
    common = {"year": 2025, "commune": tree.commune, "decision": decision}
    title = Award.objects.create(
        award_type=award("ldtt"), recipient_kind="individual", recipient_name="Nguyễn Văn An", **common
    )
    form = Award.objects.create(
        award_type=award("gk-tapthe"), recipient_kind="collective", recipient_name="Ấp Mỹ Hòa", **common
    )
    return decision, title, form


def _pages(decision) -> dict[str, str]:
    certs = decision_certificates(decision, verify_url=lambda code: f"https://x/{code}")
    reader = PdfReader(io.BytesIO(certificates_pdf(certs)))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    return {c.recipient: text for c, text in zip(certs, texts, strict=True)}


def test_a_title_is_certified_and_never_printed_on_a_giay_khen(signed):
    decision, _, _ = signed
    pages = _pages(decision)
    title_page, form_page = pages["Nguyễn Văn An"], pages["Ấp Mỹ Hòa"]
    assert "GIẤY CHỨNG NHẬN" in title_page and "GIẤY KHEN" not in title_page
    assert "Danh hiệu “Lao động tiên tiến” năm 2025" in title_page
    assert "GIẤY KHEN" in form_page and "Lao động tiên tiến" not in form_page
    # The form reads as a sentence: not "Đã có thành tích đạt Giấy khen … (tập thể)".
    assert "Đã có thành tích xuất sắc năm 2025" in form_page
    assert "(tập thể)" not in form_page and "đạt Giấy khen" not in form_page


def test_a_giay_khen_under_a_movement_names_the_movement(tree, signed):
    decision, _, form = signed
    form.movement = make_movement(tree.commune, "Đồng khởi mới")
    form.save()
    assert (
        "Đã có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” năm 2025"
        in (_pages(decision)["Ấp Mỹ Hòa"])
    )


def test_the_verification_page_names_the_paper_as_the_certificate_does(client, signed):
    _, title, form = signed
    title_page = client.get(reverse("commendations:verify", args=[title.verify_code])).content.decode()
    form_page = client.get(reverse("commendations:verify", args=[form.verify_code])).content.decode()
    assert "Giấy chứng nhận hợp lệ" in title_page
    assert "Giấy khen hợp lệ" in form_page and "Giấy chứng nhận" not in form_page


def test_the_portal_names_both_papers(client):
    page = client.get(reverse("web:home")).content.decode()
    assert "giấy chứng nhận, giấy khen" in page.lower()


def test_the_printable_page_words_each_paper_as_the_pdf_does(client, personas, signed):
    decision, _, _ = signed
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:certificates", args=[decision.pk])).content.decode()
    assert page.count("GIẤY CHỨNG NHẬN") == 1 and page.count("GIẤY KHEN") == 1
    assert "Danh hiệu “Lao động tiên tiến” năm 2025" in page
    assert "Đã có thành tích xuất sắc năm 2025" in page and "(TẬP THỂ)" not in page


def test_the_certificates_docx_has_a_landscape_page_per_certificate_for_whoever_sees_the_decision(
    client, personas, signed
):
    import docx

    decision, _, _ = signed
    url = reverse("commendations:certificates_docx", args=[decision.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(personas["outsider"])  # an officer of another commune
    assert client.get(url).status_code == 404
    client.force_login(personas["viewer"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    word = docx.Document(io.BytesIO(response.content))
    section = word.sections[0]
    assert section.page_width > section.page_height
    texts = [p.text for p in word.paragraphs]
    assert texts.count("GIẤY CHỨNG NHẬN") == 1 and texts.count("GIẤY KHEN") == 1
    assert sum(p.paragraph_format.page_break_before is True for p in word.paragraphs) == 1
    assert "Danh hiệu “Lao động tiên tiến” năm 2025" in texts and "Nguyễn Văn An" in texts


def test_the_printable_page_lays_each_certificate_out_as_its_paper(client, personas, signed):
    """The screen shows what the PDF and the .docx print: the grantor, "Tặng", the date and the
    signer at the foot (tests/papers compares the three word for word)."""
    decision, _, _ = signed
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:certificates", args=[decision.pk])).content.decode()
    assert page.count("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ") == 2 and page.count(">Tặng<") == 2
    assert page.count("Mỹ Thạnh, ngày 22 tháng 12 năm 2025") == 2 and page.count("verify-link") == 2
