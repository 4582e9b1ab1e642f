"""Commendation work run by the task queue (see thidua/jobs): all certificates of a decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.commendations import papers
from thidua.commendations.models import Decision
from thidua.lib.errors import ServiceError


def certificates_pdf(job, report) -> bytes:
    """The certificates PDF of `job.params["decision"]`; their QR codes point at `base_url`."""
    decision = Decision.objects.select_related("commune").get(pk=job.params["decision"])
    base = job.params["base_url"].rstrip("/")
    certs = papers.decision_certificates(
        decision, verify_url=lambda code: base + reverse("commendations:verify", args=[code])
    )
    if not certs:
        raise ServiceError(_("Quyết định không có giấy khen nào để in."))

    def pages(done: int, total: int) -> None:
        # Writing the pages is most of the work; Typst's compilation is the last stretch.
        report(done * 80 // total, _("Đã soạn %(done)s/%(total)s giấy khen") % {"done": done, "total": total})

    return papers.certificates_pdf(certs, progress=pages)
