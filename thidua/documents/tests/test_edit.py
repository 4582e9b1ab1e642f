"""Editing a document: drafts in place, an issued document through a new version, text not JSON."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.audit.models import AuditAction, AuditEntry
from thidua.documents import services
from thidua.documents.forms import DocumentEditForm
from thidua.documents.models import Document, DocumentState
from thidua.documents.reader import read_document

DATA = Path(__file__).resolve().parent.parent / "data"
ALL = ["admin", "officer", "leader", "council", "representative", "viewer", "outsider"]

BODY = """I. MỤC ĐÍCH YÊU CẦU

1. Phát động trong toàn xã.

- Các ấp tham gia tích cực;
+ Hộ gia đình đăng ký thi đua.

| STT | Chỉ tiêu |
| 01 | Gia đình văn hóa |

II. KHEN THƯỞNG

Hội đồng xét chọn 02 tập thể, 03 cá nhân.
"""


@pytest.fixture
def seed_draft(tree):
    path = DATA / "000_e0bb06a9f56f42be.txt"
    model = read_document(path.read_bytes(), path.name).document
    return services.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)


def _form_data(document: Document, **changes) -> dict:
    form = DocumentEditForm(model=document.model)
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(changes)
    return data


def test_edit_page_is_for_admin_officer_and_leader(client, personas, seed_draft):
    url = reverse("documents:edit", args=[seed_draft.pk])
    assert client.get(url).status_code == 302
    for name in ALL:
        client.force_login(personas[name])
        status = client.get(url).status_code
        if name in ("admin", "officer", "leader"):
            assert status == 200, name
        elif name in ("representative", "outsider"):
            assert status == 404, name
        else:
            assert status == 403, name
        client.logout()


def test_viewer_cannot_post_an_edit(client, personas, seed_draft):
    client.force_login(personas["viewer"])
    url = reverse("documents:edit", args=[seed_draft.pk])
    assert client.post(url, _form_data(seed_draft, abstract="Về việc khác")).status_code == 403
    assert Document.objects.get(pk=seed_draft.pk).abstract == seed_draft.abstract


def test_unchanged_form_keeps_the_whole_seed_model(client, personas, seed_draft):
    before = seed_draft.model.to_dict()
    client.force_login(personas["officer"])
    response = client.post(reverse("documents:edit", args=[seed_draft.pk]), _form_data(seed_draft))
    assert response.status_code == 302
    assert Document.objects.get(pk=seed_draft.pk).model.to_dict() == before


def test_officer_edits_the_body_as_text_and_the_draft_changes_in_place(client, personas, seed_draft):
    client.force_login(personas["officer"])
    page = client.get(reverse("documents:edit", args=[seed_draft.pk])).content.decode()
    assert "I. MỤC ĐÍCH YÊU CẦU" in page and "{&quot;kind" not in page and '"kind"' not in page
    data = _form_data(
        seed_draft,
        body=BODY,
        bases="Căn cứ Luật Thi đua, khen thưởng;\nThực hiện Kế hoạch số 519/KH-UBND.",
        recipients="- Phòng Nội vụ;\nLưu: VT.",
        signer_title="kt. chủ tịch\nPHÓ CHỦ TỊCH",
        signer_name="Võ Văn Hạnh",
        addressees="Chủ tịch UBND huyện",
    )
    response = client.post(reverse("documents:edit", args=[seed_draft.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith(f"/{seed_draft.pk}/")
    doc = Document.objects.get(pk=seed_draft.pk).model
    assert [b.text for b in doc.body] == ["MỤC ĐÍCH YÊU CẦU", "KHEN THƯỞNG"]
    first = doc.body[0].children[0]
    assert first.label == "1" and [c.kind for c in first.children] == ["bullet", "bullet", "table"]
    assert first.children[2].rows == [["STT", "Chỉ tiêu"], ["01", "Gia đình văn hóa"]]
    assert doc.bases == ["Căn cứ Luật Thi đua, khen thưởng", "Thực hiện Kế hoạch số 519/KH-UBND"]
    assert doc.recipients == ["Phòng Nội vụ", "Lưu: VT"]
    assert doc.signer.title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and doc.signer.name == "Võ Văn Hạnh"
    assert doc.addressees == ["Chủ tịch UBND huyện"]
    assert Document.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_too_long_abstract_is_refused_next_to_the_field_and_nothing_changes(client, personas, seed_draft):
    client.force_login(personas["officer"])
    response = client.post(
        reverse("documents:edit", args=[seed_draft.pk]), _form_data(seed_draft, abstract="x" * 501, body="")
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert Document.objects.get(pk=seed_draft.pk).model.body  # the body was not emptied


def test_changing_the_type_of_a_draft_changes_its_default_symbol(client, personas, seed_draft):
    client.force_login(personas["officer"])
    client.post(reverse("documents:edit", args=[seed_draft.pk]), _form_data(seed_draft, doc_type="BÁO CÁO"))
    document = Document.objects.get(pk=seed_draft.pk)
    assert (document.doc_type, document.symbol) == ("BÁO CÁO", "BC-UBND")


def test_editing_an_issued_document_makes_a_new_version_and_keeps_the_old(client, personas, seed_draft):
    issued = services.document_issue(actor=SYSTEM, document=seed_draft, date=dt.date(2015, 3, 13))
    frozen = issued.content
    client.force_login(personas["officer"])
    url = reverse("documents:edit", args=[issued.pk])
    assert "phiên bản mới" in client.get(url).content.decode()
    response = client.post(url, _form_data(issued, abstract="Về việc phát động phong trào (sửa đổi)"))
    new = Document.objects.get(previous=issued)
    assert response.status_code == 302 and response["Location"].endswith(f"/{new.pk}/")
    assert (new.version, new.state, new.number, new.date) == (2, DocumentState.DRAFT, None, None)
    assert new.model.date is None and new.model.number == ""
    old = Document.objects.get(pk=issued.pk)
    assert old.content == frozen and old.state == DocumentState.ISSUED
    detail = client.get(reverse("documents:detail", args=[new.pk])).content.decode()
    assert "v1" in detail and "<strong>v2</strong>" in detail and "01/KH-UBND" in detail
    # The old version now has a newer one: no edit button, and a posted edit is refused.
    old_page = client.get(reverse("documents:detail", args=[issued.pk])).content.decode()
    assert reverse("documents:edit", args=[issued.pk]) not in old_page
    again = client.post(url, _form_data(issued, abstract="Về việc lần nữa"))
    assert "phiên bản mới nhất" in again.content.decode() and Document.objects.count() == 2
