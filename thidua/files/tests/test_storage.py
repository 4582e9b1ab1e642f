"""Stored files go through Django's storage: with a bucket configured (several app servers), an
upload, its download and `thidua files-clean` touch the bucket, never the server's own disk.

The bucket is played here by Django's in-memory storage."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from thidua.commendations.models import Evidence
from thidua.commendations.tests.conftest import award, make_person, nominate  # noqa: F401
from thidua.files.models import StoredFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def bucket(settings, tmp_path):
    """A storage that is not the local disk; MEDIA_ROOT points at a folder that must stay empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield default_storage
    assert not settings.MEDIA_ROOT.exists(), "a stored file was written to the local disk"


@pytest.fixture
def draft(tree, award):  # noqa: F811
    person = make_person(tree.hamlet, "Nguyễn Văn Kho")
    return nominate(tree, award("ldtt"), person=person, checked=False)


def _attach(client, personas, draft, name: str, data: bytes):
    client.force_login(personas["representative"])
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    url = reverse("commendations:evidence", args=[draft.pk])
    return client.post(url, {"file": upload, "description": "Minh chứng"}, follow=True)


def test_an_upload_is_kept_in_the_storage(client, personas, draft, bucket):
    assert _attach(client, personas, draft, "to-trinh.pdf", PDF).status_code == 200
    stored = Evidence.objects.select_related("file").get().file
    with bucket.open(stored.path, "rb") as handle:
        assert handle.read() == PDF
    # The same content again is the same copy, still in the storage.
    _attach(client, personas, draft, "ban-sao.pdf", PDF)
    assert StoredFile.objects.count() == 1 and bucket.exists(stored.path)


def test_a_download_is_read_from_the_storage(client, personas, draft, settings):
    _attach(client, personas, draft, "to-trinh.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse("commendations:evidence_file", args=[draft.pk, evidence.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "to-trinh.pdf" in response["Content-Disposition"]
    # nginx can only send a file of its own disk: from a bucket the app streams it itself.
    settings.THIDUA_SENDFILE = "nginx"
    response = client.get(url)
    assert "X-Accel-Redirect" not in response and b"".join(response.streaming_content) == PDF
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404


def test_a_file_missing_from_the_storage_is_not_found(client, personas, draft, bucket):
    _attach(client, personas, draft, "to-trinh.pdf", PDF)
    evidence = Evidence.objects.select_related("file").get()
    bucket.delete(evidence.file.path)
    url = reverse("commendations:evidence_file", args=[draft.pk, evidence.pk])
    assert client.get(url).status_code == 404


def test_files_clean_deletes_from_the_storage(
    client, personas, draft, bucket, django_capture_on_commit_callbacks
):
    _attach(client, personas, draft, "giu-lai.pdf", PDF)
    _attach(client, personas, draft, "bo-di.pdf", PDF + b"% khac\n")
    kept = Evidence.objects.get(file__original_name="giu-lai.pdf").file
    dropped = Evidence.objects.get(file__original_name="bo-di.pdf").file
    Evidence.objects.filter(file=dropped).delete()
    bucket.save("movements/evidence/2026/mo-coi.bin", ContentFile(b"0" * 1000))

    call_command("files_clean", stdout=io.StringIO())  # everything is younger than an hour
    assert StoredFile.objects.count() == 2 and bucket.exists("movements/evidence/2026/mo-coi.bin")

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("files_clean", "--older-than=0", stdout=out)
    assert list(StoredFile.objects.all()) == [kept]
    assert bucket.exists(kept.path) and not bucket.exists(dropped.path)
    assert not bucket.exists("movements/evidence/2026/mo-coi.bin")
    assert "1 tệp không còn dùng và 1 tệp" in out.getvalue()
