"""Commendation work run by the task queue (see thidua/jobs): all certificates of a decision, in
one PDF or as a zip of one PDF each."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.commendations import papers
from thidua.commendations.models import Decision
from thidua.lib.errors import ServiceError


def _certificates(job) -> list[papers.CertificateData]:
    """The certificates of `job.params["decision"]`; their QR codes point at `base_url`."""
    decision = Decision.objects.select_related("commune").get(pk=job.params["decision"])
    base = job.params["base_url"].rstrip("/")
    certs = papers.decision_certificates(
        decision, verify_url=lambda code: base + reverse("commendations:verify", args=[code])
    )
    if not certs:
        raise ServiceError(_("Quyết định không có giấy khen nào để in."))
    return certs


def _told(report, share: int):
    """A progress callback for `done` of `total` certificates filling `share` percent of the bar."""

    def progress(done: int, total: int) -> None:
        report(
            done * share // total, _("Đã soạn %(done)s/%(total)s giấy khen") % {"done": done, "total": total}
        )

    return progress


def certificates_pdf(job, report) -> bytes:
    # Writing the pages is most of the work; Typst's compilation is the last stretch.
    return papers.certificates_pdf(_certificates(job), progress=_told(report, 80))


def certificates_zip(job, report) -> bytes:
    # Each certificate is compiled as it is counted: the count is the work.
    return papers.certificates_zip(_certificates(job), progress=_told(report, 99))
