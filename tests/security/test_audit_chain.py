"""Rewriting the audit log with raw SQL, as the database's owner could: `audit-verify` notices."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from thidua.access import SYSTEM
from thidua.audit.anchors import read_anchors
from thidua.audit.models import AuditEntry
from thidua.audit.services import _payload, audit_verify
from thidua.people.services import person_create, person_update


@pytest.fixture
def anchors(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.log")
    settings.AUDIT_ANCHOR_EVERY = 1
    return tmp_path / "audit-anchors.log"


# Each change commits for real, so that its head is anchored after the commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def history(tree, personas, anchors):
    person = person_create(actor=SYSTEM, full_name="Phạm Thanh Diễn", gender="male", unit=tree.commune)
    for position in ("Trưởng ấp", "Phó Chủ tịch UBND xã", "Chủ tịch UBND xã"):
        person_update(actor=personas["officer"], person=person, position=position)
    return person


def _plain_sha256(prev_hash: str, entry: AuditEntry) -> str:
    """The digest the code used to compute: what an attacker without the key can recompute."""
    body = json.dumps(_payload(entry), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def test_each_commit_appends_the_head_to_the_anchor_file(history, anchors):
    last = AuditEntry.objects.order_by("-id").first()
    assert read_anchors(anchors)[-1].entry_id == last.id
    assert read_anchors(anchors)[-1].hash == last.hash
    assert audit_verify().ok


def test_deleting_the_last_entry_and_moving_the_head_back_is_detected(history, anchors):
    last, before = AuditEntry.objects.order_by("-id")[:2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [last.id])
        cursor.execute(
            "UPDATE audit_audithead SET last_hash = %s, count = count - 1 WHERE id = 1", [before.hash]
        )
    result = audit_verify()
    assert not result.ok and result.broken_id == last.id
    with pytest.raises(CommandError, match=f"#{last.id}"):
        call_command("audit_verify")


def test_changing_an_old_actor_and_recomputing_later_hashes_is_detected(history, personas):
    entries = list(AuditEntry.objects.order_by("id"))
    victim = next(e for e in entries if e.actor_id == personas["officer"].id)
    prev = victim.prev_hash
    with connection.cursor() as cursor:
        for entry in entries[entries.index(victim) :]:
            if entry.id == victim.id:
                entry.actor_id, entry.actor_label = personas["leader"].id, personas["leader"].username
            new_hash = _plain_sha256(prev, entry)
            cursor.execute(
                "UPDATE audit_auditentry SET actor_id = %s, actor_label = %s, prev_hash = %s, hash = %s"
                " WHERE id = %s",
                [entry.actor_id, entry.actor_label, prev, new_hash, entry.id],
            )
            prev = new_hash
        cursor.execute("UPDATE audit_audithead SET last_hash = %s WHERE id = 1", [prev])
    result = audit_verify()
    assert not result.ok and result.broken_id == victim.id
    with pytest.raises(CommandError, match=f"#{victim.id}"):
        call_command("audit_verify")


def test_an_untouched_log_verifies_against_its_anchors(history, anchors):
    call_command("audit_verify")
    assert audit_verify().anchors >= 4


def test_an_issued_paper_prints_the_audit_head_and_anchors_it(history, tree, anchors):
    from thidua.documents import services as documents
    from thidua.documents.model import Document as DocumentModel
    from thidua.documents.model import Signer
    from thidua.documents.render_text import render_text

    with override_settings(AUDIT_ANCHOR_EVERY=1000):
        model = DocumentModel(doc_type="KẾ HOẠCH", issuer="UBND XÃ", abstract="Về việc thử", signer=Signer())
        draft = documents.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)
        head = AuditEntry.objects.order_by("-id").first()
        issued = documents.document_issue(actor=SYSTEM, document=draft)
    assert f"Nhật ký thay đổi đến mục #{head.id}, mã {head.hash[:16]}" in render_text(issued.model)
    assert read_anchors(anchors)[-1].entry_id == AuditEntry.objects.order_by("-id").first().id
