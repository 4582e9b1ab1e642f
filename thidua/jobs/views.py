"""A job's page with its progress bar (htmx polls the small partial), its download, its retry;
and `offer_or_start`, with which a domain view sends large work to the queue."""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from thidua import access
from thidua.jobs import files, services
from thidua.jobs.kinds import KINDS
from thidua.jobs.models import Job, JobState
from thidua.lib.errors import ServiceError, show_error
from thidua.units.models import Unit

JOB_QS = Job.objects.select_related("unit")


def _job(request, pk: int) -> Job:
    return access.get_owned(request.user, JOB_QS, lambda job: KINDS[job.kind].action, pk=pk)


def offer_or_start(request, *, kind: str, unit: Unit, params: dict, file_name: str, size: int):
    """For a download too large to make during the request: GET shows what will be prepared and
    a button; POST queues the job and goes to its page."""
    if request.method != "POST":
        return render(request, "jobs/offer.html", {"kind": kind, "size": size, "file_name": file_name})
    try:
        job = services.job_start(actor=request.user, kind=kind, unit=unit, params=params, file_name=file_name)
    except ServiceError as exc:
        show_error(request, exc)
        return redirect(request.path)
    return redirect("jobs:detail", job.pk)


@require_GET
def job_detail(request, pk: int):
    return render(request, "jobs/detail.html", {"job": _job(request, pk), "State": JobState})


@require_GET
def job_progress(request, pk: int):
    return render(request, "jobs/detail.html#progress", {"job": _job(request, pk), "State": JobState})


@require_GET
def job_download(request, pk: int):
    """The file, only once the job is done and the file complete (written whole, then renamed)."""
    job = _job(request, pk)
    path = files.path_of(job.file_path) if job.state == JobState.DONE else None
    if path is None:
        raise Http404
    content_type = mimetypes.guess_type(job.file_name)[0] or "application/octet-stream"
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=job.file_name, content_type=content_type
    )


@require_POST
def job_retry(request, pk: int):
    job = _job(request, pk)
    try:
        services.job_retry(actor=request.user, job=job)
    except ServiceError as exc:
        show_error(request, exc)
    return redirect("jobs:detail", job.pk)
