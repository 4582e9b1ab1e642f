"""What the commendation work asks of a signed-in user on the home page."""

from django.db.models import Count

from thidua import access
from thidua.access import Action
from thidua.commendations.models import (
    CouncilMember,
    Nomination,
    NominationState,
    Participation,
    Session,
    SessionState,
)


def sections(user) -> list[dict]:
    seats = CouncilMember.objects.filter(user=user, active=True).values_list("id", "council_id")
    member_ids = [member for member, _council in seats]
    to_vote = []
    if member_ids:
        voted = Participation.objects.filter(member_id__in=member_ids).values("session_id")
        to_vote = list(
            Session.objects.filter(state=SessionState.OPEN, council_id__in=[c for _m, c in seats])
            .exclude(id__in=voted)
            .select_related("council")
            .order_by("held_on")[:10]
        )
    mine = access.filter_visible(user, Nomination.objects.all())
    waiting = dict(
        mine.filter(state__in=[NominationState.SUBMITTED, NominationState.ACCEPTED])
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    returned = list(
        mine.filter(state=NominationState.RETURNED).select_related("award_type").order_by("-id")[:10]
    )
    can_check = any(access.can(user, Action.NOMINATION_CHECK, u) for u in access.home_units(user))
    if not (to_vote or returned or (can_check and waiting)):
        return []
    return [
        {
            "template": "commendations/_home.html",
            "context": {
                "to_vote": to_vote,
                "returned": returned,
                "submitted": waiting.get(NominationState.SUBMITTED, 0) if can_check else 0,
                "accepted": waiting.get(NominationState.ACCEPTED, 0) if can_check else 0,
            },
        }
    ]
