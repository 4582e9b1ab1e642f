"""Proposals up the chain: a commune proposes its people and collectives for the province's awards
with the dossier the law sets (Decree 152/2025): the commune's Tờ trình (Mẫu 01), an achievement
report per line (typed, uploaded as evidence, or printed from the data), the minutes of the commune
council's meeting. The province (its officer at the Sở Nội vụ, standing body of the provincial
council) receives it or returns it with a reason, appraises it within 20 working days of the
complete dossier (`thidua.lib.workdays`), puts its lines before the provincial council (an ordinary
session and secret ballot of the province's council), and the province chairman signs an ordinary
decision of the province.

Each line is a `Nomination` whose deciding unit (`commune`) is the province and whose proposing unit
(`unit`) is the commune. The nomination services do the steps they already know (accept, check,
agenda); this module moves the dossier and its lines together.
"""

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import SYSTEM, Action, Actor
from thidua.accounts.models import Role, User
from thidua.audit import changes
from thidua.commendations import eligibility
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import (
    Award,
    AwardLevel,
    AwardType,
    Decision,
    Nomination,
    Proposal,
    ProposalState,
    RecipientKind,
    Session,
    SessionState,
)
from thidua.commendations.models.proposals import PROPOSAL_EDITABLE, PROPOSAL_WAITING
from thidua.commendations.papers.proposal import proposal_submission
from thidua.commendations.services._common import S, issue_paper, move
from thidua.commendations.services.nominations import _recipient, _refuse_title_held
from thidua.documents.models import Document
from thidua.files import content
from thidua.files.services import stored_file_create
from thidua.lib import workdays
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_date_short
from thidua.notifications.models import Kind as NotificationKind
from thidua.notifications.services import notify
from thidua.people.models import Household, Person
from thidua.units.models import Unit, UnitKind

P = ProposalState
# Lines of a proposal that still count (a line not passed or withdrawn is history).
LIVE_LINE_STATES = tuple(s for s in S if s not in (S.WITHDRAWN, S.NOT_PASSED))
# Lines of a dossier before the council that still wait for a vote or a decision.
LINES_PENDING = (S.CHECKED, S.SUSPENDED, S.IN_SESSION, S.PASSED, S.NOTICED)
REASON_REQUIRED = "reason_required"


def _moved(proposal: Proposal, **fields: object) -> Proposal:
    return changes.transition(proposal, noun=_("hồ sơ đề nghị"), unit=proposal.commune, **fields)  # type: ignore[arg-type]


def _locked(proposal: Proposal) -> Proposal:
    """The proposal read again under a row lock: two requests at once queue here, the second sees
    the first one's state."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("commune", "province")
        .get(pk=proposal.pk)
    )


def _lines(proposal: Proposal) -> list[Nomination]:
    return list(
        proposal.nominations.filter(state__in=LIVE_LINE_STATES)
        .select_related("award_type", "person__unit", "household__hamlet", "unit", "collective")
        .order_by("recipient_kind", "recipient_name", "id")
    )


def appraisal_workdays(province: Unit, on: dt.date) -> int:
    return int(rules_mod.settings_for(province, on).get("appraisal_workdays", 20))


def yearly_deadline(province: Unit, year: int) -> dt.date:
    """The province's yearly deadline for the communes' dossiers (setting `proposal_deadline`,
    "MM-DD", e.g. "12-10"; changed by a RuleOverride on the province)."""
    value = str(rules_mod.settings_for(province, dt.date(year, 1, 1)).get("proposal_deadline", "12-10"))
    month, day = (int(x) for x in value.split("-"))
    return dt.date(year, month, day)


def days_late(proposal: Proposal, sent_on: dt.date) -> int:
    """Days after the province's yearly deadline for the proposal's year a dossier sent on `sent_on`
    is: 0 on the deadline day or before. A late dossier is received all the same (the province
    decides what to do with it); its lateness is shown to the province's officers."""
    return max(0, (sent_on - yearly_deadline(proposal.province, proposal.year)).days)


# --- the commune ---------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: Actor,
    commune: Unit,
    year: int,
    title: str = "",
    form_key: uuid.UUID | str | None = None,
    is_sample: bool = False,
) -> Proposal:
    """A draft dossier of the commune for the province's awards. The form's key makes a double
    click or a second request of the same form one proposal (the one already made is returned)."""
    access.require_actor(actor, Action.PROPOSAL_SEND, commune)
    if commune.kind != UnitKind.COMMUNE:
        raise ServiceError(_("Chỉ xã, phường lập hồ sơ đề nghị lên tỉnh."), field="commune")
    province = rules_mod.province_of(commune)
    if province is None:
        raise ServiceError(_("Xã này không thuộc tỉnh nào trong hệ thống."), field="commune")
    if not 2000 <= year <= 2100:
        raise ServiceError(_("Năm xét không hợp lệ."), field="year")
    key = uuid.UUID(str(form_key)) if form_key else uuid.uuid4()
    existing = Proposal.objects.filter(form_key=key).first()
    if existing is not None:
        if existing.commune_id != commune.pk:
            raise ServiceError(_("Biểu mẫu này đã được dùng."), code="form_reused")
        return existing
    proposal = Proposal(
        commune=commune,
        province=province,
        year=year,
        title=title.strip() or _("Đề nghị khen thưởng cấp tỉnh năm %(year)s") % {"year": year},
        form_key=key,
        created_by=access.user_of(actor),
        is_sample=is_sample,
    )
    try:
        with transaction.atomic():
            return changes.create(proposal, actor=actor, unit=commune, verb="lập hồ sơ đề nghị lên tỉnh")
    except IntegrityError:
        # The same form sent twice at the same moment: the other request made it.
        return Proposal.objects.get(form_key=key)


def _require_editable(proposal: Proposal) -> None:
    if proposal.state not in PROPOSAL_EDITABLE:
        raise ServiceError(
            _("Hồ sơ đã gửi tỉnh; chỉ sửa được khi đang lập hoặc bị trả lại."), code="not_editable"
        )


@transaction.atomic
def proposal_line_add(
    *,
    actor: Actor,
    proposal: Proposal,
    award_type: AwardType,
    achievement: str,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
) -> Nomination:
    """Propose one person, collective or household of the commune for one of the province's awards."""
    access.require_actor(actor, Action.PROPOSAL_SEND, proposal.commune)
    proposal = _locked(proposal)
    _require_editable(proposal)
    if award_type.level != AwardLevel.PROVINCE or not award_type.active:
        raise ServiceError(_("Chọn một danh hiệu, hình thức khen thưởng cấp tỉnh."), field="award_type")
    kind = award_type.recipient_kind
    person = person if kind == RecipientKind.INDIVIDUAL else None
    collective = collective if kind == RecipientKind.COLLECTIVE else None
    household = household if kind == RecipientKind.HOUSEHOLD else None
    name = _recipient(actor, kind, person, collective, household, proposal.commune)
    if not achievement.strip():
        raise ServiceError(_("Nhập tóm tắt thành tích."), field="achievement")
    twin = Nomination.objects.filter(
        commune=proposal.province,
        award_type=award_type,
        year=proposal.year,
        person=person,
        collective=collective,
        household=household,
        state__in=LIVE_LINE_STATES,
    ).first()
    if twin is not None:
        raise ServiceError(
            _("%(name)s đã có trong một hồ sơ đề nghị %(award)s năm %(year)s.")
            % {"name": name, "award": award_type.name, "year": proposal.year},
            field="award_type",
            code="already_proposed",
        )
    nomination = Nomination(
        commune=proposal.province,
        unit=proposal.commune,
        proposal=proposal,
        award_type=award_type,
        year=proposal.year,
        recipient_kind=kind,
        person=person,
        collective=collective,
        household=household,
        recipient_name=name,
        achievement=achievement.strip(),
        created_by=access.user_of(actor),
        is_sample=proposal.is_sample,
    )
    _refuse_title_held(nomination)
    return changes.create(nomination, actor=actor, unit=proposal.commune, verb="đề nghị khen thưởng cấp tỉnh")


@transaction.atomic
def proposal_line_remove(*, actor: Actor, nomination: Nomination) -> None:
    """Take a line out of a dossier still with the commune."""
    proposal = nomination.proposal
    if proposal is None:
        raise ServiceError(_("Đề nghị này không thuộc hồ sơ nào."))
    access.require_actor(actor, Action.PROPOSAL_SEND, proposal.commune)
    _require_editable(_locked(proposal))
    changes.delete(nomination, actor=actor, unit=proposal.commune, verb="bỏ khỏi hồ sơ đề nghị")


@transaction.atomic
def proposal_minutes_attach(*, actor: Actor, proposal: Proposal, file) -> Proposal:
    """The minutes of the commune council's meeting that reviewed the lines (a scan or a file)."""
    access.require_actor(actor, Action.PROPOSAL_SEND, proposal.commune)
    proposal = _locked(proposal)
    _require_editable(proposal)
    stored = stored_file_create(actor=actor, upload=file, allowed=content.EVIDENCE, unit=proposal.commune)
    return changes.update(
        proposal,
        actor=actor,
        unit=proposal.commune,
        verb="đính kèm biên bản họp Hội đồng xã",
        minutes_file=stored,
    )


@transaction.atomic
def proposal_submission_issue(
    *, actor: Actor, proposal: Proposal, date: dt.date | None = None, signer_name: str = ""
) -> Document:
    """Issue the commune's Tờ trình (Mẫu 01) from the commune's register. A dossier returned by the
    province may be given a new Tờ trình after its lines changed."""
    access.require_actor(actor, Action.PROPOSAL_SEND, proposal.commune)
    caller, proposal = proposal, _locked(proposal)
    _require_editable(proposal)
    if proposal.submission_document_id and proposal.state == P.DRAFT:
        raise ServiceError(_("Tờ trình đã được ban hành."), code="already_issued")
    lines = _lines(proposal)
    if not lines:
        raise ServiceError(_("Hồ sơ chưa có ai được đề nghị."))
    date = date or timezone.localdate()
    document = issue_paper(
        actor=actor,
        record=proposal,
        field="submission_document",
        unit=proposal.commune,
        model=proposal_submission(proposal, lines, date=date, signer_name=signer_name),
        symbol="TTr-UBND",
        date=date,
        verb="ban hành tờ trình đề nghị khen thưởng cấp tỉnh",
        authority=Action.PROPOSAL_SEND,
    )
    caller.refresh_from_db()
    return document


def dossier_missing(proposal: Proposal, lines: list[Nomination] | None = None) -> list[str]:
    """What the dossier still lacks for the commune to send it (empty when complete)."""
    lines = _lines(proposal) if lines is None else lines
    missing = []
    if not lines:
        missing.append(_("danh sách đề nghị"))
    if not proposal.submission_document_id:
        missing.append(_("tờ trình (Mẫu 01)"))
    if not proposal.minutes_file_id:
        missing.append(_("biên bản họp Hội đồng Thi đua – Khen thưởng xã"))
    for line in lines:
        if not line.achievement.strip():
            missing.append(_("báo cáo thành tích của %(name)s") % {"name": line.recipient_name})
    return missing


# The audit entry of a sending names who sent the dossier (`_sender`).
SENT_VERB = "gửi hồ sơ đề nghị lên tỉnh"


@transaction.atomic
def proposal_submit(*, actor: Actor, proposal: Proposal, today: dt.date | None = None) -> Proposal:
    """Send the complete dossier to the province (again, after a return). Sending a dossier that is
    already on its way changes nothing: two clicks, two tabs or two requests send it once."""
    access.require_actor(actor, Action.PROPOSAL_SEND, proposal.commune)
    caller, proposal = proposal, _locked(proposal)
    if proposal.state in PROPOSAL_WAITING:
        caller.refresh_from_db()
        return caller
    _require_editable(proposal)
    lines = _lines(proposal)
    missing = dossier_missing(proposal, lines)
    if missing:
        raise ServiceError(
            _("Hồ sơ chưa đủ: còn thiếu %(list)s.") % {"list": "; ".join(missing)}, code="incomplete"
        )
    for line in lines:
        move(
            line,
            actor=actor,
            to=S.SUBMITTED,
            allowed=(S.DRAFT, S.RETURNED),
            verb="gửi đề nghị lên tỉnh",
            return_reason="",
        )
    today = today or timezone.localdate()
    # Lateness is the first sending's: a dossier the province returned is not late for coming back.
    late = {"late_days": days_late(proposal, today)} if proposal.state == P.DRAFT else {}
    _moved(
        proposal,
        actor=actor,
        to=P.RESUBMITTED if proposal.state == P.RETURNED else P.SUBMITTED,
        allowed=PROPOSAL_EDITABLE,
        verb=SENT_VERB,
        submitted_on=today,
        **late,
    )
    text = _("%(commune)s gửi hồ sơ “%(title)s” ngày %(date)s.") % {
        "commune": proposal.commune.name,
        "title": proposal.title,
        "date": format_date_short(proposal.submitted_on),
    }
    if late.get("late_days"):
        text += " " + _("Hồ sơ gửi sau hạn %(days)s ngày (hạn %(deadline)s).") % {
            "days": proposal.late_days,
            "deadline": format_date_short(yearly_deadline(proposal.province, proposal.year)),
        }
    _tell(proposal, proposal.province, text)
    caller.refresh_from_db()
    return caller


# --- the province --------------------------------------------------------------------------


@transaction.atomic
def proposal_return(
    *, actor: Actor, proposal: Proposal, reason: str, today: dt.date | None = None
) -> Proposal:
    """The province returns an incomplete or wrong dossier with the reason; the commune completes it
    and sends it again."""
    access.require_actor(actor, Action.PROPOSAL_RECEIVE, proposal.province)
    if not reason.strip():
        raise ServiceError(
            _("Nhập lý do trả lại để xã biết cần bổ sung, hoàn thiện gì."),
            field="reason",
            code=REASON_REQUIRED,
        )
    caller, proposal = proposal, _locked(proposal)
    allowed = (*PROPOSAL_WAITING, P.RECEIVED)
    if proposal.state not in allowed:
        _moved(
            proposal, actor=actor, to=P.RETURNED, allowed=allowed, verb="trả lại hồ sơ"
        )  # refuses, naming the state
    for line in _lines(proposal):
        move(
            line,
            actor=actor,
            to=S.RETURNED,
            allowed=(S.SUBMITTED, S.ACCEPTED),
            verb="tỉnh trả lại đề nghị",
            return_reason=reason.strip(),
        )
    _moved(
        proposal,
        actor=actor,
        to=P.RETURNED,
        allowed=allowed,
        verb="trả lại hồ sơ",
        return_reason=reason.strip(),
        returned_on=today or timezone.localdate(),
        received_on=None,
        appraisal_due=None,
    )
    _tell(
        proposal,
        proposal.commune,
        _("Tỉnh trả lại hồ sơ “%(title)s” ngày %(date)s: %(reason)s")
        % {
            "title": proposal.title,
            "date": format_date_short(proposal.returned_on),
            "reason": proposal.return_reason,
        },
        kind=NotificationKind.PROPOSAL_RETURNED,
        also=_sender(proposal),
    )
    caller.refresh_from_db()
    return caller


@transaction.atomic
def proposal_receive(*, actor: Actor, proposal: Proposal, today: dt.date | None = None) -> Proposal:
    """The province finds the dossier complete and receives it: the appraisal time limit (20 working
    days by default, setting `appraisal_workdays`) runs from the next working day."""
    access.require_actor(actor, Action.PROPOSAL_RECEIVE, proposal.province)
    caller, proposal = proposal, _locked(proposal)
    today = today or timezone.localdate()
    if proposal.state in PROPOSAL_WAITING:
        for line in _lines(proposal):
            move(line, actor=actor, to=S.ACCEPTED, allowed=(S.SUBMITTED,), verb="tỉnh tiếp nhận đề nghị")
    _moved(
        proposal,
        actor=actor,
        to=P.RECEIVED,
        allowed=PROPOSAL_WAITING,
        verb="tiếp nhận hồ sơ",
        received_on=today,
        appraisal_due=workdays.add_workdays(today, appraisal_workdays(proposal.province, today)),
        return_reason="",
    )
    _tell(
        proposal,
        proposal.commune,
        _("Tỉnh đã tiếp nhận đủ hồ sơ “%(title)s” ngày %(date)s; hạn thẩm định %(due)s.")
        % {
            "title": proposal.title,
            "date": format_date_short(today),
            "due": format_date_short(proposal.appraisal_due),
        },
    )
    caller.refresh_from_db()
    return caller


@transaction.atomic
def proposal_appraise(
    *, actor: Actor, proposal: Proposal, note: str = "", today: dt.date | None = None
) -> Proposal:
    """Appraise every line by the eligibility rules of its award; a failing rule blocks the step
    (the province returns the dossier instead), a pending case suspends the line."""
    access.require_actor(actor, Action.PROPOSAL_RECEIVE, proposal.province)
    caller, proposal = proposal, _locked(proposal)
    if proposal.state != P.RECEIVED:
        _moved(proposal, actor=actor, to=P.APPRAISED, allowed=(P.RECEIVED,), verb="thẩm định hồ sơ")
    lines = _lines(proposal)
    failed = []
    results = {}
    for line in lines:
        checks = eligibility.evaluate(line)
        failed += [f"{line.recipient_name}: {c.label} – {c.explanation}" for c in checks if c.failed]
        results[line.pk] = checks
    if failed:
        raise ServiceError(
            _("Không đạt tiêu chuẩn: %(list)s. Trả lại hồ sơ để xã hoàn thiện.")
            % {"list": "; ".join(failed)},
            code="not_eligible",
        )
    for line in lines:
        checks = results[line.pk]
        suspended = any(c.suspended for c in checks)
        move(
            line,
            actor=actor,
            to=S.SUSPENDED if suspended else S.CHECKED,
            allowed=(S.ACCEPTED,),
            verb="tỉnh tạm hoãn xét khen" if suspended else "tỉnh thẩm định đề nghị",
            check_result=eligibility.as_json(checks),
            **({"resume_state": S.CHECKED} if suspended else {}),
        )
    _moved(
        proposal,
        actor=actor,
        to=P.APPRAISED,
        allowed=(P.RECEIVED,),
        verb="thẩm định hồ sơ",
        appraisal_note=note.strip(),
        appraised_on=today or timezone.localdate(),
    )
    caller.refresh_from_db()
    return caller


@transaction.atomic
def proposal_to_council(*, actor: Actor, proposal: Proposal, session: Session) -> Proposal:
    """Put the appraised lines on the agenda of a session of the provincial council. A dossier
    already before the council comes again with the lines taken up after their suspension (their
    case closed), to this or a later session; the dossier then follows that session."""
    from thidua.commendations.services.sessions import session_agenda_add

    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    caller, proposal = proposal, _locked(proposal)
    if session.commune_id != proposal.province_id:
        raise ServiceError(_("Chọn một phiên họp của Hội đồng Thi đua – Khen thưởng tỉnh."), field="session")
    if proposal.state not in (P.APPRAISED, P.IN_COUNCIL):
        _moved(proposal, actor=actor, to=P.IN_COUNCIL, allowed=(P.APPRAISED,), verb="trình Hội đồng tỉnh")
    checked = [n for n in _lines(proposal) if n.state == S.CHECKED]
    if not checked:
        raise ServiceError(_("Hồ sơ không còn đề nghị nào đã thẩm định để trình Hội đồng."))
    session_agenda_add(actor=actor, session=session, nominations=checked)
    if proposal.state == P.IN_COUNCIL:
        changes.update(
            proposal,
            actor=actor,
            unit=proposal.commune,
            verb="trình Hội đồng tỉnh trường hợp hết tạm hoãn",
            session=session,
        )
    else:
        _moved(
            proposal,
            actor=actor,
            to=P.IN_COUNCIL,
            allowed=(P.APPRAISED,),
            verb="trình Hội đồng tỉnh",
            session=session,
        )
    caller.refresh_from_db()
    return caller


@transaction.atomic
def proposal_decision_create(*, actor: Actor, session: Session, title: str = "") -> Decision:
    """The province's draft decision for the lines its council passed in a closed session (the
    province's awards have no public notice period). Refused before the council has voted."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.commune)
    session = Session.objects.select_for_update(of=("self",)).select_related("commune").get(pk=session.pk)
    if session.commune.kind != UnitKind.PROVINCE:
        raise ServiceError(_("Phiên họp này không phải của Hội đồng tỉnh."))
    if session.state != SessionState.CLOSED:
        raise ServiceError(
            _("Hội đồng chưa bỏ phiếu xong: chưa ra quyết định được."), code="council_not_voted"
        )
    passed = list(
        # Passed, or put on a public list from the session's page (the province may publish one).
        Nomination.objects.filter(
            session=session, proposal__isnull=False, state__in=(S.PASSED, S.NOTICED), award__isnull=True
        )
        .select_related("award_type")
        .order_by("recipient_kind", "recipient_name", "id")
    )
    if not passed:
        if Decision.objects.filter(session=session).exists():
            raise ServiceError(_("Quyết định của phiên họp này đã được dự thảo."), code="already_drafted")
        raise ServiceError(_("Không có đề nghị nào được Hội đồng thông qua."))
    decision = Decision(
        commune=session.commune,
        session=session,
        year=session.year,
        is_sample=session.is_sample,
        title=title
        or _("Về việc tặng thưởng Bằng khen, danh hiệu thi đua cấp tỉnh năm %(year)s")
        % {"year": session.year},
    )
    changes.create(
        decision, actor=actor, unit=session.commune, verb="dự thảo quyết định khen thưởng cấp tỉnh"
    )
    Award.objects.bulk_create(
        Award(
            award_type=n.award_type,
            year=n.year,
            commune=n.commune,
            recipient_kind=n.recipient_kind,
            person=n.person,
            collective=n.collective,
            household=n.household,
            recipient_name=n.recipient_name,
            nomination=n,
            decision=decision,
            is_sample=n.is_sample,
        )
        for n in passed
    )
    for proposal in Proposal.objects.filter(nominations__in=passed).distinct():
        changes.update(
            proposal, actor=actor, unit=proposal.commune, verb="dự thảo quyết định", decision=decision
        )
    return decision


def proposals_settle(*, actor: Actor, decision: Decision) -> int:
    """After the province chairman signs: every proposal of the decision's session whose lines are
    all voted on is decided. Called inside `decision_sign`'s transaction."""
    if decision.session_id is None:
        return 0
    settled = 0
    for proposal in (
        Proposal.objects.filter(nominations__session_id=decision.session_id, state=P.IN_COUNCIL)
        .select_related("commune")
        .distinct()
    ):
        # A line still suspended, or taken up again and waiting for the council, keeps the dossier open.
        open_lines = proposal.nominations.filter(state__in=LINES_PENDING).exists()
        if not open_lines:
            _moved(
                proposal,
                actor=actor,
                to=P.DECIDED,
                allowed=(P.IN_COUNCIL,),
                verb="có quyết định khen thưởng",
                decision=decision,
            )
            _tell(
                proposal,
                proposal.commune,
                _("Hồ sơ “%(title)s” đã có quyết định khen thưởng số %(number)s.")
                % {"title": proposal.title, "number": decision.number_label},
            )
            settled += 1
    return settled


# The province's states in which a dossier may end with nothing left to award.
CLOSABLE = (P.SUBMITTED, P.RESUBMITTED, P.RECEIVED, P.APPRAISED, P.IN_COUNCIL)
# Lines that are over without an award.
LINES_ENDED = (S.NOT_PASSED, S.WITHDRAWN)


def proposals_close_if_none_left(
    *, actor: Actor, proposals: list[Proposal], reason: str, today: dt.date | None = None
) -> int:
    """End with no award each dossier (with the province) whose every line was voted down, refused
    at appraisal or withdrawn: state closed, the date and the reason, the commune told. Called
    inside the transaction of the step that ended the last line (`session_close`,
    `session_tie_resolve`, `proposal_line_refuse`, `nomination_withdraw`). Returns how many ended."""
    closed = 0
    for pk in sorted({p.pk for p in proposals}):
        proposal = _locked(Proposal(pk=pk))
        if proposal.state not in CLOSABLE:
            continue
        lines = proposal.nominations.all()
        if proposal.state == P.IN_COUNCIL and not lines.filter(state__in=LINES_PENDING).exists():
            # The last line left waiting (suspended, then voted down or withdrawn) has ended and an
            # earlier line was awarded: the dossier is decided by that award's decision.
            award = Award.objects.filter(nomination__proposal=proposal).order_by("-decision_id").first()
            if award is not None:
                _moved(
                    proposal,
                    actor=actor,
                    to=P.DECIDED,
                    allowed=(P.IN_COUNCIL,),
                    verb="có quyết định khen thưởng",
                    decision=award.decision,
                )
                continue
        if not lines.exists() or lines.exclude(state__in=LINES_ENDED).exists():
            continue
        _moved(
            proposal,
            actor=actor,
            to=P.CLOSED,
            allowed=CLOSABLE,
            verb="kết thúc hồ sơ, không khen thưởng",
            closed_on=today or timezone.localdate(),
            close_reason=reason,
        )
        text = _("Hồ sơ “%(title)s” kết thúc, không có trường hợp nào được khen thưởng: %(reason)s") % {
            "title": proposal.title,
            "reason": reason,
        }
        _tell(proposal, proposal.commune, text)
        _tell(proposal, proposal.province, text)
        closed += 1
    return closed


@transaction.atomic
def proposal_line_refuse(
    *, actor: Actor, nomination: Nomination, reason: str, today: dt.date | None = None
) -> Nomination:
    """The province refuses one line at appraisal (it does not meet the award's standard), with the
    reason; the other lines go on. When no line is left the dossier ends with no award."""
    proposal = nomination.proposal
    if proposal is None:
        raise ServiceError(_("Đề nghị này không thuộc hồ sơ nào."))
    access.require_actor(actor, Action.PROPOSAL_RECEIVE, proposal.province)
    if not reason.strip():
        raise ServiceError(
            _("Nhập lý do không đề nghị khen thưởng trường hợp này."), field="reason", code=REASON_REQUIRED
        )
    proposal = _locked(proposal)
    if proposal.state != P.RECEIVED:
        raise ServiceError(_("Chỉ loại một trường hợp khi đang thẩm định hồ sơ."), code="not_appraising")
    line = move(
        nomination,
        actor=actor,
        to=S.NOT_PASSED,
        allowed=(S.ACCEPTED, S.SUSPENDED),
        verb="tỉnh thẩm định không đạt",
        return_reason=reason.strip(),
    )
    _tell(
        proposal,
        proposal.commune,
        _("Tỉnh thẩm định %(name)s (%(award)s) không đạt: %(reason)s")
        % {"name": line.recipient_name, "award": line.award_type.name, "reason": reason.strip()},
    )
    proposals_close_if_none_left(
        actor=actor,
        proposals=[proposal],
        reason=_("không trường hợp nào đạt khi thẩm định."),
        today=today,
    )
    return line


def _tell(
    proposal: Proposal,
    unit: Unit,
    text: str,
    kind: str = NotificationKind.PROPOSAL,
    also: list[User] | None = None,
) -> None:
    """A message about a step of the dossier to the officers of `unit` (the commune, or the
    province), and to `also`, in the step's transaction."""
    notify(
        actor=SYSTEM,
        recipients=[*(also or []), *_officers(unit)],
        kind=kind,
        text=text,
        link=reverse("commendations:proposal", args=[proposal.pk]),
        unit=unit,
    )


def _sender(proposal: Proposal) -> list[User]:
    """Who last sent the dossier to the province (the audit log keeps it): the commune's person
    told first when it comes back."""
    from thidua.audit.models import AuditEntry

    sent = (
        AuditEntry.objects.filter(
            model=proposal._meta.label_lower, object_id=str(proposal.pk), verb=SENT_VERB
        )
        .exclude(actor=None)
        .select_related("actor")
        .order_by("-id")
        .first()
    )
    return [sent.actor] if sent is not None and sent.actor is not None else []


# --- reminders (`thidua cron`) -------------------------------------------------------------

# Days before the yearly deadline when the communes that have sent nothing are reminded.
DEADLINE_REMINDER_DAYS = (10, 5, 1)
# Working days left of the appraisal limit from which the province's officers are reminded daily.
APPRAISAL_REMINDER_WORKDAYS = 5


def _officers(unit: Unit) -> list[User]:
    return list(
        User.objects.filter(grants__unit=unit, grants__role=Role.OFFICER, is_active=True)
        .distinct()
        .order_by("id")
    )


def _notify(users: list[User], text: str, link: str, unit: Unit, key: str, today: dt.date) -> int:
    """A reminder to each user, once a day (the key): a second run on the same day sends nothing."""
    return len(
        notify(
            actor=SYSTEM,
            recipients=users,
            kind=NotificationKind.PROPOSAL,
            text=text,
            link=link,
            unit=unit,
            key=key,
            today=today,
        )
    )


@transaction.atomic
def proposal_reminders_send(*, actor: Actor = SYSTEM, today: dt.date) -> int:
    """Remind the communes that have sent nothing as the province's yearly deadline nears, and the
    province's officers of dossiers whose appraisal limit is near or past. Idempotent per day."""
    access.check_actor(actor)
    sent = 0
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE)
    for province in provinces:
        deadline = yearly_deadline(province, today.year)
        days_left = (deadline - today).days
        if days_left in DEADLINE_REMINDER_DAYS:
            sent_from = set(
                Proposal.objects.filter(province=province, year=today.year)
                .exclude(state__in=PROPOSAL_EDITABLE)
                .values_list("commune_id", flat=True)
            )
            for commune in Unit.objects.filter(path__startswith=province.path, kind=UnitKind.COMMUNE).exclude(
                pk__in=sent_from
            ):
                text = _(
                    "Nhắc hồ sơ đề nghị khen thưởng cấp tỉnh năm %(year)s: hạn gửi %(province)s là ngày %(date)s (còn %(days)s ngày)."
                ) % {
                    "year": today.year,
                    "province": province.name,
                    "date": format_date_short(deadline),
                    "days": days_left,
                }
                sent += _notify(
                    _officers(commune),
                    text,
                    reverse("commendations:proposals"),
                    commune,
                    f"proposal-deadline:{province.pk}:{commune.pk}",
                    today,
                )
    for proposal in Proposal.objects.filter(state=P.RECEIVED, appraisal_due__isnull=False).select_related(
        "commune", "province"
    ):
        assert proposal.appraisal_due is not None
        left = workdays.workdays_between(today, proposal.appraisal_due)
        if left > APPRAISAL_REMINDER_WORKDAYS:
            continue
        if left < 0:
            text = _(
                "Hồ sơ “%(title)s” của %(commune)s đã quá hạn thẩm định %(late)s ngày làm việc (hạn %(date)s)."
            )
        else:
            text = _(
                "Hồ sơ “%(title)s” của %(commune)s còn %(left)s ngày làm việc để thẩm định (hạn %(date)s)."
            )
        text %= {
            "title": proposal.title,
            "commune": proposal.commune.name,
            "left": left,
            "late": -left,
            "date": format_date_short(proposal.appraisal_due),
        }
        sent += _notify(
            _officers(proposal.province),
            text,
            reverse("commendations:proposal", args=[proposal.pk]),
            proposal.province,
            f"appraisal:{proposal.pk}",
            today,
        )
    return sent
