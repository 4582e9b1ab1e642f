import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.movements import services
from thidua.movements.models import CommitmentState, MovementState, ProgressReport

from .conftest import period


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def status(client, personas, who, url, method="get", data=None):
    client.logout()
    client_for(client, personas.get(who))
    response = getattr(client, method)(url, data or {})
    return response.status_code


@pytest.fixture
def commitment(movement, tree, personas, indicators):
    return services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        pledges=[(indicators["income"], Decimal(55), None)],
        submit=True,
    )


def expect(client, personas, url, matrix, method="get", data=None):
    for who, code in matrix.items():
        got = status(client, personas, who, url, method, data)
        assert got == code, f"{who} on {url}: {got} != {code}"


def test_anonymous_is_sent_to_login(client, movement):
    for name in ("movements:list", "movements:new", "movements:notifications"):
        assert client.get(reverse(name)).status_code == 302
    response = client.get(reverse("movements:detail", args=[movement.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_matrix(client, personas, movement, targets):
    url = reverse("movements:detail", args=[movement.pk])
    expect(
        client,
        personas,
        url,
        {
            "admin": 200,
            "officer": 200,
            "leader": 200,
            "council": 200,
            "viewer": 200,
            "representative": 200,
            "outsider": 404,
        },
    )


def test_list_shows_only_visible_movements(client, personas, movement, tree):
    other = services.movement_create(
        actor=personas["outsider"],
        unit=tree.other,
        name="Phong trào xã khác",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    client_for(client, personas["representative"])
    response = client.get(reverse("movements:list"))
    assert response.status_code == 200
    assert movement.name in response.content.decode() and other.name not in response.content.decode()


def test_edit_matrix(client, personas, movement):
    url = reverse("movements:edit", args=[movement.pk])
    expect(
        client,
        personas,
        url,
        {
            "officer": 200,
            "leader": 200,
            "admin": 200,
            "council": 403,
            "viewer": 403,
            "representative": 403,
            "outsider": 404,
        },
    )


def test_new_form_creates_a_draft_with_quota_and_rejects_bad_dates(client, personas, tree):
    assert status(client, personas, "viewer", reverse("movements:new")) == 404
    client_for(client, personas["officer"])
    data = {
        "unit": tree.commune.pk,
        "name": "Đồng khởi mới",
        "kind": "regular",
        "plan_number": "23/KH-UBND",
        "plan_date": "2015-03-13",
        "period_start": "2015-03-13",
        "period_end": "2014-12-31",
        "cadence": "yearly",
        "report_grace_days": 10,
        "quota_collective": 2,
        "quota_individual": 3,
    }
    response = client.post(reverse("movements:new"), data)
    assert response.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu" in response.content.decode()
    data["period_end"] = "2020-12-31"
    response = client.post(reverse("movements:new"), data)
    assert response.status_code == 302
    from thidua.movements.models import Movement

    created = Movement.objects.get(name="Đồng khởi mới")
    assert created.state == MovementState.DRAFT
    assert sorted(created.quotas.values_list("recipient_kind", "per_period")) == [
        ("collective", 2),
        ("individual", 3),
    ]


def test_transition_matrix_and_illegal_move_message(client, personas, tree):
    draft = services.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="D",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    launch = reverse("movements:launch", args=[draft.pk])
    assert status(client, personas, "outsider", launch, "post") == 404
    assert status(client, personas, "officer", launch, "post") == 403
    assert status(client, personas, "representative", launch, "post") == 403
    client_for(client, personas["leader"])
    response = client.post(reverse("movements:close", args=[draft.pk]), follow=True)
    assert "Chỉ kết thúc được" in response.content.decode()
    assert client.post(launch).status_code == 302
    draft.refresh_from_db()
    assert draft.state == MovementState.LAUNCHED


def test_commit_matrix(client, personas, movement):
    url = reverse("movements:commit", args=[movement.pk])
    expect(
        client,
        personas,
        url,
        {
            "representative": 200,
            "officer": 200,
            "admin": 200,
            "viewer": 403,
            "council": 403,
            "leader": 403,
            "outsider": 404,
        },
    )


def test_hamlet_head_registers_from_the_form(client, personas, movement, tree, indicators):
    client_for(client, personas["representative"])
    url = reverse("movements:commit", args=[movement.pk])
    data = {
        "unit": tree.hamlet.pk,
        "year": 2026,
        "titles": "Ấp văn hóa",
        "note": "",
        "pledges-TOTAL_FORMS": 3,
        "pledges-INITIAL_FORMS": 0,
        "pledges-0-indicator": indicators["income"].pk,
        "pledges-0-value": "-3",
        "submit": "1",
    }
    response = client.post(url, data)
    assert "Giá trị không được âm" in response.content.decode()
    data["unit"] = tree.hamlet2.pk
    data["pledges-0-value"] = "55"
    response = client.post(url, data)
    assert "Bạn không đăng ký được cho đơn vị này" in response.content.decode()
    data["unit"] = tree.hamlet.pk
    response = client.post(url, data)
    assert response.status_code == 302
    assert movement.commitments.get().state == CommitmentState.SUBMITTED


def test_commitment_review_matrix_and_return_with_reason(client, personas, commitment):
    url = reverse("movements:commitment", args=[commitment.pk])
    expect(
        client,
        personas,
        url,
        {"representative": 200, "officer": 200, "leader": 200, "viewer": 200, "outsider": 404},
    )
    approve = reverse("movements:commitment_approve", args=[commitment.pk])
    send_back = reverse("movements:commitment_return", args=[commitment.pk])
    assert status(client, personas, "representative", approve, "post") == 403
    assert status(client, personas, "viewer", approve, "post") == 403
    assert status(client, personas, "outsider", approve, "post") == 404
    client_for(client, personas["officer"])
    response = client.post(send_back, {"reason": ""}, follow=True)
    assert "Hãy ghi lý do trả lại" in response.content.decode()
    response = client.post(send_back, {"reason": "Bổ sung chỉ tiêu hộ nghèo"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.state == CommitmentState.RETURNED


def test_other_hamlet_head_cannot_read_a_neighbours_commitment(client, personas, commitment, tree, make_user):
    from thidua.accounts.models import Role

    neighbour = make_user("neighbour", Role.REPRESENTATIVE, tree.hamlet2)
    client_for(client, neighbour)
    assert client.get(reverse("movements:commitment", args=[commitment.pk])).status_code == 403


def test_approved_commitment_shows_on_the_dashboard(client, personas, commitment, movement):
    client_for(client, personas["officer"])
    client.post(reverse("movements:commitment_approve", args=[commitment.pk]))
    response = client.get(reverse("movements:detail", args=[movement.pk]))
    html = response.content.decode()
    assert "Ấp Mỹ Hòa" in html and "Đã duyệt" in html and "<svg" in html


def test_report_matrix_and_form(client, personas, movement, targets, tree):
    url = reverse("movements:report", args=[movement.pk]) + f"?unit={tree.hamlet.pk}"
    expect(
        client,
        personas,
        url,
        {
            "representative": 200,
            "officer": 200,
            "admin": 200,
            "viewer": 403,
            "council": 403,
            "leader": 403,
            "outsider": 404,
        },
    )
    q1 = period(movement, "Quý 1/2026")
    client_for(client, personas["representative"])
    bad = {
        "unit": tree.hamlet.pk,
        "period": q1.pk,
        f"value_{targets['hamlet_income'].pk}": "abc",
        f"value_{targets['hamlet_poor'].pk}": "4",
    }
    response = client.post(url, bad)
    assert "“abc” không phải là số" in response.content.decode()
    assert not ProgressReport.objects.exists()
    good = dict(bad, **{f"value_{targets['hamlet_income'].pk}": "45"})
    assert client.post(url, good).status_code == 302
    assert ProgressReport.objects.count() == 2


def test_report_for_closed_period_is_refused_with_nothing_saved(client, personas, movement, targets, tree):
    q1 = period(movement, "Quý 1/2026")
    services.period_close(actor=personas["officer"], period=q1)
    client_for(client, personas["representative"])
    url = reverse("movements:report", args=[movement.pk])
    response = client.post(
        url, {"unit": tree.hamlet.pk, "period": q1.pk, f"value_{targets['hamlet_income'].pk}": "45"}
    )
    assert "đã khóa" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_target_and_remind_matrix(client, personas, movement, targets):
    url = reverse("movements:target_new", args=[movement.pk])
    expect(
        client,
        personas,
        url,
        {"officer": 200, "leader": 200, "viewer": 403, "representative": 403, "outsider": 404},
    )
    remind = reverse("movements:remind", args=[movement.pk])
    assert status(client, personas, "viewer", remind, "post") == 403
    assert status(client, personas, "outsider", remind, "post") == 404
    assert status(client, personas, "officer", remind, "post") == 302


def test_implement_button_creates_a_child_plan(client, personas, tree, make_user):
    from thidua.accounts.models import Role

    chair = make_user("pchair", Role.LEADER, tree.province)
    parent = services.movement_create(
        actor=chair,
        unit=tree.province,
        name="Đồng khởi mới",
        period_start=dt.date(2015, 3, 1),
        period_end=dt.date(2020, 12, 31),
    )
    services.movement_launch(actor=chair, movement=parent)
    detail = reverse("movements:detail", args=[parent.pk])
    client_for(client, personas["officer"])
    assert "Triển khai thực hiện tại đơn vị" in client.get(detail).content.decode()
    url = reverse("movements:implement", args=[parent.pk])
    assert status(client, personas, "viewer", url, "post", {"unit": tree.commune.pk}) == 403
    assert status(client, personas, "outsider", url, "post", {"unit": tree.commune.pk}) == 404
    client_for(client, personas["officer"])
    response = client.post(url, {"unit": tree.commune.pk})
    assert response.status_code == 302
    assert parent.children.get().unit == tree.commune


def test_export_and_notifications_pages(client, personas, movement, targets):
    client_for(client, personas["viewer"])
    response = client.get(reverse("movements:export", args=[movement.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert status(client, personas, "outsider", reverse("movements:export", args=[movement.pk])) == 404
    # The notifications moved to their own app: the old address leads there.
    client_for(client, personas["viewer"])
    response = client.get(reverse("movements:notifications"))
    assert response.status_code == 301 and response["Location"] == reverse("notifications:list")


def _grow(movement, tree, indicators, n_units: int):
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    for i in range(n_units):
        unit = unit_create(actor=SYSTEM, name=f"Tổ {i}", kind=UnitKind.HAMLET, parent=tree.commune)
        for indicator in indicators.values():
            target = services.target_set(
                actor=SYSTEM, movement=movement, unit=unit, year=2026, indicator=indicator, value=Decimal(1)
            )
            services.progress_report(
                actor=SYSTEM, target=target, period=period(movement, "Quý 1/2026"), value=Decimal(1)
            )


@pytest.mark.parametrize("n_units", [2, 12])
def test_dashboard_query_count_does_not_grow_with_data(
    client, personas, movement, tree, indicators, n_units, django_assert_max_num_queries
):
    _grow(movement, tree, indicators, n_units)
    client_for(client, personas["officer"])
    url = reverse("movements:detail", args=[movement.pk])
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_list_query_count_is_bounded(client, personas, tree, django_assert_max_num_queries):
    for i in range(30):
        services.movement_create(
            actor=SYSTEM,
            unit=tree.commune,
            name=f"PT {i}",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
        )
    client_for(client, personas["officer"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("movements:list")).status_code == 200


def test_unread_notifications_show_in_the_navigation_until_read(client, personas, movement):
    from thidua.notifications.services import notify

    officer = personas["officer"]
    notify(actor=SYSTEM, recipients=[officer], kind="figures_overdue", text="Ấp Mỹ Hòa chậm báo cáo")
    notify(actor=SYSTEM, recipients=[personas["viewer"]], kind="other", text="Không phải của bạn")
    client_for(client, officer)
    page = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    assert 'id="nav-unread"' in page and '<span class="badge warn">1</span>' in page
    client.post(reverse("notifications:read_all"))
    page = client.get(reverse("movements:list")).content.decode()
    assert 'id="nav-unread"' in page and '<span class="badge warn">' not in page


def test_indicator_new_matrix_and_bad_input(client, personas, movement):
    from thidua.movements.models import Indicator

    url = reverse("movements:indicator_new", args=[movement.pk])
    data = {"ind-name": "Số hộ dùng nước sạch", "ind-measure": "hộ", "ind-direction": "increase"}
    for who, code in {"viewer": 403, "council": 403, "representative": 403, "outsider": 404}.items():
        assert status(client, personas, who, url, "post", data) == code, who
    assert not Indicator.objects.filter(name="Số hộ dùng nước sạch").exists()
    assert status(client, personas, "officer", url, "post", data | {"ind-direction": "sideways"}) == 302
    assert not Indicator.objects.filter(name="Số hộ dùng nước sạch").exists()
    assert status(client, personas, "officer", url, "post", data) == 302
    assert Indicator.objects.get(name="Số hộ dùng nước sạch").measure == "hộ"


def test_officer_starts_a_launched_movement_and_only_the_leader_closes_it(client, personas, movement):
    start = reverse("movements:start", args=[movement.pk])
    close = reverse("movements:close", args=[movement.pk])
    assert status(client, personas, "outsider", start, "post") == 404
    assert status(client, personas, "viewer", start, "post") == 403
    assert status(client, personas, "representative", start, "post") == 403
    assert status(client, personas, "officer", close, "post") == 403
    assert status(client, personas, "officer", start, "post") == 302
    movement.refresh_from_db()
    assert movement.state == MovementState.RUNNING
    assert status(client, personas, "leader", close, "post") == 302
    movement.refresh_from_db()
    assert movement.state == MovementState.CLOSED


def test_hamlet_head_sends_a_draft_registration_and_a_neighbour_may_not(
    client, personas, movement, tree, indicators, make_user
):
    from thidua.accounts.models import Role

    draft = services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        pledges=[(indicators["income"], Decimal(55), None)],
    )
    url = reverse("movements:commitment_submit", args=[draft.pk])
    neighbour = make_user("neighbour", Role.REPRESENTATIVE, tree.hamlet2)
    client_for(client, neighbour)
    assert client.post(url).status_code == 403
    assert status(client, personas, "viewer", url, "post") == 403
    assert status(client, personas, "outsider", url, "post") == 404
    assert status(client, personas, "representative", url, "post") == 302
    draft.refresh_from_db()
    assert draft.state == CommitmentState.SUBMITTED
