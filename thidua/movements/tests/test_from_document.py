"""A plan received from above, uploaded and read into a pre-filled draft movement."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.movements.models import Duty, Movement
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

from .test_views import client_for, status

SEED = Path(__file__).resolve().parents[2] / "documents" / "data" / "000_e0bb06a9f56f42be.txt"


@pytest.fixture
def bodies(tree):
    return {
        "radio": unit_create(
            actor=SYSTEM, name="Đài truyền thanh xã", kind=UnitKind.SECTOR, parent=tree.commune
        ),
        "front": unit_create(
            actor=SYSTEM,
            name="Ủy ban Mặt trận tổ quốc xã",
            short_name="MTTQ",
            kind=UnitKind.FRONT,
            parent=tree.commune,
        ),
    }


def _read(client, tree, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("movements:from_document"),
        {"read": "1", "unit": tree.commune.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_from_document_matrix(client, personas):
    url = reverse("movements:from_document")
    for who, code in {"officer": 200, "leader": 200, "viewer": 404, "council": 404, "outsider": 200}.items():
        assert status(client, personas, who, url) == code, who
    client.logout()
    assert client.get(url).status_code == 302


def test_seed_plan_prefills_a_draft_with_what_was_read_and_guessed(client, personas, tree, bodies):
    client_for(client, personas["officer"])
    response = _read(client, tree, SEED.read_bytes(), "ke-hoach-23.txt")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "Đồng khởi mới"
    bases = form.initial["legal_bases"].splitlines()
    assert bases[0] == (
        "Căn cứ Kế hoạch số 23/KH-UBND ngày 13 tháng 3 năm 2015 của Ủy ban nhân dân xã Mỹ Thạnh "
        "về việc phát động phong trào thi đua “Đồng khởi mới”"
    )
    assert "519/KH-UBND" in bases[1]
    assert form.initial["period_end"] == dt.date(2020, 12, 31)
    assert form.initial["period_start"] == dt.date(2015, 3, 13)  # not in the text: the document's date
    assert form.initial["quota_collective"] == 2 and form.initial["quota_individual"] == 3
    assert "Phòng Nội vụ huyện" in form.initial["recipients"] and "Lưu" not in form.initial["recipients"]
    page = response.content.decode()
    assert 'class="mv-guessed"' in page and 'class="mv-read"' in page
    assert "Văn bản nêu nhiều phong trào" in page  # a reader warning is listed
    duties = [
        (f.initial.get("unit"), f.initial["text"][:30]) for f in response.context["duties"].initial_forms
    ]
    units = {text[:14]: unit for unit, text in duties}
    assert units["Đài truyền tha"] == bodies["radio"]
    assert units["Ủy ban Mặt trậ"] == bodies["front"]
    assert not any(text.startswith("Trên đây") for _u, text in duties)


def test_the_officer_corrects_and_saves_everything_at_once(client, personas, tree, bodies):
    client_for(client, personas["officer"])
    read = _read(client, tree, SEED.read_bytes(), "ke-hoach-23.txt")
    form, duties = read.context["form"], read.context["duties"]
    data = {"save": "1", "read_fields": "name", "guessed_fields": "period_start"}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    data |= {"kind": "regular", "cadence": "yearly", "report_grace_days": 10, "period_start": "2015-03-13"}
    data["name"] = "Đồng khởi mới (xã Mỹ Thạnh)"
    total = len(duties.initial_forms)
    data |= {"duties-TOTAL_FORMS": total, "duties-INITIAL_FORMS": total}
    for i, f in enumerate(duties.initial_forms):
        data[f"duties-{i}-text"] = f.initial["text"]
        data[f"duties-{i}-unit"] = f.initial["unit"].pk if f.initial.get("unit") else ""
    bad = data | {"period_end": "2014-01-01"}
    response = client.post(reverse("movements:from_document"), bad)
    assert response.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu" in response.content.decode()
    assert 'class="mv-guessed"' in response.content.decode()  # the highlights survive a correction
    assert not Movement.objects.exists()
    response = client.post(reverse("movements:from_document"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    movement = Movement.objects.get()
    assert movement.name == "Đồng khởi mới (xã Mỹ Thạnh)" and movement.state == "draft"
    assert movement.period_end == dt.date(2020, 12, 31)
    assert {q.recipient_kind: q.per_period for q in movement.quotas.all()} == {
        "collective": 2,
        "individual": 3,
    }
    assert set(Duty.objects.values_list("unit_id", flat=True)) == {bodies["radio"].pk, bodies["front"].pk}


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"  \n ", "x.txt", "không có nội dung"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.doc", ".doc"),
        (b"garbage", "plan.pdf", "bị hỏng"),
    ],
)
def test_bad_uploads_get_the_readers_message(client, personas, tree, data, name, message):
    client_for(client, personas["officer"])
    response = _read(client, tree, data, name)
    assert response.status_code == 200 and message in response.content.decode()
    assert "Lưu dự thảo phong trào" not in response.content.decode()  # still at the upload step


def test_the_upload_page_starts_clean_with_the_officers_unit_chosen(client, personas, tree):
    client_for(client, personas["officer"])
    response = client.get(reverse("movements:from_document"))
    assert "errorlist" not in response.content.decode()
    assert response.context["upload"]["unit"].value() == tree.commune.pk
