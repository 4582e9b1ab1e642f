"""The admin's pages for the API's tokens: only an admin of the unit's subtree lists, makes and
revokes them; the secret is shown on the one answer that made it and never again; every change is
audited through the services."""

import datetime as dt
import re
import unicodedata

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.api.models import ApiToken
from thidua.api.services import api_token_create
from thidua.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "admin", "officer", "leader", "council", "representative", "viewer"]
SECRET = re.compile(r"thidua_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def _login(client, personas, role):
    client.logout()
    if role != "anonymous":
        client.force_login(personas[role])


@pytest.fixture
def hamlet_token(tree):
    return api_token_create(actor=SYSTEM, unit=tree.hamlet, label="Bảng tin Ấp Mỹ Hòa")[0]


@pytest.mark.parametrize(
    ("role", "index", "page", "revoke"),
    [
        ("anonymous", 302, 302, 302),
        ("outsider", 404, 404, 404),
        ("admin", 302, 200, 200),
        ("officer", 404, 403, 403),
        ("leader", 404, 403, 403),
        ("council", 404, 403, 403),
        ("representative", 404, 404, 403),
        ("viewer", 404, 403, 403),
    ],
)
def test_every_role_gets_the_expected_answer(client, personas, tree, hamlet_token, role, index, page, revoke):
    _login(client, personas, role)
    assert client.get(reverse("api_tokens:index")).status_code == index
    assert client.get(reverse("api_tokens:unit", args=[tree.commune.pk])).status_code == page
    assert client.get(reverse("api_tokens:revoke", args=[hamlet_token.pk])).status_code == revoke
    response = client.post(
        reverse("api_tokens:unit", args=[tree.commune.pk]), {"label": "Thử", "unit": tree.commune.pk}
    )
    assert response.status_code == (302 if role == "anonymous" else page)
    response = client.post(reverse("api_tokens:revoke", args=[hamlet_token.pk]))
    assert response.status_code == (302 if role in ("anonymous", "admin") else revoke)
    made = ApiToken.objects.filter(label="Thử").exists()
    hamlet_token.refresh_from_db()
    assert made == (role == "admin") and (hamlet_token.revoked_at is not None) == (role == "admin")


def test_the_admin_finds_the_page_in_the_menu_and_others_do_not(client, personas, tree):
    client.force_login(personas["admin"])
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("api_tokens:index") in home
    assert client.get(reverse("api_tokens:index"))["Location"] == reverse(
        "api_tokens:unit", args=[tree.commune.pk]
    )
    for role in ("officer", "leader", "viewer", "outsider"):
        client.force_login(personas[role])
        assert reverse("api_tokens:index") not in client.get(reverse("web:home")).content.decode()


def test_an_admin_of_two_units_chooses_one(client, tree, make_user):
    from thidua.accounts.services import role_grant

    both = make_user("quantri2", Role.ADMIN, tree.commune)
    role_grant(actor=SYSTEM, user=both, unit=tree.other, role=Role.ADMIN)
    client.force_login(both)
    page = client.get(reverse("api_tokens:index"))
    assert page.status_code == 200
    for unit in (tree.commune, tree.other):
        assert reverse("api_tokens:unit", args=[unit.pk]) in page.content.decode()


def test_a_new_token_shows_its_secret_once_with_a_copy_button(client, personas, tree):
    client.force_login(personas["admin"])
    url = reverse("api_tokens:unit", args=[tree.commune.pk])
    label = unicodedata.normalize("NFD", "Phần mềm  báo cáo Đồng Hòa")
    response = client.post(
        url,
        {"label": label, "unit": tree.hamlet.pk, "report_figures": "on", "expires_on": "31/12/2027"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    (secret,) = set(SECRET.findall(html))
    assert 'data-copy="#token-secret"' in html and "<script>" not in html
    assert "mã chỉ hiện lần này" in html
    token = ApiToken.objects.get()
    assert token.unit == tree.hamlet and token.report_figures and token.expires_on == dt.date(2027, 12, 31)
    assert token.created_by == personas["admin"] and token.label.count("  ") == 0
    assert secret not in token.secret_hash
    # the secret works, and is never shown again: not on the list, not in the audit log
    api = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 200
    again = client.get(url).content.decode()
    assert secret not in again and SECRET.search(again) is None
    assert f"thidua_{token.prefix}_…" in again and "Đọc và gửi số liệu" in again and "31/12/2027" in again
    entry = AuditEntry.objects.get(model="api.apitoken", object_id=str(token.pk))
    assert entry.actor_id == personas["admin"].pk and secret not in str(entry.__dict__)


def test_the_list_shows_the_subtrees_tokens_with_their_state(client, personas, tree, hamlet_token):
    from django.utils import timezone

    expired = api_token_create(actor=SYSTEM, unit=tree.commune, label="Cũ", expires_on=timezone.localdate())[
        0
    ]
    ApiToken.objects.filter(pk=expired.pk).update(expires_on=dt.date(2020, 1, 1))
    revoked = api_token_create(actor=SYSTEM, unit=tree.commune, label="Đã bỏ")[0]
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    sibling = api_token_create(actor=SYSTEM, unit=tree.other, label="Của xã Khác")[0]
    province = api_token_create(actor=SYSTEM, unit=tree.province, label="Cổng dữ liệu tỉnh")[0]
    client.force_login(personas["admin"])
    html = client.get(reverse("api_tokens:unit", args=[tree.commune.pk])).content.decode()
    assert "Bảng tin Ấp Mỹ Hòa" in html and "Ấp Mỹ Hòa" in html and "Chỉ đọc" in html
    assert "Hết hạn" in html and "Đã thu hồi" in html and "Đang dùng" in html and "Chưa dùng" in html
    assert sibling.label not in html and province.label not in html
    assert reverse("api_tokens:revoke", args=[hamlet_token.pk]) in html
    assert reverse("api_tokens:revoke", args=[revoked.pk]) not in html


def test_a_commune_admin_cannot_make_a_token_for_the_province_or_a_sibling(client, personas, tree):
    client.force_login(personas["admin"])
    for unit in (tree.province, tree.other):
        assert client.get(reverse("api_tokens:unit", args=[unit.pk])).status_code == 404
        forged = client.post(
            reverse("api_tokens:unit", args=[tree.commune.pk]), {"label": "Lén", "unit": unit.pk}
        )
        assert forged.status_code == 200
        assert "Hãy chọn một lựa chọn hợp lệ." in forged.context["form"].errors["unit"][0]
    assert not ApiToken.objects.exists()


def test_a_province_admin_makes_a_token_for_a_commune(client, tree, make_user):
    admin = make_user("tinh_quantri", Role.ADMIN, tree.province)
    client.force_login(admin)
    response = client.post(
        reverse("api_tokens:unit", args=[tree.province.pk]), {"label": "Cổng xã Khác", "unit": tree.other.pk}
    )
    assert response.status_code == 200 and SECRET.search(response.content.decode())
    assert ApiToken.objects.get().unit == tree.other


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"label": "   "}, "label", "Trường này là bắt buộc."),
        (
            {"label": "Hệ thống", "expires_on": "01/01/2020"},
            "expires_on",
            "Ngày hết hạn phải từ hôm nay trở đi.",
        ),
        ({"label": "Hệ thống", "expires_on": "31/02/2027"}, "expires_on", None),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_made(client, personas, tree, data, field, message):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("api_tokens:unit", args=[tree.commune.pk]), {"unit": tree.commune.pk, **data}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert errors[field][0] == message
    assert SECRET.search(response.content.decode()) is None
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_stops_the_token_and_is_audited(client, personas, tree):
    token, secret = api_token_create(actor=SYSTEM, unit=tree.hamlet, label="Bảng tin Ấp Mỹ Hòa")
    client.force_login(personas["admin"])
    url = reverse("api_tokens:revoke", args=[token.pk])
    ask = client.get(url + f"?back={tree.commune.pk}").content.decode()
    assert "Thu hồi mã “Bảng tin Ấp Mỹ Hòa”?" in ask and "Không thể hoàn tác" in ask
    token.refresh_from_db()
    assert token.revoked_at is None  # asking changed nothing
    response = client.post(url, {"back": tree.commune.pk})
    assert response["Location"] == reverse("api_tokens:unit", args=[tree.commune.pk])
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    entry = AuditEntry.objects.filter(model="api.apitoken", object_id=str(token.pk)).order_by("-id").first()
    assert entry.actor_id == personas["admin"].pk
    again = client.post(url, {"back": tree.commune.pk}, follow=True)
    assert "Mã này đã bị thu hồi." in again.content.decode()


def test_a_back_link_outside_the_admins_units_falls_back_to_the_tokens_unit(
    client, personas, tree, hamlet_token
):
    client.force_login(personas["admin"])
    response = client.post(reverse("api_tokens:revoke", args=[hamlet_token.pk]), {"back": tree.province.pk})
    assert response["Location"] == reverse("api_tokens:unit", args=[tree.hamlet.pk])
