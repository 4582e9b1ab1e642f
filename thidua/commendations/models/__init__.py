"""Commendation: the award catalogue and its rules, nominations, the council and its secret
ballot, public notice, decisions, certificates, money and annulment. The models live in modules
along those seams and are all re-exported here.

Glossary: AwardType = danh hiệu / hình thức khen thưởng; Nomination = đề nghị khen thưởng;
Session = phiên họp Hội đồng TĐKT; Ballot = phiếu bầu kín; Notice = công khai; Objection = ý kiến
phản ánh; Decision = quyết định khen thưởng; Award = một lượt được khen (dòng của phụ lục
quyết định, kèm giấy chứng nhận); TaskRating = xếp loại hoàn thành nhiệm vụ; Initiative = sáng
kiến; HistoryBatch = đợt nhập lịch sử khen thưởng; Discipline = kỷ luật / thanh tra / khiếu nại đang xem xét.

- `catalogue`: the award catalogue, base salary, local rule overrides, and the facts the
  eligibility check reads.
- `nominations`: nominations, their states and evidence.
- `council`: council members, sessions, attendance, ballots, paper counts and the tally.
- `notices`: public notices and objections.
- `decisions`: decisions, awards, money and annulment.
- `proposals`: a commune's dossier of proposals for the province's awards.
"""

from thidua.commendations.models.catalogue import (
    AwardLevel,
    AwardType,
    BaseSalary,
    Discipline,
    Initiative,
    RecipientKind,
    RoundingMode,
    RuleOverride,
    TaskRating,
    Timing,
)
from thidua.commendations.models.council import (
    Attendance,
    Ballot,
    BallotChoice,
    CouncilMember,
    CouncilRole,
    OpenVote,
    PaperCount,
    Participation,
    SealedBallot,
    Session,
    SessionState,
    TallyLine,
    TallyOutcome,
)
from thidua.commendations.models.decisions import (
    Award,
    Decision,
    new_verify_code,
)
from thidua.commendations.models.history import (
    HistoryBatch,
    HistoryBatchState,
    HistoryMatch,
    HistoryRow,
)
from thidua.commendations.models.nominations import (
    NOMINATION_EDITABLE,
    NOMINATION_RESUMES_TO,
    NOMINATION_RETURNABLE,
    NOMINATION_TAKES_EVIDENCE,
    NOMINATION_WITHDRAWABLE,
    Evidence,
    Nomination,
    NominationState,
    evidence_path,
)
from thidua.commendations.models.notices import (
    Notice,
    Objection,
)
from thidua.commendations.models.proposals import (
    PROPOSAL_EDITABLE,
    PROPOSAL_STEPS,
    PROPOSAL_WAITING,
    Proposal,
    ProposalState,
)

__all__ = [
    "Attendance",
    "Award",
    "AwardLevel",
    "AwardType",
    "Ballot",
    "BallotChoice",
    "BaseSalary",
    "CouncilMember",
    "CouncilRole",
    "Decision",
    "Discipline",
    "Evidence",
    "HistoryBatch",
    "HistoryBatchState",
    "HistoryMatch",
    "HistoryRow",
    "Initiative",
    "NOMINATION_EDITABLE",
    "NOMINATION_RESUMES_TO",
    "NOMINATION_RETURNABLE",
    "NOMINATION_TAKES_EVIDENCE",
    "NOMINATION_WITHDRAWABLE",
    "Nomination",
    "NominationState",
    "Notice",
    "Objection",
    "OpenVote",
    "PaperCount",
    "PROPOSAL_EDITABLE",
    "PROPOSAL_STEPS",
    "PROPOSAL_WAITING",
    "Proposal",
    "ProposalState",
    "Participation",
    "SealedBallot",
    "RecipientKind",
    "RoundingMode",
    "RuleOverride",
    "Session",
    "SessionState",
    "TallyLine",
    "TallyOutcome",
    "TaskRating",
    "Timing",
    "evidence_path",
    "new_verify_code",
]
