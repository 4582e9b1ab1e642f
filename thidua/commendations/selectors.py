"""Reads of the commendation app: lists, tallies, money totals."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum

from thidua import access
from thidua.access import Action
from thidua.commendations.models import Award, BallotChoice, Decision, Nomination, OpenVote, Session
from thidua.units.models import Unit

PAGE_SIZE = 50


def visible(user, queryset, field: str = "unit"):
    return access.filter_visible(user, queryset, field)


def nomination_page(user, *, state: str = "", year: str = "", page=1):
    qs = visible(user, Nomination.objects.select_related("award_type", "unit"))
    if state:
        qs = qs.filter(state=state)
    if year and str(year).isdigit():
        qs = qs.filter(year=int(year))
    return Paginator(qs.order_by("-year", "-id"), PAGE_SIZE).get_page(page)


def sessions_for(user):
    return visible(
        user, Session.objects.select_related("council").annotate(n=Count("nominations")), "council"
    )


def nominate_units(user):
    """Units on behalf of which the user may nominate: their grant units and everything below."""
    query = Q(pk__in=[])
    for home in access.home_units(user):
        query |= Q(path__startswith=home.path)
    units = Unit.objects.filter(query).exclude(kind__in=["council", "province", "district", "nation"])
    return units.filter(pk__in=[u.pk for u in units if access.can(user, Action.NOMINATE, u)])


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
