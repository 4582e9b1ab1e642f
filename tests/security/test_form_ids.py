"""Ids a form accepts: a hamlet head who names a person, a household or a collective of another hamlet
(by a crafted POST, the picker's search or a direct service call) is refused, sees no name of it, and
nothing is saved. Every choice is built from what the user may see, and every service checks it again."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import services as commendations
from thidua.commendations.models import AwardType, Nomination
from thidua.examples import services as examples
from thidua.examples.models import Adoption, Example
from thidua.lib.errors import ServiceError
from thidua.movements import services as movements
from thidua.movements.models import Commitment
from thidua.people.models import Gender
from thidua.people.services import household_create, person_create

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def village(tree):
    """Hamlet A (the representative's) and hamlet B, each with a household and its head; one
    person registered at the commune itself."""
    mine = person_create(actor=SYSTEM, full_name="Trần Văn Mình", gender=Gender.MALE, unit=tree.hamlet)
    stranger = person_create(
        actor=SYSTEM, full_name="Lê Thị Láng Giềng", gender=Gender.FEMALE, unit=tree.hamlet2
    )
    official = person_create(actor=SYSTEM, full_name="Phạm Văn Xã", gender=Gender.MALE, unit=tree.commune)
    return type(
        "Village",
        (),
        {
            "mine": mine,
            "stranger": stranger,
            "official": official,
            "my_household": household_create(actor=SYSTEM, head=mine, hamlet=tree.hamlet),
            "their_household": household_create(actor=SYSTEM, head=stranger, hamlet=tree.hamlet2),
        },
    )


def _award(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def _nomination_post(client, **data):
    base = {"unit": data.pop("unit"), "year": YEAR, "achievement": "Thành tích tốt"}
    return client.post(reverse("commendations:new"), {**base, **data})


# --- Nominations ------------------------------------------------------------------------------


def test_hamlet_head_cannot_nominate_a_person_household_or_collective_of_another_hamlet(
    client, personas, tree, village
):
    client.force_login(personas["representative"])
    attempts = [
        {"award_type": _award("ldtt").pk, "person": village.stranger.pk},
        {"award_type": _award("ldtt").pk, "person": village.official.pk},
        {"award_type": _award("gk-ho").pk, "household": village.their_household.pk},
        {"award_type": _award("ttldtt").pk, "collective": tree.farmers.pk},
        {"award_type": _award("ttldtt").pk, "collective": tree.hamlet2.pk},
    ]
    for attempt in attempts:
        response = _nomination_post(client, unit=tree.hamlet.pk, **attempt)
        assert response.status_code in (200, 404), attempt
        body = response.content.decode()
        assert "Lê Thị Láng Giềng" not in body and "Phạm Văn Xã" not in body, attempt
    assert not Nomination.objects.exists()
    # Their own hamlet's person, household and the hamlet itself are accepted.
    for attempt in [
        {"award_type": _award("ldtt").pk, "person": village.mine.pk},
        {"award_type": _award("gk-ho").pk, "household": village.my_household.pk},
        {"award_type": _award("ttldtt").pk, "collective": tree.hamlet.pk},
    ]:
        assert _nomination_post(client, unit=tree.hamlet.pk, **attempt).status_code == 302, attempt
    assert Nomination.objects.count() == 3


def test_the_nomination_form_lists_no_household_or_collective_of_another_hamlet(
    client, personas, tree, village
):
    client.force_login(personas["representative"])
    body = client.get(reverse("commendations:new")).content.decode()
    assert "Trần Văn Mình" in body  # their own household
    for hidden in ("Lê Thị Láng Giềng", "Phạm Văn Xã", tree.hamlet2.name, tree.farmers.name):
        assert hidden not in body, hidden


def test_the_commune_officer_still_sees_the_whole_commune_on_the_form(client, personas, tree, village):
    client.force_login(personas["officer"])
    body = client.get(reverse("commendations:new")).content.decode()
    for shown in ("Lê Thị Láng Giềng", tree.hamlet2.name, tree.farmers.name):
        assert shown in body, shown


def test_the_nomination_service_refuses_a_recipient_the_actor_may_not_see(personas, tree, village):
    rep = personas["representative"]
    base = {"actor": rep, "unit": tree.hamlet, "year": YEAR, "achievement": "Thành tích tốt"}
    for extra in [
        {"award_type": _award("ldtt"), "person": village.stranger},
        {"award_type": _award("ldtt"), "person": village.official},
        {"award_type": _award("gk-ho"), "household": village.their_household},
        {"award_type": _award("ttldtt"), "collective": tree.farmers},
    ]:
        with pytest.raises((Http404, ServiceError)):
            commendations.nomination_create(**base, **extra)
    assert not Nomination.objects.exists()


def test_the_person_picker_finds_nobody_of_another_hamlet(client, personas, village):
    client.force_login(personas["representative"])
    url = reverse("people:pick")
    assert "Lê Thị Láng Giềng" not in client.get(url, {"person__q": "lang gieng"}).content.decode()
    assert "Phạm Văn Xã" not in client.get(url, {"q": "pham van xa"}).content.decode()
    assert "Trần Văn Mình" in client.get(url, {"person__q": "tran van minh"}).content.decode()
    assert client.get(reverse("people:detail", args=[village.stranger.pk])).status_code == 404


# --- Good examples ----------------------------------------------------------------------------


def test_hamlet_head_cannot_propose_an_example_of_someone_they_may_not_see(client, personas, tree, village):
    client.force_login(personas["representative"])
    base = {"unit": tree.hamlet.pk, "kind": "good_deed", "title": "Việc tốt", "story": "Giúp người nghèo"}
    for attempt in [
        {"person": village.stranger.pk},
        {"person": village.official.pk},
        {"collective": tree.farmers.pk},
        {"collective": tree.hamlet2.pk},
    ]:
        response = client.post(reverse("examples:create"), {**base, **attempt})
        assert response.status_code in (200, 404), attempt
        assert "Lê Thị Láng Giềng" not in response.content.decode()
    assert not Example.objects.exists()
    body = client.get(reverse("examples:create")).content.decode()
    for hidden in ("Lê Thị Láng Giềng", "Phạm Văn Xã", tree.hamlet2.name, tree.farmers.name):
        assert hidden not in body, hidden


def test_the_example_service_refuses_a_person_or_collective_the_actor_may_not_see(personas, tree, village):
    rep = personas["representative"]
    base = {"actor": rep, "unit": tree.hamlet, "kind": "good_deed", "title": "Việc tốt", "story": "Giúp đỡ"}
    # A person of the commune itself lies "above" the hamlet but is hidden from its head.
    for extra in [{"person": village.official}, {"person": village.stranger}, {"collective": tree.farmers}]:
        with pytest.raises((Http404, ServiceError)):
            examples.example_propose(**base, **extra)
    assert not Example.objects.exists()


def test_an_adoption_names_only_a_unit_the_reviewer_may_see(client, personas, tree):
    example = examples.example_propose(
        actor=SYSTEM, unit=tree.hamlet, kind="good_deed", title="Việc tốt", story="Giúp đỡ"
    )
    examples.example_verify(actor=SYSTEM, example=example)
    examples.example_publish(actor=SYSTEM, example=example)
    client.force_login(personas["officer"])
    response = client.post(
        reverse("examples:adopt", args=[example.pk]),
        {"unit": tree.other_hamlet.pk, "adopted_on": "2025-05-01"},
    )
    # refused: the form is shown again with what was typed, or the unit is not found
    assert response.status_code in (200, 404)
    assert tree.other_hamlet.name not in response.content.decode()
    with pytest.raises((Http404, ServiceError)):
        examples.example_adopt(
            actor=personas["officer"], example=example, unit=tree.other_hamlet, adopted_on=dt.date(2025, 5, 1)
        )
    assert not Adoption.objects.exists()


# --- Registration (đăng ký thi đua) -----------------------------------------------------------


@pytest.fixture
def movement(tree, personas):
    m = movements.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Thi đua năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        plan_number="05/KH-UBND",
        plan_date=dt.date(2026, 1, 10),
    )
    movements.movement_launch(actor=personas["leader"], movement=m)
    movements.movement_start(actor=personas["officer"], movement=m)
    m.refresh_from_db()
    return m


def test_hamlet_head_cannot_register_for_another_hamlet(client, personas, tree, movement):
    client.force_login(personas["representative"])
    url = reverse("movements:commit", args=[movement.pk])
    body = client.get(url, {"unit": tree.hamlet2.pk}).content.decode()
    assert tree.hamlet2.name not in body and tree.farmers.name not in body
    data = {
        "year": 2026,
        "titles": "Ấp văn hóa",
        "note": "",
        "pledges-TOTAL_FORMS": 0,
        "pledges-INITIAL_FORMS": 0,
    }
    for unit in (tree.hamlet2, tree.farmers, tree.other_hamlet):
        response = client.post(url, {**data, "unit": unit.pk})
        assert response.status_code in (200, 404), unit
    assert not Commitment.objects.exists()
    with pytest.raises(Http404):
        movements.commitment_save(
            actor=personas["representative"],
            movement=movement,
            unit=tree.hamlet2,
            year=2026,
            titles="Ấp văn hóa",
        )
    assert not Commitment.objects.exists()


def test_targets_duties_and_covenants_name_only_units_of_the_movement(client, personas, tree, movement):
    client.force_login(personas["officer"])
    stranger = tree.other_hamlet.pk
    posts = {
        reverse("movements:target_new", args=[movement.pk]): {"unit": stranger, "year": 2026, "value": "5"},
        reverse("movements:duties", args=[movement.pk]): {"unit": stranger, "text": "Dọn vệ sinh"},
        reverse("movements:covenants", args=[movement.pk]): {
            "name": "Giao ước",
            "units": [tree.hamlet.pk, stranger],
        },
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert tree.other_hamlet.name not in response.content.decode(), url
    assert not movement.targets.exists() and not movement.duties.exists()
    assert not movement.covenants.exists()
