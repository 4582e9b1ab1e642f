"""The hamlet's notice board: the month's public news on one A4 sheet, for the commune's staff and
the hamlet's own representative."""

import datetime as dt
import io
import unicodedata
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from thidua.access import SYSTEM
from thidua.commendations.models import Decision, Notice
from thidua.examples import board, services
from thidua.examples.models import Example
from thidua.people.models import Gender, Person

pytestmark = pytest.mark.django_db

URL = reverse("examples:board")


def _published(unit, title, on: dt.datetime, *, person=None):
    example = services.example_propose(
        actor=SYSTEM, unit=unit, kind="good_deed", title=title, story="Giúp bà con sửa cầu.", person=person
    )
    services.example_verify(actor=SYSTEM, example=example)
    if person is not None:
        services.consent_record(
            actor=SYSTEM, example=example, given_on=timezone.localdate(), method="written"
        )
    services.example_publish(actor=SYSTEM, example=example)
    Example.objects.filter(pk=example.pk).update(published_at=on)
    return example


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@pytest.fixture
def december(tree):
    _published(tree.hamlet2, "Đắp đường bê tông ấp Thạnh Lợi", _at(dt.date(2026, 12, 3)))
    _published(tree.hamlet, "Việc tốt tháng trước", _at(dt.date(2026, 11, 30)))
    _published(tree.other_hamlet, "Việc tốt xã khác", _at(dt.date(2026, 12, 4)))
    person = Person.objects.create(full_name="Đỗ Văn Đức", gender=Gender.MALE, unit=tree.hamlet)
    withdrawn = _published(tree.hamlet, "Cứu người đuối nước", _at(dt.date(2026, 12, 5)), person=person)
    services.consent_withdraw(
        actor=SYSTEM, consent=withdrawn.consents.get(), withdrawn_on=timezone.localdate()
    )
    Decision.objects.create(
        commune=tree.commune,
        title="Khen thưởng gia đình văn hóa",
        year=2026,
        number=9,
        number_label="09/QĐ-UBND",
        signed_on=dt.date(2026, 12, 1),
        state=Decision.State.SIGNED,
    )
    Decision.objects.create(
        commune=tree.commune, title="Dự thảo chưa ký", year=2026, signed_on=dt.date(2026, 12, 2)
    )
    Notice.objects.create(
        commune=tree.commune,
        title="Công khai danh sách LĐTT năm 2026",
        starts_on=dt.date(2026, 11, 28),
        ends_on=dt.date(2026, 12, 8),
    )
    Notice.objects.create(
        commune=tree.commune,
        title="Danh sách cũ",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 10),
    )


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_the_board_holds_the_months_public_news_of_the_commune(december, tree):
    sheet = board.board_of(tree.hamlet, 2026, 12, portal_url="http://xa.example/")
    assert [e.title for e in sheet.examples] == ["Đắp đường bê tông ấp Thạnh Lợi"]
    assert [d.number_label for d in sheet.decisions] == ["09/QĐ-UBND"]
    assert [n.title for n in sheet.notices] == ["Công khai danh sách LĐTT năm 2026"]
    text = _text(board.render_board(sheet))
    assert "BẢNG TIN ẤP MỸ HÒA" in text and "XÃ MỸ THẠNH" in text and "Tháng 12 năm 2026" in text
    assert "Đắp đường bê tông ấp Thạnh Lợi" in text
    assert "Quyết định số 09/QĐ-UBND" in text and "Ký ngày 01/12/2026" in text
    assert "Lấy ý kiến từ 28/11/2026 đến 08/12/2026" in text
    assert "http://xa.example/" in text
    for absent in (
        "Việc tốt tháng trước",
        "Việc tốt xã khác",
        "Cứu người đuối nước",
        "Đỗ Văn Đức",
        "Dự thảo",
        "cũ",
    ):
        assert absent not in text


def test_an_empty_month_prints_a_board_saying_nothing_is_new(tree):
    sheet = board.board_of(tree.hamlet2, 2027, 1, portal_url="http://xa.example/")
    assert sheet.is_empty
    text = _text(board.render_board(sheet))
    assert "BẢNG TIN ẤP THẠNH LỢI" in text and "Tháng 01 năm 2027" in text
    assert "Tháng này chưa có tin mới" in text


def test_the_download_has_the_vietnamese_file_name(client, personas, december, tree):
    client.force_login(personas["officer"])
    response = client.get(URL, {"hamlet": tree.hamlet.pk, "month": "2026-12"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == "Bảng tin ấp Mỹ Hòa 12-2026.pdf"
    assert "Tháng 12 năm 2026" in _text(response.content)
    assert "http://testserver/" in _text(response.content)  # the QR's portal address, printed too


@pytest.mark.parametrize("role", ["admin", "officer"])
def test_staff_print_the_board_of_every_hamlet_of_the_commune(client, personas, tree, role):
    client.force_login(personas[role])
    page = client.get(URL).content.decode()
    assert "Ấp Mỹ Hòa" in page and "Ấp Thạnh Lợi" in page and "Ấp Xa" not in page
    for hamlet in (tree.hamlet, tree.hamlet2):
        assert client.get(URL, {"hamlet": hamlet.pk, "month": "12/2026"})["Content-Type"] == "application/pdf"


def test_the_representative_prints_their_own_hamlets_board_only(client, personas, tree):
    client.force_login(personas["representative"])
    page = client.get(URL).content.decode()
    assert "Ấp Mỹ Hòa" in page and "Ấp Thạnh Lợi" not in page
    assert (
        client.get(URL, {"hamlet": tree.hamlet.pk, "month": "2026-12"})["Content-Type"] == "application/pdf"
    )
    other = client.get(URL, {"hamlet": tree.hamlet2.pk, "month": "2026-12"})
    assert (
        other["Content-Type"].startswith("text/html")
        and "Chọn một ấp trong danh sách." in other.content.decode()
    )


@pytest.mark.parametrize("role", ["leader", "council", "viewer"])
def test_other_roles_of_the_commune_are_refused(client, personas, role):
    client.force_login(personas[role])
    assert client.get(URL).status_code == 403


def test_an_officer_of_another_commune_cannot_print_this_communes_board(client, personas, tree):
    client.force_login(personas["outsider"])
    response = client.get(URL, {"hamlet": tree.hamlet.pk, "month": "2026-12"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Ấp Mỹ Hòa" not in response.content.decode()


def test_a_bad_month_is_refused_clearly(client, personas, tree):
    client.force_login(personas["officer"])
    for bad in ("2026-13", "tháng mười hai", "", "1999-01"):
        response = client.get(URL, {"hamlet": tree.hamlet.pk, "month": bad})
        assert response["Content-Type"].startswith("text/html"), bad
    assert "Nhập tháng hợp lệ, ví dụ 2026-12." in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(("role", "shown"), [("officer", True), ("representative", True), ("viewer", False)])
def test_the_bulletins_page_links_the_board_for_who_may_print_it(client, personas, role, shown):
    client.force_login(personas[role])
    assert (f'href="{URL}"' in client.get(reverse("examples:bulletins")).content.decode()) is shown
