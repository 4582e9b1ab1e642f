"""A commune's users do not see a sibling commune's results on a province movement.

A province movement is implemented by two communes, both with figures: on the province's own
targets (one per commune) and on each commune's plan. Every role of commune A reads the movement's
page and its Excel export and finds nothing of commune B — neither its name nor its figures — in the
ranking, the details, the overdue list or the "Cấp dưới" section and sheet; the movement's totals
stay. A province officer sees both communes, and once the province publishes the results, so does
everyone taking part.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.audit.models import AuditEntry
from thidua.movements import services
from thidua.movements.models import Direction, PeriodKind

COMMUNE_A_ROLES = ["admin", "officer", "leader", "council", "representative", "viewer"]
# What only commune B's rows carry: its name, its hamlet's name, its reported figures.
B_TEXTS = ["Xã Khác", "Ấp Xa", "17,3", "12,9"]
B_VALUES = {"Xã Khác", "Ấp Xa", 17.3, 12.9}


@pytest.fixture
def setup(tree, personas, make_user):
    province_officer = make_user("province_officer", Role.OFFICER, tree.province)
    province_leader = make_user("province_leader", Role.LEADER, tree.province)
    other_leader = make_user("other_leader", Role.LEADER, tree.other)
    movement = services.movement_create(
        actor=province_leader,
        unit=tree.province,
        name="Thi đua tỉnh 2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        cadence="yearly",
    )
    services.movement_launch(actor=province_leader, movement=movement)
    indicator = services.indicator_create(
        actor=SYSTEM, name="Thu nhập bình quân", measure="triệu đồng", direction=Direction.REACH
    )
    period = movement.periods.get(kind=PeriodKind.YEAR)

    def figure(plan, unit, value: str) -> None:
        target = services.target_set(
            actor=SYSTEM, movement=plan, unit=unit, year=2025, indicator=indicator, value=Decimal(50)
        )
        services.progress_report(
            actor=SYSTEM, target=target, period=plan.periods.get(kind=PeriodKind.YEAR), value=Decimal(value)
        )

    figure(movement, tree.commune, "36.5")  # commune A: 73 %
    figure(movement, tree.other, "17.3")  # commune B: 35 %
    plan_a = services.movement_implement(
        actor=personas["officer"], parent_movement=movement, unit=tree.commune
    )
    services.movement_launch(actor=personas["leader"], movement=plan_a)
    figure(plan_a, tree.hamlet, "44")  # 88 %
    plan_b = services.movement_implement(
        actor=personas["outsider"], parent_movement=movement, unit=tree.other
    )
    services.movement_launch(actor=other_leader, movement=plan_b)
    figure(plan_b, tree.other_hamlet, "12.9")  # 26 %
    assert period.due < dt.date.today()  # both communes' plans are overdue too: rows per unit
    movement.refresh_from_db()
    return {"movement": movement, "province_officer": province_officer}


def _page(client, user, movement) -> str:
    client.force_login(user)
    response = client.get(reverse("movements:detail", args=[movement.pk]), {"year": 2025})
    assert response.status_code == 200
    return response.content.decode()


def _export(client, user, movement) -> tuple[set, set[str]]:
    client.force_login(user)
    response = client.get(reverse("movements:export", args=[movement.pk]), {"year": 2025})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    values = {cell for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row}
    return values - {None}, set(wb.sheetnames)


def _children_section(body: str) -> str:
    start = body.index('id="children"')
    return body[start : body.index("</table>", start)]


@pytest.mark.parametrize("role", COMMUNE_A_ROLES)
def test_commune_roles_see_nothing_of_the_sibling_commune(client, personas, setup, role):
    movement = setup["movement"]
    body = _page(client, personas[role], movement)
    for text in B_TEXTS:
        assert text not in body, f"{role} sees {text!r} on the page"
    values, _sheets = _export(client, personas[role], movement)
    leaked = {v for v in values if v in B_VALUES or (isinstance(v, str) and "Xã Khác" in v)}
    assert leaked == set(), f"{role} sees {leaked} in the export"
    # The movement's totals stay: the overall figure of both communes, (73 + 34,6) / 2.
    assert 'id="overall">54%' in body


@pytest.mark.parametrize("role", ["admin", "officer", "leader", "viewer"])
def test_commune_roles_still_see_their_own_commune(client, personas, setup, role):
    movement = setup["movement"]
    body = _page(client, personas[role], movement)
    assert "36,5" in body and "73%" in body
    assert "Xã Mỹ Thạnh" in _children_section(body)
    values, sheets = _export(client, personas[role], movement)
    assert 36.5 in values and "Xã Mỹ Thạnh" in values and "Cấp dưới" in sheets


def test_a_hamlet_head_sees_only_their_hamlet_rows(client, personas, setup):
    body = _page(client, personas["representative"], setup["movement"])
    assert "36,5" not in body  # commune A's own row on the province's targets is not the hamlet's


def test_a_province_officer_sees_both_communes(client, setup):
    movement, officer = setup["movement"], setup["province_officer"]
    body = _page(client, officer, movement)
    for text in ["Xã Mỹ Thạnh", "36,5", "Xã Khác", "17,3"]:
        assert text in body
    children = _children_section(body)
    assert "Xã Mỹ Thạnh" in children and "Xã Khác" in children
    values, sheets = _export(client, officer, movement)
    assert {"Xã Khác", 17.3, "Xã Mỹ Thạnh", 36.5} <= values and "Cấp dưới" in sheets


def test_after_the_province_publishes_commune_roles_see_both(client, personas, setup):
    movement, officer = setup["movement"], setup["province_officer"]
    client.force_login(officer)
    response = client.post(reverse("movements:results_public", args=[movement.pk]), {"public": "on"})
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.results_public
    assert AuditEntry.objects.filter(object_id=str(movement.pk), after__results_public=True).exists()
    for role in COMMUNE_A_ROLES:
        body = _page(client, personas[role], movement)
        assert "Xã Khác" in body and "17,3" in body, role
        values, _sheets = _export(client, personas[role], movement)
        assert "Xã Khác" in values and 17.3 in values, role


@pytest.mark.parametrize("role", COMMUNE_A_ROLES)
def test_commune_roles_cannot_publish_the_province_results(client, personas, setup, role):
    movement = setup["movement"]
    client.force_login(personas[role])
    response = client.post(reverse("movements:results_public", args=[movement.pk]), {"public": "on"})
    assert response.status_code == 403
    with pytest.raises((PermissionDenied, Http404)):  # the province's unit is not theirs
        services.movement_results_publish(actor=personas[role], movement=movement, public=True)
    movement.refresh_from_db()
    assert not movement.results_public
