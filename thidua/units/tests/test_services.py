import pytest
from django.core.exceptions import PermissionDenied

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit, UnitKind
from thidua.units.services import unit_create, unit_update


def test_a_viewer_cannot_add_a_unit_through_the_service(personas, tree):
    with pytest.raises(PermissionDenied):
        unit_create(actor=personas["viewer"], name="Ấp Mới", kind=UnitKind.HAMLET, parent=tree.commune)
    assert not Unit.objects.filter(name="Ấp Mới").exists()


def test_only_the_system_or_a_superuser_adds_a_top_unit(personas, tree):
    with pytest.raises(PermissionDenied):
        unit_create(actor=personas["admin"], name="Tỉnh Mới", kind=UnitKind.PROVINCE, parent=None)
    assert unit_create(actor=SYSTEM, name="Tỉnh Mới", kind=UnitKind.PROVINCE, parent=None).depth == 0


def test_a_code_in_use_is_refused_next_to_the_code_field(personas, tree):
    unit_update(actor=personas["officer"], unit=tree.hamlet, name=tree.hamlet.name, code="AP-1")
    with pytest.raises(ServiceError) as caught:
        unit_create(
            actor=personas["officer"], name="Ấp Mới", kind=UnitKind.HAMLET, parent=tree.commune, code="AP-1"
        )
    assert caught.value.field == "code"


def test_renaming_is_audited_once_and_saving_unchanged_is_not(personas, tree):
    unit_update(actor=personas["officer"], unit=tree.hamlet, name="Ấp Mỹ Hòa Mới")
    unit_update(actor=personas["officer"], unit=tree.hamlet, name="Ấp Mỹ Hòa Mới")
    entries = AuditEntry.objects.filter(model="units.unit", object_id=str(tree.hamlet.pk), action="update")
    assert [(e.before["name"], e.after["name"]) for e in entries] == [("Ấp Mỹ Hòa", "Ấp Mỹ Hòa Mới")]
