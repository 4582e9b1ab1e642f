"""Duties (tổ chức thực hiện), covenants (giao ước thi đua) and individual participation screens."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.movements import services
from thidua.movements.models import Covenant, Duty, DutyStatus, Participation
from thidua.people.services import person_create

from .test_views import client_for, expect, status

EVERYONE_SEES = {
    "admin": 200,
    "officer": 200,
    "leader": 200,
    "council": 200,
    "viewer": 200,
    "representative": 200,
    "outsider": 404,
}


@pytest.fixture
def duties(movement, tree, personas):
    officer = personas["officer"]
    return {
        "radio": services.duty_add(
            actor=officer,
            movement=movement,
            unit=tree.hamlet,
            text="Tuyên truyền trên loa ấp",
            due_date=dt.date(2026, 3, 1),
        ),
        "front": services.duty_add(
            actor=officer, movement=movement, unit=tree.hamlet2, text="Vận động hội viên"
        ),
    }


def test_duties_page_matrix_and_late_badge(client, personas, movement, duties):
    url = reverse("movements:duties", args=[movement.pk])
    expect(client, personas, url, EVERYONE_SEES)
    client_for(client, personas["officer"])
    response = client.get(url)
    assert "Tuyên truyền trên loa ấp" in response.content.decode()
    assert "quá hạn" in response.content.decode()  # 1 March 2026 is behind today and not done


def test_officer_assigns_a_duty_and_others_cannot(client, personas, movement, tree):
    url = reverse("movements:duties", args=[movement.pk])
    data = {"unit": tree.hamlet.pk, "text": "Theo dõi, đề xuất khen thưởng", "due_date": "2026-12-15"}
    for who in ("viewer", "representative", "council"):
        assert status(client, personas, who, url, "post", data) == 403
    assert status(client, personas, "outsider", url, "post", data) == 404
    assert not Duty.objects.exists()
    assert status(client, personas, "officer", url, "post", data) == 302
    duty = Duty.objects.get()
    assert duty.unit == tree.hamlet and duty.due_date == dt.date(2026, 12, 15)
    client.force_login(personas["officer"])
    response = client.post(url, {"unit": tree.hamlet.pk, "text": "", "due_date": "sai"})
    assert response.status_code == 200 and Duty.objects.count() == 1
    assert "errorlist" in response.content.decode()


def test_the_assigned_units_head_marks_progress_but_not_a_neighbours_duty(client, personas, duties):
    own = reverse("movements:duty_status", args=[duties["radio"].pk])
    other = reverse("movements:duty_status", args=[duties["front"].pk])
    assert status(client, personas, "representative", own, "post", {"status": "done"}) == 302
    assert Duty.objects.get(pk=duties["radio"].pk).status == DutyStatus.DONE
    assert status(client, personas, "representative", other, "post", {"status": "done"}) == 403
    assert status(client, personas, "viewer", own, "post", {"status": "doing"}) == 403
    assert status(client, personas, "outsider", own, "post", {"status": "doing"}) == 404
    assert status(client, personas, "officer", other, "post", {"status": "doing"}) == 302
    assert Duty.objects.get(pk=duties["front"].pk).status == DutyStatus.DOING
    assert status(client, personas, "officer", other, "post", {"status": "finished"}) == 302
    assert Duty.objects.get(pk=duties["front"].pk).status == DutyStatus.DOING


def test_covenant_among_units_is_created_and_listed(client, personas, movement, tree):
    url = reverse("movements:covenants", args=[movement.pk])
    expect(client, personas, url, EVERYONE_SEES)
    data = {"name": "Giao ước cụm ấp", "signed_on": "2026-02-01", "units": [tree.hamlet.pk, tree.hamlet2.pk]}
    assert status(client, personas, "viewer", url, "post", data) == 403
    assert status(client, personas, "representative", url, "post", data) == 403
    client_for(client, personas["officer"])
    response = client.post(url, data | {"units": [tree.hamlet.pk]})
    assert response.status_code == 200 and "ít nhất hai đơn vị" in response.content.decode()
    assert not Covenant.objects.exists()
    assert client.post(url, data).status_code == 302
    covenant = Covenant.objects.get()
    assert set(covenant.units.all()) == {tree.hamlet, tree.hamlet2}
    page = client.get(url).content.decode()
    assert "Giao ước cụm ấp" in page and tree.hamlet2.name in page


@pytest.fixture
def villagers(tree):
    return {
        "own": person_create(actor=SYSTEM, full_name="Nguyễn Văn Bảy", gender="male", unit=tree.hamlet),
        "neighbour": person_create(
            actor=SYSTEM, full_name="Trần Thị Bảy", gender="female", unit=tree.hamlet2
        ),
    }


def test_individuals_are_found_without_diacritics_and_added(client, personas, movement, villagers):
    url = reverse("movements:participants", args=[movement.pk])
    expect(client, personas, url, EVERYONE_SEES)
    client_for(client, personas["representative"])
    found = client.get(url, {"q": "bay"}).content.decode()
    assert "Nguyễn Văn Bảy" in found and "Trần Thị Bảy" not in found  # only their own hamlet
    add = reverse("movements:participant_add", args=[movement.pk])
    assert client.post(add, {"person": villagers["own"].pk}).status_code == 302
    # The neighbouring hamlet is outside the hamlet head's view: not found, as everywhere.
    assert client.post(add, {"person": villagers["neighbour"].pk}).status_code == 404
    assert list(Participation.objects.values_list("person__full_name", flat=True)) == ["Nguyễn Văn Bảy"]
    client_for(client, personas["officer"])
    found = client.get(url, {"q": "bay"}).content.decode()
    assert "Trần Thị Bảy" in found and f'name="person" value="{villagers["own"].pk}"' not in found
    assert status(client, personas, "viewer", add, "post", {"person": villagers["own"].pk}) == 403
    assert status(client, personas, "outsider", add, "post", {"person": villagers["own"].pk}) == 404


def test_implementation_pages_have_bounded_query_counts(
    client, personas, movement, tree, django_assert_max_num_queries
):
    officer = personas["officer"]
    for i in range(30):
        services.duty_add(actor=officer, movement=movement, unit=tree.hamlet, text=f"Nhiệm vụ {i}")
        person = person_create(actor=SYSTEM, full_name=f"Người số {i}", gender="male", unit=tree.hamlet)
        services.participation_add(actor=officer, movement=movement, person=person)
    for i in range(10):
        services.covenant_create(
            actor=officer, movement=movement, name=f"Giao ước {i}", units=[tree.hamlet, tree.hamlet2]
        )
    for who in ("officer", "representative"):
        client_for(client, personas[who])
        for name in ("movements:duties", "movements:covenants", "movements:participants"):
            url = reverse(name, args=[movement.pk])
            with django_assert_max_num_queries(25):
                assert client.get(url, {"q": "nguoi"}).status_code == 200
