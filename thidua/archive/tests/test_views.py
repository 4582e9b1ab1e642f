"""The archive pages for every role, the yearly list as Excel, and the appraisal form end to end."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.archive.models import Appraisal, ArchiveCopy, Handover
from thidua.archive.services import archive_copy_make

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "admin", "officer", "leader", "council", "representative", "viewer"]


def _row(*codes):
    return dict(zip(ROLES, codes, strict=True))


#                                   anon outsider admin officer leader council repr viewer
PAGES = [
    ("archive:index", _row(302, 404, 200, 200, 200, 403, 404, 403)),
    ("archive:index_xlsx", _row(302, 404, 200, 200, 200, 403, 404, 403)),
    ("archive:rules", _row(302, 404, 200, 200, 200, 403, 404, 403)),
    ("archive:appraisal", _row(302, 404, 200, 200, 200, 403, 404, 403)),
    ("archive:copy_pdf", _row(302, 404, 200, 200, 200, 403, 404, 403)),
]


@pytest.fixture
def paper(tree, issued):
    paper = issued(tree.commune, on=dt.date(2010, 4, 30))
    archive_copy_make(actor=SYSTEM, document=paper)
    return paper


@pytest.mark.parametrize("name,expected", PAGES, ids=[p[0] for p in PAGES])
def test_every_role_gets_the_expected_answer(client, personas, tree, paper, name, expected):
    url = reverse(name, args=[paper.pk]) if name == "archive:copy_pdf" else reverse(name)
    url += "" if name == "archive:copy_pdf" else f"?unit={tree.commune.pk}"
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(personas[role])
        response = client.get(url)
        assert response.status_code == expected[role], f"{role} on {url}: {response.status_code}"


def test_posts_are_refused_to_roles_without_the_right(client, personas, tree, paper):
    today = dt.date.today().isoformat()
    for role in ("council", "viewer", "representative"):
        client.force_login(personas[role])
        appraisal = {
            "unit": tree.commune.pk,
            "reference": "1",
            "decided_on": today,
            f"outcome-{paper.pk}": "destroy",
        }
        assert client.post(reverse("archive:appraisal"), appraisal).status_code in (403, 404)
        handover = {
            "unit": tree.commune.pk,
            "year": 2010,
            "handed_on": today,
            "archive": "X",
            "reference": "1",
        }
        assert client.post(reverse("archive:handover"), handover).status_code in (403, 404)
        assert client.post(reverse("archive:copies_make"), {"unit": tree.commune.pk}).status_code in (
            403,
            404,
        )
    client.force_login(personas["officer"])  # an officer keeps the archive but does not decide
    appraisal = {
        "unit": tree.commune.pk,
        "reference": "1",
        "decided_on": today,
        f"outcome-{paper.pk}": "destroy",
    }
    assert client.post(reverse("archive:appraisal"), appraisal).status_code == 403
    assert not Appraisal.objects.exists() and not Handover.objects.exists()
    assert ArchiveCopy.objects.filter(document=paper).exists()


def test_the_head_records_an_appraisal_from_the_page(client, personas, tree, paper):
    client.force_login(personas["leader"])
    page = client.get(reverse("archive:appraisal") + f"?unit={tree.commune.pk}").content.decode()
    assert paper.number_symbol in page
    form = {
        "unit": tree.commune.pk,
        "reference": "12/QĐ-UBND",
        "decided_on": dt.date.today().isoformat(),
        f"outcome-{paper.pk}": "keep",
        f"until-{paper.pk}": "năm sau",
    }
    refused = client.post(reverse("archive:appraisal"), form)
    assert refused.status_code == 200 and "năm giữ đến phải sau năm nay" in refused.content.decode()
    form[f"outcome-{paper.pk}"] = "destroy"
    done = client.post(reverse("archive:appraisal"), form, follow=True)
    assert "Đã ghi quyết định" in done.content.decode()
    assert not ArchiveCopy.objects.filter(document=paper).exists()
    detail = client.get(reverse("documents:detail", args=[paper.pk])).content.decode()
    assert "Đã hủy theo quyết định 12/QĐ-UBND" in detail


def test_the_yearly_list_downloads_as_excel_with_title_rows(client, personas, tree, paper, issued):
    issued(
        tree.commune,
        doc_type="QUYẾT ĐỊNH",
        on=dt.date(2010, 9, 2),
        abstract="Về việc khen thưởng Đồng khởi mới",
    )
    client.force_login(personas["officer"])
    response = client.get(reverse("archive:index_xlsx") + f"?unit={tree.commune.pk}&year=2010")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["MỤC LỤC HỒ SƠ NĂM 2010"] and rows[1] == ["Xã Mỹ Thạnh"]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Số TT")
    assert rows[header + 1][:3] == [1, "01/2010", "Tập lưu quyết định năm 2010"]
    assert rows[header + 2][2] == "Tập lưu thông báo năm 2010"
    page = client.get(reverse("archive:index") + f"?unit={tree.commune.pk}&year=2010").content.decode()
    assert "1 văn bản chưa có bản lưu trữ PDF/A" in page


def test_the_document_page_shows_the_copy_and_its_hash(client, personas, paper):
    client.force_login(personas["officer"])
    page = client.get(reverse("documents:detail", args=[paper.pk])).content.decode()
    copy = ArchiveCopy.objects.get(document=paper)
    assert copy.sha256 in page and "10 năm" in page and "đến hết năm 2020" in page
    pdf = client.get(reverse("archive:copy_pdf", args=[paper.pk]))
    assert (
        pdf.status_code == 200
        and b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:5] == b"%PDF-"
    )
    assert "pdfa" in pdf["Content-Disposition"]


def test_an_officer_records_the_hand_over_of_a_closed_year_from_the_list(client, personas, tree, paper):
    client.force_login(personas["officer"])
    this_year = dt.date.today().year
    page = client.get(reverse("archive:index") + f"?unit={tree.commune.pk}&year={this_year}")
    # the hand-over form never starts at the running year, which cannot be handed over yet
    assert page.context["handover_form"].initial["year"] == this_year - 1
    form = {
        "unit": tree.commune.pk,
        "year": this_year,
        "handed_on": dt.date.today().isoformat(),
        "archive": "Lưu trữ cơ quan",
        "reference": "01/BB-LT",
    }
    refused = client.post(reverse("archive:handover"), form, follow=True).content.decode()
    assert "Chỉ giao nộp hồ sơ của năm đã kết thúc." in refused and not Handover.objects.exists()
    form["year"] = 2010
    done = client.post(reverse("archive:handover"), form, follow=True).content.decode()
    assert "Đã ghi việc giao nộp hồ sơ năm 2010." in done
    handover = Handover.objects.get(unit=tree.commune, year=2010)
    assert list(handover.documents.all()) == [paper]
    assert (
        "giao nộp vào Lưu trữ cơ quan"
        in client.get(reverse("documents:detail", args=[paper.pk])).content.decode()
    )
