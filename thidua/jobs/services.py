"""Start, run, retry and clean up jobs. The queue's task calls `job_run`; `thidua cron` calls
`jobs_fail_stale` and `jobs_clean_expired`."""

import datetime as dt
import functools
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import SYSTEM, Actor
from thidua.audit import changes
from thidua.jobs import files
from thidua.jobs.kinds import KINDS, runner_of
from thidua.jobs.models import Job, JobState
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit

logger = logging.getLogger(__name__)

STALE_MESSAGE = gettext_lazy(
    "Máy chạy nền đã dừng giữa chừng; tệp chưa hoàn chỉnh không được giữ lại. Hãy chạy lại."
)


def _enqueue(job: Job) -> None:
    from thidua.jobs.tasks import run_job

    run_job.enqueue(job_id=job.pk)


def _require_job_access(actor: Actor, job: Job) -> None:
    """The person who started the job, or anyone who may do its kind of work on its unit."""
    if access.user_of(actor) is not None and access.user_of(actor) == job.owner:
        return
    access.require_actor(actor, KINDS[job.kind].action, job.unit)


@transaction.atomic
def job_start(
    *, actor: Actor, kind: str, unit: Unit, params: dict, file_name: str = "", key: str = ""
) -> Job:
    """Queue a job; the queue runs it once this transaction commits."""
    if kind not in KINDS:
        raise ServiceError(_("Loại việc không hợp lệ."), code="job_kind")
    access.require_actor(actor, KINDS[kind].action, unit)
    job = changes.create(
        Job(kind=kind, owner=access.user_of(actor), unit=unit, params=params, file_name=file_name, key=key),
        actor=actor,
        verb="xếp việc chạy nền",
    )
    transaction.on_commit(lambda: _enqueue(job))
    return job


@transaction.atomic
def job_retry(*, actor: Actor, job: Job) -> Job:
    """Run a failed job again from the start."""
    _require_job_access(actor, job)
    changes.transition(
        job,
        actor=actor,
        to=JobState.QUEUED,
        allowed=(JobState.FAILED,),
        verb="chạy lại việc",
        progress=0,
        message="",
        finished_at=None,
    )
    transaction.on_commit(lambda: _enqueue(job))
    return job


def job_report(*, job_id: int, progress: int, message: str = "") -> None:
    """The worker's progress and heartbeat: not audited (it says nothing about the data), and
    ignored once the job is no longer running (marked failed as stale meanwhile)."""
    Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(
        progress=max(0, min(99, progress)), message=message[:500], updated_at=timezone.now()
    )


@transaction.atomic
def _job_begin(job_id: int) -> Job | None:
    job = Job.objects.select_for_update().select_related("unit").filter(pk=job_id).first()
    if job is None or job.state != JobState.QUEUED:
        return None  # run already, retried under another task, or removed
    now = timezone.now()
    return changes.transition(
        job,
        actor=SYSTEM,
        to=JobState.RUNNING,
        allowed=(JobState.QUEUED,),
        verb="bắt đầu việc chạy nền",
        started_at=now,
        updated_at=now,
        attempts=job.attempts + 1,
    )


@transaction.atomic
def _job_finish(job_id: int, *, file_path: str = "", error: str = "") -> bool:
    job = Job.objects.select_for_update().select_related("unit").get(pk=job_id)
    if job.state != JobState.RUNNING:
        return False  # marked failed as stale while this worker was still busy: its result is dropped
    now = timezone.now()
    if error:
        changes.transition(
            job, actor=SYSTEM, to=JobState.FAILED, allowed=(JobState.RUNNING,), verb="việc chạy nền lỗi",
            message=error[:500], finished_at=now, updated_at=now,
        )  # fmt: skip
    else:
        changes.transition(
            job, actor=SYSTEM, to=JobState.DONE, allowed=(JobState.RUNNING,), verb="xong việc chạy nền",
            progress=100, message="" if file_path else job.message, file_path=file_path, finished_at=now, updated_at=now,
        )  # fmt: skip
    return True


def job_run(*, job_id: int) -> None:
    """Run a queued job: its runner reports progress, its file is written whole, then it is done.

    Not one transaction: progress must be visible while the work runs. Any error fails the job
    with a message the owner reads; the file appears only complete (files.write_whole).
    """
    job = _job_begin(job_id)
    if job is None:
        return
    try:

        def report(percent: int, message: str = "") -> None:
            job_report(job_id=job_id, progress=percent, message=message)

        data = runner_of(job.kind)(job, report)
        name = files.write_whole(job.pk, data, job.file_name.rsplit(".", 1)[-1]) if data is not None else ""
    except ServiceError as exc:
        _job_finish(job_id, error=str(exc.message))
        return
    except Exception:
        logger.exception("job %s failed", job_id)
        _job_finish(job_id, error=_("Có lỗi khi chạy việc này; hãy chạy lại hoặc báo quản trị hệ thống."))
        return
    if not _job_finish(job_id, file_path=name):
        files.remove(name)


@transaction.atomic
def jobs_fail_stale(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Fail the running jobs whose worker stopped reporting (killed, machine restarted)."""
    access.check_actor(actor)
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.THIDUA_JOB_STALE_MINUTES)
    stale = Job.objects.select_related("unit").filter(state=JobState.RUNNING, updated_at__lt=cutoff)
    count = 0
    for job in stale.select_for_update():
        access.require_actor(actor, KINDS[job.kind].action, job.unit)
        changes.transition(
            job, actor=actor, to=JobState.FAILED, allowed=(JobState.RUNNING,), verb="việc chạy nền bị treo",
            message=str(STALE_MESSAGE), finished_at=now,
        )  # fmt: skip
        count += 1
    return count


@transaction.atomic
def jobs_clean_expired(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Delete finished jobs older than THIDUA_JOB_KEEP_DAYS with their files, and the temporary
    files of writes that never finished. Scheduled runs (with a key) are kept: they make
    `thidua cron` idempotent."""
    access.check_actor(actor)
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.THIDUA_JOB_KEEP_DAYS)
    count = 0
    for job in Job.objects.select_related("unit").filter(finished_at__lt=cutoff, key=""):
        access.require_actor(actor, KINDS[job.kind].action, job.unit)
        name = job.file_path
        changes.delete(job, actor=actor, verb="xóa việc chạy nền hết hạn")
        transaction.on_commit(functools.partial(files.remove, name))
        count += 1
    stale_seconds = settings.THIDUA_JOB_STALE_MINUTES * 60
    for part in files.leftover_parts(older_than=time.time() - stale_seconds):
        part.unlink(missing_ok=True)
    return count
