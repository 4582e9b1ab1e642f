"""Reads of the commendation app: lists, tallies, money totals."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum

from thidua import access
from thidua.access import Action
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import (
    Attendance,
    Award,
    BallotChoice,
    CouncilMember,
    Decision,
    Nomination,
    NominationState,
    OpenVote,
    Session,
)
from thidua.lib import params
from thidua.movements.models import CommendationQuota, Movement, MovementState, PeriodKind, ReviewPeriod
from thidua.units.models import SEGMENT, Unit

PAGE_SIZE = 50


def visible(user, queryset, field: str = "unit"):
    return access.filter_visible(user, queryset, field)


def _pk(value) -> int | None:
    return params.parse_id(value)


def nomination_page(user, *, state: str = "", year: str = "", movement: str = "", period: str = "", page=1):
    qs = visible(user, Nomination.objects.select_related("award_type", "unit", "movement", "review_period"))
    if state:
        qs = qs.filter(state=state)
    if (year_number := params.parse_int(year, low=params.YEAR_MIN, high=params.YEAR_MAX)) is not None:
        qs = qs.filter(year=year_number)
    # A filter that is not a number (a tampered link) is ignored, as the year's is.
    if _pk(movement) is not None:
        qs = qs.filter(movement_id=_pk(movement))
    if _pk(period) is not None:
        qs = qs.filter(review_period_id=_pk(period))
    result = Paginator(qs.order_by("-year", "-id"), PAGE_SIZE).get_page(page)
    # Each state's label translated once, not once per row (get_state_display hashes every choice).
    labels = {value: str(label) for value, label in NominationState.choices}
    result.object_list = list(result.object_list)
    for nomination in result.object_list:
        nomination.state_label = labels.get(nomination.state, nomination.state)
    return result


def nomination_movements(user):
    """Movements that the user's visible nominations come under: the list's filter choices."""
    linked = visible(user, Nomination.objects.filter(movement__isnull=False)).values("movement_id")
    return Movement.objects.filter(pk__in=linked).order_by("-period_start", "name")


# --- Movements a commune's nominations and sessions may come under ----------------------------

NOMINABLE_STATES = (MovementState.RUNNING, MovementState.CLOSED)


def movements_for_communes(communes) -> QuerySet[Movement]:
    """Running or closed movements issued by one of the communes or a unit above it."""
    paths: set[str] = set()
    for commune in communes:
        paths |= {commune.path[:i] for i in range(SEGMENT, len(commune.path) + 1, SEGMENT)}
    return (
        Movement.objects.filter(unit__path__in=paths, state__in=NOMINABLE_STATES)
        .select_related("unit")
        .order_by("-period_start", "name")
    )


def review_periods_for(movements) -> QuerySet[ReviewPeriod]:
    """The yearly and final reviews of these movements, the ones awards are decided at."""
    return (
        ReviewPeriod.objects.filter(movement__in=movements, kind__in=[PeriodKind.YEAR, PeriodKind.FINAL])
        .select_related("movement")
        .order_by("-end", "movement__name", "kind")
    )


def movement_quotas(movement: Movement) -> dict[str, int]:
    """The movement's quota per recipient kind per review period (the plan's "2 tập thể, 3 cá nhân")."""
    return dict(
        CommendationQuota.objects.filter(movement=movement).values_list("recipient_kind", "per_period")
    )


def sessions_for(user):
    return visible(
        user, Session.objects.select_related("council").annotate(n=Count("nominations")), "council"
    )


def nominate_units(user):
    """Units on behalf of which the user may nominate: their grant units and everything below."""
    query = access.allowed_q(user, Action.NOMINATE, field="")
    units = Unit.objects.all() if query is None else Unit.objects.filter(query)
    return units.exclude(kind__in=["council", "province", "district", "nation"])


def money_totals(user):
    """Totals of signed, not annulled awards per year and per fund, and money to recover."""
    awards = visible(user, Award.objects.filter(decision__state=Decision.State.SIGNED), "commune")
    rows = (
        awards.values("year", "award_type__fund")
        .annotate(
            total=Sum("amount", filter=Q(annulled=False)),
            count=Count("id", filter=Q(annulled=False)),
            recover=Sum("recover_amount"),
        )
        .order_by("-year", "award_type__fund")
    )
    per_year = defaultdict(int)
    for row in rows:
        per_year[row["year"]] += row["total"] or 0
    return list(rows), dict(per_year)


def public_decisions():
    return (
        Decision.objects.filter(state=Decision.State.SIGNED)
        .select_related("commune")
        .annotate(n=Count("awards"))
        .order_by("-signed_on", "-id")
    )


def open_votes(session: Session) -> dict[str, dict[int, bool]] | None:
    """Open voting only: each member's choices, by name. None for a secret or paper ballot."""
    if session.secret or session.paper:
        return None
    records = list(OpenVote.objects.filter(session=session).select_related("member"))
    choices: dict[object, dict[int, bool]] = defaultdict(dict)
    for ballot_id, nomination_id, agree in BallotChoice.objects.filter(
        ballot_id__in=[r.ballot_id for r in records]
    ).values_list("ballot_id", "nomination_id", "agree"):
        choices[ballot_id][nomination_id] = agree
    return {r.member.full_name: choices[r.ballot_id] for r in records}


def quorum(session: Session) -> tuple[int, int, int]:
    """(present, members, needed) of a session's roll call; `needed` is `rules.quorum_needed`."""
    rows = list(Attendance.objects.filter(session=session).values_list("present", flat=True))
    return sum(rows), len(rows), rules_mod.quorum_needed(len(rows), session.quorum_share)


def ballot_waiting(session: Session) -> list:
    """The people of a session's electronic vote who are present and have not voted yet."""
    from thidua.commendations.models import Participation

    if session.paper:
        return []
    present = Attendance.objects.filter(session=session, present=True).values("member_id")
    voted = Participation.objects.filter(session=session).values("member_id")
    seats = (
        CouncilMember.objects.filter(pk__in=present, active=True, user__is_active=True)
        .exclude(pk__in=voted)
        .select_related("user")
        .order_by("user_id")
    )
    return [seat.user for seat in seats if seat.user is not None]


def member_of(user, session: Session) -> CouncilMember | None:
    """The user's active seat in the session's council, if they hold one."""
    return CouncilMember.objects.filter(council_id=session.council_id, user=user, active=True).first()


# --- Proposals up the chain ----------------------------------------------------------------


def proposals_for(user, *, state: str = "", year: str = ""):
    """The proposals the user may see: a commune's own, every commune's of the province for the
    province's users; none of another commune or province."""
    from thidua.commendations.models import Proposal

    qs = visible(
        user, Proposal.objects.select_related("commune", "province", "submission_document"), "commune"
    )
    if state:
        qs = qs.filter(state=state)
    if (year_number := params.parse_int(year, low=params.YEAR_MIN, high=params.YEAR_MAX)) is not None:
        qs = qs.filter(year=year_number)
    return qs.annotate(lines=Count("nominations")).order_by("-year", "-id")


def proposal_communes(user) -> QuerySet[Unit]:
    """The communes the user may draft a proposal for."""
    from thidua.units.models import UnitKind

    communes = visible(user, Unit.objects.filter(kind=UnitKind.COMMUNE), "")
    return communes.filter(
        pk__in=[c.pk for c in communes if access.can(user, Action.PROPOSAL_SEND, c)]
    ).order_by("name")


def province_sessions(province: Unit) -> QuerySet[Session]:
    """Sessions of the province's council still taking an agenda."""
    from thidua.commendations.models import SessionState

    return Session.objects.filter(commune=province, state=SessionState.DRAFT).order_by("-held_on", "-id")


def person_awards(person) -> QuerySet[Award]:
    """A person's award history: the awards of signed decisions, the commune's and the province's,
    and the past ones recorded from decisions made outside thidua (annulled ones too, marked),
    newest first."""
    return (
        Award.objects.filter(
            Q(decision__state=Decision.State.SIGNED) | Q(decision__isnull=True), person=person
        )
        .select_related("award_type", "decision__commune")
        .order_by("-year", "-decision__signed_on", "-id")
    )


def history_rows_recorded(rows) -> set[int]:
    """The rows of an import batch under review whose award is already in the history (same
    recipient, type and year, not annulled): shown before confirming, as confirming skips them."""
    fields = {"individual": "person_id", "collective": "collective_id", "household": "household_id"}
    own = {"individual": "person_id", "collective": "unit_id", "household": "household_id"}
    wanted = [r for r in rows if r.award_type_id and getattr(r, own.get(r.kind, ""), None)]
    if not wanted:
        return set()
    query = Q(pk__in=[])
    for kind, field in fields.items():
        ids = {getattr(r, own[kind]) for r in wanted if r.kind == kind}
        if ids:
            query |= Q(recipient_kind=kind, **{f"{field}__in": ids})
    held = set(
        Award.objects.filter(query, annulled=False).values_list(
            "recipient_kind", "person_id", "collective_id", "household_id", "award_type_id", "year"
        )
    )
    recorded = {
        (
            kind,
            {"individual": person, "collective": collective, "household": household}[kind],
            award_type,
            year,
        )
        for kind, person, collective, household, award_type, year in held
    }
    return {r.pk for r in wanted if (r.kind, getattr(r, own[r.kind]), r.award_type_id, r.year) in recorded}
