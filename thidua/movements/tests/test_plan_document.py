"""Soạn kế hoạch: the movement's plan drafted into the document register, rendered and issued."""

import datetime as dt

from django.urls import reverse

from thidua.documents.models import Document, DocumentState
from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.movements import services
from thidua.movements.models import Movement

from .test_views import client_for, status


def _fill(movement, personas, tree):
    services.movement_update(
        actor=personas["officer"],
        movement=movement,
        legal_bases="Thực hiện Kế hoạch số 519/KH-UBND ngày 09 tháng 3 năm 2015 của Ủy ban nhân dân huyện",
        purposes="Phát huy tinh thần yêu nước\nHoàn thành các chỉ tiêu năm 2026",
        content_items="Thi đua phát triển kinh tế",
        recipients="Phòng Nội vụ\nCác ấp",
    )
    services.quota_set(
        actor=personas["officer"], movement=movement, recipient_kind="collective", per_period=2, awards=""
    )
    services.quota_set(
        actor=personas["officer"], movement=movement, recipient_kind="individual", per_period=3, awards=""
    )
    services.duty_add(
        actor=personas["officer"], movement=movement, unit=tree.hamlet, text="Tuyên truyền trên loa ấp"
    )


def test_plan_matrix(client, personas, movement):
    url = reverse("movements:plan", args=[movement.pk])
    for who, code in {"viewer": 403, "council": 403, "representative": 403, "outsider": 404}.items():
        assert status(client, personas, who, url, "post") == code, who
    assert not Document.objects.exists()


def test_officer_drafts_the_plan_which_reads_back_and_is_issued_with_the_next_number(
    client, personas, movement, tree
):
    _fill(movement, personas, tree)
    client_for(client, personas["officer"])
    response = client.post(reverse("movements:plan", args=[movement.pk]))
    assert response.status_code == 302
    movement = Movement.objects.get(pk=movement.pk)
    document = movement.plan_document
    assert document.state == DocumentState.DRAFT and document.doc_type == "KẾ HOẠCH"
    assert document.unit == tree.commune and document.symbol == "KH-UBND"

    page = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    for name in ("documents:detail", "documents:docx", "documents:pdf"):
        assert reverse(name, args=[document.pk]) in page
    docx = client.get(reverse("documents:docx", args=[document.pk]))
    assert docx.status_code == 200
    parsed = read_document(docx.content, "ke-hoach.docx")
    assert parsed.campaign_names[0] == "Thi đua năm 2026"
    assert {q["kind"]: q["count"] for q in parsed.quotas} == {"tập thể": 2, "cá nhân": 3}
    assert parsed.document.issuer == "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
    assert any("519/KH-UBND" in b for b in parsed.document.bases)
    text = "\n".join(b.text for b in parsed.document.body if b.text) + repr(parsed.document.body)
    assert "Tuyên truyền trên loa ấp" in text and "Phát huy tinh thần yêu nước" in text

    # Redrafting rewrites the same draft; no second document.
    services.movement_update(actor=personas["officer"], movement=movement, content_items="Thi đua mới")
    client.post(reverse("movements:plan", args=[movement.pk]))
    assert Document.objects.count() == 1
    assert "Thi đua mới" in repr(Document.objects.get().content)

    # Issuing is the documents app's action: the leader issues it, it takes the register's number.
    client_for(client, personas["leader"])
    response = client.post(reverse("documents:issue", args=[document.pk]), {"date": "2026-01-10"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == DocumentState.ISSUED and document.number == 1
    assert document.date == dt.date(2026, 1, 10)
    page = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    assert "số 01/KH-UBND" in page and "số 1/KH-UBND" not in page
    assert render_docx(document.model)  # the issued model still renders


def test_redrafting_an_issued_plan_starts_a_new_version(personas, movement, tree):
    from thidua.documents.services import document_issue

    _fill(movement, personas, tree)
    first = services.movement_plan_draft(actor=personas["officer"], movement=movement)
    document_issue(actor=personas["leader"], document=first, date=dt.date(2026, 1, 10))
    second = services.movement_plan_draft(actor=personas["officer"], movement=movement)
    assert second.pk != first.pk and second.previous_id == first.pk and second.state == DocumentState.DRAFT
    assert Movement.objects.get(pk=movement.pk).plan_document_id == second.pk


def test_a_hamlet_plan_is_headed_by_the_commune_and_signed_by_the_hamlet_head(personas, movement, tree):
    from thidua.movements.papers import plan_model

    child = services.movement_implement(actor=personas["officer"], parent_movement=movement, unit=tree.hamlet)
    model = plan_model(child)
    assert model.issuer == tree.hamlet.name.upper()
    assert model.parent_issuer == "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
    assert model.place == "Mỹ Thạnh" and model.signer.title_lines == ["TRƯỞNG ẤP"]


def test_the_plan_is_signed_by_name_by_the_units_chairman_or_hamlet_head(personas, movement, tree):
    from thidua.movements.papers import plan_model

    assert plan_model(movement).signer.name == personas["leader"].full_name
    child = services.movement_implement(actor=personas["officer"], parent_movement=movement, unit=tree.hamlet)
    assert plan_model(child).signer.name == personas["representative"].full_name
