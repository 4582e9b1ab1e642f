"""Fixtures of the API tests: tokens of a province, a commune, a hamlet (with "report figures") and a
sibling commune; a running commune movement with targets; people, a nomination, a signed decision."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.api.services import api_token_create
from thidua.commendations.models import Award, AwardType, Decision, Nomination, NominationState
from thidua.movements import services as movements
from thidua.movements.models import Direction
from thidua.people.models import Gender
from thidua.people.services import person_create

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The figures' periods and the tokens' expiry are read against a fixed day, not the wall clock."""
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)


@pytest.fixture
def tokens(tree):
    """Secret of each token by name: province, commune, hamlet (reports figures), other (a sibling
    commune), reader (the hamlet, read only)."""

    def make(unit, label, report=False):
        return api_token_create(actor=SYSTEM, unit=unit, label=label, report_figures=report)[1]

    return {
        "province": make(tree.province, "Cổng dữ liệu tỉnh"),
        "commune": make(tree.commune, "Phần mềm của xã Mỹ Thạnh"),
        "hamlet": make(tree.hamlet, "Phần mềm báo cáo Ấp Mỹ Hòa", report=True),
        "reader": make(tree.hamlet, "Bảng tin Ấp Mỹ Hòa"),
        "other": make(tree.other, "Phần mềm của xã Khác"),
    }


@pytest.fixture
def call(client):
    """GET or POST the API with a token (None: without one)."""

    def do(path, secret=None, *, method="get", data=None, **extra):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
        url = path if path.startswith("/") else f"/api/v1/{path}"
        if method == "post":
            return client.post(url, data=data, content_type="application/json", **headers, **extra)
        return client.get(url, data=data, **headers, **extra)

    return do


@pytest.fixture
def movement(tree, personas):
    """A running commune movement of 2026 with quarterly periods, the hamlets taking part."""
    m = movements.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Thi đua năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    movements.movement_launch(actor=personas["leader"], movement=m)
    movements.movement_start(actor=personas["officer"], movement=m)
    m.refresh_from_db()
    return m


@pytest.fixture
def targets(movement, tree, personas):
    income = movements.indicator_create(
        actor=SYSTEM, name="Thu nhập bình quân", measure="triệu đồng", direction=Direction.INCREASE
    )
    road = movements.indicator_create(
        actor=SYSTEM, name="Hoàn thành đường liên ấp", direction=Direction.YES_NO
    )

    def target(unit, indicator, value):
        return movements.target_set(
            actor=personas["officer"],
            movement=movement,
            unit=unit,
            year=2026,
            indicator=indicator,
            value=Decimal(value),
        )

    return {
        "hamlet_income": target(tree.hamlet, income, 50),
        "hamlet_road": target(tree.hamlet, road, 1),
        "hamlet2_income": target(tree.hamlet2, income, 60),
    }


@pytest.fixture
def people(tree):
    return {
        "dung": person_create(
            actor=SYSTEM,
            full_name="Đặng Thị Dung",
            gender=Gender.FEMALE,
            unit=tree.hamlet,
            phone="0912345678",
            birth_year=1980,
            note="Ghi chú riêng của cán bộ",
        ),
        "xa": person_create(
            actor=SYSTEM, full_name="Trần Văn Xa", gender=Gender.MALE, unit=tree.other_hamlet
        ),
    }


@pytest.fixture
def awards(tree, people):
    """A signed decision of the commune for Đặng Thị Dung, a draft one, and an award of the sibling
    commune; a nomination in each commune."""
    kind = AwardType.objects.filter(recipient_kind="individual").order_by("id").first()
    signed = Decision.objects.create(
        commune=tree.commune,
        title="Khen thưởng năm 2025",
        year=2025,
        number=12,
        number_label="12/QĐ-UBND",
        signed_on=dt.date(2025, 12, 20),
        signer_name="Nguyễn Văn Chủ",
        state=Decision.State.SIGNED,
        total_amount=500_000,
    )
    draft = Decision.objects.create(commune=tree.commune, title="Dự thảo", year=2025)
    other = Decision.objects.create(
        commune=tree.other,
        title="Khen thưởng xã Khác",
        year=2025,
        number=3,
        number_label="03/QĐ-UBND",
        signed_on=dt.date(2025, 12, 21),
        state=Decision.State.SIGNED,
    )

    def award(decision, commune, person, **extra):
        return Award.objects.create(
            award_type=kind,
            year=2025,
            commune=commune,
            recipient_kind="individual",
            person=person,
            recipient_name=person.full_name,
            decision=decision,
            **extra,
        )

    nominations = [
        Nomination.objects.create(
            commune=unit.parent,
            unit=unit,
            award_type=kind,
            year=2026,
            recipient_kind="individual",
            person=person,
            recipient_name=person.full_name,
            achievement="Thành tích riêng trong hồ sơ",
            state=NominationState.SUBMITTED,
        )
        for unit, person in ((tree.hamlet, people["dung"]), (tree.other_hamlet, people["xa"]))
    ]
    return {
        "kind": kind,
        "signed": signed,
        "draft": draft,
        "other_decision": other,
        "dung": award(signed, tree.commune, people["dung"]),
        "dung_draft": award(draft, tree.commune, people["dung"]),
        "xa": award(other, tree.other, people["xa"]),
        "nominations": nominations,
    }
