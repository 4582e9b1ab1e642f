"""Nominations: drafted by a unit for a recipient of its commune, sent, received and checked by the
commune's officer, returned or withdrawn. The council's steps (agenda, vote) are in `sessions`."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.commendations import eligibility
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import (
    NOMINATION_EDITABLE,
    NOMINATION_RETURNABLE,
    NOMINATION_TAKES_EVIDENCE,
    NOMINATION_WITHDRAWABLE,
    AwardLevel,
    AwardType,
    Evidence,
    Nomination,
    Proposal,
    RecipientKind,
)
from thidua.commendations.services._common import S, move
from thidua.files import content
from thidua.files.services import stored_file_create
from thidua.lib.errors import ServiceError
from thidua.movements.models import Movement, MovementState, PeriodKind, ReviewPeriod
from thidua.people.models import Household, Person
from thidua.units.models import Unit, UnitKind

# A movement is open to nominations once it runs, and stays so after closing for its final review.
NOMINABLE_MOVEMENT_STATES = (MovementState.RUNNING, MovementState.CLOSED)
REVIEW_KINDS = (PeriodKind.YEAR, PeriodKind.FINAL)


def _recipient(
    actor: Actor,
    kind: str,
    person: Person | None,
    collective: Unit | None,
    household: Household | None,
    commune: Unit,
) -> str:
    """Validate the recipient against its kind, the commune and what the actor may see (404 for a
    recipient hidden from them: a hamlet head names no one of another hamlet); return its name."""
    if kind == RecipientKind.INDIVIDUAL:
        if person is None:
            raise ServiceError(_("Chọn cá nhân được đề nghị."), field="person")
        access.require_actor(actor, Action.VIEW, person.unit)
        if not person.unit.is_within(commune):
            raise ServiceError(
                _("Cá nhân này không thuộc xã đang xét khen; không thể đề nghị."), field="person"
            )
        return person.full_name
    if kind == RecipientKind.COLLECTIVE:
        if collective is None:
            raise ServiceError(_("Chọn tập thể được đề nghị."), field="collective")
        access.require_actor(actor, Action.VIEW, collective)
        if not collective.is_within(commune) or collective.kind == UnitKind.COUNCIL:
            raise ServiceError(
                _("Tập thể này không thuộc xã đang xét khen; không thể đề nghị."), field="collective"
            )
        return collective.name
    if household is None:
        raise ServiceError(_("Chọn hộ gia đình được đề nghị."), field="household")
    access.require_actor(actor, Action.VIEW, household.hamlet)
    if not household.hamlet.is_within(commune):
        raise ServiceError(
            _("Hộ gia đình này không thuộc xã đang xét khen; không thể đề nghị."), field="household"
        )
    return str(household)


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
    _check_movement(commune=commune, year=year, movement=movement)
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


def _check_movement(*, commune: Unit, year: int, movement: Movement) -> None:
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


def _refuse_title_held(nomination: Nomination) -> None:
    """A yearly title is given once a year to a recipient, across movements (an annulled one no longer counts)."""
    held = eligibility.standing_title(nomination)
    if held is not None:
        raise ServiceError(
            _(
                "%(name)s đã được tặng %(award)s năm %(year)s (%(ref)s); danh hiệu này chỉ xét một lần mỗi năm."
            )
            % {
                "name": nomination.recipient_name,
                "award": nomination.award_type.name,
                "year": nomination.year,
                "ref": held.decision.number_label
                if held.decision
                else held.external_ref or _("ngoài hệ thống"),
            },
            field="award_type",
        )


def _require_check(actor: Actor, nomination: Nomination) -> None:
    """The commune's officer receives, checks and returns. Whoever may see the nomination but not
    check it is refused with 403: the hamlet head who sent it sees it, though not the commune."""
    if not access.can(access.check_actor(actor), Action.NOMINATION_CHECK, nomination.commune):
        raise PermissionDenied


def _achievement(text: str) -> str:
    if not text.strip():
        raise ServiceError(_("Nhập báo cáo thành tích."), field="achievement")
    return text.strip()


@transaction.atomic
def nomination_create(
    *,
    actor: Actor,
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
        raise ServiceError(_("Đơn vị đề nghị phải thuộc một xã."), field="unit")
    if not award_type.active:
        raise ServiceError(_("Danh hiệu này không còn áp dụng."), field="award_type")
    if award_type.level != AwardLevel.COMMUNE:
        raise ServiceError(
            _("“%(award)s” không do xã quyết định: lập hồ sơ đề nghị lên tỉnh (Đề nghị lên tỉnh).")
            % {"award": award_type.name},
            field="award_type",
            code="award_not_commune",
        )
    kind = award_type.recipient_kind
    person = person if kind == RecipientKind.INDIVIDUAL else None
    collective = collective if kind == RecipientKind.COLLECTIVE else None
    household = household if kind == RecipientKind.HOUSEHOLD else None
    name = _recipient(actor, kind, person, collective, household, commune)
    text = _achievement(achievement)
    movement, review_period = review_link(
        commune=commune, year=year, movement=movement, review_period=review_period
    )
    nomination = Nomination(
        commune=commune,
        unit=unit,
        award_type=award_type,
        year=year,
        recipient_kind=kind,
        person=person,
        collective=collective,
        household=household,
        recipient_name=name,
        achievement=text,
        movement=movement,
        review_period=review_period,
        created_by=actor if isinstance(actor, User) else None,
        is_sample=is_sample,
    )
    _refuse_title_held(nomination)
    return changes.create(nomination, actor=actor, verb="đề nghị khen thưởng")


@transaction.atomic
def nomination_update(
    *,
    actor: Actor,
    nomination: Nomination,
    achievement: str,
    movement: Movement | None = None,
    review_period: ReviewPeriod | None = None,
) -> Nomination:
    """Change the achievement report and the movement / review link of a draft or returned nomination."""
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    if nomination.state not in NOMINATION_EDITABLE:
        raise ServiceError(_("Chỉ sửa được đề nghị ở trạng thái nháp hoặc bị trả lại."))
    text = _achievement(achievement)
    movement, review_period = review_link(
        commune=nomination.commune, year=nomination.year, movement=movement, review_period=review_period
    )
    return changes.update(
        nomination, actor=actor, achievement=text, movement=movement, review_period=review_period
    )


@transaction.atomic
def evidence_add(*, actor: Actor, nomination: Nomination, file, description: str = "") -> Evidence:
    """Attach a piece of evidence while the nomination is with its unit or just sent."""
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    if nomination.state not in NOMINATION_TAKES_EVIDENCE:
        raise ServiceError(_("Không thể bổ sung minh chứng ở trạng thái này."))
    stored = stored_file_create(actor=actor, upload=file, allowed=content.EVIDENCE, unit=nomination.unit)
    evidence = Evidence(nomination=nomination, file=stored, description=description)
    return changes.create(evidence, actor=actor, unit=nomination.unit, verb="thêm minh chứng")


@transaction.atomic
def nomination_submit(*, actor: Actor, nomination: Nomination) -> Nomination:
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    return move(
        nomination,
        actor=actor,
        to=S.SUBMITTED,
        allowed=NOMINATION_EDITABLE,
        verb="gửi đề nghị",
        return_reason="",
    )


@transaction.atomic
def nomination_return(*, actor: Actor, nomination: Nomination, reason: str) -> Nomination:
    _require_check(actor, nomination)
    if not reason.strip():
        raise ServiceError(_("Nhập lý do trả lại để đơn vị đề nghị biết cần bổ sung gì."), field="reason")
    return move(
        nomination,
        actor=actor,
        to=S.RETURNED,
        allowed=NOMINATION_RETURNABLE,
        verb="trả lại đề nghị",
        return_reason=reason.strip(),
    )


@transaction.atomic
def nomination_accept(*, actor: Actor, nomination: Nomination) -> Nomination:
    _require_check(actor, nomination)
    return move(nomination, actor=actor, to=S.ACCEPTED, allowed=(S.SUBMITTED,), verb="tiếp nhận đề nghị")


def _refuse_failed(checks: list[eligibility.Check]) -> None:
    failed = [c for c in checks if c.failed]
    if failed:
        raise ServiceError(
            _("Không đạt tiêu chuẩn: %(rules)s.")
            % {"rules": "; ".join(f"{c.label} – {c.explanation}" for c in failed)}
        )


@transaction.atomic
def nomination_check(*, actor: Actor, nomination: Nomination) -> Nomination:
    """Run the eligibility rules and keep their result; a failing rule blocks the step. A pending
    discipline, inspection or complaint alone suspends the nomination until the case closes."""
    _require_check(actor, nomination)
    checks = eligibility.evaluate(nomination)
    _refuse_failed(checks)
    if any(c.suspended for c in checks):
        return move(
            nomination,
            actor=actor,
            to=S.SUSPENDED,
            allowed=(S.ACCEPTED,),
            verb="tạm hoãn xét khen",
            check_result=eligibility.as_json(checks),
            resume_state=S.CHECKED,
        )
    return move(
        nomination,
        actor=actor,
        to=S.CHECKED,
        allowed=(S.ACCEPTED,),
        verb="thẩm định đề nghị",
        check_result=eligibility.as_json(checks),
    )


@transaction.atomic
def nomination_resume(*, actor: Actor, nomination: Nomination) -> Nomination:
    """Take a suspended nomination up again once its case is closed: a nomination suspended at the
    check is checked again; one taken off the decision goes back to the public list."""
    _require_check(actor, nomination)
    if nomination.state != S.SUSPENDED:
        raise ServiceError(_("Chỉ xét lại được đề nghị đang tạm hoãn."))
    case = eligibility.pending_case(nomination)
    if case is not None:
        raise ServiceError(
            _("%(name)s vẫn đang có %(case)s chưa kết luận: tiếp tục tạm hoãn xét khen.")
            % {"name": nomination.recipient_name, "case": eligibility.case_label(case)}
        )
    if nomination.resume_state == S.NOTICED:
        return move(
            nomination,
            actor=actor,
            to=S.NOTICED,
            allowed=(S.SUSPENDED,),
            verb="hết tạm hoãn",
            resume_state="",
        )
    checks = eligibility.evaluate(nomination)
    _refuse_failed(checks)
    return move(
        nomination,
        actor=actor,
        to=S.CHECKED,
        allowed=(S.SUSPENDED,),
        verb="hết tạm hoãn, thẩm định lại",
        check_result=eligibility.as_json(checks),
        resume_state="",
    )


@transaction.atomic
def nomination_withdraw(*, actor: Actor, nomination: Nomination) -> Nomination:
    access.require_actor(actor, Action.NOMINATE, nomination.unit)
    if nomination.proposal_id:
        # The dossier first, as its own steps take it: two withdrawals of its last lines at once
        # queue here, and the second sees the first's.
        Proposal.objects.select_for_update(of=("self",)).filter(pk=nomination.proposal_id).first()
    withdrawn = move(
        nomination,
        actor=actor,
        to=S.WITHDRAWN,
        allowed=NOMINATION_WITHDRAWABLE,
        verb="rút đề nghị",
    )
    if withdrawn.proposal_id:
        # The last line of a dossier already with the province: the dossier ends with no award.
        from thidua.commendations.services.proposals import proposals_close_if_none_left

        proposals_close_if_none_left(
            actor=actor,
            proposals=[withdrawn.proposal],  # type: ignore[list-item]
            reason=_("xã đã rút mọi trường hợp đề nghị."),
        )
    return withdrawn
