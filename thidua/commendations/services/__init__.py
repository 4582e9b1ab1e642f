"""Every change to commendation records: one function per step, access-checked and audited.

Split along the domain's seams; import from here (`services.nomination_create`):

- `nominations`: draft, edit, evidence, send, receive, check (or suspend), resume, return, withdraw;
- `sessions`: council members, sessions, agenda, attendance, open, paper counts, close, tie, minutes;
- `ballots`: the ballot (quota rule, cast, count and the cut at the quota);
- `notices`: the public notice, its paper, citizens' objections;
- `decisions`: decisions, the Tờ trình, signing with money, annulment;
- `history_import`: award history read from past decisions' lists, matched, confirmed, undone;
- `proposals`: a commune's dossier for the province's awards, sent, returned, received, appraised,
  put before the provincial council and decided.

A service refuses an illegal move by raising `ServiceError` with a Vietnamese message; views show
it with `show_error`.
"""

from thidua.commendations.services.ballots import ballot_cast, ballot_problems, compute_tally
from thidua.commendations.services.decisions import (
    award_annul,
    compute_amounts,
    decision_create,
    decision_sign,
    decision_submission_issue,
)
from thidua.commendations.services.history_import import (
    history_batch_confirm,
    history_batch_create,
    history_batch_undo,
)
from thidua.commendations.services.nominations import (
    evidence_add,
    nomination_accept,
    nomination_check,
    nomination_create,
    nomination_resume,
    nomination_return,
    nomination_submit,
    nomination_update,
    nomination_withdraw,
    review_link,
)
from thidua.commendations.services.notices import (
    notice_document_issue,
    notice_publish,
    notices_ending_remind,
    objection_resolve,
    objection_submit,
)
from thidua.commendations.services.proposals import (
    proposal_appraise,
    proposal_create,
    proposal_decision_create,
    proposal_line_add,
    proposal_line_refuse,
    proposal_line_remove,
    proposal_minutes_attach,
    proposal_receive,
    proposal_reminders_send,
    proposal_return,
    proposal_submission_issue,
    proposal_submit,
    proposal_to_council,
)
from thidua.commendations.services.sessions import (
    ballot_remind,
    ballots_remind,
    council_member_add,
    paper_counts_confirm,
    paper_counts_enter,
    session_agenda_add,
    session_agenda_remove,
    session_attendance_set,
    session_close,
    session_create,
    session_minutes_issue,
    session_open,
    session_revote,
    session_tie_resolve,
)

__all__ = [
    "history_batch_confirm",
    "history_batch_create",
    "history_batch_undo",
    "award_annul",
    "ballot_cast",
    "ballot_remind",
    "ballots_remind",
    "ballot_problems",
    "compute_amounts",
    "compute_tally",
    "council_member_add",
    "decision_create",
    "decision_sign",
    "decision_submission_issue",
    "evidence_add",
    "nomination_accept",
    "nomination_check",
    "nomination_create",
    "nomination_resume",
    "nomination_return",
    "nomination_submit",
    "nomination_update",
    "nomination_withdraw",
    "notice_document_issue",
    "notice_publish",
    "notices_ending_remind",
    "objection_resolve",
    "objection_submit",
    "paper_counts_confirm",
    "proposal_appraise",
    "proposal_create",
    "proposal_decision_create",
    "proposal_line_add",
    "proposal_line_refuse",
    "proposal_line_remove",
    "proposal_minutes_attach",
    "proposal_receive",
    "proposal_reminders_send",
    "proposal_return",
    "proposal_submission_issue",
    "proposal_submit",
    "proposal_to_council",
    "paper_counts_enter",
    "review_link",
    "session_agenda_add",
    "session_agenda_remove",
    "session_attendance_set",
    "session_close",
    "session_revote",
    "session_create",
    "session_minutes_issue",
    "session_open",
    "session_tie_resolve",
]
