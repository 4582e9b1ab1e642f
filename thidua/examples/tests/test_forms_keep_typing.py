"""A refused form on an example's page comes back opened, with what the officer typed in it."""

import pytest
from django.urls import reverse

from thidua.examples.models import Adoption
from thidua.examples.tests.test_services import propose, published

pytestmark = pytest.mark.django_db


def test_a_refused_adoption_keeps_its_note(client, tree, personas):
    example = published(tree, collective=tree.hamlet)
    client.force_login(personas["officer"])
    note = "Ấp Thạnh Lợi học cách làm hàng rào hoa"
    response = client.post(
        reverse("examples:adopt", args=[example.pk]),
        {"unit": tree.hamlet2.pk, "adopted_on": "", "note": note},
    )
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200 and note in page
    assert "<details open> <summary>Ghi nhận đơn vị nhân rộng</summary>" in page
    assert not Adoption.objects.exists()


def test_a_refused_rejection_comes_back_open_asking_for_the_reason(client, tree, personas):
    example = propose(tree)
    client.force_login(personas["officer"])
    response = client.post(reverse("examples:reject", args=[example.pk]), {"reason": ""})
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200 and "Nhập lý do không công nhận." in page
    assert "<details open> <summary>Không công nhận</summary>" in page
