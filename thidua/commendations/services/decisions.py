"""Decisions: drafted from the noticed list, sent to the chairman with the council's Tờ trình,
signed (number, frozen rules, money), and awards annulled later. The money rule (only the highest
title of a year pays) is `compute_amounts`."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.audit.models import AuditAction
from thidua.commendations import eligibility, law, numbering, papers
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import Award, Decision, Nomination, Notice, Objection, Session
from thidua.commendations.services._common import S, issue_paper, move
from thidua.commendations.services.proposals import proposals_settle
from thidua.documents.models import Document
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_money, screen_date_short
from thidua.signatures.models import SigningKey
from thidua.signatures.services import paper_sign

ALREADY_DRAFTED = gettext_lazy(
    "Mọi đề nghị của danh sách này đã có trong quyết định “%(title)s”: sửa quyết định đó, không dự thảo thêm."
)
HIGHEST_ONLY = gettext_lazy("Chỉ trả tiền thưởng danh hiệu cao nhất trong năm.")


def _decision_title(session: Session | None, year: int) -> str:
    """The decision's abstract as an official writes it (the paper's words, in Vietnamese)."""
    return papers.decision_abstract(session, year)


def _pending_cases(records: Iterable[Nomination | Award]) -> list[str]:
    """The "name – case" of each record whose recipient has a discipline, inspection or complaint open."""
    found: list[str] = []
    for record in records:
        case = eligibility.pending_case(record)
        if case is not None:
            found.append(f"{record.recipient_name} – {eligibility.case_label(case)}")
    return found


def _suspend_pending(actor: Actor, nominations: list[Nomination]) -> list[Nomination]:
    """Leave out of the draft, suspended until the case closes, whoever has a case opened since the
    check (Decree 152 Art. 4); when nobody is left, refuse naming them."""
    kept: list[Nomination] = []
    pending: list[Nomination] = []
    for n in nominations:
        (pending if eligibility.pending_case(n) else kept).append(n)
    if pending and not kept:
        raise ServiceError(
            _("Tạm hoãn xét khen, chưa ra quyết định được: %(list)s chưa kết luận.")
            % {"list": "; ".join(_pending_cases(pending))}
        )
    for n in pending:
        move(
            n,
            actor=actor,
            to=S.SUSPENDED,
            allowed=(S.NOTICED,),
            verb="tạm hoãn xét khen",
            resume_state=S.NOTICED,
        )
    return kept


@transaction.atomic
def decision_create(
    *, actor: Actor, notice: Notice, title: str = "", today: dt.date | None = None
) -> Decision:
    """A draft decision for the noticed list, once the notice period is over and objections are handled."""
    access.require_actor(actor, Action.COUNCIL_MANAGE, notice.commune)
    # Two officers pressing "draft" at once queue here: the second sees the first one's awards.
    Notice.objects.select_for_update().filter(pk=notice.pk).exists()
    today = today or timezone.localdate()
    if today <= notice.ends_on:
        raise ServiceError(
            _("Chưa hết thời gian công khai (đến hết ngày %(d)s).") % {"d": screen_date_short(notice.ends_on)}
        )
    if notice.objections.filter(state=Objection.State.OPEN).exists():
        raise ServiceError(_("Còn ý kiến phản ánh chưa xử lý."))
    upheld = set(
        notice.objections.filter(state=Objection.State.UPHELD).values_list("nomination_id", flat=True)
    )
    # A nomination is in one decision at most; those resumed after a suspension go in a further one.
    candidates = notice.nominations.filter(state=S.NOTICED, award__isnull=True).select_related("award_type")
    nominations = [n for n in candidates if n.pk not in upheld]
    drafted = Decision.objects.filter(awards__nomination__notice=notice).first()
    if not nominations and drafted is not None:
        raise ServiceError(ALREADY_DRAFTED % {"title": drafted.title}, code="already_drafted")
    nominations = _suspend_pending(actor, nominations)
    if not nominations:
        raise ServiceError(_("Không còn đề nghị nào để ra quyết định."))
    year = nominations[0].year
    decision = Decision(
        commune=notice.commune,
        session=notice.session,
        year=year,
        is_sample=notice.is_sample,
        title=title or _decision_title(notice.session, year),
    )
    changes.create(decision, actor=actor, unit=notice.commune, verb="dự thảo quyết định")
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
            movement_id=n.movement_id,
            review_period_id=n.review_period_id,
            is_sample=n.is_sample,
        )
        for n in nominations
    )
    return decision


@transaction.atomic
def decision_submission_issue(*, actor: Actor, decision: Decision, date: dt.date | None = None) -> Document:
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
            "recipient_kind", "recipient_name", "id"
        )
    )
    date = date or timezone.localdate()
    document = issue_paper(
        actor=actor,
        record=decision,
        field="submission_document",
        unit=council,
        model=papers.submission_paper(
            decision, awards=awards, date=date, minutes=decision.session.minutes_document
        ),
        symbol=f"TTr-{council.short_name or 'HĐTĐKT'}",
        date=date,
        verb="ban hành tờ trình",
        authority=Action.COUNCIL_MANAGE,
    )
    caller.refresh_from_db()
    return document


def _recipient_key(award: Award) -> tuple:
    return (award.recipient_kind, award.person_id or award.collective_id or award.household_id, award.year)


class _PaidBefore:
    """What earlier signed decisions of the same year already gave each recipient: the highest
    title rank held, the money paid, and the numbers of those decisions."""

    def __init__(self, decision: Decision, keys: set[tuple]):
        self.rank: dict[tuple, int] = {}
        self.paid: dict[tuple, int] = defaultdict(int)
        self.labels: dict[tuple, list[str]] = defaultdict(list)
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
            self.rank[key] = max(self.rank.get(key, -1), other.award_type.rank)
            if other.amount:
                self.paid[key] += other.amount
                self.labels[key].append(other.decision.number_label if other.decision else "")


def compute_amounts(decision: Decision, on: dt.date) -> tuple[int, dict]:
    """Amounts per award line from the rules in force on the date.

    Only the highest title of a period pays in total (Decree 152 Art. 49): within the decision the
    lower titles of a recipient pay nothing, and when an earlier decision already paid a lower title
    for the same recipient and year, the higher title now pays only the difference. Forms
    (Giấy khen) pay on their own.
    """
    frame = law.in_force(on)  # refuses a date thidua has no law for, rather than pay by today's
    settings_now = rules_mod.settings_for(decision.commune, on)
    base = rules_mod.base_salary_on(on)
    awards = list(decision.awards.select_related("award_type"))
    snapshot_rules: dict = {
        "base_salary": base,
        "rounding": settings_now["rounding"],
        "law": frame.name,
        "awards": {},
    }
    before = _PaidBefore(decision, {_recipient_key(a) for a in awards})
    best: dict[tuple, Award] = {}
    for award in awards:
        rules = rules_mod.award_rules(award.award_type, decision.commune, on)
        if rules["coefficient"] is None:  # neither the law of the day nor a local rule gives one
            raise frame.no_money(award.award_type, on)
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
        if best[key] is not award or before.rank.get(key, -1) >= rank:
            award.amount = 0
            award.amount_note = str(HIGHEST_ONLY)
        elif before.paid.get(key):
            full = award.amount
            award.amount = max(full - before.paid[key], 0)
            award.amount_note = _(
                "Trả phần chênh lệch: %(full)s trừ %(paid)s đã trả theo quyết định %(ref)s."
            ) % {
                "full": format_money(full),
                "paid": format_money(before.paid[key]),
                "ref": ", ".join(before.labels[key]),
            }
    return base, {"rules": snapshot_rules, "awards": awards}


def _require_notice_over(decision: Decision, signed_on: dt.date) -> None:
    """A decision is dated after the public notice of every nominee on it has run its full period."""
    ends_on = Notice.objects.filter(nominations__award__decision=decision).aggregate(end=Max("ends_on"))[
        "end"
    ]
    if ends_on is not None and signed_on <= ends_on:
        raise ServiceError(
            _("Ngày ký phải sau khi hết thời gian công khai (đến hết ngày %(d)s).")
            % {"d": screen_date_short(ends_on)},
            field="signed_on",
        )


def _refuse_titles_held(decision: Decision) -> None:
    """No recipient is given a yearly title a second time in a year: another signed decision (in any
    movement) or an award recorded from outside may have given it since the nomination was checked."""
    held = []
    for award in decision.awards.select_related("award_type"):
        other = eligibility.standing_title(award, exclude_decision=decision)
        if other is not None:
            ref = other.decision.number_label if other.decision else other.external_ref or _("ngoài hệ thống")
            held.append(f"{award.recipient_name} – {award.award_type.short_name} {award.year} ({ref})")
    if held:
        raise ServiceError(
            _("Danh hiệu đã được tặng trong năm, mỗi danh hiệu chỉ một lần: %(list)s.")
            % {"list": "; ".join(held)}
        )


@transaction.atomic
def decision_sign(
    *,
    actor: Actor,
    decision: Decision,
    signed_on: dt.date,
    signer_name: str = "",
    key: SigningKey | None = None,
    secret: str = "",
) -> Decision:
    """A leader signs: the decision takes its number, freezes the rules and money, and the nominees are decided.

    With a signing `key` (and its passphrase or PIN as `secret`) the issued paper is also signed
    digitally, in the same transaction: when the digital signature is refused (wrong passphrase,
    expired or revoked certificate), the decision is not signed either."""
    access.require_actor(actor, Action.DECISION_SIGN, decision.commune)
    caller, decision = decision, Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != Decision.State.DRAFT:
        raise ServiceError(_("Quyết định đã được ký."))
    _require_notice_over(decision, signed_on)
    _refuse_titles_held(decision)
    pending = _pending_cases(decision.awards.select_related("household"))
    if pending:
        raise ServiceError(
            _("Tạm hoãn xét khen, chưa ký được: %(list)s chưa kết luận.") % {"list": "; ".join(pending)}
        )
    signer_name = signer_name or (actor.full_name if isinstance(actor, User) else str(actor))
    with changes.tracked(
        decision, actor=actor, verb="ký quyết định khen thưởng", action=AuditAction.TRANSITION
    ):
        base, computed = compute_amounts(decision, signed_on)
        awards = computed["awards"]
        decision.base_salary = base
        for award in awards:
            award.save(update_fields=["amount", "amount_note"])
            if award.nomination_id:
                move(
                    award.nomination,
                    actor=actor,
                    to=S.DECIDED,
                    # A commune's line of a proposal to the province is decided straight after the
                    # provincial council's vote (no public notice for the province's awards).
                    allowed=(S.PASSED, S.NOTICED) if award.nomination.proposal_id else (S.NOTICED,),
                    verb="có quyết định khen thưởng",
                )
        number, label, document = numbering.issue(
            decision=decision, awards=awards, signed_on=signed_on, actor=actor, signer_name=signer_name
        )
        decision.state = Decision.State.SIGNED
        decision.document = document
        decision.number = number
        decision.number_label = label
        decision.year = signed_on.year
        decision.signed_on = signed_on
        decision.signer = actor if isinstance(actor, User) else None
        decision.signer_name = signer_name
        decision.rules_snapshot = computed["rules"]
        decision.total_amount = sum(a.amount for a in awards)
    if key is not None:
        paper_sign(actor=actor, document=document, key=key, secret=secret)
    proposals_settle(actor=actor, decision=decision)
    caller.refresh_from_db()
    return decision


@transaction.atomic
def award_annul(
    *, actor: Actor, award: Award, reason: str, annul_decision: str, annulled_on: dt.date
) -> Award:
    """Annul an award (Law 06/2022, Ch. VII): the certificate verifies as annulled, money is to be recovered."""
    access.require_actor(actor, Action.DECISION_SIGN, award.commune)
    if award.annulled:
        raise ServiceError(_("Khen thưởng này đã bị hủy."))
    if not reason.strip() or not annul_decision.strip():
        raise ServiceError(_("Nhập lý do và số quyết định hủy."))
    return changes.update(
        award,
        actor=actor,
        unit=award.commune,
        verb="hủy khen thưởng",
        action=AuditAction.TRANSITION,
        annulled=True,
        annul_reason=reason.strip(),
        annul_decision=annul_decision.strip(),
        annulled_on=annulled_on,
        recover_amount=award.amount,
    )
