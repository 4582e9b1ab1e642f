"""Commitments workbook: download a unit's registration prefilled, upload it back, per-cell errors."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from thidua.movements.models import Commitment, CommitmentState
from thidua.movements.workbook import PLEDGE_SHEET, TITLE_SHEET

from .test_views import client_for, status


def _download(client, movement, unit, year=2026):
    response = client.get(
        reverse("movements:commitments_excel", args=[movement.pk]),
        {"unit": unit.pk, "year": year, "download": "1"},
    )
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content))


def _upload(client, movement, unit, wb, year=2026, only_valid=False):
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "dang-ky.xlsx"
    data = {"unit": unit.pk, "year": year, "file": buffer}
    if only_valid:
        data["only_valid"] = "on"
    return client.post(reverse("movements:commitments_excel", args=[movement.pk]), data)


def test_commitments_workbook_matrix(client, personas, movement, targets):
    url = reverse("movements:commitments_excel", args=[movement.pk])
    for who, code in {
        "representative": 200,
        "officer": 200,
        "viewer": 403,
        "council": 403,
        "outsider": 404,
    }.items():
        assert status(client, personas, who, url) == code, who


def test_round_trip_saves_a_draft_registration(client, personas, movement, targets, tree):
    client_for(client, personas["representative"])
    wb = _download(client, movement, tree.hamlet)
    ws = wb[PLEDGE_SHEET]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert {r[2] for r in rows} == {"Thu nhập bình quân", "Tỷ lệ hộ nghèo"}  # the unit's targets
    assert all(r[0] == tree.hamlet.name and r[1] == 2026 for r in rows)
    for row in ws.iter_rows(min_row=2):
        row[4].value = 60 if row[2].value == "Thu nhập bình quân" else "2,5"
    wb[TITLE_SHEET].append(["Ấp văn hóa"])
    response = _upload(client, movement, tree.hamlet, wb)
    assert response.status_code == 200 and "Đã lưu 2 chỉ tiêu" in response.content.decode()
    commitment = Commitment.objects.get(movement=movement, unit=tree.hamlet, year=2026)
    assert commitment.state == CommitmentState.DRAFT and commitment.titles == "Ấp văn hóa"
    assert {p.indicator.name: p.value for p in commitment.pledges.select_related("indicator")} == {
        "Thu nhập bình quân": Decimal(60),
        "Tỷ lệ hộ nghèo": Decimal("2.5"),
    }
    again = _download(client, movement, tree.hamlet)  # the saved registration comes back prefilled
    assert sorted(r[4] for r in again[PLEDGE_SHEET].iter_rows(min_row=2, values_only=True)) == [2.5, 60]
    assert [r[0] for r in again[TITLE_SHEET].iter_rows(min_row=2, values_only=True)] == ["Ấp văn hóa"]


def test_bad_cells_are_reported_and_nothing_is_saved_unless_only_valid(
    client, personas, movement, targets, tree
):
    client_for(client, personas["representative"])
    wb = _download(client, movement, tree.hamlet)
    ws = wb[PLEDGE_SHEET]
    ws["E2"] = 55
    ws["E3"] = -1
    ws.append([tree.hamlet.name, 2026, "Chỉ tiêu không có", "", "abc", "31/02/2026"])
    ws.append([tree.hamlet2.name, 2026, "Thu nhập bình quân", "", 1, "01/01/2030"])
    ws.append([tree.hamlet.name, 2026, "Tỷ lệ hộ nghèo", "", "=1+1", None])
    response = _upload(client, movement, tree.hamlet, wb)
    page = response.content.decode()
    assert "Chưa lưu gì" in page
    assert not Commitment.objects.exists()
    errors = response.context["report"].errors
    cells = {(e.row, e.column) for e in errors}
    assert {(3, "E"), (4, "C"), (4, "E"), (4, "F"), (5, "A"), (5, "F")} <= cells
    assert any(e.row == 6 and "công thức" in e.message for e in errors)
    assert all(e.sheet == PLEDGE_SHEET for e in errors)

    response = _upload(client, movement, tree.hamlet, wb, only_valid=True)
    commitment = Commitment.objects.get(movement=movement, unit=tree.hamlet)
    assert [(p.indicator.name, p.value) for p in commitment.pledges.select_related("indicator")] == [
        ("Thu nhập bình quân", Decimal(55))
    ]


def test_a_sent_registration_cannot_be_overwritten_from_excel(client, personas, movement, targets, tree):
    client_for(client, personas["representative"])
    wb = _download(client, movement, tree.hamlet)
    for row in wb[PLEDGE_SHEET].iter_rows(min_row=2):
        row[4].value = 1
    _upload(client, movement, tree.hamlet, wb)
    Commitment.objects.update(state=CommitmentState.SUBMITTED)
    response = _upload(client, movement, tree.hamlet, wb)
    assert "không sửa được" in response.content.decode()


def test_not_a_workbook_gets_a_message(client, personas, movement, targets, tree):
    client_for(client, personas["representative"])
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    response = client.post(
        reverse("movements:commitments_excel", args=[movement.pk]),
        {"unit": tree.hamlet.pk, "year": 2026, "file": upload},
    )
    assert "không phải là bảng tính" in response.content.decode()
    assert not Commitment.objects.exists()
