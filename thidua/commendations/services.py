"""Every change to commendation records: one function per step, access-checked and audited.

A service refuses an illegal move by raising `ServiceError` with a Vietnamese message;
views show it next to the form or as a message.
"""

import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action
from thidua.accounts.models import User
from thidua.audit.changes import transition
from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record, snapshot
from thidua.commendations import eligibility, numbering, paperwork, selectors
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import (
    Attendance,
    Award,
    AwardType,
    Ballot,
    BallotChoice,
    CouncilMember,
    CouncilRole,
    Decision,
    Evidence,
    Nomination,
    NominationState,
    Notice,
    Objection,
    OpenVote,
    PaperCount,
    Participation,
    RecipientKind,
    Session,
    SessionState,
    TallyLine,
    TallyOutcome,
)
from thidua.lib import clients
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_money
from thidua.movements.models import Movement, MovementState, PeriodKind, ReviewPeriod
from thidua.people.models import Gender, Household, Person
from thidua.units.models import Unit

S = NominationState
OBJECTIONS_PER_HOUR = 3


def _move(nomination: Nomination, **move) -> Nomination:
    return transition(nomination, noun=_("đề nghị"), **move)


# --- Nominations -------------------------------------------------------------------------------


def _recipient(kind: str, person, collective, household, commune: Unit) -> str:
    """Validate the recipient against its kind and the commune; return its display name."""
    if kind == RecipientKind.INDIVIDUAL:
        if person is None:
            raise ServiceError(_("Chọn cá nhân được đề nghị."))
        if not person.unit.is_within(commune):
            raise ServiceError(_("Cá nhân này không thuộc xã đang xét khen; không thể đề nghị."))
        return person.full_name
    if kind == RecipientKind.COLLECTIVE:
        if collective is None:
            raise ServiceError(_("Chọn tập thể được đề nghị."))
        if not collective.is_within(commune) or collective.kind == "council":
            raise ServiceError(_("Tập thể này không thuộc xã đang xét khen; không thể đề nghị."))
        return collective.name
    if household is None:
        raise ServiceError(_("Chọn hộ gia đình được đề nghị."))
    if not household.hamlet.is_within(commune):
        raise ServiceError(_("Hộ gia đình này không thuộc xã đang xét khen; không thể đề nghị."))
    return str(household)


# A movement is open to nominations once it runs, and stays so after closing for its final review.
NOMINABLE_MOVEMENT_STATES = (MovementState.RUNNING, MovementState.CLOSED)
REVIEW_KINDS = (PeriodKind.YEAR, PeriodKind.FINAL)


def review_link(
    *, commune: Unit, year: int, movement: Movement | None, review_period: ReviewPeriod | None
) -> tuple[Movement | None, ReviewPeriod | None]:
    """Check a link to a movement and its yearly / final review; returns (movement, review_period).

    The movement must be one the commune takes part in (issued by the commune or a unit above it)
    and running or closed; the review must belong to it, be a yearly or final review, and end in
    the year under review.
    """
    if review_period is not None and movement is None:
        movement = review_period.movement
    if movement is None:
        return None, None
    if not commune.is_within(movement.unit):
        raise ServiceError(
            _("Phong trào “%(m)s” không do xã hoặc cấp trên của xã phát động.") % {"m": movement.name},
            field="movement",
        )
    if movement.state not in NOMINABLE_MOVEMENT_STATES:
        raise ServiceError(
            _("Phong trào “%(m)s” chưa thực hiện (%(state)s): chưa xét khen theo phong trào này được.")
            % {"m": movement.name, "state": movement.get_state_display().lower()},
            field="movement",
        )
    if not movement.period_start.year <= year <= movement.period_end.year:
        raise ServiceError(
            _("Năm %(year)s nằm ngoài thời gian của phong trào “%(m)s” (%(a)s–%(b)s).")
            % {
                "year": year,
                "m": movement.name,
                "a": movement.period_start.year,
                "b": movement.period_end.year,
            },
            field="year",
        )
    if review_period is None:
        return movement, None
    if review_period.movement_id != movement.pk:
        raise ServiceError(
            _("Đợt “%(p)s” không thuộc phong trào “%(m)s”.") % {"p": review_period.name, "m": movement.name},
            field="review_period",
        )
    if review_period.kind not in REVIEW_KINDS:
        raise ServiceError(
            _("Chỉ xét khen ở đợt sơ kết năm hoặc tổng kết phong trào, không ở “%(p)s”.")
            % {"p": review_period.name},
            field="review_period",
        )
    if review_period.year != year:
        raise ServiceError(
            _("Đợt “%(p)s” là đợt xét năm %(py)s, không phải năm %(year)s.")
            % {"p": review_period.name, "py": review_period.year, "year": year},
            field="review_period",
        )
    return movement, review_period


@transaction.atomic
def nomination_create(
    *,
    actor,
    unit: Unit,
    award_type: AwardType,
    year: int,
    achievement: str,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
    movement: Movement | None = None,
    review_period: ReviewPeriod | None = None,
    is_sample: bool = False,
) -> Nomination:
    """A draft nomination by a unit (hamlet, organisation, commune) for a recipient of its commune."""
    access.require_actor(actor, Action.NOMINATE, unit)
    commune = rules_mod.commune_of(unit)
    if commune is None:
        raise ServiceError(_("Đơn vị đề nghị phải thuộc một xã."))
    if not award_type.active:
        raise ServiceError(_("Danh hiệu này không còn áp dụng."))
    kind = award_type.recipient_kind
    person = person if kind == RecipientKind.INDIVIDUAL else None
    collective = collective if kind == RecipientKind.COLLECTIVE else None
    household = household if kind == RecipientKind.HOUSEHOLD else None
    name = _recipient(kind, person, collective, household, commune)
    if not achievement.strip():
        raise ServiceError(_("Nhập báo cáo thành tích."))
    movement, review_period = review_link(
        commune=commune, year=year, movement=movement, review_period=review_period
    )
    nomination = Nomination.objects.create(
        commune=commune,
        unit=unit,
        award_type=award_type,
        year=year,
        recipient_kind=kind,
        person=person,
        collective=collective,
        household=household,
        recipient_name=name,
        achievement=achievement.strip(),
        movement=movement,
        review_period=review_period,
        created_by=actor if isinstance(actor, User) else None,
        is_sample=is_sample,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=nomination,
        unit=unit,
        after=snapshot(nomination),
        verb="đề nghị khen thưởng",
    )
    return nomination


@transaction.atomic
def nomination_update(
    *,
    actor,
    nomination: Nomination,
    achievement: str,
    movement: Movement | None = None,
    review_period: ReviewPeriod | None = None,
) -> Nomination:
    """Change the achievement report and the movement / review link of a draft or returned nomination."""
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    if nomination.state not in (S.DRAFT, S.RETURNED):
        raise ServiceError(_("Chỉ sửa được đề nghị ở trạng thái nháp hoặc bị trả lại."))
    if not achievement.strip():
        raise ServiceError(_("Nhập báo cáo thành tích."))
    movement, review_period = review_link(
        commune=nomination.commune, year=nomination.year, movement=movement, review_period=review_period
    )
    before = snapshot(nomination)
    nomination.achievement = achievement.strip()
    nomination.movement, nomination.review_period = movement, review_period
    nomination.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=nomination,
        unit=nomination.unit,
        before=before,
        after=snapshot(nomination),
    )
    return nomination


@transaction.atomic
def evidence_add(*, actor, nomination: Nomination, file, description: str = "") -> Evidence:
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    if nomination.state not in (S.DRAFT, S.RETURNED, S.SUBMITTED):
        raise ServiceError(_("Không thể bổ sung minh chứng ở trạng thái này."))
    evidence = Evidence.objects.create(nomination=nomination, file=file, description=description)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=evidence,
        unit=nomination.unit,
        after=snapshot(evidence),
        verb="thêm minh chứng",
    )
    return evidence


@transaction.atomic
def nomination_submit(*, actor, nomination: Nomination) -> Nomination:
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    return _move(
        nomination,
        actor=actor,
        to=S.SUBMITTED,
        allowed=(S.DRAFT, S.RETURNED),
        verb="gửi đề nghị",
        return_reason="",
    )


@transaction.atomic
def nomination_return(*, actor, nomination: Nomination, reason: str) -> Nomination:
    access.require_actor(actor, Action.NOMINATION_CHECK, nomination.commune)
    if not reason.strip():
        raise ServiceError(_("Nhập lý do trả lại để đơn vị đề nghị biết cần bổ sung gì."))
    return _move(
        nomination,
        actor=actor,
        to=S.RETURNED,
        allowed=(S.SUBMITTED, S.ACCEPTED, S.CHECKED),
        verb="trả lại đề nghị",
        return_reason=reason.strip(),
    )


@transaction.atomic
def nomination_accept(*, actor, nomination: Nomination) -> Nomination:
    access.require_actor(actor, Action.NOMINATION_CHECK, nomination.commune)
    return _move(nomination, actor=actor, to=S.ACCEPTED, allowed=(S.SUBMITTED,), verb="tiếp nhận đề nghị")


@transaction.atomic
def nomination_check(*, actor, nomination: Nomination) -> Nomination:
    """Run the eligibility rules and keep their result; a failing rule blocks the step."""
    access.require_actor(actor, Action.NOMINATION_CHECK, nomination.commune)
    checks = eligibility.evaluate(nomination)
    failed = [c for c in checks if c.result == eligibility.FAIL]
    if failed:
        raise ServiceError(
            _("Không đạt tiêu chuẩn: %(rules)s.")
            % {"rules": "; ".join(f"{c.label} – {c.explanation}" for c in failed)}
        )
    return _move(
        nomination,
        actor=actor,
        to=S.CHECKED,
        allowed=(S.ACCEPTED,),
        verb="thẩm định đề nghị",
        check_result=eligibility.as_json(checks),
    )


@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination) -> Nomination:
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    return _move(
        nomination,
        actor=actor,
        to=S.WITHDRAWN,
        allowed=(S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.CHECKED),
        verb="rút đề nghị",
    )


# --- Council and sessions ---------------------------------------------------------------------


@transaction.atomic
def council_member_add(
    *, actor, council: Unit, user: User, role: str = CouncilRole.MEMBER, full_name: str = ""
) -> CouncilMember:
    if council.kind != "council":
        raise ServiceError(_("Đơn vị được chọn không phải là hội đồng."))
    access.require_actor(actor, Action.COUNCIL_MANAGE, council)
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise ServiceError(_("Người này đã là thành viên hội đồng."))
    member = CouncilMember.objects.create(
        council=council, user=user, role=role, full_name=full_name or user.full_name or user.get_username()
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=member, unit=council, after=snapshot(member)
    )
    return member


@transaction.atomic
def session_create(
    *,
    actor,
    council: Unit,
    title: str,
    year: int,
    held_on: dt.date,
    paper: bool = False,
    quorum_pct: int | None = None,
    quota_individual: int | None = None,
    quota_collective: int | None = None,
    quota_household: int | None = None,
    review_period: ReviewPeriod | None = None,
    is_sample: bool = False,
) -> Session:
    """A council session; one "for a movement's review" takes the movement's quota per recipient
    kind for every quota left empty (a number given here overrides it)."""
    commune = rules_mod.commune_of(council)
    if council.kind != "council" or commune is None:
        raise ServiceError(_("Chọn hội đồng thi đua – khen thưởng của xã."))
    access.require_actor(actor, Action.COUNCIL_MANAGE, council)
    if review_period is not None:
        movement, review_period = review_link(
            commune=commune, year=year, movement=review_period.movement, review_period=review_period
        )
        quotas = selectors.movement_quotas(movement)
        quota_individual = quotas.get("individual") if quota_individual is None else quota_individual
        quota_collective = quotas.get("collective") if quota_collective is None else quota_collective
        quota_household = quotas.get("household") if quota_household is None else quota_household
    local = rules_mod.settings_for(commune, held_on)
    if quorum_pct is None:
        quorum_pct = int(local["quorum_pct"])
    session = Session.objects.create(
        council=council,
        commune=commune,
        title=title,
        year=year,
        held_on=held_on,
        paper=paper,
        quorum_pct=quorum_pct,
        quota_individual=quota_individual,
        quota_collective=quota_collective,
        quota_household=quota_household,
        review_period=review_period,
        # Secret by default (domain §3.3); a province may set "voting" to "open" through a RuleOverride.
        secret=local.get("voting", "secret") != "open",
        is_sample=is_sample,
    )
    for member in CouncilMember.objects.filter(council=council, active=True):
        Attendance.objects.create(session=session, member=member, present=True)
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=session, unit=council, after=snapshot(session)
    )
    return session


def _session_draft(session: Session) -> None:
    if session.state != SessionState.DRAFT:
        raise ServiceError(_("Phiên họp đã bắt đầu bỏ phiếu; không thể thay đổi."))


@transaction.atomic
def session_agenda_add(*, actor, session: Session, nominations: list[Nomination]) -> None:
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    for nomination in nominations:
        if nomination.commune_id != session.commune_id or nomination.year != session.year:
            raise ServiceError(_("Đề nghị %(n)s không thuộc xã hoặc năm của phiên họp.") % {"n": nomination})
        if nomination.review_period_id and nomination.review_period_id != session.review_period_id:
            raise ServiceError(
                _("Đề nghị %(n)s thuộc đợt “%(p)s”: chỉ đưa vào phiên họp xét đợt này.")
                % {"n": nomination, "p": nomination.review_period.name}
            )
        _move(
            nomination,
            actor=actor,
            to=S.IN_SESSION,
            allowed=(S.CHECKED,),
            verb="đưa ra hội đồng",
            session=session,
        )


@transaction.atomic
def session_agenda_remove(*, actor, session: Session, nomination: Nomination) -> None:
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    if nomination.session_id != session.pk:
        raise ServiceError(_("Đề nghị không có trong chương trình phiên họp."))
    _move(
        nomination,
        actor=actor,
        to=S.CHECKED,
        allowed=(S.IN_SESSION,),
        verb="rút khỏi phiên họp",
        session=None,
    )


@transaction.atomic
def session_attendance_set(
    *, actor, session: Session, present_ids: set[int], opinions: dict[int, str]
) -> None:
    """Record who is present; absent members may leave a written opinion, kept apart from the ballot."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    for row in Attendance.objects.filter(session=session):
        row.present = row.member_id in present_ids
        row.written_opinion = "" if row.present else opinions.get(row.member_id, "").strip()
        row.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=session,
        unit=session.council,
        after={"present": sorted(present_ids)},
        verb="điểm danh",
    )


def quorum(session: Session) -> tuple[int, int, int]:
    """(present, members, needed)."""
    rows = list(Attendance.objects.filter(session=session).values_list("present", flat=True))
    members = len(rows)
    needed = math.ceil(members * session.quorum_pct / 100)
    return sum(rows), members, needed


@transaction.atomic
def session_open(*, actor, session: Session) -> Session:
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _session_draft(session)
    present, members, needed = quorum(session)
    if members == 0:
        raise ServiceError(_("Hội đồng chưa có thành viên."))
    if present < needed:
        raise ServiceError(
            _("Không đủ số thành viên dự họp: có mặt %(p)s/%(m)s, cần ít nhất %(n)s.")
            % {"p": present, "m": members, "n": needed}
        )
    if not session.nominations.exists():
        raise ServiceError(_("Chương trình phiên họp chưa có đề nghị nào."))
    before = snapshot(session)
    session.state = SessionState.OPEN
    session.member_count = members
    session.opened_at = timezone.now()
    session.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=session,
        unit=session.council,
        before=before,
        after=snapshot(session),
        verb="bắt đầu bỏ phiếu",
    )
    return session


def member_of(user, session: Session) -> CouncilMember | None:
    return CouncilMember.objects.filter(council_id=session.council_id, user=user, active=True).first()


def ballot_problems(session: Session, choices: dict[int, bool]) -> list[str]:
    """Why a ballot would be invalid (quota exceeded per recipient kind); shown before submitting."""
    problems = []
    kinds = dict(session.nominations.values_list("id", "recipient_kind"))
    agreed = defaultdict(int)
    for nomination_id, agree in choices.items():
        if agree:
            agreed[kinds.get(nomination_id)] += 1
    for kind, count in agreed.items():
        quota = session.quota_for(kind)
        if quota is not None and count > quota:
            problems.append(
                _("Bạn đồng ý %(count)s %(kind)s, vượt chỉ tiêu %(quota)s: phiếu sẽ không hợp lệ.")
                % {"count": count, "kind": RecipientKind(kind).label.lower(), "quota": quota}
            )
    return problems


def ballot_cast(*, user: User, session: Session, choices: dict[int, bool]) -> None:
    """Cast one secret ballot: the participation row and the anonymous content in one transaction."""
    try:
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=session.pk)
            if locked.state != SessionState.OPEN:
                raise ServiceError(_("Phiên họp không mở bỏ phiếu (chưa bắt đầu hoặc đã kết thúc)."))
            if locked.paper:
                raise ServiceError(_("Phiên họp này bỏ phiếu giấy; thư ký nhập kết quả kiểm phiếu."))
            member = member_of(user, locked)
            if member is None:
                raise ServiceError(_("Bạn không phải thành viên hội đồng của phiên họp này."))
            if not Attendance.objects.filter(session=locked, member=member, present=True).exists():
                raise ServiceError(
                    _("Bạn được ghi vắng mặt; ý kiến của thành viên vắng mặt ghi bằng văn bản.")
                )
            agenda = set(locked.nominations.values_list("id", flat=True))
            if set(choices) != agenda:
                raise ServiceError(
                    _("Phiếu không khớp với danh sách đề nghị của phiên họp; hãy tải lại trang.")
                )
            problems = ballot_problems(locked, choices)
            if problems:
                raise ServiceError(" ".join(problems))
            if Participation.objects.filter(session=locked, member=member).exists():
                raise ServiceError(_("Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu."))
            Participation.objects.create(session=locked, member=member)
            ballot = Ballot.objects.create(session=locked)
            BallotChoice.objects.bulk_create(
                [
                    BallotChoice(ballot=ballot, nomination_id=nid, agree=bool(agree))
                    for nid, agree in choices.items()
                ]
            )
            if not locked.secret:
                # Open voting: the ballot is recorded with its voter, apart from the ballot table itself.
                OpenVote.objects.create(session=locked, member=member, ballot=ballot)
            # The audit entry records that the member voted, never what.
            audit_record(
                actor=user,
                action=AuditAction.CREATE,
                unit=locked.council,
                model_label="commendations.participation",
                object_id=str(locked.pk),
                object_repr=str(locked)[:255],
                verb="bỏ phiếu kín" if locked.secret else "biểu quyết công khai",
            )
    except IntegrityError as exc:
        # Two tabs at once: the second insert hits the participation constraint.
        raise ServiceError(
            _("Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu.")
        ) from exc


def _require_member(user, session: Session, roles: tuple[str, ...] | None = None) -> CouncilMember:
    member = member_of(user, session) if isinstance(user, User) else None
    if member is None or (roles and member.role not in roles):
        raise ServiceError(_("Chỉ thành viên hội đồng có vai trò phù hợp mới thực hiện được."))
    return member


@transaction.atomic
def paper_counts_enter(*, actor, session: Session, counts: dict[int, int]) -> None:
    """The secretary enters the paper ballot counts; a second member must confirm them."""
    if not session.paper or session.state != SessionState.OPEN:
        raise ServiceError(_("Chỉ nhập kết quả phiếu giấy khi phiên họp bỏ phiếu giấy đang mở."))
    _require_member(actor, session, (CouncilRole.SECRETARY,))
    present, _members, _needed = quorum(session)
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
    session.paper_entered_by = actor
    session.paper_confirmed_by = None
    session.save(update_fields=["paper_entered_by", "paper_confirmed_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=session,
        unit=session.council,
        after={"counts": {str(k): v for k, v in counts.items()}},
        verb="nhập kết quả phiếu giấy",
    )


@transaction.atomic
def paper_counts_confirm(*, actor, session: Session) -> None:
    _require_member(actor, session)
    if session.paper_entered_by_id is None:
        raise ServiceError(_("Thư ký chưa nhập kết quả phiếu giấy."))
    if session.paper_entered_by_id == actor.pk:
        raise ServiceError(_("Kết quả phải do một thành viên khác với người nhập xác nhận."))
    session.paper_confirmed_by = actor
    session.save(update_fields=["paper_confirmed_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=session,
        unit=session.council,
        verb="xác nhận kết quả phiếu giấy",
    )


def _women_first(nomination: Nomination) -> bool:
    """The legal tie rule: a woman, or a collective with at least 70 % women."""
    if nomination.person_id:
        return nomination.person.gender == Gender.FEMALE
    if nomination.collective_id:
        members = Person.objects.filter(
            Q(memberships__unit_id=nomination.collective_id) | Q(unit_id=nomination.collective_id)
        ).distinct()
        counts = members.aggregate(
            total=Count("id", distinct=True), women=Count("id", filter=Q(gender=Gender.FEMALE), distinct=True)
        )
        return bool(counts["total"]) and counts["women"] * 100 >= 70 * counts["total"]
    return False


def compute_tally(session: Session) -> list[TallyLine]:
    """Agree counts, share of ALL members, threshold, ranking and the quota cut (unsaved lines)."""
    nominations = list(session.nominations.select_related("award_type", "person", "commune"))
    if session.paper:
        agree = dict(PaperCount.objects.filter(session=session).values_list("nomination_id", "agree"))
        cast = quorum(session)[0]
    else:
        agree = dict(
            BallotChoice.objects.filter(ballot__session=session, agree=True)
            .values("nomination_id")
            .annotate(n=Count("id"))
            .values_list("nomination_id", "n")
        )
        cast = Ballot.objects.filter(session=session).count()
    members = session.member_count or quorum(session)[1]
    thresholds: dict[int, int] = {}
    lines: dict[int, TallyLine] = {}
    for n in nominations:
        if n.award_type_id not in thresholds:
            thresholds[n.award_type_id] = rules_mod.award_rules(
                n.award_type, session.commune, session.held_on
            )["vote_threshold_pct"]
        yes = agree.get(n.id, 0)
        pct = Decimal(100 * yes / members).quantize(Decimal("0.01")) if members else Decimal(0)
        threshold = thresholds[n.award_type_id]
        lines[n.id] = TallyLine(
            session=session,
            nomination=n,
            agree=yes,
            disagree=max(cast - yes, 0),
            percent=pct,
            threshold_pct=threshold,
            outcome=TallyOutcome.PASSED
            if yes * 100 >= threshold * members and members
            else TallyOutcome.BELOW,
        )
    by_kind = defaultdict(list)
    for n in nominations:
        by_kind[n.recipient_kind].append(lines[n.id])
    for kind, group in by_kind.items():
        ordered = sorted(group, key=lambda line: -line.agree)
        for line in ordered:
            line.rank = 1 + sum(1 for other in ordered if other.agree > line.agree)
        passing = [line for line in ordered if line.outcome == TallyOutcome.PASSED]
        quota = session.quota_for(kind)
        if quota is None or len(passing) <= quota:
            continue
        boundary = passing[quota - 1].agree if quota else None
        above = [line for line in passing if boundary is not None and line.agree > boundary]
        tied = [line for line in passing if boundary is not None and line.agree == boundary]
        for line in passing:
            if line not in above and line not in tied:
                line.outcome = TallyOutcome.OVER_QUOTA
        slots = quota - len(above)
        if slots <= 0:
            for line in tied:
                line.outcome = TallyOutcome.OVER_QUOTA
            continue
        if len(tied) <= slots:
            continue
        preferred = [line for line in tied if _women_first(line.nomination)]
        others = [line for line in tied if line not in preferred]
        if len(preferred) >= slots:
            for line in others:
                line.outcome = TallyOutcome.OVER_QUOTA
                line.note = _("Bằng phiếu; ưu tiên nữ hoặc tập thể có từ 70% nữ.")
            if len(preferred) > slots:
                for line in preferred:
                    line.outcome = TallyOutcome.TIE
                    line.note = _("Bằng phiếu ở vị trí chỉ tiêu: Chủ tịch Hội đồng quyết định.")
            else:
                for line in preferred:
                    line.note = _("Bằng phiếu; được ưu tiên (nữ hoặc tập thể có từ 70% nữ).")
            continue
        for line in preferred:
            line.note = _("Bằng phiếu; được ưu tiên (nữ hoặc tập thể có từ 70% nữ).")
        remaining = slots - len(preferred)
        for line in others:
            line.outcome = TallyOutcome.TIE
            line.note = _("Bằng phiếu ở vị trí chỉ tiêu (%(slots)s suất): Chủ tịch Hội đồng quyết định.") % {
                "slots": remaining
            }
    return [lines[n.id] for n in nominations]


def _shuffle_ballots(session: Session) -> None:
    """Rewrite ballot rows in random order, so storage order (rowid, ctid) cannot reveal casting order."""
    ballots = list(Ballot.objects.filter(session=session).prefetch_related("choices"))
    content = [[(c.nomination_id, c.agree) for c in b.choices.all()] for b in ballots]
    random.SystemRandom().shuffle(content)
    Ballot.objects.filter(session=session).delete()
    for rows in content:
        ballot = Ballot.objects.create(session=session)
        BallotChoice.objects.bulk_create(
            [BallotChoice(ballot=ballot, nomination_id=n, agree=a) for n, a in rows]
        )


@transaction.atomic
def session_close(*, actor, session: Session) -> list[TallyLine]:
    """Close voting, count, and move each nominee to passed / not passed (a tie waits for the chair)."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    caller, session = session, Session.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise ServiceError(_("Phiên họp không ở trạng thái đang bỏ phiếu."))
    if session.paper and session.paper_confirmed_by_id is None:
        raise ServiceError(_("Kết quả phiếu giấy chưa được thành viên thứ hai xác nhận."))
    if session.secret and not session.paper:
        _shuffle_ballots(session)
    lines = compute_tally(session)
    TallyLine.objects.filter(session=session).delete()
    TallyLine.objects.bulk_create(lines)
    for line in lines:
        if line.outcome == TallyOutcome.PASSED:
            _move(
                line.nomination, actor=actor, to=S.PASSED, allowed=(S.IN_SESSION,), verb="hội đồng thông qua"
            )
        elif line.outcome in (TallyOutcome.BELOW, TallyOutcome.OVER_QUOTA):
            _move(line.nomination, actor=actor, to=S.NOT_PASSED, allowed=(S.IN_SESSION,), verb="không đạt")
    before = snapshot(session)
    session.state = SessionState.CLOSED
    session.closed_at = timezone.now()
    session.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=session,
        unit=session.council,
        before=before,
        after=snapshot(session),
        verb="kết thúc bỏ phiếu, kiểm phiếu",
    )
    caller.refresh_from_db()
    return lines


@transaction.atomic
def session_tie_resolve(*, actor, session: Session, nomination: Nomination, passed: bool) -> None:
    """The chair decides a tie at the quota cut."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, session.council)
    _require_member(actor, session, (CouncilRole.CHAIR,))
    line = TallyLine.objects.filter(session=session, nomination=nomination, outcome=TallyOutcome.TIE).first()
    if line is None:
        raise ServiceError(_("Đề nghị này không ở tình trạng bằng phiếu chờ quyết định."))
    if passed:
        quota = session.quota_for(nomination.recipient_kind)
        taken = TallyLine.objects.filter(
            session=session, outcome=TallyOutcome.PASSED, nomination__recipient_kind=nomination.recipient_kind
        ).count()
        if quota is not None and taken >= quota:
            raise ServiceError(_("Đã đủ chỉ tiêu; không thể chọn thêm."))
    line.outcome = TallyOutcome.PASSED if passed else TallyOutcome.OVER_QUOTA
    line.note = _("Chủ tịch Hội đồng quyết định khi bằng phiếu.")
    line.save()
    _move(
        nomination,
        actor=actor,
        to=S.PASSED if passed else S.NOT_PASSED,
        allowed=(S.IN_SESSION,),
        verb="chủ tịch quyết định khi bằng phiếu",
    )


@transaction.atomic
def session_minutes_issue(*, actor, session: Session):
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
    model = paperwork.minutes_model(
        session, attendance=attendance, tally=tally, open_votes=selectors.open_votes(session)
    )
    council = session.council
    document = _issue(
        actor=actor,
        unit=council,
        model=model,
        symbol=f"BB-{council.short_name or 'HĐTĐKT'}",
        date=session.held_on,
        is_sample=session.is_sample,
    )
    _attach_document(
        actor=actor,
        record=session,
        field="minutes_document",
        document=document,
        unit=council,
        verb="lập biên bản họp hội đồng",
    )
    caller.refresh_from_db()
    return document


def _issue(*, actor, unit: Unit, model, symbol: str, date: dt.date, is_sample: bool):
    from thidua.documents.services import document_create_draft, document_issue

    document = document_create_draft(
        actor=actor, unit=unit, issuer=unit, model=model, symbol=symbol, is_sample=is_sample
    )
    return document_issue(actor=actor, document=document, date=date)


@transaction.atomic
def notice_document_issue(*, actor, notice: Notice, public_url: str = ""):
    """Issue the commune's Thông báo công khai for a notice, numbered from the commune's register."""
    access.require_actor(actor, Action.NOMINATION_CHECK, notice.commune)
    caller, notice = (
        notice,
        Notice.objects.select_for_update(of=("self",)).select_related("commune", "session").get(pk=notice.pk),
    )
    if notice.document_id:
        raise ServiceError(_("Thông báo công khai đã được ban hành."))
    nominations = list(
        notice.nominations.select_related("award_type", "unit").order_by("recipient_kind", "recipient_name")
    )
    if not nominations:
        raise ServiceError(_("Danh sách công khai không có ai."))
    model = paperwork.notice_model(notice, nominations=nominations, public_url=public_url)
    document = _issue(
        actor=actor,
        unit=notice.commune,
        model=model,
        symbol="TB-UBND",
        date=notice.starts_on,
        is_sample=notice.is_sample,
    )
    _attach_document(
        actor=actor,
        record=notice,
        field="document",
        document=document,
        unit=notice.commune,
        verb="ban hành thông báo công khai",
    )
    caller.refresh_from_db()
    return document


def _attach_document(*, actor, record, field: str, document, unit: Unit, verb: str) -> None:
    """Link an issued paper (minutes, notice, submission) to the record it belongs to, audited."""
    before = snapshot(record)
    setattr(record, field, document)
    record.save(update_fields=[field])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=record,
        unit=unit,
        before=before,
        after=snapshot(record),
        verb=verb,
    )


@transaction.atomic
def decision_submission_issue(*, actor, decision: Decision, date: dt.date | None = None):
    """Issue the council's Tờ trình to the chairman for a draft decision (council's own series, TTr-…)."""
    caller, decision = (
        decision,
        Decision.objects.select_for_update(of=("self",))
        .select_related("commune", "session__council", "session__minutes_document")
        .get(pk=decision.pk),
    )
    if decision.session is None:
        raise ServiceError(_("Quyết định không gắn với phiên họp hội đồng nào; không lập được tờ trình."))
    council = decision.session.council
    access.require_actor(actor, Action.COUNCIL_MANAGE, council)
    if decision.submission_document_id:
        raise ServiceError(_("Tờ trình đã được ban hành."))
    if decision.state != Decision.State.DRAFT:
        raise ServiceError(_("Tờ trình lập trước khi ký quyết định."))
    awards = list(
        decision.awards.select_related("award_type", "nomination__unit").order_by(
            "recipient_kind", "recipient_name"
        )
    )
    date = date or timezone.localdate()
    model = paperwork.submission_model(
        decision, awards=awards, date=date, minutes=decision.session.minutes_document
    )
    document = _issue(
        actor=actor,
        unit=council,
        model=model,
        symbol=f"TTr-{council.short_name or 'HĐTĐKT'}",
        date=date,
        is_sample=decision.is_sample,
    )
    _attach_document(
        actor=actor,
        record=decision,
        field="submission_document",
        document=document,
        unit=decision.commune,
        verb="ban hành tờ trình",
    )
    caller.refresh_from_db()
    return document


# --- Public notice and objections -------------------------------------------------------------


@transaction.atomic
def notice_publish(*, actor, session: Session, starts_on: dt.date, title: str = "") -> Notice:
    access.require_actor(actor, Action.NOMINATION_CHECK, session.commune)
    if session.state != SessionState.CLOSED:
        raise ServiceError(_("Chỉ công khai sau khi hội đồng kết thúc bỏ phiếu."))
    passed = list(session.nominations.filter(state=S.PASSED).select_related("award_type"))
    if not passed:
        raise ServiceError(_("Không có đề nghị nào được thông qua để công khai."))
    default_days = int(rules_mod.settings_for(session.commune, starts_on).get("notice_days_default", 5))
    days = max(
        [default_days]
        + [rules_mod.award_rules(n.award_type, session.commune, starts_on)["notice_days"] for n in passed]
    )
    notice = Notice.objects.create(
        commune=session.commune,
        session=session,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days),
        title=title or _("Danh sách đề nghị khen thưởng năm %(year)s") % {"year": session.year},
        is_sample=session.is_sample,
    )
    for nomination in passed:
        _move(nomination, actor=actor, to=S.NOTICED, allowed=(S.PASSED,), verb="công khai", notice=notice)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=notice,
        unit=session.commune,
        after=snapshot(notice),
        verb="công khai danh sách",
    )
    return notice


def client_key(ip: str) -> str:
    return clients.client_key(ip)


@transaction.atomic
def objection_submit(
    *,
    notice: Notice,
    name: str,
    contact: str,
    text: str,
    ip: str,
    nomination: Nomination | None = None,
    today: dt.date | None = None,
) -> Objection:
    today = today or timezone.localdate()
    if not notice.starts_on <= today <= notice.ends_on:
        raise ServiceError(_("Thời gian nhận ý kiến đã kết thúc hoặc chưa bắt đầu."))
    if nomination is not None and nomination.notice_id != notice.pk:
        raise ServiceError(_("Người được chọn không có trong danh sách công khai này."))
    key = client_key(ip)
    recent = Objection.objects.filter(client_key=key, created_at__gte=timezone.now() - dt.timedelta(hours=1))
    if recent.count() >= OBJECTIONS_PER_HOUR:
        raise ServiceError(_("Bạn đã gửi nhiều ý kiến trong thời gian ngắn; vui lòng thử lại sau một giờ."))
    objection = Objection.objects.create(
        notice=notice,
        nomination=nomination,
        name=name.strip(),
        contact=contact.strip(),
        text=text.strip(),
        client_key=key,
    )
    audit_record(
        actor=access.CITIZEN,
        action=AuditAction.CREATE,
        instance=objection,
        unit=notice.commune,
        after=snapshot(objection, exclude=("client_key",)),
        verb="gửi ý kiến về danh sách công khai",
    )
    return objection


@transaction.atomic
def objection_resolve(*, actor, objection: Objection, state: str, resolution: str) -> Objection:
    access.require_actor(actor, Action.NOMINATION_CHECK, objection.notice.commune)
    if state not in (Objection.State.UPHELD, Objection.State.DISMISSED):
        raise ServiceError(_("Chọn kết quả xử lý."))
    if not resolution.strip():
        raise ServiceError(_("Nhập nội dung xử lý."))
    before = snapshot(objection)
    objection.state = state
    objection.resolution = resolution.strip()
    objection.resolved_by = actor if isinstance(actor, User) else None
    objection.resolved_at = timezone.now()
    objection.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=objection,
        unit=objection.notice.commune,
        before=before,
        after=snapshot(objection),
        verb="xử lý ý kiến",
    )
    return objection


# --- Decisions, awards, money, annulment ------------------------------------------------------


def _decision_title(session: Session | None, year: int) -> str:
    period = session.review_period if session is not None and session.review_period_id else None
    if period is None:
        return _("Về việc khen thưởng thành tích năm %(year)s") % {"year": year}
    return _("Về việc khen thưởng thành tích trong phong trào thi đua “%(m)s”, %(p)s") % {
        "m": period.movement.name,
        "p": period.name[:1].lower() + period.name[1:],
    }


@transaction.atomic
def decision_create(*, actor, notice: Notice, title: str = "", today: dt.date | None = None) -> Decision:
    """A draft decision for the noticed list, once the notice period is over and objections are handled."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, notice.commune)
    today = today or timezone.localdate()
    if today <= notice.ends_on:
        raise ServiceError(
            _("Chưa hết thời gian công khai (đến hết ngày %(d)s).")
            % {"d": notice.ends_on.strftime("%d/%m/%Y")}
        )
    if notice.objections.filter(state=Objection.State.OPEN).exists():
        raise ServiceError(_("Còn ý kiến phản ánh chưa xử lý."))
    upheld = set(
        notice.objections.filter(state=Objection.State.UPHELD).values_list("nomination_id", flat=True)
    )
    nominations = [
        n
        for n in notice.nominations.filter(state=S.NOTICED).select_related("award_type")
        if n.pk not in upheld
    ]
    if not nominations:
        raise ServiceError(_("Không còn đề nghị nào để ra quyết định."))
    year = nominations[0].year
    decision = Decision.objects.create(
        commune=notice.commune,
        session=notice.session,
        year=year,
        is_sample=notice.is_sample,
        title=title or _decision_title(notice.session, year),
    )
    for n in nominations:
        Award.objects.create(
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
            movement_id=n.movement_id,
            review_period_id=n.review_period_id,
            is_sample=n.is_sample,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=decision,
        unit=notice.commune,
        after=snapshot(decision),
        verb="dự thảo quyết định",
    )
    return decision


def _recipient_key(award: Award) -> tuple:
    return (award.recipient_kind, award.person_id or award.collective_id or award.household_id, award.year)


def compute_amounts(decision: Decision, on: dt.date) -> tuple[int, dict]:
    """Amounts per award line from the rules in force on the date.

    Only the highest title of a period pays in total (Decree 152 Art. 49): within the decision the
    lower titles of a recipient pay nothing, and when an earlier decision already paid a lower title
    for the same recipient and year, the higher title now pays only the difference. Forms
    (Giấy khen) pay on their own.
    """
    settings_now = rules_mod.settings_for(decision.commune, on)
    base = rules_mod.base_salary_on(on)
    awards = list(decision.awards.select_related("award_type"))
    snapshot_rules = {"base_salary": base, "rounding": settings_now["rounding"], "awards": {}}
    keys = {_recipient_key(a) for a in awards}
    # Titles of earlier signed decisions in the same year: the highest rank held and the money paid.
    rank_before: dict[tuple, int] = {}
    paid_before: dict[tuple, int] = defaultdict(int)
    labels_before: dict[tuple, list[str]] = defaultdict(list)
    earlier = (
        Award.objects.filter(
            decision__state=Decision.State.SIGNED,
            annulled=False,
            award_type__is_title=True,
            year__in={k[2] for k in keys},
        )
        .exclude(decision=decision)
        .select_related("award_type", "decision")
    )
    for other in earlier:
        key = _recipient_key(other)
        if key not in keys:
            continue
        rank_before[key] = max(rank_before.get(key, -1), other.award_type.rank)
        if other.amount:
            paid_before[key] += other.amount
            labels_before[key].append(other.decision.number_label)
    best: dict[tuple, Award] = {}
    for award in awards:
        rules = rules_mod.award_rules(award.award_type, decision.commune, on)
        snapshot_rules["awards"][award.award_type.code] = rules
        award.amount = rules_mod.award_amount(rules["coefficient"], base, settings_now["rounding"])
        award.amount_note = ""
        if award.award_type.is_title:
            key = _recipient_key(award)
            current = best.get(key)
            if current is None or rules["rank"] > snapshot_rules["awards"][current.award_type.code]["rank"]:
                best[key] = award
    for award in awards:
        if not award.award_type.is_title:
            continue
        key = _recipient_key(award)
        rank = snapshot_rules["awards"][award.award_type.code]["rank"]
        if best[key] is not award or rank_before.get(key, -1) >= rank:
            award.amount = 0
            award.amount_note = _("Chỉ trả tiền thưởng danh hiệu cao nhất trong năm.")
        elif paid_before.get(key):
            full = award.amount
            award.amount = max(full - paid_before[key], 0)
            award.amount_note = _(
                "Trả phần chênh lệch: %(full)s trừ %(paid)s đã trả theo quyết định %(ref)s."
            ) % {
                "full": format_money(full),
                "paid": format_money(paid_before[key]),
                "ref": ", ".join(labels_before[key]),
            }
    return base, {"rules": snapshot_rules, "awards": awards}


@transaction.atomic
def decision_sign(*, actor, decision: Decision, signed_on: dt.date, signer_name: str = "") -> Decision:
    """A leader signs: the decision takes its number, freezes the rules and money, and the nominees are decided."""
    access.require_actor(actor, Action.DECISION_SIGN, decision.commune)
    caller, decision = decision, Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != Decision.State.DRAFT:
        raise ServiceError(_("Quyết định đã được ký."))
    before = snapshot(decision)
    base, computed = compute_amounts(decision, signed_on)
    decision.base_salary = base
    for award in computed["awards"]:
        award.save(update_fields=["amount", "amount_note"])
        if award.nomination_id:
            _move(
                award.nomination,
                actor=actor,
                to=S.DECIDED,
                allowed=(S.NOTICED,),
                verb="có quyết định khen thưởng",
            )
    number, label, document = numbering.issue(
        decision=decision,
        awards=computed["awards"],
        signed_on=signed_on,
        actor=actor,
        signer_name=signer_name or (actor.full_name if isinstance(actor, User) else str(actor)),
    )
    decision.document = document
    decision.number = number
    decision.number_label = label
    decision.year = signed_on.year
    decision.signed_on = signed_on
    decision.signer = actor if isinstance(actor, User) else None
    decision.signer_name = signer_name or (actor.full_name if isinstance(actor, User) else str(actor))
    decision.base_salary = base
    decision.rules_snapshot = computed["rules"]
    decision.total_amount = sum(a.amount for a in computed["awards"])
    decision.state = Decision.State.SIGNED
    decision.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=decision,
        unit=decision.commune,
        before=before,
        after=snapshot(decision),
        verb="ký quyết định khen thưởng",
    )
    caller.refresh_from_db()
    return decision


@transaction.atomic
def award_annul(*, actor, award: Award, reason: str, annul_decision: str, annulled_on: dt.date) -> Award:
    """Annul an award (Law 06/2022, Ch. VII): the certificate verifies as annulled, money is to be recovered."""
    access.require_actor(actor, Action.DECISION_SIGN, award.commune)
    if award.annulled:
        raise ServiceError(_("Khen thưởng này đã bị hủy."))
    if not reason.strip() or not annul_decision.strip():
        raise ServiceError(_("Nhập lý do và số quyết định hủy."))
    before = snapshot(award)
    award.annulled = True
    award.annul_reason = reason.strip()
    award.annul_decision = annul_decision.strip()
    award.annulled_on = annulled_on
    award.recover_amount = award.amount
    award.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=award,
        unit=award.commune,
        before=before,
        after=snapshot(award),
        verb="hủy khen thưởng",
    )
    return award


@transaction.atomic
def award_record_past(
    *,
    actor,
    award_type: AwardType,
    year: int,
    commune: Unit,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
    external_ref: str = "",
    is_sample: bool = False,
) -> Award:
    """Record an award granted outside the system (a fact for the eligibility rules)."""
    access.require_actor(actor, Action.NOMINATION_CHECK, commune)
    name = _recipient(award_type.recipient_kind, person, collective, household, commune)
    award = Award.objects.create(
        award_type=award_type,
        year=year,
        commune=commune,
        recipient_kind=award_type.recipient_kind,
        person=person,
        collective=collective,
        household=household,
        recipient_name=name,
        external_ref=external_ref,
        is_sample=is_sample,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=award,
        unit=commune,
        after=snapshot(award),
        verb="ghi nhận khen thưởng đã có",
    )
    return award
