"""Menus name lists in the plural on an English screen, spell out what they name, and the public
examples name a unit once."""

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.examples import services as examples
from thidua.web import context

pytestmark = pytest.mark.django_db


def test_menu_items_that_name_a_list_are_translated_as_plurals(rf, personas, monkeypatch):
    asked = []

    def pgettext(ctx, message):
        asked.append((ctx, message))
        return f"{message} ({ctx})"

    monkeypatch.setattr(context, "pgettext", pgettext)
    request = rf.get("/")
    request.user = personas["officer"]
    labels = [label for label, _url in context.navigation(request)["nav_items"]]
    for message in ("Phong trào", "Đơn vị", "Cá nhân"):
        assert ("plural", message) in asked and f"{message} (plural)" in labels


def test_the_council_role_is_spelled_out_in_every_menu():
    assert "TĐKT" not in str(Role.COUNCIL.label)
    assert str(Role.COUNCIL.label) == "Thành viên Hội đồng Thi đua – Khen thưởng"


def test_a_collective_that_is_the_unit_itself_is_named_once(client, tree):
    example = examples.example_propose(
        actor=SYSTEM,
        unit=tree.hamlet,
        kind="model",
        title="Tuyến đường hoa kiểu mẫu",
        story="Các hộ cùng góp công trồng hoa.",
        collective=tree.hamlet,
    )
    examples.example_verify(actor=SYSTEM, example=example)
    examples.example_publish(actor=SYSTEM, example=example)
    page = " ".join(client.get(reverse("examples:public_list")).content.decode().split())
    assert "Tuyến đường hoa kiểu mẫu" in page
    assert page.count("Ấp Mỹ Hòa") == 1
    detail = client.get(reverse("examples:public_detail", args=[example.pk])).content.decode()
    assert detail.count("Ấp Mỹ Hòa") == 1
