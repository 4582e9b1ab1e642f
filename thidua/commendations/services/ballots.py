"""The ballot: what makes one invalid (agreeing to more than the quota, a nominee left unanswered),
casting it sealed (secret) or openly, opening the sealed ones at close, counting the session's
ballots against each award's threshold, and the cut at the quota with the legal tie rule.
The session's steps around it (open, close, tie decision) are in `sessions`.
"""

import random
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.accounts.models import User
from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record
from thidua.commendations import ballot_box, selectors
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import (
    Attendance,
    Ballot,
    BallotChoice,
    Nomination,
    OpenVote,
    PaperCount,
    Participation,
    RecipientKind,
    SealedBallot,
    Session,
    SessionState,
    TallyLine,
    TallyOutcome,
)
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender, Person

ALREADY_VOTED = gettext_lazy("Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu.")
WRONG_PASSPHRASE = gettext_lazy(
    "Cụm mật khẩu hòm phiếu không đúng: không mở được phiếu. Nhập đúng cụm mật khẩu đã đặt khi bắt đầu bỏ phiếu."
)
# The tie rule prefers a collective with at least 70 % women (Decree 152 Art. 4).
WOMEN_FIRST_SHARE = Fraction(70, 100)
PREFERRED_NOTE = gettext_lazy("Bằng phiếu; được ưu tiên (nữ hoặc tập thể có từ 70% nữ).")


def ballot_problems(session: Session, choices: dict[int, bool]) -> list[str]:
    """Why a ballot would be invalid (quota exceeded per recipient kind); shown before submitting.

    The one place of the rule "a ballot agreeing to more than the quota is invalid".
    """
    problems = []
    kinds: dict[int, str] = dict(session.nominations.values_list("id", "recipient_kind"))
    agreed: dict[str, int] = defaultdict(int)
    for nomination_id, agree in choices.items():
        if agree:
            agreed[kinds.get(nomination_id, "")] += 1
    for kind, count in agreed.items():
        quota = session.quota_for(kind)
        if quota is not None and count > quota:
            problems.append(
                _("Bạn đồng ý %(count)s %(kind)s, vượt chỉ tiêu %(quota)s: phiếu sẽ không hợp lệ.")
                % {"count": count, "kind": RecipientKind(kind).label.lower(), "quota": quota}
            )
    return problems


def ballot_cast(*, user: User, session: Session, choices: dict[int, bool]) -> None:
    """Cast one ballot of a present member: the participation row and the anonymous content in one
    transaction. Only a seated member votes, so the actor is always a person (no system actor)."""
    access.check_actor(user)
    try:
        with transaction.atomic():
            _cast(user, session, choices)
    except IntegrityError as exc:
        # Two tabs at once: the second insert hits the participation constraint.
        raise ServiceError(ALREADY_VOTED, code="already_voted") from exc


def _cast(user: User, session: Session, choices: dict[int, bool]) -> None:
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.state != SessionState.OPEN:
        raise ServiceError(_("Phiên họp không mở bỏ phiếu (chưa bắt đầu hoặc đã kết thúc)."))
    if locked.paper:
        raise ServiceError(_("Phiên họp này bỏ phiếu giấy; thư ký nhập kết quả kiểm phiếu."))
    member = selectors.member_of(user, locked)
    if member is None:
        raise ServiceError(_("Bạn không phải thành viên hội đồng của phiên họp này."))
    if not Attendance.objects.filter(session=locked, member=member, present=True).exists():
        raise ServiceError(_("Bạn được ghi vắng mặt; ý kiến của thành viên vắng mặt ghi bằng văn bản."))
    _check_answers(locked, choices)
    problems = ballot_problems(locked, choices)
    if problems:
        raise ServiceError(" ".join(problems))
    if Participation.objects.filter(session=locked, member=member).exists():
        raise ServiceError(ALREADY_VOTED, code="already_voted")
    Participation.objects.create(session=locked, member=member)
    if locked.secret:
        # Sealed with the chair's public key, with nothing that points back to the participation.
        box = ballot_box.BoxDescription.from_json(locked.ballot_box or {})
        SealedBallot.objects.create(session=locked, box=ballot_box.seal(box, choices))
    else:
        # Open voting: the ballot is recorded with its voter, apart from the ballot table itself.
        OpenVote.objects.create(session=locked, member=member, ballot=_write_ballot(locked, choices))
    # Not a record change: the entry records that the member voted, never what.
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        unit=locked.council,
        model_label="commendations.participation",
        object_id=str(locked.pk),
        object_repr=str(locked)[:255],
        verb="bỏ phiếu kín" if locked.secret else "biểu quyết công khai",
    )


def _check_answers(session: Session, choices: dict[int, bool]) -> None:
    """Every nominee of the agenda answered (the refusal names the others), and nothing else."""
    agenda = {n.pk: n for n in session.nominations.select_related("award_type").order_by("pk")}
    if set(choices) - set(agenda):
        raise ServiceError(_("Phiếu không khớp với danh sách đề nghị của phiên họp; hãy tải lại trang."))
    missing = [n for pk, n in agenda.items() if pk not in choices]
    if missing:
        names = ", ".join(f"{n.recipient_name} ({n.award_type.short_name})" for n in missing)
        raise ServiceError(
            _("Chưa chọn “Đồng ý” hoặc “Không đồng ý” cho: %(names)s.") % {"names": names},
            code="unanswered",
        )


def _write_ballot(session: Session, choices: dict[int, bool]) -> Ballot:
    ballot = Ballot.objects.create(session=session)
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, nomination_id=nid, agree=bool(agree)) for nid, agree in choices.items()]
    )
    return ballot


def ballots_unseal(session: Session, passphrase: str) -> int:
    """At close (inside its transaction): open every sealed ballot with the key re-derived from the
    chair's passphrase, write them in clear in random order for the count and a recount, and delete
    the sealed ones; the caller forgets the box (`Session.ballot_box`). Returns the number of ballots."""
    try:
        opener = ballot_box.Opener(ballot_box.BoxDescription.from_json(session.ballot_box or {}), passphrase)
    except (ballot_box.WrongPassphrase, KeyError, ValueError) as exc:
        raise ServiceError(WRONG_PASSPHRASE, field="passphrase", code="wrong_passphrase") from exc
    sealed = SealedBallot.objects.filter(session=session)
    try:
        content = [opener.open(row.box) for row in sealed]
    except ballot_box.WrongPassphrase as exc:
        raise ServiceError(WRONG_PASSPHRASE, field="passphrase", code="wrong_passphrase") from exc
    random.SystemRandom().shuffle(content)
    for choices in content:
        _write_ballot(session, choices)
    sealed.delete()
    return len(content)


def _women_first(nomination: Nomination) -> bool:
    """The legal tie rule: a woman, or a collective with at least 70 % women."""
    if nomination.person is not None:
        return nomination.person.gender == Gender.FEMALE
    if nomination.collective_id:
        members = Person.objects.filter(
            Q(memberships__unit_id=nomination.collective_id) | Q(unit_id=nomination.collective_id)
        ).distinct()
        counts = members.aggregate(
            total=Count("id", distinct=True), women=Count("id", filter=Q(gender=Gender.FEMALE), distinct=True)
        )
        return rules_mod.share_reached(counts["women"], counts["total"], WOMEN_FIRST_SHARE)
    return False


def _agree_counts(session: Session) -> tuple[dict[int, int], int]:
    """Agree votes per nomination and the number of ballots cast (paper counts or electronic ballots)."""
    if session.paper:
        agree = dict(PaperCount.objects.filter(session=session).values_list("nomination_id", "agree"))
        return agree, selectors.quorum(session)[0]
    agree = dict(
        BallotChoice.objects.filter(ballot__session=session, agree=True)
        .values("nomination_id")
        .annotate(n=Count("id"))
        .values_list("nomination_id", "n")
    )
    return agree, Ballot.objects.filter(session=session).count()


def compute_tally(session: Session) -> list[TallyLine]:
    """Agree counts, share of ALL members, threshold, ranking and the quota cut (unsaved lines)."""
    nominations = list(session.nominations.select_related("award_type", "person", "commune"))
    agree, cast = _agree_counts(session)
    members = session.member_count or selectors.quorum(session)[1]
    thresholds: dict[int, int] = {}
    lines: dict[int, TallyLine] = {}
    for n in nominations:
        if n.award_type_id not in thresholds:
            thresholds[n.award_type_id] = rules_mod.award_rules(
                n.award_type, session.commune, session.held_on
            )["vote_threshold_pct"]
        yes = agree.get(n.id, 0)
        threshold = thresholds[n.award_type_id]
        lines[n.id] = TallyLine(
            session=session,
            nomination=n,
            agree=yes,
            disagree=max(cast - yes, 0),
            percent=(Decimal(100 * yes) / members).quantize(Decimal("0.01")) if members else Decimal(0),
            threshold_pct=threshold,
            outcome=TallyOutcome.PASSED
            if rules_mod.share_reached(yes, members, Fraction(threshold, 100))
            else TallyOutcome.BELOW,
        )
    by_kind: dict[str, list[TallyLine]] = defaultdict(list)
    for n in nominations:
        by_kind[n.recipient_kind].append(lines[n.id])
    for kind, group in by_kind.items():
        _rank_and_cut(group, session.quota_for(kind))
    return [lines[n.id] for n in nominations]


def _rank_and_cut(group: list[TallyLine], quota: int | None) -> None:
    """Rank one recipient kind's lines and cut the passing ones at the quota: above the cut pass,
    below it are over quota; a tie at the cut goes to women first, then to the chair."""
    ordered = sorted(group, key=lambda line: -line.agree)
    for line in ordered:
        line.rank = 1 + sum(1 for other in ordered if other.agree > line.agree)
    passing = [line for line in ordered if line.outcome == TallyOutcome.PASSED]
    if quota is None or len(passing) <= quota:
        return
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
        return
    if len(tied) > slots:
        _break_tie(tied, slots)


def _break_tie(tied: list[TallyLine], slots: int) -> None:
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
                line.note = str(PREFERRED_NOTE)
        return
    for line in preferred:
        line.note = str(PREFERRED_NOTE)
    for line in others:
        line.outcome = TallyOutcome.TIE
        line.note = _("Bằng phiếu ở vị trí chỉ tiêu (%(slots)s suất): Chủ tịch Hội đồng quyết định.") % {
            "slots": slots - len(preferred)
        }
