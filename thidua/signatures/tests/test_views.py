"""The signature pages: who may open them, and what a person sees."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.documents import services as documents
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import Signer as PaperSigner
from thidua.signatures import services, signing
from thidua.signatures.models import AnchorKind, SignedPaper, SigningKey
from thidua.signatures.tests.conftest import PASSPHRASE

ALL = ["admin", "officer", "leader", "council", "representative", "viewer", "outsider"]
SEEN_BY = {"admin", "officer", "leader", "council", "viewer"}


def _expect(client, personas, url, allowed, method="get", data=None):
    anonymous = getattr(client, method)(url, data or {})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    for name in ALL:
        client.force_login(personas[name])
        response = getattr(client, method)(url, data or {})
        expected = (200, 302) if name in allowed else (403,) if name in SEEN_BY else (404,)
        assert response.status_code in expected, (name, response.status_code)
        client.logout()


@pytest.fixture
def issued(tree):
    model = DocumentModel(
        doc_type="QUYẾT ĐỊNH",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        abstract="Về việc khen thưởng phong trào Đồng khởi",
        signer=PaperSigner(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )
    draft = documents.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)
    return documents.document_issue(actor=SYSTEM, document=draft, date=dt.date(2026, 4, 30))


@pytest.fixture
def key(tree, ca):
    services.trust_anchor_add(
        actor=SYSTEM, unit=tree.province, kind=AnchorKind.ROOT, label="", data=ca.root_der
    )
    return services.signing_key_add_pkcs12(
        actor=SYSTEM,
        unit=tree.commune,
        label="Khóa UBND xã",
        data=ca.signers["good"].p12,
        passphrase=PASSPHRASE,
    )


def test_the_verify_page_is_for_those_who_handle_papers(client, personas, tree):
    url = reverse("signatures:verify") + f"?unit={tree.commune.pk}"
    _expect(client, personas, url, allowed={"admin", "officer", "leader"})


def test_the_keys_page_is_for_the_admin(client, personas, tree):
    url = reverse("signatures:keys") + f"?unit={tree.commune.pk}"
    _expect(client, personas, url, allowed={"admin"})


def test_retiring_a_key_is_for_the_admin(client, personas, key):
    url = reverse("signatures:key_retire", args=[key.pk])
    _expect(client, personas, url, allowed={"admin"}, method="post")


def test_signing_is_for_the_admin_and_the_leader(client, personas, issued, key):
    url = reverse("signatures:sign", args=[issued.pk])
    _expect(
        client,
        personas,
        url,
        allowed={"admin", "leader"},
        method="post",
        data={"key": key.pk, "secret": "sai"},
    )
    assert not SignedPaper.objects.exists()  # every try had the wrong passphrase


def test_a_leader_signs_from_the_documents_page_and_sees_the_report(client, personas, issued, key):
    client.force_login(personas["leader"])
    page = client.get(reverse("documents:detail", args=[issued.pk]))
    assert "Ký số văn bản" in page.content.decode()
    response = client.post(
        reverse("signatures:sign", args=[issued.pk]), {"key": key.pk, "secret": PASSPHRASE}, follow=True
    )
    text = response.content.decode()
    assert "Đã ký số văn bản 01/QĐ-UBND." in text
    assert "Phạm Thanh Diễn" in text and "Nội dung còn nguyên vẹn so với lúc ký." in text
    download = client.get(reverse("signatures:signed_pdf", args=[issued.pk]))
    data = b"".join(download.streaming_content) if download.streaming else download.content
    assert data.startswith(b"%PDF") and SignedPaper.objects.get().sha256


def test_a_wrong_passphrase_is_said_on_the_page(client, personas, issued, key):
    client.force_login(personas["leader"])
    response = client.post(
        reverse("signatures:sign", args=[issued.pk]), {"key": key.pk, "secret": "x"}, follow=True
    )
    assert "Mật khẩu của tệp khóa không đúng" in response.content.decode()


def test_the_signed_pdf_is_read_by_whoever_sees_the_commune(client, personas, issued, key):
    services.paper_sign(actor=SYSTEM, document=issued, key=key, secret=PASSPHRASE)
    url = reverse("signatures:signed_pdf", args=[issued.pk])
    _expect(client, personas, url, allowed=SEEN_BY)


def test_an_officer_checks_a_received_signed_pdf(client, personas, tree, ca, key):
    from thidua.documents.render_pdf import render_pdf

    pdf = render_pdf(DocumentModel(doc_type="QUYẾT ĐỊNH", abstract="Về việc khen thưởng"))
    opened = signing.open_pkcs12(ca.signers["good"].p12, PASSPHRASE)
    signed = signing.sign_pdf(pdf, opened.signer)
    client.force_login(personas["officer"])
    response = client.post(
        reverse("signatures:verify"),
        {"unit": tree.commune.pk, "file": SimpleUploadedFile("Quyết định Đồng khởi.pdf", signed)},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Tệp có 1 chữ ký số, tất cả hợp lệ" in text and "UBND xã Mỹ Thạnh" in text


def test_a_received_file_that_is_no_pdf_gets_a_message_not_a_traceback(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.post(
        reverse("signatures:verify"),
        {"unit": tree.commune.pk, "file": SimpleUploadedFile("Quyết định.pdf", b"<html></html>")},
    )
    assert response.status_code == 200
    assert "không phải là PDF" in response.content.decode()


def test_the_admin_uploads_a_key_and_a_wrong_passphrase_is_said(client, personas, tree, ca):
    client.force_login(personas["admin"])
    url = reverse("signatures:keys")
    data = {
        "unit": tree.commune.pk,
        "form": "pkcs12",
        "label": "Khóa của xã",
        "passphrase": "sai",
        "file": SimpleUploadedFile("khoa.p12", ca.signers["good"].p12),
    }
    response = client.post(url, data)
    assert "Mật khẩu của tệp khóa không đúng" in response.content.decode()
    data["passphrase"] = PASSPHRASE
    data["file"] = SimpleUploadedFile("khoa.p12", ca.signers["good"].p12)
    response = client.post(url, data, follow=True)
    assert "Phạm Thanh Diễn – UBND xã Mỹ Thạnh" in response.content.decode()
    assert SigningKey.objects.get().label == "Khóa của xã"


def test_a_damaged_signed_copy_is_said_on_the_page_not_a_server_error(client, personas, issued, key):
    from thidua.files.services import storage

    paper = services.paper_sign(actor=SYSTEM, document=issued, key=key, secret=PASSPHRASE)
    storage().delete(paper.file.path)
    storage().save(paper.file.path, io.BytesIO(b"not a pdf any more"))
    client.force_login(personas["viewer"])
    response = client.get(reverse("documents:detail", args=[issued.pk]))
    assert response.status_code == 200
    assert "không phải là PDF" in response.content.decode()
