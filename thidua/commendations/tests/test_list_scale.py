"""The nominations list asks the database a fixed number of times however many units and
nominations the user sees, and the units one may nominate for are read in SQL, not unit by unit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua import access
from thidua.access import SYSTEM, Action
from thidua.accounts.models import Role
from thidua.commendations import selectors
from thidua.commendations.models import AwardType, Nomination, NominationState
from thidua.units.models import Unit, UnitKind
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db


def _grow(tree, n: int) -> None:
    """n more communes with a hamlet and a council, and nominations of each state in each."""
    award_type = AwardType.objects.get(code="ldtt")
    for i in range(n):
        commune = unit_create(
            actor=SYSTEM, name=f"Xã Đông Hòa {i}", kind=UnitKind.COMMUNE, parent=tree.province
        )
        hamlet = unit_create(actor=SYSTEM, name=f"Ấp Đông {i}", kind=UnitKind.HAMLET, parent=commune)
        unit_create(actor=SYSTEM, name=f"Hội đồng {i}", kind=UnitKind.COUNCIL, parent=commune)
        for state in NominationState.values:
            Nomination.objects.create(
                commune=commune,
                unit=hamlet,
                award_type=award_type,
                year=2026,
                recipient_kind="collective",
                collective=hamlet,
                recipient_name=hamlet.name,
                achievement="Thành tích",
                state=state,
            )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_queries_with_more_communes(client, tree, make_user):
    users = {
        "province": make_user("tinh", Role.OFFICER, tree.province),
        "commune": make_user("xa", Role.OFFICER, tree.commune),
    }
    urls = [reverse("commendations:list"), reverse("commendations:list") + "?state=submitted&year=2026"]

    def counts():
        result = {}
        for who, user in users.items():
            client.force_login(user)
            for url in urls:
                result[(who, url)] = _queries(client, url)
        return result

    _grow(tree, 1)
    before = counts()
    _grow(tree, 8)
    assert counts() == before


@pytest.mark.parametrize("role", list(Role))
def test_the_units_one_may_nominate_for_are_those_can_allows(tree, make_user, role):
    unit_create(actor=SYSTEM, name="Hội đồng xã", kind=UnitKind.COUNCIL, parent=tree.commune)
    for unit in (tree.province, tree.commune, tree.hamlet):
        user = make_user(f"u-{role}-{unit.pk}", role, unit)
        expected = {
            u.pk
            for u in Unit.objects.exclude(kind__in=["council", "province", "district", "nation"])
            if access.can(user, Action.NOMINATE, u)
        }
        assert set(selectors.nominate_units(user).values_list("pk", flat=True)) == expected, (role, unit)


def test_nobody_without_a_grant_may_nominate(make_user, tree):
    assert not selectors.nominate_units(make_user("khach")).exists()


def test_each_row_shows_its_state_in_words(client, tree, make_user):
    _grow(tree, 1)
    client.force_login(make_user("tinh", Role.OFFICER, tree.province))
    page = client.get(reverse("commendations:list")).content.decode()
    for state in (NominationState.RETURNED, NominationState.SUBMITTED, NominationState.SUSPENDED):
        assert f">{state.label}</span>" in page, state
