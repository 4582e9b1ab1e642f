"""The API's reads: tokens, each endpoint, each token's scope, pages, the public certificate check."""

import datetime as dt

import pytest
from django.test import override_settings

from thidua.access import SYSTEM
from thidua.api.models import ApiToken
from thidua.api.services import api_token_revoke
from thidua.movements.models import ProgressReport

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


# --- tokens -----------------------------------------------------------------------------------


def test_no_token_is_refused_with_a_vietnamese_message(call, tokens):
    response = call("units")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Thiếu mã truy cập.")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_scheme_counts_as_no_token(client, tokens):
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Token {tokens['commune']}")
    assert response.status_code == 401
    assert "Thiếu mã truy cập" in response.json()["detail"]


@pytest.mark.parametrize(
    "mangle", [lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"), lambda s: s + "x", str.upper]
)
def test_a_wrong_token_is_refused(call, tokens, mangle):
    response = call("units", mangle(tokens["commune"]))
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập không đúng, đã bị thu hồi hoặc đã hết hạn."


def test_a_revoked_token_is_refused(call, tokens):
    assert call("units", tokens["commune"]).status_code == 200
    token = ApiToken.objects.get(label="Phần mềm của xã Mỹ Thạnh")
    api_token_revoke(actor=SYSTEM, token=token)
    response = call("units", tokens["commune"])
    assert response.status_code == 401
    assert "thu hồi" in response.json()["detail"]


def test_a_token_works_on_its_last_day_and_not_after(call, tokens):
    token = ApiToken.objects.get(label="Phần mềm của xã Mỹ Thạnh")
    ApiToken.objects.filter(pk=token.pk).update(expires_on=dt.date(2026, 12, 1))
    assert call("units", tokens["commune"]).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_on=dt.date(2026, 11, 30))
    assert call("units", tokens["commune"]).status_code == 401


def test_the_secret_is_kept_only_as_a_hash(tokens):
    token = ApiToken.objects.get(label="Phần mềm của xã Mỹ Thạnh")
    assert tokens["commune"] not in token.secret_hash
    assert tokens["commune"].startswith(f"thidua_{token.prefix}_")
    from thidua.audit.models import AuditEntry

    entry = AuditEntry.objects.get(model="api.apitoken", object_id=str(token.pk))
    assert "secret_hash" not in entry.after
    assert tokens["commune"] not in str(entry.after)


def test_a_token_notes_its_last_use(call, tokens):
    call("units", tokens["commune"])
    assert ApiToken.objects.get(label="Phần mềm của xã Mỹ Thạnh").last_used_at is not None


# --- units and people: the scope of each token --------------------------------------------------


def test_a_commune_token_reads_its_commune_and_the_units_below(call, tree, tokens):
    assert set(ids(call("units", tokens["commune"]))) == {
        tree.commune.pk,
        tree.hamlet.pk,
        tree.hamlet2.pk,
        tree.farmers.pk,
    }


def test_a_commune_token_cannot_read_the_province_or_a_sibling_commune(call, tree, tokens):
    for unit in (tree.province, tree.other, tree.other_hamlet):
        response = call(f"units/{unit.pk}", tokens["commune"])
        assert response.status_code == 404
        assert response.json()["detail"] == "Không tìm thấy, hoặc không thuộc các đơn vị của mã truy cập này."
    assert call(f"units/{tree.hamlet.pk}", tokens["commune"]).json()["name"] == "Ấp Mỹ Hòa"


def test_a_province_token_reads_every_commune(call, tree, tokens):
    found = set(ids(call("units", tokens["province"], data={"limit": 200})))
    assert {tree.province.pk, tree.commune.pk, tree.other.pk, tree.other_hamlet.pk} <= found
    assert call(f"units/{tree.other_hamlet.pk}", tokens["province"]).status_code == 200


def test_units_filtered_by_parent_and_kind(call, tree, tokens):
    assert set(ids(call("units", tokens["province"], data={"parent": tree.province.pk}))) == {
        tree.commune.pk,
        tree.other.pk,
    }
    assert set(ids(call("units", tokens["commune"], data={"kind": "hamlet"}))) == {
        tree.hamlet.pk,
        tree.hamlet2.pk,
    }


def test_people_show_no_private_field(call, tokens, people):
    rows = call("people", tokens["commune"]).json()["items"]
    assert rows == [
        {
            "id": people["dung"].pk,
            "full_name": "Đặng Thị Dung",
            "gender": "female",
            "position": "",
            "category": people["dung"].category,
            "unit_id": people["dung"].unit_id,
        }
    ]
    one = call(f"people/{people['dung'].pk}", tokens["commune"])
    assert one.json() == rows[0]
    for private in ("0912345678", "1980", "Ghi chú riêng"):
        assert private not in one.content.decode()


def test_people_of_another_commune_are_not_found(call, tokens, people):
    assert ids(call("people", tokens["other"])) == [people["xa"].pk]
    assert call(f"people/{people['dung'].pk}", tokens["other"]).status_code == 404


def test_reading_people_through_the_api_logs_no_sensitive_read(call, tokens, people):
    from thidua.privacy.models import SensitiveRead

    call("people", tokens["commune"])
    assert not SensitiveRead.objects.exists()


def test_the_person_fields_shown_are_public_in_the_data_map():
    """The API shows of a person only what every role and the public may see (not contact, not
    conduct, not a year of birth): a new field in `PERSON_FIELDS` must be classified so first."""
    from thidua.api.schemas import PERSON_FIELDS, Person
    from thidua.privacy.datamap import MAP
    from thidua.privacy.kinds import PUBLIC, DataClass

    entries = next(m for m in MAP if m.model == "people.Person")
    assert {name.removesuffix("_id") for name in Person.model_fields} == set(PERSON_FIELDS)
    for name in PERSON_FIELDS:
        personal = entries.personal.get(name)
        if personal is None:
            assert name in entries.not_personal
            continue
        assert personal.data_class not in (DataClass.CONTACT, DataClass.SENSITIVE), name
        assert "viewer" in personal.seen_by or PUBLIC in personal.seen_by, name
    assert "birth_year" not in PERSON_FIELDS and "phone" not in PERSON_FIELDS


# --- movements, targets, figures -----------------------------------------------------------------


def test_movements_of_the_commune_with_their_periods(call, tokens, movement):
    assert ids(call("movements", tokens["commune"])) == [movement.pk]
    assert ids(call("movements", tokens["hamlet"])) == [movement.pk]  # the commune's, taken part in
    assert ids(call("movements", tokens["other"])) == []
    detail = call(f"movements/{movement.pk}", tokens["hamlet"]).json()
    assert detail["name"] == "Thi đua năm 2026"
    names = [p["name"] for p in detail["periods"]]
    assert {"Quý 1/2026", "Quý 2/2026", "Tổng kết phong trào"} <= set(names)
    assert names.index("Quý 1/2026") < names.index("Quý 2/2026")
    assert call(f"movements/{movement.pk}", tokens["other"]).status_code == 404


def test_targets_and_figures_of_the_tokens_units_only(call, tokens, targets, movement, personas):
    from thidua.movements.services import progress_report

    q1 = movement.periods.get(name="Quý 1/2026")
    progress_report(actor=personas["officer"], target=targets["hamlet_income"], period=q1, value=45)
    progress_report(actor=personas["officer"], target=targets["hamlet2_income"], period=q1, value=30)
    assert set(ids(call("targets", tokens["commune"]))) == {t.pk for t in targets.values()}
    hamlet_rows = call("targets", tokens["hamlet"]).json()["items"]
    assert {r["id"] for r in hamlet_rows} == {targets["hamlet_income"].pk, targets["hamlet_road"].pk}
    income = next(r for r in hamlet_rows if r["id"] == targets["hamlet_income"].pk)
    assert income["latest_value"] == "45.00" and income["completion_pct"] == 90 and income["met"] is False
    assert ids(call("targets", tokens["other"])) == []
    figures = call("figures", tokens["hamlet"], data={"movement": movement.pk}).json()["items"]
    assert [(f["target_id"], f["value"]) for f in figures] == [(targets["hamlet_income"].pk, "45.00")]
    assert len(ids(call("figures", tokens["commune"]))) == 2
    assert ids(call("figures", tokens["other"])) == []


def test_a_commune_token_does_not_read_a_sibling_communes_rows_of_a_province_movement(
    call, tree, tokens, make_user
):
    """The province's movement, implemented by both communes: each commune's token reads the
    movement and its own targets, never the other commune's."""
    import datetime as dt
    from decimal import Decimal

    from thidua.accounts.models import Role
    from thidua.movements import services as m

    officer = make_user("tinh", Role.ADMIN, tree.province)
    movement = m.movement_create(
        actor=officer,
        unit=tree.province,
        name="Phong trào của tỉnh",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    indicator = m.indicator_create(actor=SYSTEM, name="Số hộ văn hóa")
    mine, theirs = (
        m.target_set(
            actor=officer, movement=movement, unit=unit, year=2026, indicator=indicator, value=Decimal(9)
        )
        for unit in (tree.commune, tree.other)
    )
    assert movement.pk in ids(call("movements", tokens["commune"]))
    assert ids(call("targets", tokens["commune"], data={"movement": movement.pk})) == [mine.pk]
    assert ids(call("targets", tokens["other"], data={"movement": movement.pk})) == [theirs.pk]
    assert set(ids(call("targets", tokens["province"], data={"movement": movement.pk}))) == {
        mine.pk,
        theirs.pk,
    }
    assert ProgressReport.objects.count() == 0


# --- commendations ------------------------------------------------------------------------------


def test_nominations_show_their_state_not_their_dossier(call, tokens, awards):
    response = call("nominations", tokens["commune"])
    rows = response.json()["items"]
    assert [r["id"] for r in rows] == [awards["nominations"][0].pk]
    assert rows[0]["state"] == "submitted" and rows[0]["state_label"] == "Đã gửi"
    assert "Thành tích riêng" not in response.content.decode()
    assert ids(call("nominations", tokens["other"])) == [awards["nominations"][1].pk]
    assert len(ids(call("nominations", tokens["province"]))) == 2


def test_awards_of_signed_decisions_in_the_tokens_scope(call, tokens, awards):
    rows = call("awards", tokens["commune"]).json()["items"]
    assert [r["id"] for r in rows] == [awards["dung"].pk]  # not the draft's, not the other commune's
    assert rows[0]["decision_number"] == "12/QĐ-UBND" and rows[0]["recipient_name"] == "Đặng Thị Dung"
    assert ids(call("awards", tokens["hamlet"])) == [awards["dung"].pk]  # to the hamlet's own person
    assert ids(call("awards", tokens["other"])) == [awards["xa"].pk]
    assert ids(call("awards", tokens["commune"], data={"year": 2024})) == []


def test_an_award_in_force_says_so(call, tokens, awards):
    (row,) = call("awards", tokens["commune"]).json()["items"]
    assert (row["state"], row["annulled_on"], row["annul_decision"]) == ("in_force", None, "")


def test_decisions_signed_only_and_of_the_tokens_units(call, tokens, awards):
    rows = call("decisions", tokens["commune"]).json()["items"]
    assert [(r["id"], r["awards_count"]) for r in rows] == [(awards["signed"].pk, 1)]
    assert ids(call("decisions", tokens["other"])) == [awards["other_decision"].pk]
    assert set(ids(call("decisions", tokens["province"]))) == {
        awards["signed"].pk,
        awards["other_decision"].pk,
    }


# --- certificates (public) ---------------------------------------------------------------------


def test_a_certificate_is_verified_without_a_token_as_typed_on_paper(call, awards):
    code = awards["dung"].verify_code
    typed = " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()
    response = call(f"certificates/{typed}")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True and body["recipient_name"] == "Đặng Thị Dung"
    assert body["decision_number"] == "12/QĐ-UBND" and body["issuer"] == "Ủy ban nhân dân Xã Mỹ Thạnh"


def test_a_certificate_of_a_draft_or_unknown_code_is_not_found(call, awards):
    for code in (awards["dung_draft"].verify_code, "KHONGCO"):
        response = call(f"certificates/{code}")
        assert response.status_code == 404
        assert response.json()["detail"].startswith("Không tìm thấy giấy chứng nhận")


def test_an_annulled_certificate_says_so(call, awards):
    award = awards["dung"]
    award.annulled, award.annul_decision, award.annulled_on = True, "20/QĐ-UBND", dt.date(2026, 3, 1)
    award.save()
    body = call(f"certificates/{award.verify_code}").json()
    assert body["valid"] is False and body["annul_decision"] == "20/QĐ-UBND"


# --- pages --------------------------------------------------------------------------------------


def test_pages_by_id_cover_every_row_once(call, tree, tokens):
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    for i in range(7):
        unit_create(actor=SYSTEM, name=f"Tổ {i}", kind=UnitKind.OTHER, parent=tree.hamlet2)
    seen, url, pages = [], "units?limit=3", 0
    while url:
        body = call(url, tokens["commune"]).json()
        seen += [row["id"] for row in body["items"]]
        url, pages = body["next"], pages + 1
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 11
    assert pages == 4


def test_a_page_keeps_the_filters(call, tree, tokens):
    body = call("units", tokens["province"], data={"kind": "commune", "limit": 1}).json()
    assert "kind=commune" in body["next"] and "after=" in body["next"]
    assert len(call(body["next"], tokens["province"]).json()["items"]) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": 0}, "“limit” phải từ 1 trở lên."),
        ({"limit": 201}, "“limit” không được quá 200."),
        ({"after": "abc"}, "“after” phải là số nguyên."),
    ],
)
def test_a_bad_page_is_refused_in_vietnamese(call, tokens, query, message):
    response = call("units", tokens["commune"], data=query)
    assert response.status_code == 422
    assert response.json()["detail"] == message


# --- rate limit ---------------------------------------------------------------------------------


@override_settings(THIDUA_API_RATE_PER_MINUTE=3)
def test_a_token_past_its_rate_waits_and_another_token_does_not(call, tokens):
    for _ in range(3):
        assert call("units", tokens["commune"]).status_code == 200
    response = call("units", tokens["commune"])
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Quá nhiều yêu cầu: tối đa 3 yêu cầu mỗi phút.")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert call("units", tokens["other"]).status_code == 200


@override_settings(THIDUA_API_PUBLIC_RATE_PER_MINUTE=2)
def test_the_public_certificate_check_is_limited_per_address(call, awards):
    code = awards["dung"].verify_code
    assert [call(f"certificates/{code}").status_code for _ in range(3)] == [200, 200, 429]
