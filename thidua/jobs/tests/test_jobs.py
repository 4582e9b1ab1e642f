"""Long work in the queue: started from the page, followed by a progress bar, downloaded whole;
a worker killed midway fails its job visibly and never leaves half a file served as whole."""

import datetime as dt
import io
import os
import time

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.commendations.models import Award, Decision
from thidua.jobs import files, services
from thidua.jobs.models import Job, JobKind, JobState
from thidua.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_dir(settings, tmp_path):
    settings.THIDUA_JOBS_DIR = tmp_path / "jobs"
    settings.THIDUA_JOB_CERTIFICATES = 2


@pytest.fixture
def decision(tree, award):
    decision = Decision.objects.create(
        commune=tree.commune,
        title="Về việc khen thưởng năm 2025",
        year=2025,
        number=3,
        number_label="03/QĐ-UBND",
        signed_on=dt.date(2025, 12, 22),
        signer_name="Phạm Thanh Diễn",
        state=Decision.State.SIGNED,
    )
    for i in range(5):
        Award.objects.create(
            award_type=award("ldtt"),
            recipient_kind="individual",
            recipient_name=f"Nguyễn Văn {i:02d}",
            year=2025,
            commune=tree.commune,
            decision=decision,
        )
    return decision


def _job(tree, owner, state=JobState.RUNNING, **fields) -> Job:
    return Job.objects.create(
        kind=JobKind.CERTIFICATES_PDF,
        owner=owner,
        unit=tree.commune,
        state=state,
        file_name="g.pdf",
        **fields,
    )


def test_a_large_decision_is_prepared_in_the_background_and_downloaded_whole(
    client, personas, decision, django_capture_on_commit_callbacks
):
    client.force_login(personas["officer"])
    url = reverse("commendations:certificates_pdf", args=[decision.pk])
    offer = client.get(url)
    assert offer.status_code == 200
    assert "Chuẩn bị tệp" in offer.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.state, job.progress, job.owner) == (JobState.DONE, 100, personas["officer"])
    page = client.get(response.url).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages) == 5
    verbs = set(AuditEntry.objects.filter(object_id=str(job.pk)).values_list("verb", flat=True))
    assert {"xếp việc chạy nền", "bắt đầu việc chạy nền", "xong việc chạy nền"} <= verbs


def test_the_progress_partial_polls_while_running_and_offers_the_file_when_done(client, tree, personas):
    client.force_login(personas["officer"])
    job = _job(tree, personas["officer"], progress=40, message="Đã soạn 400/1000 giấy khen")
    partial = client.get(reverse("jobs:progress", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'value="40"' in partial and "every 2s" in partial and "400/1000" in partial
    assert "<html" not in partial
    job.state, job.file_path, job.progress = JobState.DONE, files.write_whole(job.pk, b"%PDF", "pdf"), 100
    job.save()
    partial = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-get" not in partial and reverse("jobs:download", args=[job.pk]) in partial


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 200), ("admin", 200), ("viewer", 404), ("outsider", 404), ("owner", 200)]
)
def test_only_the_owner_and_the_units_staff_download_a_job(client, tree, personas, make_user, who, status):
    from thidua.accounts.models import Role

    owner = make_user("owner", Role.LEADER, tree.commune)
    job = _job(tree, owner, state=JobState.DONE, progress=100)
    job.file_path = files.write_whole(job.pk, b"%PDF-1.7", "pdf")
    job.save()
    client.force_login(owner if who == "owner" else personas[who])
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == status
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == status


def test_a_job_whose_worker_died_is_failed_by_cron_and_runs_again(
    client, tree, personas, decision, django_capture_on_commit_callbacks
):
    """The worker was killed while writing: the job stays running with a stale heartbeat and a
    `.part` file. `thidua cron` fails it with a message, removes the part, serves nothing; the
    owner runs it again and gets the whole file."""
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    job = _job(tree, personas["officer"], progress=60, updated_at=long_ago, started_at=long_ago)
    job.params = {"decision": decision.pk, "base_url": "http://testserver/"}
    job.save()
    part = files.jobs_dir() / f"{job.pk}-dead.pdf.part"
    part.write_bytes(b"%PDF-half")
    os.utime(part, (time.time() - 3600, time.time() - 3600))
    client.force_login(personas["officer"])
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404

    out = io.StringIO()
    call_command("cron", stdout=out)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "dừng giữa chừng" in job.message
    assert "stale jobs failed: 1" in out.getvalue() and not part.exists()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "dừng giữa chừng" in page and reverse("jobs:retry", args=[job.pk]) in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404

    call_command("cron", stdout=(again := io.StringIO()))
    assert "stale jobs failed: 0" in again.getvalue()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_a_worker_killed_before_the_rename_leaves_no_file_and_a_failed_job(
    client, tree, personas, decision, monkeypatch, django_capture_on_commit_callbacks
):
    def killed(src, dst):
        raise OSError("killed")

    monkeypatch.setattr(files.os, "replace", killed)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(
            actor=personas["officer"],
            kind=JobKind.CERTIFICATES_PDF,
            unit=tree.commune,
            params={"decision": decision.pk, "base_url": "http://testserver/"},
            file_name="g.pdf",
        )
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.file_path == ""
    assert not [p for p in files.jobs_dir().iterdir() if not p.name.endswith(files.PART)]
    client.force_login(personas["officer"])
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_part_file_is_never_served_even_if_named():
    assert files.path_of("1-abc.pdf.part") is None
    assert files.path_of("../secret_key") is None


def test_ten_thousand_survey_responses_are_exported_in_the_background(
    client, tree, personas, django_capture_on_commit_callbacks, settings
):
    settings.THIDUA_JOB_ROWS = 100
    survey = Survey.objects.create(
        unit=tree.commune, title="Khảo sát", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 2, 1)
    )
    Response.objects.bulk_create(Response(survey=survey, service="Chứng thực") for _ in range(10_000))
    client.force_login(personas["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:export_responses", args=[survey.pk]))
    job = Job.objects.get(kind=JobKind.SURVEY_RESPONSES)
    assert job.state == JobState.DONE
    body = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 10_001


def test_the_database_queue_runs_a_job_in_a_worker(
    tree, personas, decision, django_capture_on_commit_callbacks
):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with django_capture_on_commit_callbacks(execute=True):
            job = services.job_start(
                actor=SYSTEM,
                kind=JobKind.CERTIFICATES_PDF,
                unit=tree.commune,
                params={"decision": decision.pk, "base_url": "http://testserver/"},
                file_name="g.pdf",
            )
        job.refresh_from_db()
        assert job.state == JobState.QUEUED
        # What `thidua worker` does with a task it claims (its loop's exclusive transaction cannot
        # run inside the test's own).
        worker = Worker(
            queue_names=["*"], interval=0, batch=True, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id="test",
        )  # fmt: skip
        task = DBTaskResult.objects.get()
        task.claim(worker.worker_id)
        worker.run_task(task)
    job.refresh_from_db()
    assert job.state == JobState.DONE and files.path_of(job.file_path) is not None


def test_finished_jobs_expire_with_their_files(tree, personas, settings, django_capture_on_commit_callbacks):
    job = _job(tree, personas["officer"], state=JobState.DONE, progress=100)
    job.file_path = files.write_whole(job.pk, b"x", "pdf")
    job.finished_at = timezone.now() - dt.timedelta(days=settings.THIDUA_JOB_KEEP_DAYS + 1)
    job.save()
    path = files.path_of(job.file_path)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cron", stdout=(out := io.StringIO()))
    assert "expired jobs removed: 1" in out.getvalue()
    assert not Job.objects.exists() and not path.exists()
