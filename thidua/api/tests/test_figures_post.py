"""A hamlet's system posting its figures: through the movements' figures service, audited under the
token's name, the dashboard's read model kept, all or nothing, refused in Vietnamese.

Run on PostgreSQL too: `scripts/with-postgres.sh .venv/bin/pytest thidua/api/tests/test_figures_post.py`."""

import datetime as dt

import pytest

from thidua.audit.models import AuditEntry
from thidua.movements.models import ProgressReport, TargetStanding

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(movement):
    return movement.periods.get(name="Quý 1/2026")


def post(call, secret, *figures, confirmed=False):
    return call("figures", secret, method="post", data={"figures": list(figures), "confirmed": confirmed})


def test_a_token_with_report_figures_posts_them_as_the_form_does(call, tokens, targets, q1):
    income, road = targets["hamlet_income"], targets["hamlet_road"]
    response = post(
        call,
        tokens["hamlet"],
        {"target": income.pk, "period": q1.pk, "value": 45.5, "note": "Số liệu từ phần mềm ấp"},
        {"target": road.pk, "period": q1.pk, "value": "1"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["saved"] == 2
    assert [f["value"] for f in body["figures"]] == ["45.50", "1.00"]
    report = ProgressReport.objects.get(target=income, period=q1)
    assert str(report.value) == "45.50" and report.note == "Số liệu từ phần mềm ấp"
    assert report.reported_by is None
    entry = AuditEntry.objects.get(model="movements.progressreport", object_id=str(report.pk))
    assert entry.actor_label == "API: Phần mềm báo cáo Ấp Mỹ Hòa" and entry.actor_id is None
    standing = TargetStanding.objects.get(target=income)
    assert str(standing.value) == "45.50" and standing.period_id == q1.pk


def test_posting_again_corrects_the_figure(call, tokens, targets, q1):
    income = targets["hamlet_income"]
    post(call, tokens["hamlet"], {"target": income.pk, "period": q1.pk, "value": 40})
    assert (
        post(call, tokens["hamlet"], {"target": income.pk, "period": q1.pk, "value": 42}).status_code == 200
    )
    assert [str(r.value) for r in ProgressReport.objects.filter(target=income)] == ["42.00"]


def test_a_read_only_token_may_not_post(call, tokens, targets, q1):
    response = post(
        call, tokens["reader"], {"target": targets["hamlet_income"].pk, "period": q1.pk, "value": 4}
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Mã truy cập này chỉ được đọc.")
    assert not ProgressReport.objects.exists()


def test_a_commune_token_without_the_grant_may_not_post_either(call, tokens, targets, q1):
    response = post(
        call, tokens["commune"], {"target": targets["hamlet_income"].pk, "period": q1.pk, "value": 4}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("45,5", "decimal_comma", "dùng dấu phẩy"),
        ("1.234,5", "decimal_comma", "dùng dấu phẩy"),
        ("45.5 triệu", "not_a_number", "không phải là số"),
        ("", "not_a_number", "không phải là số"),
        ("45.555", "decimals", "quá 2 chữ số"),
        (1e20, "too_large", "quá lớn"),
        # 14 digits before the point: more than SQLite keeps exactly, refused on every database
        ("10000000000000", "too_large", "quá lớn"),
        (-3, None, "không được âm"),
    ],
)
def test_a_bad_value_is_refused_in_vietnamese_and_nothing_is_saved(
    call, tokens, targets, q1, value, code, words
):
    """The first figure is good; the second is refused; neither is kept."""
    response = post(
        call,
        tokens["hamlet"],
        {"target": targets["hamlet_road"].pk, "period": q1.pk, "value": 1},
        {"target": targets["hamlet_income"].pk, "period": q1.pk, "value": value},
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert words in body["detail"]
    assert body["field"] == "figures[1].value"
    assert body["code"] == code
    assert not ProgressReport.objects.exists()
    assert not AuditEntry.objects.filter(model="movements.progressreport").exists()
    assert TargetStanding.objects.get(target=targets["hamlet_road"]).value is None


@pytest.mark.parametrize("value", [True, [1], {"v": 1}])
def test_a_value_of_another_json_type_is_refused_in_vietnamese(call, tokens, targets, q1, value):
    response = post(
        call, tokens["hamlet"], {"target": targets["hamlet_income"].pk, "period": q1.pk, "value": value}
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("“figures[0].value”")
    assert not ProgressReport.objects.exists()


def test_a_body_that_is_not_json_is_refused_in_vietnamese(client, tokens):
    response = client.post(
        "/api/v1/figures",
        data="figures=1",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['hamlet']}",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_a_yes_no_indicator_takes_only_one_or_zero(call, tokens, targets, q1):
    response = post(
        call, tokens["hamlet"], {"target": targets["hamlet_road"].pk, "period": q1.pk, "value": 2}
    )
    assert response.status_code == 422
    assert "nhập 1 (đã đạt) hoặc 0" in response.json()["detail"]


def test_a_target_of_a_sibling_hamlet_is_not_the_tokens(call, tokens, targets, q1):
    response = post(
        call, tokens["hamlet"], {"target": targets["hamlet2_income"].pk, "period": q1.pk, "value": 5}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "figures[0].target"
    assert "Không có chỉ tiêu mã" in response.json()["detail"]
    assert not ProgressReport.objects.exists()


def test_a_period_of_another_movement_or_not_yet_begun_is_refused(call, tokens, targets, movement):
    income = targets["hamlet_income"]
    response = post(call, tokens["hamlet"], {"target": income.pk, "period": 999_999, "value": 5})
    assert response.json()["field"] == "figures[0].period"
    final = movement.periods.get(name="Tổng kết phong trào")
    final.start, final.end, final.due = dt.date(2027, 1, 1), dt.date(2027, 1, 31), dt.date(2027, 2, 15)
    final.save()
    response = post(call, tokens["hamlet"], {"target": income.pk, "period": final.pk, "value": 5})
    assert response.status_code == 422 and "chưa bắt đầu" in response.json()["detail"]


def test_the_same_figure_twice_in_one_post_is_refused(call, tokens, targets, q1):
    figure = {"target": targets["hamlet_income"].pk, "period": q1.pk, "value": 5}
    response = post(call, tokens["hamlet"], figure, figure)
    assert response.status_code == 422 and "hai lần" in response.json()["detail"]
    assert not ProgressReport.objects.exists()


def test_an_implausible_figure_needs_confirmation(call, tokens, targets, movement, q1):
    income = targets["hamlet_income"]
    q2 = movement.periods.get(name="Quý 2/2026")
    post(call, tokens["hamlet"], {"target": income.pk, "period": q1.pk, "value": 40})
    response = post(call, tokens["hamlet"], {"target": income.pk, "period": q2.pk, "value": 400})
    assert response.status_code == 422 and response.json()["code"] == "implausible"
    assert "chênh hơn 10 lần" in response.json()["detail"]
    assert (
        post(
            call, tokens["hamlet"], {"target": income.pk, "period": q2.pk, "value": 400}, confirmed=True
        ).status_code
        == 200
    )


def test_no_figures_is_refused(call, tokens):
    response = post(call, tokens["hamlet"])
    assert response.status_code == 422 and response.json()["detail"] == "Hãy gửi ít nhất một số liệu."


def test_a_missing_field_is_named_in_vietnamese(call, tokens, targets):
    response = post(call, tokens["hamlet"], {"target": targets["hamlet_income"].pk, "value": 5})
    assert response.status_code == 422
    assert response.json()["detail"] == "“figures[0].period” bắt buộc phải có."
