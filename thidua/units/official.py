"""The official provinces and communes of Vietnam (after 1 July 2025), from `vietnam-provinces`."""

import vietnam_provinces as vp

from thidua.units.models import UnitKind
from thidua.units.services import UnitSpec

NATION_CODE = "VN"


def province_code(code: int) -> str:
    return f"P{int(code):02d}"


def ward_code(code: int) -> str:
    return f"W{int(code):05d}"


def official_specs() -> list[UnitSpec]:
    """Nation → 34 provinces → 3,321 communes and wards, parents first."""
    specs = [
        UnitSpec(key=NATION_CODE, code=NATION_CODE, name="Việt Nam", kind=UnitKind.NATION, parent_key=None)
    ]
    provinces = sorted(vp.Province.iter_all(), key=lambda p: int(p.code))
    for province in provinces:
        specs.append(
            UnitSpec(
                key=province_code(province.code),
                code=province_code(province.code),
                name=province.name if province.name.startswith("Thành phố") else f"Tỉnh {province.name}",
                kind=UnitKind.PROVINCE,
                parent_key=NATION_CODE,
            )
        )
    for ward in sorted(vp.Ward.iter_all(), key=lambda w: int(w.code)):
        specs.append(
            UnitSpec(
                key=ward_code(ward.code),
                code=ward_code(ward.code),
                name=ward.name,
                kind=UnitKind.COMMUNE,
                parent_key=province_code(ward.province_code),
            )
        )
    return specs
