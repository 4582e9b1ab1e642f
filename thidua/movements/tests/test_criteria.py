import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from thidua.lib.errors import ServiceError
from thidua.movements import services
from thidua.movements.criteria import DATA
from thidua.movements.models import CriteriaSet


def test_shipped_sets_load_with_19_and_10_criteria(db):
    call_command("load_criteria")
    assert CriteriaSet.objects.get(code="NTM-318-2022").criteria.count() == 19
    assert CriteriaSet.objects.get(code="NTM-51-2025").criteria.count() == 10
    call_command("load_criteria")  # loading twice updates, never duplicates
    assert CriteriaSet.objects.get(code="NTM-318-2022").criteria.count() == 19
    names = list(CriteriaSet.objects.get(code="NTM-318-2022").criteria.values_list("name", flat=True))
    assert names[0] == "Quy hoạch" and names[-1] == "Quốc phòng và An ninh"


def test_shipped_json_is_well_formed():
    for path in DATA.glob("ntm_*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        numbers = [c["number"] for c in data["criteria"]]
        assert numbers == list(range(1, len(numbers) + 1))


@pytest.fixture
def ntm_movement(movement, personas):
    call_command("load_criteria")
    services.movement_update(
        actor=personas["officer"],
        movement=movement,
        criteria_set=CriteriaSet.objects.get(code="NTM-318-2022"),
    )
    return movement


def test_met_needs_evidence_and_the_page_shows_x_of_19(client, personas, ntm_movement, tree):
    criteria = list(ntm_movement.criteria_set.criteria.all())
    with pytest.raises(ServiceError, match="minh chứng"):
        services.criterion_record(
            actor=personas["officer"],
            movement=ntm_movement,
            unit=tree.commune,
            criterion=criteria[0],
            met=True,
        )
    for criterion in criteria[:15]:
        services.criterion_record(
            actor=personas["officer"],
            movement=ntm_movement,
            unit=tree.commune,
            criterion=criterion,
            met=True,
            evidence="Biên bản thẩm định 2025",
        )
    client.force_login(personas["viewer"])
    html = client.get(reverse("movements:detail", args=[ntm_movement.pk])).content.decode()
    assert "đạt 15/19 tiêu chí" in html


def test_criteria_page_matrix_and_all_or_nothing(client, personas, ntm_movement, tree):
    url = reverse("movements:criteria", args=[ntm_movement.pk])
    for who, code in {"officer": 200, "viewer": 403, "representative": 403, "outsider": 404}.items():
        client.logout()
        client.force_login(personas[who])
        assert client.get(url).status_code == code, who
    client.force_login(personas["officer"])
    first, second = ntm_movement.criteria_set.criteria.all()[:2]
    response = client.post(
        url,
        {
            "unit": tree.commune.pk,
            f"met_{first.pk}": "1",
            f"evidence_{first.pk}": "QĐ 12",
            f"met_{second.pk}": "1",
        },
    )
    assert "cần có minh chứng" in response.content.decode()
    assert not ntm_movement.criterion_results.exists()
    response = client.post(
        url, {"unit": tree.commune.pk, f"met_{first.pk}": "1", f"evidence_{first.pk}": "QĐ 12"}
    )
    assert response.status_code == 302
    assert ntm_movement.criterion_results.filter(met=True).count() == 1


def test_shipped_sets_name_every_criterion_and_cite_a_source():
    import json

    from thidua.movements.criteria import DATA

    for path in sorted(DATA.glob("ntm_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        names = [c["name"] for c in data["criteria"]]
        assert all(name and "cần điền" not in name for name in names), path.name
        assert len(set(names)) == len(names), path.name
    assert "http" in json.loads((DATA / "ntm_51_2025.json").read_text(encoding="utf-8"))["note"]
