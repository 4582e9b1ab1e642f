"""Movement work run by the task queue (see thidua/jobs): the dashboard export, and the overdue
reminders `thidua cron` sends."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.access import SYSTEM
from thidua.movements import selectors, services, workbook
from thidua.movements.models import Movement


def dashboard_xlsx(job, report) -> bytes:
    movement = Movement.objects.select_related("unit").get(pk=job.params["movement"])
    report(5, _("Đang tính kết quả"))
    # The owner's rows only, as the page shows them (a commune does not see a sibling's rows).
    board = selectors.dashboard(
        movement, year=job.params.get("year"), today=timezone.localdate(), viewer=job.owner
    )
    report(60, _("Đang ghi tệp Excel"))
    buffer = io.BytesIO()
    workbook.dashboard_workbook(board).save(buffer)
    return buffer.getvalue()


def overdue_reminders(job, report) -> None:
    movement = Movement.objects.select_related("unit").get(pk=job.params["movement"])
    count = services.overdue_remind(actor=SYSTEM, movement=movement, today=timezone.localdate())
    report(99, _("Đã gửi %(count)s lời nhắc") % {"count": count})
    return None
