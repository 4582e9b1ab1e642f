"""Who opens which forms, and what the pages, the Excel and the PDF show."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.statistics.tests.conftest import HAS_LEVEL
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

YEAR = 2025


def form_url(unit, code="0601", year=YEAR):
    return reverse("statistics:form", args=[unit.pk, year, code])


@pytest.fixture
def province_people(tree, make_user):
    far = unit_create(actor=SYSTEM, name="Tỉnh Xa Xôi", kind=UnitKind.PROVINCE, parent=None)
    far_commune = unit_create(actor=SYSTEM, name="Xã Đông Hải", kind=UnitKind.COMMUNE, parent=far)
    return {
        "province_officer": make_user("tinh_canbo", Role.OFFICER, tree.province),
        "province_leader": make_user("tinh_lanhdao", Role.LEADER, tree.province),
        "province_viewer": make_user("tinh_xem", Role.VIEWER, tree.province),
        "far_officer": make_user("xa_canbo", Role.OFFICER, far),
        "far_commune": far_commune,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("leader", 200),
        ("council", 403),
        ("viewer", 403),
        ("representative", 404),  # a hamlet's grant does not reach the commune's records
        ("outsider", 404),  # another commune's officer
    ],
)
def test_commune_roles_on_the_communes_form(client, tree, personas, persona, status):
    client.force_login(personas[persona])
    assert client.get(form_url(tree.commune)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 404), ("officer", 404), ("leader", 404), ("viewer", 404), ("outsider", 404)],
)
def test_a_communes_people_do_not_open_the_provinces_form(client, tree, personas, persona, status):
    client.force_login(personas[persona])
    assert client.get(form_url(tree.province)).status_code == status


@pytest.mark.parametrize("who", ["province_officer", "province_leader"])
def test_the_provinces_officer_and_leader_open_the_province_and_every_commune(
    client, tree, province_people, who
):
    client.force_login(province_people[who])
    for unit in (tree.province, tree.commune, tree.other):
        assert client.get(form_url(unit)).status_code == 200


def test_a_province_viewer_is_refused(client, tree, province_people):
    client.force_login(province_people["province_viewer"])
    assert client.get(form_url(tree.province)).status_code == 403


def test_another_provinces_officer_sees_nothing_of_this_province(client, tree, province_people):
    client.force_login(province_people["far_officer"])
    for unit in (tree.province, tree.commune):
        assert client.get(form_url(unit)).status_code == 404
    for name in ("statistics:xlsx", "statistics:pdf"):
        assert client.get(reverse(name, args=[tree.province.pk, YEAR, "0601"])).status_code == 404
    cell = reverse("statistics:cell", args=[tree.province.pk, YEAR, "0601", "total", "total"])
    assert client.get(cell).status_code == 404
    # their own province's form opens
    assert client.get(form_url(province_people["far_commune"])).status_code == 200


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(form_url(tree.commune))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_hamlet_makes_no_form_and_an_unknown_form_is_not_found(client, tree, personas):
    client.force_login(personas["officer"])
    assert client.get(form_url(tree.hamlet)).status_code == 404
    assert client.get(form_url(tree.commune, code="9999")).status_code == 404
    assert client.get(form_url(tree.commune, year=1990)).status_code == 404


def test_the_form_page_shows_the_counts_with_links_to_their_records(client, tree, personas, movements):
    client.force_login(personas["officer"])
    response = client.get(form_url(tree.commune))
    assert response.status_code == 200
    page = response.content.decode()
    assert "0601.N/BNV-TĐKT" in page
    assert "SỐ PHONG TRÀO THI ĐUA" in page
    assert "Ủy ban nhân dân xã Mỹ Thạnh" in page
    assert reverse("statistics:cell", args=[tree.commune.pk, YEAR, "0601", "3y-5y", "total"]) in page
    assert "01/12/2024" in page and "30/11/2025" in page


def test_the_cell_page_lists_the_movements_with_links(client, tree, personas, movements):
    client.force_login(personas["leader"])
    url = reverse("statistics:cell", args=[tree.commune.pk, YEAR, "0601", "3y-5y", "total"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Toàn dân đoàn kết xây dựng đời sống văn hóa" in response.content.decode()
    assert reverse("movements:detail", args=[movements["m2"].pk]) in response.content.decode()
    assert "Dân vận khéo" not in response.content.decode()


@pytest.mark.skipif(not HAS_LEVEL, reason="AwardType.level is not in the catalogue yet")
def test_the_cell_page_lists_the_awards_with_their_decision(client, tree, personas, awards):
    client.force_login(personas["officer"])
    url = reverse("statistics:cell", args=[tree.commune.pk, YEAR, "0603", "collective", "flag"])
    page = client.get(url).content.decode()
    assert "Hội Nông dân xã" in page
    assert "101/QĐ-UBND" in page
    assert "Ấp Mỹ Hòa" not in page  # a Tập thể lao động xuất sắc is no flag


def test_an_unknown_cell_is_not_found(client, tree, personas):
    client.force_login(personas["officer"])
    url = reverse("statistics:cell", args=[tree.commune.pk, YEAR, "0601", "nope", "total"])
    assert client.get(url).status_code == 404


@pytest.mark.skipif(not HAS_LEVEL, reason="AwardType.level is not in the catalogue yet")
def test_the_excel_has_the_title_rows_merged_headers_and_the_counts(client, tree, personas, awards):
    client.force_login(personas["officer"])
    response = client.get(reverse("statistics:xlsx", args=[tree.commune.pk, YEAR, "0603"]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    texts = [cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "Biểu số: 0603.N/BNV-TĐKT" in texts
    assert "Đơn vị báo cáo: Ủy ban nhân dân xã Mỹ Thạnh" in texts
    assert "Đơn vị nhận báo cáo: Sở Nội vụ tỉnh Thử Nghiệm" in texts
    assert "Năm 2025 (từ ngày 01/12/2024 đến ngày 30/11/2025)" in texts
    split = next(r for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == "Chia ra")
    assert split.max_col - split.min_col + 1 == 4
    total_row = next(row for row in ws.iter_rows() if row[0].value == "Tổng số" and row[1].value == "01")
    assert [cell.value for cell in total_row[3:8]] == [7, 4, 1, 1, 0]


def test_the_pdf_is_a_pdf(client, tree, personas, movements):
    client.force_login(personas["officer"])
    response = client.get(reverse("statistics:pdf", args=[tree.commune.pk, YEAR, "0601"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "SỐ PHONG TRÀO THI ĐUA" in text
    assert "0601.N/BNV-TĐKT" in text
    assert "Ủy ban nhân dân xã Mỹ Thạnh" in text


def test_the_wide_state_awards_form_prints_too(client, tree, personas):
    client.force_login(personas["officer"])
    response = client.get(reverse("statistics:pdf", args=[tree.commune.pk, 2019, "0602"]))
    assert response.content.startswith(b"%PDF")


def test_the_index_lists_the_units_the_person_may_report_for(client, tree, province_people, personas):
    client.force_login(province_people["province_officer"])
    page = client.get(reverse("statistics:index")).content.decode()
    assert "Tỉnh Thử Nghiệm" in page and "Xã Mỹ Thạnh" in page and "Xã Khác" in page
    client.force_login(personas["officer"])
    page = client.get(reverse("statistics:index")).content.decode()
    assert "Xã Mỹ Thạnh" in page and "Xã Khác" not in page
    client.force_login(personas["viewer"])
    assert client.get(reverse("statistics:index")).status_code == 404


def test_the_menu_offers_statistics_to_officers_not_to_viewers(client, tree, personas):
    client.force_login(personas["officer"])
    assert reverse("statistics:index") in client.get(reverse("web:home")).content.decode()
    client.force_login(personas["viewer"])
    assert reverse("statistics:index") not in client.get(reverse("web:home")).content.decode()


def test_the_form_page_reads_the_same_number_of_queries_whatever_the_data(
    client, tree, personas, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.statistics.tests.conftest import _movement

    client.force_login(personas["officer"])
    url = form_url(tree.commune)

    def add(count):
        for i in range(count):
            _movement(
                tree.hamlet, f"Phong trào ấp số {i}", "regular", dt.date(2025, 1, 1), dt.date(2025, 6, 30)
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(30)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert ">31<" in response.content.decode()


def test_a_cell_of_many_records_is_listed_page_by_page_in_date_order(client, tree, personas):
    from thidua.statistics.tests.conftest import _movement

    for i in range(52):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=i)
        _movement(
            tree.hamlet, f"Phong trào Đoàn kết số {i:02d}", "regular", start, start + dt.timedelta(days=30)
        )
    client.force_login(personas["officer"])
    url = reverse("statistics:cell", args=[tree.commune.pk, YEAR, "0601", "under-1y", "total"])
    first = client.get(url).content.decode()
    assert "Phong trào Đoàn kết số 00" in first and "Phong trào Đoàn kết số 49" in first
    assert "Phong trào Đoàn kết số 50" not in first
    second = client.get(url + "?page=2").content.decode()
    assert "Phong trào Đoàn kết số 51" in second and "Phong trào Đoàn kết số 00" not in second


def test_a_reason_for_zeros_is_given_once(client, tree, personas):
    client.force_login(personas["officer"])
    page = client.get(form_url(tree.commune, code="0603")).content.decode()
    assert page.count("Phần mềm chưa ghi nhận chức vụ, nghề nghiệp của người được khen thưởng.") == 1


@pytest.mark.skipif(not HAS_LEVEL, reason="AwardType.level is not in the catalogue yet")
def test_the_wide_state_awards_excel_spans_its_four_header_rows(client, tree, personas, awards):
    client.force_login(personas["officer"])
    response = client.get(reverse("statistics:xlsx", args=[tree.commune.pk, YEAR, "0602"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    split = next(r for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == "Chia ra")
    assert (split.min_col, split.max_col) == (5, 20)
    label = next(r for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == "Mã số")
    assert label.max_row - label.min_row + 1 == 4
    total_row = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Tổng số" and row[1] == "1")
    assert total_row[3] == 2  # a12's Huân chương and a13's Bằng khen of the Prime Minister
