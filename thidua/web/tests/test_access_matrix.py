"""Every foundation URL for every role: the answer each one must get.

Codes: 200 shown, 302 sent to the login page, 403 forbidden, 404 hidden.
"""

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.people.services import person_create

ROLES = ["anonymous", "outsider", "admin", "officer", "leader", "council", "representative", "viewer"]


def _row(*codes):
    return dict(zip(ROLES, codes, strict=True))


#                 anon outsider admin officer leader council repr viewer
MATRIX = [
    ("web:home", None, _row(200, 200, 200, 200, 200, 200, 200, 200)),  # anonymous: the public portal
    ("units:list", None, _row(302, 200, 200, 200, 200, 200, 200, 200)),
    ("units:detail", "commune", _row(302, 404, 200, 200, 200, 200, 404, 200)),
    ("units:detail", "hamlet", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    ("units:new", "commune", _row(302, 404, 200, 200, 403, 403, 404, 403)),
    ("units:edit", "hamlet", _row(302, 404, 200, 200, 403, 403, 403, 403)),
    ("people:list", None, _row(302, 200, 200, 200, 200, 200, 200, 200)),
    ("people:detail", "person", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    ("people:edit", "person", _row(302, 404, 200, 200, 403, 403, 403, 403)),
    ("people:new", None, _row(302, 200, 200, 200, 404, 404, 404, 404)),
    ("people:import", None, _row(302, 200, 200, 200, 404, 404, 404, 404)),
    ("people:import_template", None, _row(302, 200, 200, 200, 404, 404, 404, 404)),
    ("audit:list", None, _row(302, 200, 200, 200, 200, 404, 404, 404)),
]


@pytest.fixture
def objects(tree):
    person = person_create(actor=SYSTEM, full_name="Trần Văn Sơn", gender="male", unit=tree.hamlet)
    return {"commune": tree.commune, "hamlet": tree.hamlet, "person": person}


@pytest.mark.parametrize("name,target,expected", MATRIX, ids=[f"{m[0]}:{m[1]}" for m in MATRIX])
def test_every_role_gets_the_expected_answer(client, personas, objects, name, target, expected):
    url = reverse(name, args=[objects[target].pk] if target else [])
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(personas[role])
        response = client.get(url)
        assert response.status_code == expected[role], f"{role} on {url}: {response.status_code}"
        if expected[role] == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


def test_audit_of_a_unit_is_forbidden_to_a_council_member(client, personas, tree):
    client.force_login(personas["council"])
    assert client.get(reverse("audit:list") + f"?unit={tree.commune.pk}").status_code == 403


def test_outsider_cannot_list_people_of_another_commune(client, personas, tree):
    client.force_login(personas["outsider"])
    assert client.get(reverse("people:list") + f"?unit={tree.commune.pk}").status_code == 404


@pytest.mark.django_db
def test_health_check_and_trivial_view_need_no_login(client):
    assert client.get(reverse("web:healthz")).status_code == 200
    assert client.get(reverse("web:ping")).content == b"ok"


def test_forbidden_and_unknown_pages_speak_vietnamese(client, personas, tree):
    client.force_login(personas["viewer"])
    response = client.get(reverse("units:new", args=[tree.commune.pk]))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_posting_without_a_csrf_token_is_refused(personas, tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["officer"])
    response = client.post(reverse("units:new", args=[tree.commune.pk]), {"name": "Ấp Mới", "kind": "hamlet"})
    assert response.status_code == 403


def test_lists_are_scoped_to_the_subtrees_of_a_users_grants(personas, tree):
    from thidua import access
    from thidua.units.models import Unit

    names = set(access.visible_units(personas["representative"]).values_list("name", flat=True))
    assert names == {"Ấp Mỹ Hòa"}
    with_above = access.filter_visible(
        personas["representative"], Unit.objects.all(), field="", include_ancestors=True
    )
    assert set(with_above.values_list("name", flat=True)) == {"Ấp Mỹ Hòa", "Xã Mỹ Thạnh", "Tỉnh Thử Nghiệm"}
    assert "Xã Khác" not in set(access.visible_units(personas["officer"]).values_list("name", flat=True))
