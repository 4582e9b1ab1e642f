"""The award history pages: who may use them, the review screen with doubtful rows first,
confirming and undoing through the pages, and a bad upload shown, not saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations.models import Award, HistoryBatch, HistoryBatchState
from thidua.commendations.services import history_import as hi
from thidua.commendations.tests.conftest import make_person
from thidua.people.models import Gender

pytestmark = pytest.mark.django_db

LIST = """DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2023
(Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2023 của Chủ tịch UBND xã Mỹ Thạnh)

| STT | Họ và tên | Chức vụ | Đơn vị |
| 1 | Nguyễn Văn An | Trưởng ấp | Ấp Mỹ Hòa |
| 2 | Bà Trần Thị Bé | Công chức | UBND xã |
"""


@pytest.fixture
def batch(tree):
    make_person(tree.hamlet, "Nguyễn Văn An")
    make_person(tree.hamlet, "Nguyễn Văn Ẩn")  # a namesake without diacritics
    return hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=[("qd.txt", LIST.encode())])


def urls(tree, batch):
    return [
        reverse("commendations:history") + f"?unit={tree.commune.pk}",
        reverse("commendations:history_batch", args=[batch.pk]),
    ]


def test_anonymous_is_sent_to_login(client, tree, batch):
    for url in urls(tree, batch):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(reverse("commendations:history_batch_undo", args=[batch.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["outsider", "representative"])
def test_another_commune_or_a_hamlets_representative_sees_nothing(client, tree, personas, batch, role):
    client.force_login(personas[role])
    for url in urls(tree, batch):
        assert client.get(url).status_code == 404
    assert client.post(reverse("commendations:history_batch_undo", args=[batch.pk])).status_code == 404
    assert client.post(reverse("commendations:history_batch", args=[batch.pk])).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_who_sees_the_commune_but_records_no_awards_is_refused(client, tree, personas, batch, role):
    client.force_login(personas[role])
    for url in urls(tree, batch):
        assert client.get(url).status_code == 403
    assert client.post(reverse("commendations:history_batch", args=[batch.pk])).status_code == 403
    assert not Award.objects.exists()


@pytest.mark.parametrize("role", ["officer", "admin", "leader"])
def test_the_officer_and_who_records_awards_see_the_review_with_doubtful_rows_first(
    client, tree, personas, batch, role
):
    client.force_login(personas[role])
    page = client.get(reverse("commendations:history") + f"?unit={tree.commune.pk}")
    assert page.status_code == 200
    assert str(batch) in page.content.decode()
    response = client.get(reverse("commendations:history_batch", args=[batch.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 dòng cần bạn xem lại" in html
    assert "— chọn đúng người —" in html and "Nguyễn Văn Ẩn" in html
    assert "Quyết định 15/QĐ-UBND ngày 20/12/2023" in html


def test_upload_of_several_files_then_confirm_and_undo_through_the_pages(client, tree, personas):
    an = make_person(tree.hamlet, "Nguyễn Văn An")
    client.force_login(personas["officer"])
    files = [
        SimpleUploadedFile("qd-15.txt", LIST.encode(), content_type="text/plain"),
        SimpleUploadedFile("hong.pdf", b"%PDF-1.4 broken", content_type="application/pdf"),
    ]
    response = client.post(reverse("commendations:history"), {"unit": tree.commune.pk, "files": files})
    batch = HistoryBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/history/{batch.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "hong.pdf" in page and "PDF" in page

    be = batch.rows.get(name="Trần Thị Bé")
    form = {f"person-{r.pk}": "" for r in batch.rows.all()}
    form.update({f"person-{be.pk}": "new", f"gender-{be.pk}": Gender.FEMALE})
    form.update({f"award_type-{r.pk}": str(r.award_type_id) for r in batch.rows.all()})
    response = client.post(reverse("commendations:history_batch", args=[batch.pk]), form, follow=True)
    assert "Đã ghi các khen thưởng" in response.content.decode()
    batch.refresh_from_db()
    assert batch.state == HistoryBatchState.CONFIRMED
    assert Award.objects.filter(person=an, year=2023, award_type__code="ldtt").exists()
    person_page = client.get(reverse("people:detail", args=[an.pk])).content.decode()
    assert "15/QĐ-UBND ngày 20/12/2023" in person_page

    response = client.post(reverse("commendations:history_batch_undo", args=[batch.pk]), follow=True)
    assert "Đã hoàn tác đợt nhập" in response.content.decode()
    assert not Award.objects.exists()


def test_a_namesake_left_unchosen_is_shown_and_nothing_is_recorded(client, personas, batch):
    client.force_login(personas["officer"])
    be = batch.rows.get(name="Trần Thị Bé")
    form = {f"person-{r.pk}": "" for r in batch.rows.all()}
    form.update({f"person-{be.pk}": "skip"})
    response = client.post(reverse("commendations:history_batch", args=[batch.pk]), form, follow=True)
    html = response.content.decode()
    assert "có nhiều người trùng tên" in html
    # what the officer chose is still chosen on the page shown again
    assert '<option value="skip" selected>' in html
    assert not Award.objects.exists()
    batch.refresh_from_db()
    assert batch.state == HistoryBatchState.REVIEW


def test_a_bad_upload_is_shown_on_the_form_and_nothing_is_saved(client, tree, personas):
    client.force_login(personas["officer"])
    cat = SimpleUploadedFile("meo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 500, content_type="image/jpeg")
    response = client.post(reverse("commendations:history"), {"unit": tree.commune.pk, "files": [cat]})
    assert response.status_code == 200
    assert "Không đọc được danh sách khen thưởng nào" in response.content.decode()
    assert not HistoryBatch.objects.exists()


def test_an_upload_too_large_altogether_is_refused_on_the_form(client, tree, personas, settings):
    settings.THIDUA_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024
    client.force_login(personas["officer"])
    files = [
        SimpleUploadedFile(f"qd-{i}.txt", LIST.encode() * 3, content_type="text/plain") for i in range(2)
    ]
    response = client.post(reverse("commendations:history"), {"unit": tree.commune.pk, "files": files})
    assert response.status_code == 200
    assert "hãy chia làm nhiều lần tải lên" in response.content.decode()
    assert not HistoryBatch.objects.exists()


def _list_of(n):
    rows = "\n".join(f"| {i} | Nguyễn Văn Số{i} | Trưởng ấp | Ấp Mỹ Hòa |" for i in range(1, n + 1))
    return LIST.split("| STT")[0] + "| STT | Họ và tên | Chức vụ | Đơn vị |\n" + rows + "\n"


def test_the_review_page_reads_the_same_number_of_queries_for_any_number_of_rows(client, tree, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(1, 13):
        make_person(tree.hamlet, f"Nguyễn Văn Số{i}")
        make_person(tree.hamlet, f"Nguyễn Văn Số{i}")  # namesakes in the same hamlet: a choice each
    client.force_login(personas["officer"])
    counts = []
    for n in (2, 12):
        batch = hi.history_batch_create(
            actor=SYSTEM, commune=tree.commune, uploads=[(f"qd-{n}.txt", _list_of(n).encode())]
        )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("commendations:history_batch", args=[batch.pk]))
        assert response.status_code == 200
        assert response.content.decode().count("— chọn đúng người —") >= n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_row_already_in_the_history_is_marked_on_the_review_before_confirming(client, tree, personas):
    make_person(tree.hamlet, "Nguyễn Văn An")
    first = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=[("qd.txt", LIST.encode())])
    skip_be = {first.rows.get(name="Trần Thị Bé").pk: hi.RowChoice(person="skip")}
    hi.history_batch_confirm(actor=SYSTEM, batch=first, choices=skip_be)
    again = hi.history_batch_create(
        actor=SYSTEM, commune=tree.commune, uploads=[("qd-lai.txt", LIST.encode())]
    )
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:history_batch", args=[again.pk])).content.decode()
    an, be = again.rows.get(name="Nguyễn Văn An"), again.rows.get(name="Trần Thị Bé")
    marked = "đã có trong lịch sử khen thưởng, sẽ không ghi lại"
    assert marked in page.split(f'id="row-{an.pk}"')[1].split("</legend>")[0]
    assert marked not in page.split(f'id="row-{be.pk}"')[1].split("</legend>")[0]
