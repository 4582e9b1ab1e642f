"""A plan copied from one written before 1 July 2025 does not send its paper to, nor rest on, the
district abolished that day: the province's Sở Nội vụ receives it instead."""

import datetime as dt

import pytest

from thidua.movements import services
from thidua.movements.forms import copy_initial
from thidua.movements.papers import plan_model
from thidua.movements.reform import recipients_without_districts

RECIPIENTS = "Phòng Nội vụ huyện\nUBND huyện Giồng Trôm\nTT.Đảng ủy-HĐND xã\nTrưởng các ấp\nLưu: VT"
BASES = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022\n"
    "Thực hiện Kế hoạch số 519/KH-UBND ngày 09 tháng 3 năm 2024 của Ủy ban nhân dân huyện Giồng Trôm"
)


@pytest.fixture
def plan_2024(tree, personas):
    return services.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Thi đua yêu nước năm 2024",
        plan_date=dt.date(2024, 1, 10),
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        recipients=RECIPIENTS,
        legal_bases=BASES,
    )


def _copy(personas, tree, source, start: dt.date, **fields):
    return services.movement_copy(
        actor=personas["officer"],
        source=source,
        unit=tree.commune,
        name=f"Thi đua yêu nước năm {start.year}",
        period_start=start,
        period_end=dt.date(start.year, 12, 31),
        recipients=source.recipients,
        legal_bases=source.legal_bases,
        **fields,
    )


def test_a_copy_dated_after_1_july_2025_sends_to_the_provinces_home_affairs_not_the_district(
    plan_2024, tree, personas
):
    copy = _copy(personas, tree, plan_2024, dt.date(2026, 1, 1), plan_date=dt.date(2026, 1, 15))
    assert copy.recipients.splitlines() == [
        "Sở Nội vụ tỉnh Thử Nghiệm",
        "UBND tỉnh Thử Nghiệm",
        "TT.Đảng ủy-HĐND xã",
        "Trưởng các ấp",
        "Lưu: VT",
    ]
    assert copy.legal_bases == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    paper = plan_model(copy)
    words = " ".join([*paper.recipient_lines, *paper.basis_lines]).lower()
    assert "huyện" not in words and "sở nội vụ tỉnh thử nghiệm" in words
    assert plan_2024.recipients == RECIPIENTS  # the earlier plan keeps what it said then


def test_the_day_before_the_reform_a_copy_still_sends_to_the_district(plan_2024, tree, personas):
    copy = _copy(personas, tree, plan_2024, dt.date(2025, 1, 1), plan_date=dt.date(2025, 6, 30))
    assert copy.recipients == RECIPIENTS and copy.legal_bases == BASES
    # Dated on the day the districts went, it no longer does.
    copy = _copy(personas, tree, plan_2024, dt.date(2025, 7, 1))
    assert "huyện" not in copy.recipients + copy.legal_bases


def test_the_form_of_a_copy_offers_the_province_instead_of_the_district(plan_2024):
    initial = copy_initial(plan_2024, today=dt.date(2025, 12, 20))
    # This year's plan, copied in December: its paper is dated today, after the districts went.
    assert initial["period_start"] == dt.date(2025, 1, 1)
    assert initial["recipients"].splitlines()[:2] == ["Sở Nội vụ tỉnh Thử Nghiệm", "UBND tỉnh Thử Nghiệm"]
    assert "huyện" not in initial["legal_bases"]


def test_a_district_named_twice_gives_the_province_once_and_a_commune_is_not_a_district():
    text = "Phòng Nội vụ huyện\nPhòng Nội vụ quận 3\nUBND xã Mỹ Thạnh\nĐảng ủy thị trấn\nBan Chỉ huy Quân sự huyện"
    assert recipients_without_districts(text, province="tỉnh Vĩnh Long").splitlines() == [
        "Sở Nội vụ tỉnh Vĩnh Long",
        "UBND xã Mỹ Thạnh",
        "Đảng ủy thị trấn",
    ]


def test_the_demos_2026_plan_sends_nothing_to_a_district(db):
    from thidua.demo import load_demo
    from thidua.movements.models import Movement

    load_demo()
    current = Movement.objects.get(name="Thi đua yêu nước năm 2026", unit__name__icontains="Mỹ Thạnh")
    assert "huyện" not in current.recipients.lower()
    assert current.recipients.splitlines()[0].startswith("Sở Nội vụ")
