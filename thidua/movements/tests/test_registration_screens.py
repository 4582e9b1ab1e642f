"""Registration screens: one unit picker, a form pre-filled with the assigned targets, the targets
page listing what was assigned, and no form for a unit whose registration is approved."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from thidua.access import SYSTEM
from thidua.movements import services
from thidua.units.models import UnitKind
from thidua.units.services import unit_create


def test_the_officer_picks_the_unit_from_one_list_without_the_council(client, movement, tree, personas):
    unit_create(actor=SYSTEM, name="Hội đồng TĐKT xã", kind=UnitKind.COUNCIL, parent=tree.commune)
    client.force_login(personas["officer"])
    page = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    assert "Đăng ký thi đua – " not in page
    assert 'id="commit-unit"' in page
    picker = page.split('id="commit-unit"', 1)[1].split("</select>", 1)[0]
    assert "Ấp Mỹ Hòa" in picker and "Ấp Thạnh Lợi" in picker and "Hội đồng TĐKT" not in picker


def test_the_form_is_prefilled_with_the_targets_assigned_to_the_unit(
    client, movement, targets, tree, personas
):
    client.force_login(personas["representative"])
    response = client.get(reverse("movements:commit", args=[movement.pk]) + f"?unit={tree.hamlet.pk}")
    pledges = response.context["pledges"]
    assigned = {(f.initial["indicator"], f.initial["value"]) for f in pledges if f.initial}
    income, poor = targets["hamlet_income"], targets["hamlet_poor"]
    assert assigned == {(income.indicator, income.value), (poor.indicator, poor.value)}


def test_the_targets_page_lists_what_has_been_assigned(client, movement, targets, personas):
    client.force_login(personas["officer"])
    page = client.get(reverse("movements:target_new", args=[movement.pk])).content.decode()
    listed = page.split('id="assigned-targets"', 1)[1]
    assert "Ấp Mỹ Hòa" in listed and "Ấp Thạnh Lợi" in listed and "Thu nhập bình quân" in listed


def test_a_unit_whose_registration_is_approved_is_not_offered_the_form(
    client, movement, indicators, tree, personas
):
    commitment = services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        pledges=[(indicators["income"], Decimal(55), dt.date(2026, 12, 31))],
        submit=True,
    )
    services.commitment_approve(actor=personas["officer"], commitment=commitment)
    client.force_login(personas["representative"])
    page = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    assert reverse("movements:commit", args=[movement.pk]) not in page
    response = client.get(
        reverse("movements:commit", args=[movement.pk]) + f"?unit={tree.hamlet.pk}&year=2026"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("movements:commitment", args=[commitment.pk])
