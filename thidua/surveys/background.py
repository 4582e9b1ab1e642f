"""Survey work run by the task queue (see thidua/jobs): the export of every response."""

from django.utils.translation import gettext as _

from thidua.surveys import exports
from thidua.surveys.models import Survey


def responses_xlsx(job, report) -> bytes:
    survey = Survey.objects.get(pk=job.params["survey"])

    def rows(done: int, total: int) -> None:
        report(done * 95 // total, _("Đã ghi %(done)s/%(total)s phiếu") % {"done": done, "total": total})

    return exports.responses_xlsx(survey, progress=rows)
