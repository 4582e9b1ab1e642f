import pytest

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.units.models import Unit, UnitKind, path_segment
from thidua.units.official import official_specs
from thidua.units.services import UnitSpec, unit_create, units_bulk_upsert


def test_path_segments_are_fixed_width_and_ordered():
    assert path_segment(0) == "0000"
    assert path_segment(35) == "000z"
    assert path_segment(36) == "0010"
    assert sorted([path_segment(n) for n in (100, 7, 36)]) == [
        path_segment(7),
        path_segment(36),
        path_segment(100),
    ]


def test_subtree_contains_the_unit_and_everything_below_only(tree):
    names = set(Unit.objects.subtree(tree.commune).values_list("name", flat=True))
    assert names == {"Xã Mỹ Thạnh", "Ấp Mỹ Hòa", "Ấp Thạnh Lợi", "Hội Nông dân xã"}


def test_ancestors_are_listed_from_the_top(tree):
    assert [u.name for u in Unit.objects.ancestors(tree.hamlet)] == ["Tỉnh Thử Nghiệm", "Xã Mỹ Thạnh"]


def test_old_and_new_shapes_of_the_tree_both_fit(db):
    """2015: province → district → commune → hamlet; since 2025: province → commune → hamlet."""
    province = unit_create(actor=SYSTEM, name="Tỉnh Bến Tre", kind=UnitKind.PROVINCE, parent=None)
    district = unit_create(actor=SYSTEM, name="Huyện Giồng Trôm", kind=UnitKind.DISTRICT, parent=province)
    old = unit_create(actor=SYSTEM, name="Xã Mỹ Thạnh", kind=UnitKind.COMMUNE, parent=district)
    hamlet = unit_create(actor=SYSTEM, name="Ấp 1", kind=UnitKind.HAMLET, parent=old)
    new = unit_create(actor=SYSTEM, name="Xã Mới", kind=UnitKind.COMMUNE, parent=province)
    assert hamlet.depth == 3 and new.depth == 1
    assert hamlet.is_within(province) and hamlet.is_within(district) and not hamlet.is_within(new)


def test_creating_a_unit_is_audited(tree):
    entry = AuditEntry.objects.filter(model="units.unit", object_id=str(tree.hamlet.pk)).get()
    assert entry.action == "create" and entry.after["name"] == "Ấp Mỹ Hòa"


@pytest.mark.django_db
def test_official_units_load_completely_and_idempotently():
    specs = official_specs()
    created, updated = units_bulk_upsert(actor=SYSTEM, specs=specs)
    assert created == 1 + 34 + 3321 and updated == 0
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).count() == 3321
    again = units_bulk_upsert(actor=SYSTEM, specs=official_specs())
    assert again == (0, 0)
    assert Unit.objects.count() == 1 + 34 + 3321
    my_thanh = Unit.objects.get(code="W28051")
    assert my_thanh.name == "Xã Mỹ Thạnh" and my_thanh.parent.kind == UnitKind.PROVINCE


@pytest.mark.django_db
def test_bulk_upsert_renames_changed_units_and_keeps_paths_unique():
    units_bulk_upsert(
        actor=SYSTEM, specs=[UnitSpec(key="A", code="A", name="Tỉnh A", kind="province", parent_key=None)]
    )
    created, updated = units_bulk_upsert(
        actor=SYSTEM,
        specs=[
            UnitSpec(key="A", code="A", name="Tỉnh A mới", kind="province", parent_key=None),
            UnitSpec(key="B", code="B", name="Xã B", kind="commune", parent_key="A"),
            UnitSpec(key="C", code="C", name="Xã C", kind="commune", parent_key="A"),
        ],
    )
    assert (created, updated) == (2, 1)
    a = Unit.objects.get(code="A")
    assert a.name == "Tỉnh A mới"
    assert Unit.objects.filter(parent=a).count() == 2
    later = unit_create(actor=SYSTEM, name="Xã D", kind="commune", parent=a)
    assert later.path not in set(Unit.objects.exclude(pk=later.pk).values_list("path", flat=True))
