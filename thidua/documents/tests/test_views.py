"""Pages of the documents app: permission matrix, query bounds, downloads and the upload flow."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.documents import services
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import Signer
from thidua.documents.models import Document, DocumentState

DATA = Path(__file__).parent / "data"
ALL = ["admin", "officer", "leader", "council", "representative", "viewer", "outsider"]


@pytest.fixture
def draft(tree):
    model = DocumentModel(
        doc_type="KẾ HOẠCH",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        abstract="Về việc phát động phong trào thi đua “Đồng khởi mới”",
        signer=Signer(title_lines=["CHỦ TỊCH"], name='Trần "Bé" <Ba>'),
    )
    return services.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)


def _expect(client, personas, url, allowed, method="get", data=None, seen_by=None):
    seen_by = set(seen_by or ["admin", "officer", "leader", "council", "viewer"])
    anonymous = getattr(client, method)(url, data or {})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    for name in ALL:
        client.force_login(personas[name])
        response = getattr(client, method)(url, data or {})
        if name in allowed:
            expected = (200, 302)
        elif name in seen_by:
            expected = (403,)
        else:
            expected = (404,)
        assert response.status_code in expected, (name, response.status_code)
        client.logout()


@pytest.mark.parametrize("name", ["detail", "docx", "pdf"])
def test_reading_pages_are_open_to_everyone_who_sees_the_commune(client, personas, draft, name):
    url = reverse(f"documents:{name}", args=[draft.pk])
    _expect(client, personas, url, allowed={"admin", "officer", "leader", "council", "viewer"})


def test_register_list_matrix(client, personas, tree, draft):
    url = reverse("documents:list") + f"?unit={tree.commune.pk}"
    _expect(client, personas, url, allowed={"admin", "officer", "leader", "council", "viewer"})


def test_issue_is_for_admin_and_leader_only(client, personas, tree):
    for name in ALL:
        model = DocumentModel(doc_type="THÔNG BÁO", abstract="Về việc thử")
        doc = services.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)
        client.force_login(personas[name])
        response = client.post(reverse("documents:issue", args=[doc.pk]), {"date": "2025-03-13"})
        doc.refresh_from_db()
        if name in ("admin", "leader"):
            assert response.status_code == 302 and doc.state == DocumentState.ISSUED
        else:
            assert response.status_code == (404 if name in ("representative", "outsider") else 403)
            assert doc.state == DocumentState.DRAFT
    anonymous = client.logout() or client.post(reverse("documents:issue", args=[doc.pk]))
    assert anonymous.status_code == 302


def test_withdraw_matrix_and_reason_required(client, personas, draft):
    issued = services.document_issue(actor=SYSTEM, document=draft, date=dt.date(2025, 3, 13))
    url = reverse("documents:withdraw", args=[issued.pk])
    client.force_login(personas["officer"])
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(personas["outsider"])
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(personas["leader"])
    client.post(url, {"reason": ""})
    assert Document.objects.get(pk=issued.pk).state == DocumentState.ISSUED
    client.post(url, {"reason": "Ban hành nhầm"})
    assert Document.objects.get(pk=issued.pk).state == DocumentState.WITHDRAWN


def test_upload_page_matrix(client, personas, tree):
    url = reverse("documents:upload") + f"?unit={tree.commune.pk}"
    _expect(client, personas, url, allowed={"admin", "officer", "leader"})


def test_detail_shows_the_preview_escaped(client, personas, draft):
    client.force_login(personas["viewer"])
    response = client.get(reverse("documents:detail", args=[draft.pk]))
    assert "Đồng khởi mới" in response.content.decode()
    assert "Trần &quot;Bé&quot; &lt;Ba&gt;" in response.content.decode()
    assert "Ban hành" not in response.content.decode()  # the viewer cannot issue


def test_downloads_are_docx_and_pdf(client, personas, draft):
    client.force_login(personas["officer"])
    docx = client.get(reverse("documents:docx", args=[draft.pk]))
    pdf = client.get(reverse("documents:pdf", args=[draft.pk]))
    assert docx.content[:2] == b"PK" and "wordprocessingml" in docx["Content-Type"]
    assert pdf.content[:4] == b"%PDF" and "attachment" in pdf["Content-Disposition"]


def test_downloads_of_an_issued_decision_carry_its_number_as_file_name(client, personas, tree):
    model = DocumentModel(doc_type="QUYẾT ĐỊNH", issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH", symbol="QĐ-UBND")
    draft = services.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)
    issued = services.document_issue(actor=SYSTEM, document=draft, date=dt.date(2025, 3, 2))
    client.force_login(personas["officer"])
    for kind in ("docx", "pdf"):
        response = client.get(reverse(f"documents:{kind}", args=[issued.pk]))
        header = response["Content-Disposition"]
        assert header == f"attachment; filename*=utf-8''{issued.number_text}_Q%C4%90-UBND.{kind}"


def test_register_list_query_count_does_not_grow_with_documents(
    client, personas, tree, django_assert_max_num_queries
):
    for i in range(30):
        doc = services.document_create_draft(
            actor=SYSTEM,
            unit=tree.commune,
            model=DocumentModel(doc_type="THÔNG BÁO", abstract=f"Thông báo {i}"),
        )
        services.document_issue(actor=SYSTEM, document=doc, date=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    client.force_login(personas["officer"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("documents:list") + f"?unit={tree.commune.pk}")
    assert response.status_code == 200 and "30/TB-UBND" in response.content.decode()


def test_upload_reads_the_seed_highlights_inferred_fields_and_saves_a_draft(client, personas, tree):
    client.force_login(personas["officer"])
    url = reverse("documents:upload") + f"?unit={tree.commune.pk}"
    with open(DATA.parent.parent / "data" / "000_e0bb06a9f56f42be.txt", "rb") as handle:
        response = client.post(url, {"unit": tree.commune.pk, "file": handle})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd class="inferred">ỦY BAN NHÂN DÂN XÃ MỸ THẠNH</dd>' in page
    assert "23/KH-UBND" in page and "Phạm Thanh Diễn" in page
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    saved = client.post(url, {"unit": tree.commune.pk, "payload": payload})
    document = Document.objects.get()
    assert saved.status_code == 302 and document.state == DocumentState.DRAFT
    assert document.model.signer.name == "Phạm Thanh Diễn"


def test_upload_of_junk_shows_a_vietnamese_error_and_saves_nothing(client, personas, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas["officer"])
    junk = SimpleUploadedFile("a.pdf", b"%PDF-1.4 not really")
    response = client.post(reverse("documents:upload"), {"unit": tree.commune.pk, "file": junk})
    assert response.status_code == 200 and "PDF bị hỏng" in response.content.decode()
    assert not Document.objects.exists()


def test_tampered_payload_is_refused(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.post(reverse("documents:upload"), {"unit": tree.commune.pk, "payload": "abc:def"})
    assert response.status_code == 404 and not Document.objects.exists()


def test_a_draft_pdf_is_marked_and_an_issued_one_is_not(client, personas, draft):
    import io

    from pypdf import PdfReader

    client.force_login(personas["officer"])
    response = client.get(reverse("documents:pdf", args=[draft.pk]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "DỰ THẢO" in text
    issued = services.document_issue(actor=SYSTEM, document=draft, date=dt.date(2025, 3, 2))
    response = client.get(reverse("documents:pdf", args=[issued.pk]))
    assert "DỰ THẢO" not in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
