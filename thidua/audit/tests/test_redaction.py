"""Redacting a person's values from the audit log keeps the chain verifiable; changing what is left
(or what was redacted) after the fact still breaks it, for new entries and for entries written before
the chain hashed content digests."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from thidua.access import SYSTEM
from thidua.audit import digests
from thidua.audit.models import AuditAction, AuditEntry, AuditHead
from thidua.audit.redaction import REASON_REQUIRED, redact_entries
from thidua.audit.services import audit_verify
from thidua.lib.errors import ServiceError
from thidua.people.services import person_create, person_update


@pytest.fixture
def person(tree, personas):
    person = person_create(
        actor=SYSTEM, full_name="Phạm Thanh Diễn", gender="male", unit=tree.commune, phone="0912345678"
    )
    person_update(actor=personas["officer"], person=person, phone="0987654321", birth_year=1971)
    return person


def _about(person):
    return AuditEntry.objects.filter(model="people.person", object_id=str(person.pk))


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_redacted_phone_numbers_are_gone_and_the_log_still_verifies(person, personas):
    changed = redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    assert changed == 2
    for entry in _about(person):
        assert "0912345678" not in str(entry.after) + str(entry.before)
        assert entry.after["phone"] == digests.REDACTED
        assert entry.object_repr == "Phạm Thanh Diễn"  # only the named field went
    update = _about(person).get(action=AuditAction.UPDATE)
    assert update.after["birth_year"] == 1971
    result = audit_verify()
    assert result.ok, result.reason
    assert result.checked == AuditEntry.objects.count()


def test_redacting_everything_keeps_the_record_id_and_the_frame(person):
    redact_entries(actor=SYSTEM, entries=_about(person), reason="Ẩn danh hóa")
    create = _about(person).get(action=AuditAction.CREATE)
    assert create.object_repr == digests.REDACTED
    assert create.after["full_name"] == digests.REDACTED and create.after["id"] == person.pk
    assert create.actor_label == SYSTEM.label and create.model == "people.person"
    assert audit_verify().ok


def test_the_redaction_itself_is_audited_with_its_reason_and_no_values(person):
    ids = sorted(_about(person).values_list("id", flat=True))
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    entry = AuditEntry.objects.get(action=AuditAction.REDACT)
    assert entry.after == {"entries": ids, "fields": ["phone"], "reason": "Hết hạn lưu"}
    assert "09" not in str(entry.after)


def test_redacting_again_changes_nothing_and_records_nothing(person):
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    count = AuditEntry.objects.count()
    assert redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Lại") == 0
    assert AuditEntry.objects.count() == count


def test_a_redaction_needs_a_reason(person):
    with pytest.raises(ServiceError) as refused:
        redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="  ")
    assert refused.value.message == str(REASON_REQUIRED)
    assert not _about(person).filter(redacted__has_key="after").exists()


def test_a_value_left_in_a_redacted_entry_cannot_be_changed_quietly(person):
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    victim = _about(person).get(action=AuditAction.UPDATE)
    victim.after["birth_year"] = 1980
    _sql("UPDATE audit_auditentry SET after = %s WHERE id = %s", [_json(victim.after), victim.id])
    result = audit_verify()
    assert not result.ok and result.broken_id == victim.id


def test_a_redacted_value_cannot_be_put_back_with_another_value(person):
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    victim = _about(person).get(action=AuditAction.UPDATE)
    victim.after["phone"] = "0900000000"
    _sql("UPDATE audit_auditentry SET after = %s WHERE id = %s", [_json(victim.after), victim.id])
    result = audit_verify()
    assert not result.ok and result.broken_id == victim.id


def test_the_kept_digest_of_a_redacted_value_cannot_be_swapped(person):
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    victim = _about(person).get(action=AuditAction.UPDATE)
    victim.redacted["after"]["phone"] = digests.leaf(victim.prev_hash, "phone", "0900000000")
    _sql("UPDATE audit_auditentry SET redacted = %s WHERE id = %s", [_json(victim.redacted), victim.id])
    assert audit_verify().broken_id == victim.id


def test_content_changed_in_an_unredacted_entry_still_fails(person):
    victim = _about(person).get(action=AuditAction.UPDATE)
    _sql("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["Người khác", victim.id])
    assert audit_verify().broken_id == victim.id


# --- entries written before the chain hashed content digests (format 1)


def _rewrite_as_format_1() -> None:
    """Recompute the whole chain as the code before content digests wrote it."""
    prev = digests.GENESIS
    for entry in AuditEntry.objects.order_by("id"):
        entry.prev_hash, entry.version, entry.content_digest, entry.seal = prev, 1, "", ""
        entry.hash = prev = digests.legacy_hash(entry)
        entry.save()
    AuditHead.objects.filter(id=1).update(last_hash=prev)


def _migrate_to_digests() -> None:
    migration = importlib.import_module("thidua.audit.migrations.0002_digest_chain")
    migration.seal_existing(apps, None)


def test_old_entries_are_sealed_by_the_migration_and_can_then_be_redacted(person):
    _rewrite_as_format_1()
    anchored = {e.id: e.hash for e in AuditEntry.objects.all()}
    _migrate_to_digests()
    assert {e.id: e.hash for e in AuditEntry.objects.all()} == anchored  # the anchors still hold
    assert audit_verify().ok
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    assert audit_verify().ok
    victim = _about(person).get(action=AuditAction.UPDATE)
    assert victim.version == 1 and victim.after["phone"] == digests.REDACTED
    _sql("UPDATE audit_auditentry SET actor_label = %s WHERE id = %s", ["ke-gian", victim.id])
    assert audit_verify().broken_id == victim.id


def test_an_old_entry_already_changed_before_the_migration_is_not_sealed(person):
    _rewrite_as_format_1()
    victim = _about(person).get(action=AuditAction.UPDATE)
    _sql("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["Người khác", victim.id])
    _migrate_to_digests()
    assert AuditEntry.objects.get(id=victim.id).seal == ""
    assert audit_verify().broken_id == victim.id
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone"], reason="Hết hạn lưu")
    assert audit_verify().broken_id == victim.id  # redacting it does not launder it


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def test_the_log_still_says_which_redacted_fields_an_update_changed(person):
    redact_entries(actor=SYSTEM, entries=_about(person), fields=["phone", "note"], reason="Hết hạn lưu")
    update = _about(person).get(action=AuditAction.UPDATE)
    rows = {label: (was, now) for label, was, now in update.changes()}
    assert rows["điện thoại"] == (digests.REDACTED, digests.REDACTED)
    assert "ghi chú" not in rows  # the note did not change
