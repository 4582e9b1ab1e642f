"""An annulled award stays in the API's lists and the yearly export, marked so (a national database
must learn of an annulment, not lose the award silently); figures are exact decimal text and money
whole đồng, both ways."""

import datetime as dt
import json

import pytest

from thidua.api.schemas import AwardsExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def annulled(awards):
    award = awards["dung"]
    award.annulled, award.annulled_on = True, dt.date(2026, 3, 2)
    award.annul_decision, award.annul_reason = "20/QĐ-UBND", "Khai man thành tích của Đặng Thị Dung"
    award.save()
    return award


def test_an_annulled_award_stays_in_the_list_with_its_annulment(call, tokens, annulled):
    response = call("awards", tokens["commune"])
    (row,) = response.json()["items"]
    assert row["id"] == annulled.pk
    assert row["state"] == "annulled"
    assert row["annulled_on"] == "2026-03-02" and row["annul_decision"] == "20/QĐ-UBND"
    # The reason is for the staff and leaders (the data map), never for another system.
    assert "Khai man" not in response.content.decode()


def test_awards_are_filtered_by_state(call, tokens, awards, annulled):
    def ids(state):
        return [r["id"] for r in call("awards", tokens["province"], data={"state": state}).json()["items"]]

    assert ids("annulled") == [annulled.pk]
    assert ids("in_force") == [awards["xa"].pk]
    every = call("awards", tokens["province"]).json()["items"]
    assert sorted(r["id"] for r in every) == sorted([annulled.pk, awards["xa"].pk])


def test_an_unknown_state_is_refused_in_vietnamese(call, tokens, awards):
    response = call("awards", tokens["commune"], data={"state": "huy"})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "state" and body["detail"].startswith("“state”")
    assert "in_force" in body["detail"] and "annulled" in body["detail"]


def test_the_export_lists_an_annulled_award_with_its_state(call, tokens, awards, annulled):
    response = call("awards/export", tokens["province"], data={"year": 2025})
    document = response.json()
    AwardsExport.model_validate(document)
    assert document["format"] == "thidua-awards-export/2"
    states = {
        a["recipient"]["name"]: (a["state"], a["annulled_on"], a["annul_decision"])
        for a in document["awards"]
    }
    assert states == {
        "Đặng Thị Dung": ("annulled", "2026-03-02", "20/QĐ-UBND"),
        "Trần Văn Xa": ("in_force", None, ""),
    }
    assert document["count"] == 2 and "Khai man" not in response.content.decode()


def test_the_export_schema_documents_the_state():
    from thidua.api.tests.test_schema_and_docs import SCHEMA_FILE

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    award = schema["$defs"]["ExportAward"]["properties"]
    assert award["state"]["enum"] == ["in_force", "annulled"]
    assert {"annulled_on", "annul_decision"} <= set(award)
    assert "annul_reason" not in award


# --- numbers ------------------------------------------------------------------------------------


@pytest.fixture
def q1(movement):
    return movement.periods.get(name="Quý 1/2026")


@pytest.mark.parametrize("sent", [2.6, "2.6", "2.60"])
def test_a_figure_posted_is_read_back_exactly(call, tokens, targets, q1, sent):
    target = targets["hamlet_income"]
    posted = call(
        "figures",
        tokens["hamlet"],
        method="post",
        data={"figures": [{"target": target.pk, "period": q1.pk, "value": sent}]},
    )
    assert posted.status_code == 200, posted.content
    assert posted.json()["figures"][0]["value"] == "2.60"
    (row,) = call("figures", tokens["hamlet"], data={"target": target.pk}).json()["items"]
    assert row["value"] == "2.60"
    (standing,) = [t for t in call("targets", tokens["hamlet"]).json()["items"] if t["id"] == target.pk]
    assert standing["latest_value"] == "2.60" and standing["value"] == "50.00"


def test_a_figure_with_a_decimal_comma_is_refused_and_not_saved(call, tokens, targets, q1):
    target = targets["hamlet_income"]
    response = call(
        "figures",
        tokens["hamlet"],
        method="post",
        data={"figures": [{"target": target.pk, "period": q1.pk, "value": "2,6"}]},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "decimal_comma" and "2.5 thay cho 2,5" in response.json()["detail"]
    assert call("figures", tokens["hamlet"]).json()["items"] == []


def test_a_large_figure_keeps_every_digit_and_cent(call, tokens, targets, q1):
    """Fifteen significant digits: what both databases keep exactly (SQLite as a double)."""
    target = targets["hamlet_income"]
    value = "1234567890123.45"
    response = call(
        "figures",
        tokens["hamlet"],
        method="post",
        data={"figures": [{"target": target.pk, "period": q1.pk, "value": value}]},
    )
    assert response.status_code == 200, response.content
    assert call("figures", tokens["hamlet"]).json()["items"][0]["value"] == value


def test_the_openapi_document_says_figures_are_decimal_text_and_money_whole_dong(client):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    value = schemas["Figure"]["properties"]["value"]
    assert (value["type"], value["format"]) == ("string", "decimal")
    assert value["examples"] == ["2.60", "1250.00"]
    assert schemas["Target"]["properties"]["latest_value"]["anyOf"][0]["format"] == "decimal"
    assert schemas["Decision"]["properties"]["total_amount"]["type"] == "integer"


def test_money_is_an_integer_of_dong(call, tokens, awards):
    (row,) = call("decisions", tokens["commune"]).json()["items"]
    assert row["total_amount"] == 500_000 and isinstance(row["total_amount"], int)
