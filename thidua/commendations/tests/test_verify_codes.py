"""A citizen types the code printed on a certificate: lower case, spaces, hyphens, O for 0 all
verify; a certificate issued with an earlier, case-sensitive code keeps verifying; the QR link
and the printed code carry the same code."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from thidua.commendations.papers import certificates_pdf, decision_certificates
from thidua.commendations.tests.test_certificates import signed  # noqa: F401 (fixture)
from thidua.lib.codes import group_code, is_new_code

pytestmark = pytest.mark.django_db

OLD_CODE = "aB3-dE_fGh1iJkLmNoPqRsTu"  # secrets.token_urlsafe(18), as issued before


def _typed(code: str) -> str:
    """The code as a person copies it off the paper: lower case, spaces between the groups, the
    zeros and ones read as the letters o and l."""
    return group_code(code).replace("-", " ").lower().replace("0", "o").replace("1", "l")


def test_a_new_certificate_has_a_code_of_the_typeable_kind(signed):  # noqa: F811
    _, title, _ = signed
    assert is_new_code(title.verify_code)


def test_the_portal_form_verifies_a_code_typed_in_lower_case_with_spaces(client, signed):  # noqa: F811
    _, title, _ = signed
    title.verify_code = "7KQ2M9XDAB3C0PQ1STVW"  # with a 0 and a 1 to be typed as o and l
    title.save()
    response = client.get(
        reverse("web:verify_lookup"), {"code": "  " + _typed(title.verify_code)}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Văn An" in page and "Giấy chứng nhận hợp lệ" in page
    assert "7KQ2-M9XD-AB3C-0PQ1-STVW" in page


def test_a_code_with_hyphens_in_the_address_verifies(client, signed):  # noqa: F811
    _, title, _ = signed
    response = client.get(reverse("commendations:verify", args=[group_code(title.verify_code).lower()]))
    assert response.status_code == 200 and "Nguyễn Văn An" in response.content.decode()


def test_a_certificate_with_an_earlier_code_keeps_verifying_exactly(client, signed):  # noqa: F811
    _, title, _ = signed
    title.verify_code = OLD_CODE
    title.save()
    assert client.get(reverse("commendations:verify", args=[OLD_CODE])).status_code == 200
    typed = client.get(reverse("web:verify_lookup"), {"code": f" {OLD_CODE} "}, follow=True)
    assert typed.status_code == 200 and "Nguyễn Văn An" in typed.content.decode()
    # It was issued case-sensitive: another case is another code.
    assert client.get(reverse("commendations:verify", args=[OLD_CODE.upper()])).status_code == 404


def test_a_mistyped_code_is_still_a_404(client, signed):  # noqa: F811
    _, title, _ = signed
    wrong = title.verify_code[:-1] + ("X" if title.verify_code[-1] != "X" else "Y")
    response = client.get(reverse("web:verify_lookup"), {"code": wrong}, follow=True)
    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in response.content.decode()


def test_the_certificate_prints_the_code_in_groups_and_its_qr_points_to_it(client, signed):  # noqa: F811
    decision, title, _ = signed
    certs = decision_certificates(
        decision, verify_url=lambda code: reverse("commendations:verify", args=[code])
    )
    cert = next(c for c in certs if c.recipient == "Nguyễn Văn An")
    assert client.get(cert.verify_url).status_code == 200
    text = " ".join(PdfReader(io.BytesIO(certificates_pdf([cert]))).pages[0].extract_text().split())
    assert group_code(title.verify_code) in text


def test_the_printed_certificates_stay_vietnamese_on_an_english_screen(client, personas, signed):  # noqa: F811
    decision, title, _ = signed
    client.force_login(personas["officer"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("commendations:certificates", args=[decision.pk])).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Mã xác minh" in page
    assert group_code(title.verify_code) in page
