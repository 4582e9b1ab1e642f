"""Hostile uploads: a web page dressed as a PDF, an SVG with a script dressed as a PNG, a file over
the limit, the same file sent many times, and the ways a stored file could leave the server.

Every upload goes through `thidua.files`: the size from `THIDUA_MAX_UPLOAD_BYTES`, the kind from the
content, one stored copy per content, served only by a view that checks access on its record."""

import datetime as dt
import io
import os
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations.models import Evidence
from thidua.commendations.tests import conftest as commendation_fixtures
from thidua.files.models import StoredFile
from thidua.movements import services as movement_services
from thidua.movements.models import ProgressReport
from thidua.movements.tests import conftest as movement_fixtures

award = commendation_fixtures.award
movement = movement_fixtures.movement
indicators = movement_fixtures.indicators
targets = movement_fixtures.targets

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>fetch('/accounts/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.fixture
def draft(tree, award):
    """A hamlet's nomination in draft, drawn up by its representative."""
    person = commendation_fixtures.make_person(tree.hamlet, "Nguyễn Văn Nháp")
    return commendation_fixtures.nominate(tree, award("ldtt"), person=person, checked=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _files_on_disk(media) -> list[str]:
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


# --- nomination evidence ----------------------------------------------------------------------


def _attach(client, personas, draft, name: str, data: bytes):
    client.force_login(personas["representative"])
    url = reverse("commendations:evidence", args=[draft.pk])
    return client.post(url, {"file": _upload(name, data), "description": "Minh chứng"}, follow=True)


@pytest.mark.parametrize(
    ("name", "data"),
    [("trang.pdf", HTML), ("x.html.pdf", HTML), ("anh.png", SVG), ("chay.docx", b"MZ\x90\x00" + b"\0" * 64)],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    client,
    personas,
    draft,
    media,
    name,
    data,
):
    response = _attach(client, personas, draft, name, data)
    assert "không phải là" in response.content.decode()
    assert not Evidence.objects.exists() and not StoredFile.objects.exists()
    assert _files_on_disk(media) == []


def test_a_real_file_named_as_another_kind_is_refused(client, personas, draft):
    response = _attach(client, personas, draft, "bien-ban.pdf", _docx())
    assert "đuôi “.pdf” nhưng nội dung là Word" in response.content.decode()
    assert not Evidence.objects.exists()


def test_real_pdf_and_word_files_are_accepted(client, personas, draft):
    _attach(client, personas, draft, "to-trinh.pdf", PDF)
    _attach(client, personas, draft, "bao-cao.docx", _docx())
    assert sorted(e.file.content_type for e in Evidence.objects.select_related("file")) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


def test_a_file_over_the_setting_is_refused_and_leaves_nothing(
    client,
    personas,
    draft,
    media,
    settings,
):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024 * 1024
    response = _attach(client, personas, draft, "lon.pdf", PDF + b"0" * (1024 * 1024))
    assert "Tệp quá lớn" in response.content.decode() and "giới hạn là 1 MB" in response.content.decode()
    assert not Evidence.objects.exists() and _files_on_disk(media) == []


def test_evidence_is_downloaded_through_access_only(client, personas, draft, media):
    _attach(client, personas, draft, "to-trinh.pdf", PDF)
    evidence = Evidence.objects.select_related("file").get()
    url = reverse("commendations:evidence_file", args=[draft.pk, evidence.pk])
    assert url in client.get(reverse("commendations:detail", args=[draft.pk])).content.decode()

    response = client.get(url)  # the nominator (the hamlet's representative)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("attachment")
        and "to-trinh.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"

    client.force_login(personas["outsider"])  # an officer of another commune
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # Nor by its place on disk, whatever the web server in front.
    assert client.get("/media/" + evidence.file.path).status_code == 404
    client.force_login(personas["representative"])
    assert client.get("/media/" + evidence.file.path).status_code == 404


def test_behind_nginx_the_file_is_sent_by_the_web_server(client, personas, draft, settings):
    _attach(client, personas, draft, "to-trinh.pdf", PDF)
    evidence = Evidence.objects.select_related("file").get()
    url = reverse("commendations:evidence_file", args=[draft.pk, evidence.pk])
    settings.THIDUA_SENDFILE = "nginx"
    response = client.get(url)
    assert response["X-Accel-Redirect"] == "/protected-files/" + evidence.file.path
    assert response.content == b"" and response["Content-Type"] == "application/pdf"
    settings.THIDUA_SENDFILE = "apache"
    assert client.get(url)["X-Sendfile"].endswith(evidence.file.path)
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404


# --- progress-report evidence ---------------------------------------------------------------


def _report(client, personas, movement, targets, tree, evidence):
    client.force_login(personas["representative"])
    period = movement.periods.get(name="Quý 1/2026")
    data = {"unit": tree.hamlet.pk, "period": period.pk, "confirm": "on", "evidence": evidence}
    data |= {f"value_{t.pk}": "45" for t in targets}
    return client.post(reverse("movements:report", args=[movement.pk]), data)


@pytest.fixture
def three(movement, targets, indicators, tree, personas):
    """Three targets of the hamlet for 2026."""
    insurance = movement_services.target_set(
        actor=personas["officer"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        indicator=indicators["insurance"],
        value=Decimal(90),
    )
    return [targets["hamlet_income"], targets["hamlet_poor"], insurance]


def test_report_evidence_that_is_a_web_page_is_refused(client, personas, movement, three, tree, media):
    response = _report(client, personas, movement, three, tree, _upload("bao-cao.html", HTML, "text/html"))
    assert response.status_code == 200 and "không phải là" in response.content.decode()
    assert not ProgressReport.objects.exists() and _files_on_disk(media) == []


def test_one_file_for_three_figures_is_stored_once(client, personas, movement, three, tree, media):
    response = _report(client, personas, movement, three, tree, _upload("minh-chung.pdf", PDF))
    assert response.status_code == 302
    reports = ProgressReport.objects.all()
    assert reports.count() == 3 and len({r.evidence_id for r in reports}) == 1
    assert StoredFile.objects.count() == 1 and len(_files_on_disk(media)) == 1
    # The same content sent again (for the next quarter, or by another unit) is the same copy.
    _report(client, personas, movement, three[:1], tree, _upload("lan-hai.pdf", PDF))
    assert StoredFile.objects.count() == 1


def test_a_large_report_evidence_is_saved_once_not_a_500(
    client, personas, movement, three, tree, media, settings
):
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE Django keeps the upload in a temporary file, which the first
    FileField save used to move away: the second figure then answered 500."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    big = PDF + b"%" + b"0" * (64 * 1024)
    response = _report(client, personas, movement, three, tree, _upload("lon.pdf", big))
    assert response.status_code == 302
    assert StoredFile.objects.get().size == len(big)


def test_report_evidence_is_downloaded_by_who_sees_the_unit(client, personas, movement, three, tree):
    _report(client, personas, movement, three, tree, _upload("minh-chung.pdf", PDF))
    report = ProgressReport.objects.first()
    url = reverse("movements:report_evidence", args=[movement.pk, report.pk])
    for role, status in [("representative", 200), ("officer", 200), ("outsider", 404)]:
        client.force_login(personas[role])
        assert client.get(url).status_code == status, role
    page = (
        reverse("movements:report", args=[movement.pk]) + f"?unit={tree.hamlet.pk}&period={report.period_id}"
    )
    client.force_login(personas["representative"])
    assert "minh-chung.pdf" in client.get(page).content.decode()


# --- orphans --------------------------------------------------------------------------------


def test_files_clean_removes_what_no_record_refers_to(
    client, personas, draft, media, django_capture_on_commit_callbacks
):
    _attach(client, personas, draft, "giu-lai.pdf", PDF)
    _attach(client, personas, draft, "bo-di.pdf", PDF + b"% khac\n")
    kept = Evidence.objects.get(file__original_name="giu-lai.pdf").file
    Evidence.objects.filter(file__original_name="bo-di.pdf").delete()
    stray = media / "movements" / "evidence" / "2026" / "mo-coi.bin"  # left by the old code
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"0" * 1000)
    past = time.time() - 7200
    os.utime(stray, (past, past))
    StoredFile.objects.update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("files_clean", stdout=io.StringIO())

    assert list(StoredFile.objects.all()) == [kept]
    assert _files_on_disk(media) == [kept.sha256]
    assert client.get(reverse("commendations:detail", args=[draft.pk])).status_code == 200


def test_files_clean_leaves_a_file_being_uploaded_now(media):
    fresh = media / "files" / "ab" / ".incoming-x"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"x")
    call_command("files_clean", stdout=io.StringIO())
    assert fresh.exists()
    call_command("files_clean", "--older-than=0", stdout=io.StringIO())
    assert not fresh.exists()


def test_the_system_can_attach_evidence_without_a_request(draft):
    from thidua.commendations import services

    evidence = services.evidence_add(actor=SYSTEM, nomination=draft, file=_upload("a.pdf", PDF))
    assert evidence.file.uploaded_by is None and evidence.file.size == len(PDF)
