"""What each kind of job needs: the action that lets a person start and download it, and the
function that does the work, named by its dotted path so this app imports no domain app.

A runner is `run(job, report) -> bytes | None`: it reads `job.params`, calls
`report(percent, message)` as it goes, and returns the file's content (None for work that leaves
no file, such as reminders). New kinds (e-mail batches, audio bulletins) are one entry here and
one runner in the app whose domain they belong to.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from thidua.access import Action
from thidua.jobs.models import Job, JobKind

Report = Callable[[int, str], None]
Runner = Callable[[Job, Report], bytes | None]


@dataclass(frozen=True)
class Kind:
    action: Action
    runner: str


KINDS: dict[str, Kind] = {
    JobKind.CERTIFICATES_PDF: Kind(Action.VIEW, "thidua.commendations.background.certificates_pdf"),
    JobKind.CERTIFICATES_ZIP: Kind(Action.VIEW, "thidua.commendations.background.certificates_zip"),
    JobKind.SURVEY_RESPONSES: Kind(Action.SURVEY_RESULTS, "thidua.surveys.background.responses_xlsx"),
    JobKind.MOVEMENT_DASHBOARD: Kind(Action.VIEW, "thidua.movements.background.dashboard_xlsx"),
    JobKind.REMINDERS: Kind(Action.MOVEMENT_EDIT, "thidua.movements.background.overdue_reminders"),
    JobKind.BULLETIN_AUDIO: Kind(Action.BULLETIN_MANAGE, "thidua.examples.background.bulletin_audio"),
}


def runner_of(kind: str) -> Runner:
    return import_string(KINDS[kind].runner)
