import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.audit.services import AuditAction, audit_record, audit_verify
from thidua.people.services import person_create, person_update


@pytest.fixture
def person(tree):
    return person_create(actor=SYSTEM, full_name="Phạm Thanh Diễn", gender="male", unit=tree.commune)


def test_each_entry_links_to_the_one_before(person):
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) >= 2
    for prev, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == prev.hash


def test_update_records_before_and_after(person, personas):
    person_update(actor=personas["officer"], person=person, position="Chủ tịch UBND xã")
    entry = AuditEntry.objects.filter(model="people.person", action="update").get()
    assert entry.actor == personas["officer"]
    assert entry.before["position"] == "" and entry.after["position"] == "Chủ tịch UBND xã"
    assert ("chức vụ", "", "Chủ tịch UBND xã") in entry.changes()


def test_verify_passes_on_an_untouched_log(person):
    result = audit_verify()
    assert result.ok and result.checked == AuditEntry.objects.count()


def test_verify_reports_the_first_entry_changed_behind_its_back(person, personas):
    person_update(actor=personas["officer"], person=person, position="A")
    person_update(actor=personas["officer"], person=person, position="B")
    victim = AuditEntry.objects.filter(action="update").order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_label = %s WHERE id = %s", ["ke-gian", victim.id])
    result = audit_verify()
    assert not result.ok and result.broken_id == victim.id
    with pytest.raises(CommandError, match=f"#{victim.id}"):
        call_command("audit_verify")


def test_verify_reports_a_deleted_entry(person, personas):
    person_update(actor=personas["officer"], person=person, position="A")
    middle = AuditEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [middle.id])
    assert not audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    from thidua.units.models import Unit

    unit = Unit.objects.create(name="Xã", kind="commune", path="0000", depth=0, search_key="xa")
    with pytest.raises(RuntimeError):
        audit_record(actor=SYSTEM, action=AuditAction.UPDATE, instance=unit)


def test_a_failed_change_leaves_no_audit_entry(person):
    count = AuditEntry.objects.count()
    with pytest.raises(ValueError), transaction.atomic():
        person_update(actor=SYSTEM, person=person, position="X")
        raise ValueError("the caller fails after the change")
    assert AuditEntry.objects.count() == count


def test_changes_show_field_names_and_choice_labels_in_vietnamese(person, personas):
    person_update(actor=personas["officer"], person=person, gender="female", birth_year=1971)
    entry = AuditEntry.objects.filter(model="people.person", action="update").get()
    assert ("giới tính", "Nam", "Nữ") in entry.changes()
    assert ("năm sinh", None, "1971") in entry.changes()


def test_changes_of_structured_values_are_shown_as_text(tree):
    from thidua.audit.models import AuditEntry as Entry

    entry = Entry(model="units.unit", before={"x": [1, {"a": "b"}]}, after={"x": None})
    assert entry.changes() == [("x", '[1, {"a": "b"}]', None)]
