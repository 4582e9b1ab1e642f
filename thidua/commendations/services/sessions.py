"""The council and its sessions: members, the agenda, attendance, opening the vote, the paper
ballot counts, closing with the tally, the chair's tie decision, and the minutes.

The ballot itself (cast, check, count) is in `ballots`.
"""

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record
from thidua.commendations import ballot_box, papers, selectors
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import (
    Attendance,
    CouncilMember,
    CouncilRole,
    Nomination,
    PaperCount,
    Participation,
    SealedBallot,
    Session,
    SessionState,
    TallyLine,
    TallyOutcome,
)
from thidua.commendations.services._common import S, issue_paper, move
from thidua.commendations.services.ballots import ballots_unseal, compute_tally
from thidua.commendations.services.nominations import review_link
from thidua.documents.models import Document
from thidua.lib.errors import ServiceError
from thidua.movements.models import ReviewPeriod
from thidua.notifications.models import Kind as NotificationKind
from thidua.notifications.services import notify
from thidua.units.models import Unit, UnitKind

PASSPHRASE_TOO_SHORT = gettext_lazy(
    "Đặt cụm mật khẩu hòm phiếu từ %(n)s ký tự trở lên (nên là vài từ dễ nhớ); "
    "Chủ tịch Hội đồng nhập lại cụm này khi kết thúc bỏ phiếu để mở phiếu."
)


@transaction.atomic
def council_member_add(
    *, actor: Actor, council: Unit, user: User, role: str = CouncilRole.MEMBER, full_name: str = ""
) -> CouncilMember:
    if council.kind != UnitKind.COUNCIL:
        raise ServiceError(_("Đơn vị được chọn không phải là hội đồng."))
    access.require_actor(actor, Action.COUNCIL_MANAGE, council)
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise ServiceError(_("Người này đã là thành viên hội đồng."))
    member = CouncilMember(
        council=council, user=user, role=role, full_name=full_name or user.full_name or user.get_username()
    )
    return changes.create(member, actor=actor, unit=council)


def _quorum_share(value: object) -> Fraction:
    try:
        return rules_mod.parse_share(value)
    except (ValueError, ZeroDivisionError) as exc:
        raise ServiceError(
            _("Tỷ lệ có mặt tối thiểu phải là một phân số như 2/3 hoặc một tỷ lệ phần trăm từ 1 đến 100."),
            field="quorum",
        ) from exc


@transaction.atomic
def session_create(
    *,
    actor: Actor,
    council: Unit,
    title: str,
    year: int,
    held_on: dt.date,
    paper: bool = False,
    quorum: Fraction | str | None = None,
    quota_individual: int | None = None,
    quota_collective: int | None = None,
    quota_household: int | None = None,
    review_period: ReviewPeriod | None = None,
    is_sample: bool = False,
) -> Session:
    """A council session; one "for a movement's review" takes the movement's quota per recipient
    kind for every quota left empty (a number given here overrides it)."""
    # The commune's council, or the province's (which reviews the communes' proposals).
    commune = rules_mod.deciding_unit_of(council)
    if council.kind != UnitKind.COUNCIL or commune is None:
        raise ServiceError(_("Chọn hội đồng thi đua – khen thưởng của xã hoặc của tỉnh."), field="council")
    access.require_actor(actor, Action.COUNCIL_MANAGE, council)
    if review_period is not None:
        movement, review_period = review_link(
            commune=commune, year=year, movement=review_period.movement, review_period=review_period
        )
        quotas = selectors.movement_quotas(movement) if movement is not None else {}
        quota_individual = quotas.get("individual") if quota_individual is None else quota_individual
        quota_collective = quotas.get("collective") if quota_collective is None else quota_collective
        quota_household = quotas.get("household") if quota_household is None else quota_household
    local = rules_mod.settings_for(commune, held_on)
    share = _quorum_share(local["quorum"] if quorum is None else quorum)
    session = Session(
        council=council,
        commune=commune,
        title=title,
        year=year,
        held_on=held_on,
        paper=paper,
        quorum_numerator=share.numerator,
        quorum_denominator=share.denominator,
        quota_individual=quota_individual,
        quota_collective=quota_collective,
        quota_household=quota_household,
        review_period=review_period,
        # Secret by default (domain §3.3); a province may set "voting" to "open" through a RuleOverride.
        secret=local.get("voting", "secret") != "open",
        is_sample=is_sample,
    )
    changes.create(session, actor=actor, unit=council)
    Attendance.objects.bulk_create(
        Attendance(session=session, member=member, present=True)
        for member in CouncilMember.objects.filter(council=council, active=True)
    )
    return session


def _session_draft(session: Session) -> None:
    if session.state != SessionState.DRAFT:
        raise ServiceError(_("Phiên họp đã bắt đầu bỏ phiếu; không thể thay đổi."))


def _agenda_nominations(session: Session, nominations: Iterable[Nomination | int]) -> list[Nomination]:
    """The nominations asked for, by record or by id (from a form); an id must be of the commune."""
    given = list(nominations)
    ids = {n for n in given if isinstance(n, int)}
    found = {n.pk: n for n in Nomination.objects.filter(pk__in=ids, commune=session.commune)}
    if len(found) != len(ids):
        raise ServiceError(_("Có đề nghị không thuộc xã của phiên họp."))
    return [found[n] if isinstance(n, int) else n for n in given]


@transaction.atomic
def session_agenda_add(*, actor: Actor, session: Session, nominations: Iterable[Nomination | int]) -> None:
    """Put checked nominations of the session's commune and year on its agenda (by record or id)."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    for nomination in _agenda_nominations(session, nominations):
        if nomination.commune_id != session.commune_id or nomination.year != session.year:
            raise ServiceError(_("Đề nghị %(n)s không thuộc xã hoặc năm của phiên họp.") % {"n": nomination})
        if nomination.review_period_id and nomination.review_period_id != session.review_period_id:
            raise ServiceError(
                _("Đề nghị %(n)s thuộc đợt “%(p)s”: chỉ đưa vào phiên họp xét đợt này.")
                % {"n": nomination, "p": nomination.review_period}
            )
        move(
            nomination,
            actor=actor,
            to=S.IN_SESSION,
            allowed=(S.CHECKED,),
            verb="đưa ra hội đồng",
            session=session,
        )


def _on_agenda(session: Session, nomination: Nomination | int) -> Nomination | None:
    pk = nomination if isinstance(nomination, int) else nomination.pk
    return Nomination.objects.filter(pk=pk, session=session).first()


@transaction.atomic
def session_agenda_remove(*, actor: Actor, session: Session, nomination: Nomination | int) -> None:
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    on_agenda = _on_agenda(session, nomination)
    if on_agenda is None:
        raise ServiceError(_("Đề nghị không có trong chương trình phiên họp."))
    move(
        on_agenda,
        actor=actor,
        to=S.CHECKED,
        allowed=(S.IN_SESSION,),
        verb="rút khỏi phiên họp",
        session=None,
    )


@transaction.atomic
def session_attendance_set(
    *, actor: Actor, session: Session, present_ids: set[int], opinions: dict[int, str]
) -> None:
    """Record who is present; absent members may leave a written opinion, kept apart from the ballot."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    for row in Attendance.objects.filter(session=session):
        row.present = row.member_id in present_ids
        row.written_opinion = "" if row.present else opinions.get(row.member_id, "").strip()
        row.save()
    # One entry for the roll call, on the session: the rows themselves are its parts.
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=session,
        unit=session.council,
        after={"present": sorted(present_ids)},
        verb="điểm danh",
    )


@transaction.atomic
def session_open(*, actor: Actor, session: Session, passphrase: str = "") -> Session:
    """Start the vote once the quorum is present and the agenda is not empty. A secret electronic
    vote needs the chair's ballot-box passphrase: only the public key derived from it is kept."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    present, members, needed = selectors.quorum(session)
    if members == 0:
        raise ServiceError(_("Hội đồng chưa có thành viên."))
    if present < needed:
        raise ServiceError(
            _("Không đủ số thành viên dự họp: có mặt %(p)s/%(m)s, cần ít nhất %(n)s.")
            % {"p": present, "m": members, "n": needed}
        )
    if not session.nominations.exists():
        raise ServiceError(_("Chương trình phiên họp chưa có đề nghị nào."))
    box = None
    if session.secret and not session.paper:
        if len(passphrase.strip()) < ballot_box.MIN_PASSPHRASE:
            raise ServiceError(
                PASSPHRASE_TOO_SHORT % {"n": ballot_box.MIN_PASSPHRASE}, field="passphrase", code="passphrase"
            )
        box = ballot_box.new_box(passphrase).as_json()
    changes.transition(
        session,
        actor=actor,
        to=SessionState.OPEN,
        allowed=(SessionState.DRAFT,),
        verb="bắt đầu bỏ phiếu",
        unit=session.council,
        exclude=("ballot_box",),
        member_count=members,
        opened_at=timezone.now(),
        ballot_box=box,
    )
    ballot_remind(actor=actor, session=session)
    return session


def ballot_remind(*, actor: Actor, session: Session, today: dt.date | None = None) -> int:
    """Tell the members present who have not voted that the electronic vote is open: when it opens,
    and again each day by `thidua cron` while it stays open (once a day)."""
    people = notify(
        actor=actor,
        recipients=selectors.ballot_waiting(session),
        kind=NotificationKind.BALLOT_OPEN,
        text=_("Phiên họp “%(title)s” đang mở bỏ phiếu: mời bạn bỏ phiếu.") % {"title": session.title},
        link=reverse("commendations:vote", args=[session.pk]),
        unit=session.council,
        key=f"ballot:{session.pk}",
        today=today,
    )
    return len(people)


REVOTE_ONLY_OPEN_SECRET = gettext_lazy("Chỉ bỏ phiếu lại được khi phiên bỏ phiếu kín điện tử đang mở.")
REVOTE_REASON_NEEDED = gettext_lazy(
    "Ghi lý do bỏ phiếu lại (ví dụ: Chủ tịch Hội đồng không nhớ cụm mật khẩu hòm phiếu)."
)


@transaction.atomic
def session_revote(*, actor: Actor, session: Session, passphrase: str = "", reason: str = "") -> int:
    """Start a secret electronic vote over when its ballot box cannot be opened (the chair's
    passphrase is lost, and with it every ballot: nobody, the server included, can read them).
    The sealed ballots are destroyed unread and the record of who voted is cleared, so every member
    present votes again into a new box under a new passphrase. The audit log keeps who did it, why
    and how many ballots were destroyed. Returns that number."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    caller, session = session, Session.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN or not session.secret or session.paper:
        raise ServiceError(REVOTE_ONLY_OPEN_SECRET, code="not_open_secret")
    reason = reason.strip()
    if not reason:
        raise ServiceError(REVOTE_REASON_NEEDED, field="reason", code="reason")
    if len(passphrase.strip()) < ballot_box.MIN_PASSPHRASE:
        raise ServiceError(
            PASSPHRASE_TOO_SHORT % {"n": ballot_box.MIN_PASSPHRASE}, field="passphrase", code="passphrase"
        )
    destroyed, _kinds = SealedBallot.objects.filter(session=session).delete()
    cleared, _kinds = Participation.objects.filter(session=session).delete()
    Session.objects.filter(pk=session.pk).update(ballot_box=ballot_box.new_box(passphrase).as_json())
    # One summary entry, as for a ballot: the box itself (a public key) is not a value to log.
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=session,
        unit=session.council,
        after={"reason": reason, "ballots_destroyed": destroyed, "votes_cleared": cleared},
        verb="bỏ phiếu lại với hòm phiếu mới",
    )
    caller.refresh_from_db()
    return destroyed


def require_member(user: Actor, session: Session, roles: tuple[str, ...] | None = None) -> CouncilMember:
    """The actor's active seat in the session's council (with one of `roles`), or a refusal."""
    member = selectors.member_of(user, session) if isinstance(user, User) else None
    if member is None or (roles and member.role not in roles):
        raise ServiceError(_("Chỉ thành viên hội đồng có vai trò phù hợp mới thực hiện được."))
    return member


@transaction.atomic
def paper_counts_enter(*, actor: Actor, session: Session, counts: dict[int, int]) -> None:
    """The secretary enters the paper ballot counts; a second member must confirm them."""
    if not session.paper or session.state != SessionState.OPEN:
        raise ServiceError(_("Chỉ nhập kết quả phiếu giấy khi phiên họp bỏ phiếu giấy đang mở."))
    require_member(actor, session, (CouncilRole.SECRETARY,))
    present, _members, _needed = selectors.quorum(session)
    agenda = set(session.nominations.values_list("id", flat=True))
    if set(counts) != agenda:
        raise ServiceError(_("Kết quả không khớp với danh sách đề nghị của phiên họp."))
    for value in counts.values():
        if not isinstance(value, int) or value < 0 or value > present:
            raise ServiceError(
                _("Số phiếu đồng ý phải từ 0 đến %(n)s (số thành viên có mặt).") % {"n": present}
            )
    PaperCount.objects.filter(session=session).delete()
    PaperCount.objects.bulk_create(
        [PaperCount(session=session, nomination_id=k, agree=v) for k, v in counts.items()]
    )
    session.paper_entered_by = access.user_of(actor)
    session.paper_confirmed_by = None
    session.save(update_fields=["paper_entered_by", "paper_confirmed_by"])
    # One entry with every count: the counts are rows of their own, the session only who entered them.
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=session,
        unit=session.council,
        after={"counts": {str(k): v for k, v in counts.items()}},
        verb="nhập kết quả phiếu giấy",
    )


@transaction.atomic
def paper_counts_confirm(*, actor: Actor, session: Session) -> None:
    """A seated member other than the one who entered the paper counts confirms them."""
    require_member(actor, session)
    if session.paper_entered_by_id is None:
        raise ServiceError(_("Thư ký chưa nhập kết quả phiếu giấy."))
    if session.paper_entered_by == access.user_of(actor):
        raise ServiceError(_("Kết quả phải do một thành viên khác với người nhập xác nhận."))
    changes.update(
        session,
        actor=actor,
        unit=session.council,
        verb="xác nhận kết quả phiếu giấy",
        paper_confirmed_by=actor,
    )


@transaction.atomic
def session_close(*, actor: Actor, session: Session, passphrase: str = "") -> list[TallyLine]:
    """Close voting, count, and move each nominee to passed / not passed (a tie waits for the chair).

    A secret electronic vote is counted only with the chair's ballot-box passphrase: the sealed
    ballots are opened, written in clear in random order, deleted, and the box is forgotten."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    caller, session = session, Session.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise ServiceError(_("Phiên họp không ở trạng thái đang bỏ phiếu."))
    if session.paper and session.paper_confirmed_by_id is None:
        raise ServiceError(_("Kết quả phiếu giấy chưa được thành viên thứ hai xác nhận."))
    if session.secret and not session.paper:
        ballots_unseal(session, passphrase)
    lines = compute_tally(session)
    TallyLine.objects.filter(session=session).delete()
    TallyLine.objects.bulk_create(lines)
    for line in lines:
        if line.outcome == TallyOutcome.PASSED:
            move(
                line.nomination, actor=actor, to=S.PASSED, allowed=(S.IN_SESSION,), verb="hội đồng thông qua"
            )
        elif line.outcome in (TallyOutcome.BELOW, TallyOutcome.OVER_QUOTA):
            move(line.nomination, actor=actor, to=S.NOT_PASSED, allowed=(S.IN_SESSION,), verb="không đạt")
    changes.transition(
        session,
        actor=actor,
        to=SessionState.CLOSED,
        allowed=(SessionState.OPEN,),
        verb="kết thúc bỏ phiếu, kiểm phiếu",
        unit=session.council,
        exclude=("ballot_box",),
        closed_at=timezone.now(),
        ballot_box=None,
    )
    _close_voted_down(actor, [line.nomination for line in lines])
    caller.refresh_from_db()
    return lines


def _close_voted_down(actor: Actor, nominations: list[Nomination]) -> None:
    """A commune's dossier to the province whose every line the council voted down ends here."""
    from thidua.commendations.services.proposals import proposals_close_if_none_left

    proposals = [n.proposal for n in nominations if n.proposal_id]
    if proposals:
        proposals_close_if_none_left(
            actor=actor,
            proposals=proposals,  # type: ignore[arg-type]
            reason=_("Hội đồng Thi đua – Khen thưởng tỉnh không thông qua trường hợp nào."),
        )


@transaction.atomic
def session_tie_resolve(
    *, actor: Actor, session: Session, nomination: Nomination | int, passed: bool
) -> None:
    """The chair decides a tie at the quota cut (the nominee by record or by id)."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    require_member(actor, session, (CouncilRole.CHAIR,))
    pk = nomination if isinstance(nomination, int) else nomination.pk
    line = (
        TallyLine.objects.filter(session=session, nomination_id=pk, outcome=TallyOutcome.TIE)
        .select_related("nomination")
        .first()
    )
    if line is None:
        raise ServiceError(_("Đề nghị này không ở tình trạng bằng phiếu chờ quyết định."))
    nominee = nomination if isinstance(nomination, Nomination) else line.nomination
    if passed:
        quota = session.quota_for(nominee.recipient_kind)
        taken = TallyLine.objects.filter(
            session=session, outcome=TallyOutcome.PASSED, nomination__recipient_kind=nominee.recipient_kind
        ).count()
        if quota is not None and taken >= quota:
            raise ServiceError(_("Đã đủ chỉ tiêu; không thể chọn thêm."))
    changes.update(
        line,
        actor=actor,
        unit=session.council,
        verb="chủ tịch quyết định khi bằng phiếu",
        outcome=TallyOutcome.PASSED if passed else TallyOutcome.OVER_QUOTA,
        note=_("Chủ tịch Hội đồng quyết định khi bằng phiếu."),
    )
    move(
        nominee,
        actor=actor,
        to=S.PASSED if passed else S.NOT_PASSED,
        allowed=(S.IN_SESSION,),
        verb="chủ tịch quyết định khi bằng phiếu",
    )
    if not passed:
        _close_voted_down(actor, [nominee])


@transaction.atomic
def session_minutes_issue(*, actor: Actor, session: Session) -> Document:
    """Issue the minutes of a closed session from the council's own register (BB-…), once every tie is decided."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    caller, session = (
        session,
        Session.objects.select_for_update(of=("self",))
        .select_related("council", "commune")
        .get(pk=session.pk),
    )
    if session.state != SessionState.CLOSED:
        raise ServiceError(_("Chỉ lập biên bản sau khi kết thúc bỏ phiếu."))
    if session.minutes_document_id:
        raise ServiceError(_("Biên bản của phiên họp đã được lập."))
    tally = list(
        session.tally.select_related("nomination__award_type").order_by(
            "nomination__recipient_kind", "rank", "nomination__recipient_name"
        )
    )
    if any(line.outcome == TallyOutcome.TIE for line in tally):
        raise ServiceError(_("Còn trường hợp bằng phiếu chờ Chủ tịch Hội đồng quyết định."))
    attendance = list(session.attendance.select_related("member").order_by("member_id"))
    council = session.council
    document = issue_paper(
        actor=actor,
        record=session,
        field="minutes_document",
        unit=council,
        model=papers.session_minutes(
            session, attendance=attendance, tally=tally, open_votes=selectors.open_votes(session)
        ),
        symbol=f"BB-{council.short_name or 'HĐTĐKT'}",
        date=session.held_on,
        verb="lập biên bản họp hội đồng",
        authority=Action.COUNCIL_MANAGE,
    )
    caller.refresh_from_db()
    return document


def ballots_remind(*, actor: Actor, today: dt.date) -> int:
    """Every open electronic vote: its members present who have not voted, once a day."""
    access.check_actor(actor)
    sessions = Session.objects.filter(state=SessionState.OPEN, paper=False)
    return sum(ballot_remind(actor=actor, session=session, today=today) for session in sessions)
