"""Checking a received PDF: signed or not, by whom, intact or changed, trusted, timestamp; and bad
files refused with a clear message."""

import io
import json
import zlib

import pytest
from django.core.management import call_command
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PdfFileWriter

from thidua.documents.model import Document as DocumentModel
from thidua.documents.render_pdf import render_pdf
from thidua.lib.errors import ServiceError
from thidua.signatures import signing
from thidua.signatures.tests.conftest import PASSPHRASE
from thidua.signatures.verification import verify_pdf


@pytest.fixture(scope="module")
def paper() -> bytes:
    return render_pdf(
        DocumentModel(doc_type="QUYẾT ĐỊNH", abstract="Về việc khen thưởng phong trào Đồng khởi")
    )


def _sign(data: bytes, ca, which="good") -> bytes:
    key = signing.open_pkcs12(ca.signers[which].p12, PASSPHRASE)
    return signing.sign_pdf(data, key.signer, reason="Ký ban hành", location="Mỹ Thạnh")


def _check(data: bytes, ca, **kwargs):
    return verify_pdf(data, roots=[ca.root_der], crls=[ca.crl_der], name="Quyết định Đồng khởi.pdf", **kwargs)


def _add_page(data: bytes) -> bytes:
    """An incremental update that appends a blank page, as a forger would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    pages = writer.root["/Pages"]
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/Parent"): writer.root.raw_get("/Pages"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (0, 0, 595, 842)]
            ),
        }
    )
    ref = writer.add_object(page)
    pages["/Kids"].append(ref)
    pages["/Count"] = generic.NumberObject(pages["/Count"] + 1)
    writer.update_container(pages)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_annotation(data: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(n) for n in (10, 10, 50, 50)]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("Đã sửa số tiền"),
            }
        )
    )
    annots = page.get("/Annots")
    if annots is None:
        page[generic.NameObject("/Annots")] = generic.ArrayObject([note])
    else:
        annots.get_object().append(note)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_unsigned_pdf_says_so(paper, ca):
    report = _check(paper, ca)
    assert not report.signed and not report.ok
    assert report.summary == "Tệp không có chữ ký số."


def test_a_signed_pdf_is_reported_valid_with_signer_organisation_and_time(paper, ca):
    report = _check(_sign(paper, ca), ca)
    assert report.ok, report.to_json()
    (sig,) = report.signatures
    assert sig.signer == "Phạm Thanh Diễn" and sig.organisation == "UBND xã Mỹ Thạnh"
    assert sig.intact and sig.trusted and not sig.timestamp
    assert sig.signing_time.endswith("+07:00")
    assert "Chứng thư số hợp lệ, dẫn về chứng thư gốc tin cậy “Gốc thử nghiệm thidua”." in sig.messages


def test_without_a_configured_root_nothing_is_trusted(paper, ca):
    report = verify_pdf(_sign(paper, ca))
    (sig,) = report.signatures
    assert sig.intact and not sig.trusted and not report.ok


def test_a_pdf_changed_inside_the_signed_bytes_is_reported_changed(paper, ca):
    signed = _sign(paper, ca)
    assert b"Typst" in signed
    tampered = signed.replace(b"Typst", b"Typsx", 1)
    report = _check(tampered, ca)
    (sig,) = report.signatures
    assert not sig.intact and not report.ok
    assert "Nội dung đã bị thay đổi sau khi ký: dữ liệu không còn khớp với chữ ký số 1." in sig.messages


def test_a_page_added_after_signing_is_reported(paper, ca):
    report = _check(_add_page(_sign(paper, ca)), ca)
    (sig,) = report.signatures
    assert sig.intact and sig.changed_after and not report.ok
    assert any("bị sửa đổi sau chữ ký số 1" in m for m in sig.messages)


def test_an_annotation_added_after_signing_is_reported(paper, ca):
    report = _check(_add_annotation(_sign(paper, ca)), ca)
    (sig,) = report.signatures
    assert sig.changed_after and not report.ok
    assert any("sau chữ ký số 1" in m for m in sig.messages)


def test_a_second_signature_covering_a_change_is_called_out(paper, ca):
    first = _sign(paper, ca)
    second = _sign(_add_page(first), ca, "rsa")
    report = _check(second, ca)
    one, two = report.signatures
    assert one.changed_after and not one.ok
    assert two.ok  # the second signer did sign what they saw…
    assert not report.ok  # …but the paper is not the one first signed
    assert report.problems == [
        "Chữ ký số 2 (Trần Văn Bảy) được thêm sau khi văn bản đã bị sửa đổi: nó ký một văn bản "
        "khác bản mà chữ ký số 1 đã ký."
    ]


def test_two_honest_signatures_are_both_valid(paper, ca):
    report = _check(_sign(_sign(paper, ca), ca, "rsa"), ca)
    assert report.ok, report.to_json()
    assert [s.signer for s in report.signatures] == ["Phạm Thanh Diễn", "Trần Văn Bảy"]


def test_a_revoked_signers_signature_is_reported_revoked(paper, ca):
    # Signed by a key whose certificate the CA then revoked (signing checks would refuse it in thidua).
    key = signing.open_pkcs12(ca.signers["revoked"].p12, PASSPHRASE)
    report = _check(signing.sign_pdf(paper, key.signer), ca)
    (sig,) = report.signatures
    assert sig.revoked and not sig.ok
    assert "Chứng thư số của người ký đã bị thu hồi." in sig.messages


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "Quyết định Đồng khởi.pdf", "not_a_pdf"),
        (b"%PDF-1.7\n" + zlib.compress(b"garbage") * 20, "Quyết định Đồng khởi.pdf", "corrupt"),
    ],
)
def test_bad_files_get_a_clear_message(data, name, code):
    with pytest.raises(ServiceError) as caught:
        verify_pdf(data, name=name)
    assert caught.value.code == code
    assert str(caught.value)


def test_a_huge_pdf_is_refused_before_reading(settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ServiceError) as caught:
        verify_pdf(b"%PDF-1.7\n" + b"0" * 2000, name="lớn.pdf")
    assert "Tệp quá lớn" in str(caught.value)


def test_an_encrypted_pdf_is_refused_with_a_clear_message():
    writer = PdfFileWriter()
    writer.insert_page(generic.DictionaryObject({generic.NameObject("/Type"): generic.NameObject("/Page")}))
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler

    writer.security_handler = StandardSecurityHandler.build_from_pw("mật khẩu")
    writer._assign_security_handler(writer.security_handler)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ServiceError) as caught:
        verify_pdf(out.getvalue(), name="mã hóa.pdf")
    assert caught.value.code == "encrypted"


@pytest.mark.django_db
def test_the_command_prints_the_report_as_json(paper, ca, tmp_path):
    from thidua.access import SYSTEM
    from thidua.signatures import services
    from thidua.signatures.models import AnchorKind
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    province = unit_create(actor=SYSTEM, name="Tỉnh Thử", kind=UnitKind.PROVINCE, parent=None)
    services.trust_anchor_add(actor=SYSTEM, unit=province, kind=AnchorKind.ROOT, label="", data=ca.root_der)
    path = tmp_path / "Quyết định Đồng khởi.pdf"
    path.write_bytes(_sign(paper, ca))
    out = io.StringIO()
    call_command("verify_pdf", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ok"] and data["signatures"][0]["signer"] == "Phạm Thanh Diễn"


@pytest.mark.django_db
def test_the_command_exits_non_zero_for_an_unsigned_pdf_and_explains_a_bad_one(paper, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "chưa ký.pdf"
    path.write_bytes(paper)
    out = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("verify_pdf", str(path), stdout=out)
    assert caught.value.code == 1 and "Tệp không có chữ ký số." in out.getvalue()
    bad = tmp_path / "hỏng.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(CommandError, match="không phải là PDF"):
        call_command("verify_pdf", str(bad))
