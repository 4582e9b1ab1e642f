"""A log with redacted entries comes back from a backup whole: `audit-verify` passes after a restore,
natively and through the fixtures a restore onto the other kind of database loads."""

import os

import pytest
from django.core import serializers

from thidua.access import SYSTEM
from thidua.audit import digests
from thidua.audit.models import AuditEntry
from thidua.audit.redaction import redact_entries
from thidua.audit.services import audit_verify
from thidua.lib import exact_json
from thidua.people.services import person_create
from thidua.web.tests.test_backup import (  # noqa: F401 (migrated_sqlite is a fixture)
    _assert_restored,
    _seeded_sqlite,
    _sqlite_install,
    _thidua,
    migrated_sqlite,
)

REDACT = """
from thidua.access import SYSTEM
from thidua.audit.anchors import write_anchor
from thidua.audit.models import AuditEntry
from thidua.audit.redaction import redact_entries
entries = AuditEntry.objects.filter(model="people.person", object_repr="Nguyễn Văn Số 3")
print(redact_entries(actor=SYSTEM, entries=entries, reason="Ẩn danh hóa theo yêu cầu"))
write_anchor(force=True)
"""


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the SQLite path runs in the SQLite suite")
def test_a_backup_with_redacted_entries_restores_and_verifies(tmp_path, migrated_sqlite):  # noqa: F811
    source = _seeded_sqlite(tmp_path / "a", migrated_sqlite)
    assert _thidua(source, "shell", "-c", REDACT).stdout.strip().endswith("1")
    archive = tmp_path / "thidua.tar.gz"
    _thidua(source, "backup", str(archive))
    target = _sqlite_install(tmp_path / "b", migrated_sqlite)
    _assert_restored(source, target, archive)
    shown = _thidua(
        target,
        "shell",
        "-c",
        "from thidua.audit.models import AuditEntry as E; "
        "print(E.objects.filter(object_repr='Nguyễn Văn Số 3').count())",
    )
    assert shown.stdout.strip().endswith("0")


def test_redacted_entries_survive_the_fixtures_a_cross_database_restore_loads(tree):
    person = person_create(
        actor=SYSTEM, full_name="Lê Thị Hoa", gender="female", unit=tree.commune, phone="0911"
    )
    entries = AuditEntry.objects.filter(model="people.person", object_id=str(person.pk))
    redact_entries(actor=SYSTEM, entries=entries, fields=["phone", "object_repr"], reason="Hết hạn lưu")
    if exact_json.FORMAT not in serializers.get_serializer_formats():
        serializers.register_serializer(exact_json.FORMAT, "thidua.lib.exact_json")
    dumped = serializers.serialize(exact_json.FORMAT, AuditEntry.objects.order_by("id"))
    AuditEntry.objects.all().delete()
    for obj in serializers.deserialize("json", dumped):
        obj.save()
    restored = entries.get()
    assert restored.object_repr == digests.REDACTED and restored.after["phone"] == digests.REDACTED
    assert audit_verify().ok
