"""What `thidua cron` does, in order; each step is idempotent and says what it did."""

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from thidua.access import SYSTEM
from thidua.jobs import services
from thidua.jobs.models import Job, JobKind


def send_reminders(today: dt.date) -> int:
    """Queue the overdue reminders of every launched or running movement with late reports, once
    per movement per day (the job's key)."""
    from thidua.movements.models import Movement, MovementState
    from thidua.movements.selectors import overdue_items

    started = 0
    movements = Movement.objects.select_related("unit").filter(
        state__in=(MovementState.LAUNCHED, MovementState.RUNNING)
    )
    for movement in movements:
        key = f"remind:{movement.pk}:{today.isoformat()}"
        if Job.objects.filter(key=key).exists() or not overdue_items(movement, today=today):
            continue
        services.job_start(
            actor=SYSTEM,
            kind=JobKind.REMINDERS,
            unit=movement.unit,
            params={"movement": movement.pk},
            key=key,
        )
        started += 1
    return started


def duties_overdue(today: dt.date) -> int:
    """The units whose duties of a running movement are past due and not done, told once a day."""
    from thidua.movements.services.figures import duties_remind

    return duties_remind(actor=SYSTEM, today=today)


def notices_ending(today: dt.date) -> int:
    """The commune's officers told of public lists whose objection period ends tomorrow or today
    (once a day per list)."""
    from thidua.commendations.services.notices import notices_ending_remind

    return notices_ending_remind(actor=SYSTEM, today=today)


def ballots_waiting(today: dt.date) -> int:
    """Council members present at an open electronic vote who have not voted, reminded once a day."""
    from thidua.commendations.services.sessions import ballots_remind

    return ballots_remind(actor=SYSTEM, today=today)


def digests(now: dt.datetime) -> int:
    """Each person's daily e-mail of unread notifications not mailed yet; at most one a day."""
    from thidua.notifications.digest import digests_send

    return digests_send(actor=SYSTEM, now=now)


def proposal_reminders(today: dt.date) -> int:
    """The communes reminded of the province's yearly deadline for proposals, and the province's
    officers of dossiers whose appraisal limit (working days) is near or past; once a day."""
    from thidua.commendations.services.proposals import proposal_reminders_send

    return proposal_reminders_send(actor=SYSTEM, today=today)


def archive_copies() -> int:
    """The PDF/A-2b copy of every numbered paper that has none yet (papers issued since the last
    run), each kept and its SHA-256 audited."""
    from thidua.archive.services import archive_copies_make

    return archive_copies_make(actor=SYSTEM)


def run_all(*, now: dt.datetime) -> Iterator[str]:
    today = timezone.localdate(now)
    yield f"reminders queued: {send_reminders(today)}"
    yield f"proposal reminders sent: {proposal_reminders(today)}"
    yield f"overdue duties (people told): {duties_overdue(today)}"
    yield f"notice periods ending (officers told): {notices_ending(today)}"
    yield f"open ballots (members reminded): {ballots_waiting(today)}"
    yield f"notification digests sent: {digests(now)}"
    yield f"archive copies made (PDF/A-2b): {archive_copies()}"
    yield f"stale jobs failed: {services.jobs_fail_stale(actor=SYSTEM, now=now)}"
    yield f"expired jobs removed: {services.jobs_clean_expired(actor=SYSTEM, now=now)}"
    yield from personal_data_purged(now)


def personal_data_purged(now: dt.datetime) -> Iterator[str]:
    """Personal data past its retention (privacy/retention.py), class by class, each audited."""
    from thidua.privacy.retention import purge_all

    for key, count in purge_all(actor=SYSTEM, now=now):
        yield f"personal data purged ({key}): {count}"
