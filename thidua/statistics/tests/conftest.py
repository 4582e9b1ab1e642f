"""A small fixed dataset whose form totals are counted by hand in the tests (reporting year 2025:
1 December 2024 to 30 November 2025)."""

import datetime as dt

import pytest

from thidua.commendations.models import Award, AwardType, Decision
from thidua.movements.models import Movement

D = dt.date
HAS_LEVEL = any(f.name == "level" for f in AwardType._meta.get_fields())


def _movement(unit, name, kind, start, end, state="running", parent=None):
    movement = Movement.objects.create(
        unit=unit, name=name, kind=kind, state=state, period_start=start, period_end=end, parent=parent
    )
    movement.lineage = f"{parent.lineage if parent else '/'}{movement.pk}/"
    movement.save(update_fields=["lineage"])
    return movement


@pytest.fixture
def movements(tree):
    """Hand counts for the commune (Mỹ Thạnh) and the province in 2025 are in test_forms.py."""
    m1 = _movement(
        tree.province,
        "Phong trào Đồng khởi xây dựng nông thôn mới",
        "regular",
        D(2025, 1, 1),
        D(2025, 12, 31),
    )
    return {
        "m1": m1,
        "m1_commune": _movement(
            tree.commune, "Đồng khởi – kế hoạch của xã", "regular", D(2025, 1, 1), D(2025, 12, 31), parent=m1
        ),
        "m1_other": _movement(
            tree.other, "Đồng khởi – kế hoạch xã Khác", "regular", D(2025, 1, 1), D(2025, 12, 31), parent=m1
        ),
        # exactly three years, leap day included
        "m2": _movement(
            tree.commune,
            "Toàn dân đoàn kết xây dựng đời sống văn hóa",
            "thematic",
            D(2025, 3, 1),
            D(2028, 2, 29),
        ),
        "m3": _movement(tree.farmers, "Đền ơn đáp nghĩa", "thematic", D(2025, 6, 1), D(2025, 8, 31)),
        # starts on 1 December 2024: the first day of reporting year 2025
        "m4": _movement(tree.commune, "Dân vận khéo", "regular", D(2024, 12, 1), D(2026, 11, 30)),
        # starts on 1 December 2025: reporting year 2026
        "m5": _movement(tree.commune, "Đường hoa nông thôn", "thematic", D(2025, 12, 1), D(2026, 5, 31)),
        "m6": _movement(
            tree.commune, "Dự thảo chưa phát động", "regular", D(2025, 2, 1), D(2025, 10, 31), state="draft"
        ),
        # starts on 30 November 2025, the last day of year 2025; five years long
        "m7": _movement(
            tree.hamlet, "Ấp Mỹ Hòa sáng – xanh – sạch – đẹp", "regular", D(2025, 11, 30), D(2030, 11, 29)
        ),
        "m8": _movement(tree.other, "Phong trào của xã Khác", "thematic", D(2025, 4, 1), D(2025, 9, 30)),
    }


def _type(code, name, level, timing, recipient="individual"):
    extra = {"level": level} if HAS_LEVEL else {}
    return AwardType.objects.create(
        code=code, name=name, short_name=code, recipient_kind=recipient, timing=timing, **extra
    )


def _decision(unit, number, signed_on, state="signed"):
    return Decision.objects.create(
        commune=unit,
        title=f"Quyết định khen thưởng số {number}",
        year=signed_on.year,
        number=number,
        number_label=f"{number}/QĐ-UBND",
        signed_on=signed_on,
        state=state,
    )


@pytest.fixture
def awards(tree):
    """Awards of the commune (a…) and of the other commune (b…); counts in test_forms.py."""
    bk = _type("tk-bk-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "province", "yearly")
    cstd = _type("tk-cstd-tinh", "Chiến sĩ thi đua cấp tỉnh", "province", "yearly")
    flag = _type("tk-co-tinh", "Cờ thi đua của UBND tỉnh", "province", "yearly", "collective")
    excellent = _type("tk-ttldxs", "Tập thể lao động xuất sắc", "province", "yearly", "collective")
    thematic = _type(
        "tk-bk-tinh-cd", "Bằng khen của Chủ tịch UBND tỉnh theo chuyên đề", "province", "movement"
    )
    sudden = _type("tk-bk-tinh-dx", "Bằng khen đột xuất của Chủ tịch UBND tỉnh", "province", "sudden")
    medal = _type("tk-hcld3", "Huân chương Lao động hạng Ba", "state", "yearly")
    pm = _type("tk-bk-ttg", "Bằng khen của Thủ tướng Chính phủ", "state", "yearly")
    commune_level = _type("tk-gk-xa", "Giấy khen của Chủ tịch UBND xã", "commune", "movement")
    d_last_day = _decision(tree.province, 101, D(2025, 11, 30))
    d_next_year = _decision(tree.province, 102, D(2025, 12, 1))
    d_first_day = _decision(tree.province, 103, D(2024, 12, 1))
    d_draft = _decision(tree.province, 104, D(2025, 6, 1), state="draft")
    d_year_before = _decision(tree.province, 105, D(2024, 11, 30))

    def grant(commune, award_type, name, decision, kind="individual", **extra):
        return Award.objects.create(
            award_type=award_type,
            year=decision.signed_on.year,
            commune=commune,
            recipient_kind=kind,
            recipient_name=name,
            decision=decision,
            **extra,
        )

    c = tree.commune
    return {
        "a1": grant(c, bk, "Nguyễn Văn Đức", d_last_day),
        "a2": grant(c, cstd, "Trần Thị Đào", d_first_day),
        "a3": grant(c, flag, "Hội Nông dân xã", d_last_day, "collective"),
        "a4": grant(c, bk, "Đặng Văn Đông", d_next_year),
        "a5": grant(c, bk, "Lê Thị Đẹp", d_last_day, annulled=True, annul_reason="Khai man thành tích"),
        "a6": grant(c, excellent, "Ấp Mỹ Hòa", d_last_day, "collective"),
        "a7": grant(c, bk, "Hộ ông Đỗ Văn Đạt", d_first_day, "household"),
        "a8": grant(c, thematic, "Phạm Văn Định", d_last_day),
        "a9": grant(c, sudden, "Võ Thị Đoan", d_first_day),
        "a10": grant(c, bk, "Ngô Văn Điền", d_draft),
        "a11": grant(c, bk, "Bùi Thị Dung", d_year_before),
        "a12": grant(c, medal, "Hoàng Văn Đạo", d_last_day),
        "a13": grant(c, pm, "Ủy ban nhân dân xã Mỹ Thạnh", d_first_day, "collective"),
        "a14": grant(c, commune_level, "Lý Văn Đông", d_last_day),
        "b1": grant(tree.other, bk, "Đinh Văn Đức", d_last_day),
        "b2": grant(tree.other, pm, "Trương Thị Đào", d_last_day),
    }
