"""Files uploaded before `thidua.files` become StoredFile rows, one per content, and stay readable."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thidua.commendations.rules import catalogue_load
from thidua.commendations.tests.conftest import award, make_person, nominate  # noqa: F401

BEFORE = [("commendations", "0009_nomination_suspended"), ("files", "0001_stored_file")]
AFTER = [("commendations", "0010_evidence_stored_once")]
NAMES = ("a" * 32 + "-to-trinh.pdf", "b" * 32 + "-ban-sao.pdf", "lost.pdf")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_evidence_is_moved_into_stored_files(settings, tmp_path, tree, award):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    catalogue_load()  # an earlier transactional test may have flushed the catalogue its migration loaded
    nomination = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Trước Đây"), checked=False)
    folder = tmp_path / "commendations" / "evidence" / str(nomination.pk)
    folder.mkdir(parents=True)
    for name in NAMES[:2]:
        (folder / name).write_bytes(b"%PDF-1.4 same")
    apps = _migrate(BEFORE)
    evidence = apps.get_model("commendations", "Evidence")
    for name in NAMES:
        evidence.objects.create(
            nomination_id=nomination.pk, file=f"commendations/evidence/{nomination.pk}/{name}"
        )

    apps = _migrate(AFTER)
    rows = list(apps.get_model("commendations", "Evidence").objects.order_by("pk"))
    stored = apps.get_model("files", "StoredFile").objects.get()
    assert [r.file_id for r in rows] == [stored.pk, stored.pk, None]
    assert stored.original_name == "to-trinh.pdf" and stored.content_type == "application/pdf"
    assert (tmp_path / stored.path).read_bytes() == b"%PDF-1.4 same"
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
