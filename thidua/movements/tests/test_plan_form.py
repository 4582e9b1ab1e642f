"""The plan form reads as a plan is written (sections I–V, a hint and an example per field), and a
new plan starts from last year's plan of the unit or from a plan received from above."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.audit.models import AuditEntry
from thidua.lib.errors import ServiceError
from thidua.movements import services
from thidua.movements.forms import PLAN_GUIDE, copy_initial
from thidua.movements.models import Duty, Movement, MovementState, RecipientKind, Target


@pytest.fixture
def last_year(tree, personas, indicators):
    """The commune's 2025 plan, closed: quotas, duties and the hamlets' targets for 2025."""
    officer = personas["officer"]
    m = services.movement_create(
        actor=officer,
        unit=tree.commune,
        name="Thi đua thực hiện nhiệm vụ năm 2025",
        plan_number="12/KH-UBND",
        plan_date=dt.date(2025, 1, 8),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        purposes="Phát huy tinh thần đoàn kết\nNhân rộng điển hình tiên tiến",
        commendation_text="Hội đồng xét chọn 02 tập thể",
        quotas=[(RecipientKind.COLLECTIVE, 2)],
        awards="Giấy khen của Chủ tịch UBND xã",
    )
    for unit, value in ((tree.hamlet, 48), (tree.hamlet2, "47.5")):
        services.target_set(
            actor=officer,
            movement=m,
            unit=unit,
            year=2025,
            indicator=indicators["income"],
            value=Decimal(value),
        )
    services.duty_add(
        actor=officer, movement=m, unit=tree.farmers, text="Vận động hội viên", due_date=dt.date(2025, 6, 30)
    )
    services.movement_launch(actor=personas["leader"], movement=m)
    services.movement_close(actor=personas["leader"], movement=m)
    return m


def _copy(personas, source, tree, **overrides):
    fields = {
        "name": "Thi đua thực hiện nhiệm vụ năm 2026",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 12, 31),
        "purposes": source.purposes,
        "quotas": [(RecipientKind.COLLECTIVE, 2)],
    } | overrides
    return services.movement_copy(actor=personas["officer"], source=source, unit=tree.commune, **fields)


# --- the service --------------------------------------------------------------------------


def test_last_years_plan_is_copied_as_a_new_draft_with_its_targets_and_duties_a_year_on(
    last_year, tree, personas
):
    copy = _copy(personas, last_year, tree)
    assert copy.state == MovementState.DRAFT and copy.pk != last_year.pk and copy.parent is None
    assert copy.purposes == last_year.purposes and copy.quotas.get().per_period == 2
    targets = {(t.unit.name, t.year): t.value for t in Target.objects.filter(movement=copy)}
    assert targets == {("Ấp Mỹ Hòa", 2026): Decimal(48), ("Ấp Thạnh Lợi", 2026): Decimal("47.5")}
    duty = Duty.objects.get(movement=copy)
    assert (duty.unit, duty.due_date, duty.status) == (tree.farmers, dt.date(2026, 6, 30), "todo")
    assert last_year.targets.filter(year=2025).count() == 2  # the earlier plan is untouched
    copied = AuditEntry.objects.filter(model="movements.target", verb="chép chỉ tiêu từ kế hoạch trước")
    assert copied.count() == 2


def test_targets_that_fall_outside_the_new_period_stay_behind(last_year, tree, personas):
    copy = _copy(
        personas, last_year, tree, period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 12, 31)
    )
    assert {t.year for t in Target.objects.filter(movement=copy)} == {2027}
    shorter = _copy(
        personas,
        last_year,
        tree,
        name="Khác",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    assert Target.objects.filter(movement=shorter).count() == 2


def test_only_an_earlier_plan_of_the_same_unit_is_copied(last_year, tree, personas):
    with pytest.raises(ServiceError, match="của chính đơn vị này"):
        services.movement_copy(
            actor=personas["officer"],
            source=last_year,
            unit=tree.hamlet,
            name="X",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
        )
    assert Movement.objects.count() == 1


def test_a_bad_copy_saves_nothing(last_year, tree, personas):
    with pytest.raises(ServiceError):
        _copy(personas, last_year, tree, period_end=dt.date(2025, 6, 30))  # ends before it starts
    assert Movement.objects.count() == 1 and Target.objects.count() == 2


def test_the_form_of_a_copy_moves_the_period_and_the_years_in_the_name_on(last_year):
    initial = copy_initial(last_year, today=dt.date(2025, 12, 20))
    assert initial["name"] == "Thi đua thực hiện nhiệm vụ năm 2026"
    assert (initial["period_start"], initial["period_end"]) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert "plan_number" not in initial and "plan_date" not in initial
    assert initial["quota_collective"] == 2 and initial["awards"] == "Giấy khen của Chủ tịch UBND xã"
    later = copy_initial(last_year, today=dt.date(2028, 2, 1))  # copied long after: lands on this year
    assert later["period_start"] == dt.date(2028, 1, 1) and later["name"].endswith("2028")


def test_a_five_year_plan_is_copied_five_years_on(tree, personas):
    plan = services.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Đồng khởi mới 2021–2025, kỷ niệm 1960",
        period_start=dt.date(2021, 3, 1),
        period_end=dt.date(2025, 12, 31),
    )
    initial = copy_initial(plan, today=dt.date(2025, 11, 1))
    assert initial["name"] == "Đồng khởi mới 2026–2030, kỷ niệm 1960"
    assert (initial["period_start"], initial["period_end"]) == (dt.date(2026, 3, 1), dt.date(2030, 12, 31))


# --- the screens --------------------------------------------------------------------------


def test_the_form_is_grouped_as_a_plan_is_written_with_a_hint_and_an_example_per_field(
    client, personas, tree
):
    client.force_login(personas["officer"])
    page = client.get(reverse("movements:new")).content.decode()
    titles = [
        "Văn bản kế hoạch",
        "I. Mục đích, yêu cầu",
        "II. Nội dung thi đua",
        "III. Hình thức, thời gian",
        "IV. Khen thưởng",
        "V. Tổ chức thực hiện",
    ]
    positions = [page.index(f"<legend>{t}</legend>") for t in titles]
    assert positions == sorted(positions)
    assert page.index('name="purposes"') > positions[1] and page.index('name="recipients"') > positions[5]
    for name, (hint, example) in PLAN_GUIDE.items():
        assert str(hint) in page, name
        assert f"Ví dụ: {example}" in page, name


def test_a_new_plan_offers_last_years_plan_and_plans_received_from_above(
    client, personas, tree, last_year, make_user
):
    chair = make_user("province_leader", Role.LEADER, tree.province)
    above = services.movement_create(
        actor=chair,
        unit=tree.province,
        name="Cả nước chung tay vì người nghèo",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    services.movement_launch(actor=chair, movement=above)
    client.force_login(personas["officer"])
    page = client.get(reverse("movements:new")).content.decode()
    earlier = page.split('id="start-earlier"', 1)[1].split('id="start-above"', 1)[0]
    assert f'<option value="{last_year.pk}">' in earlier
    offered = page.split('id="start-above"', 1)[1]
    assert "Cả nước chung tay vì người nghèo" in offered
    assert reverse("movements:implement", args=[above.pk]) in offered
    assert reverse("movements:from_document") in offered


def test_the_officer_starts_from_last_years_plan_and_saves_a_copy(client, personas, tree, last_year):
    client.force_login(personas["officer"])
    url = reverse("movements:new")
    response = client.get(url, {"from": last_year.pk})
    form = response.context["form"]
    assert form["purposes"].value() == last_year.purposes and form["quota_collective"].value() == 2
    assert "2 chỉ tiêu giao và 1 nhiệm vụ" in response.content.decode()
    data = {
        "from": last_year.pk,
        "unit": tree.commune.pk,
        "name": "Thi đua năm 2026",
        "kind": "regular",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "cadence": "quarterly",
        "report_grace_days": "10",
    }
    response = client.post(url, data)
    copy = Movement.objects.get(name="Thi đua năm 2026")
    assert response.status_code == 302 and response["Location"] == reverse("movements:detail", args=[copy.pk])
    assert Target.objects.filter(movement=copy, year=2026).count() == 2


@pytest.mark.parametrize("who, expected", [("officer", 200), ("viewer", 404), ("outsider", 404)])
def test_who_may_start_from_an_earlier_plan(client, personas, last_year, who, expected):
    client.force_login(personas[who])
    assert client.get(reverse("movements:new"), {"from": last_year.pk}).status_code == expected


def test_a_plan_of_another_commune_cannot_be_copied(client, personas, tree, make_user):
    other = services.movement_create(
        actor=personas["outsider"],
        unit=tree.other,
        name="Của xã khác",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    client.force_login(personas["officer"])
    assert client.get(reverse("movements:new"), {"from": other.pk}).status_code == 404
    response = client.post(reverse("movements:new"), {"from": other.pk, "name": "X"})
    assert response.status_code == 404 and Movement.objects.count() == 1


def test_the_new_plan_page_takes_a_bounded_number_of_queries(
    client, personas, tree, last_year, make_user, django_assert_max_num_queries
):
    chair = make_user("province_leader", Role.LEADER, tree.province)
    for n in range(5):
        above = services.movement_create(
            actor=chair,
            unit=tree.province,
            name=f"Phong trào của tỉnh {n}",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
        )
        services.movement_launch(actor=chair, movement=above)
    client.force_login(personas["officer"])
    with django_assert_max_num_queries(25):
        page = client.get(reverse("movements:new")).content.decode()
    assert page.count("Triển khai thực hiện tại đơn vị") == 5
