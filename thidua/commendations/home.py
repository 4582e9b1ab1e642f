"""What the commendation work asks of a signed-in user on the home page."""

from django.db.models import Count

from thidua import access
from thidua.access import Action
from thidua.commendations.models import (
    CouncilMember,
    Nomination,
    NominationState,
    Participation,
    Proposal,
    ProposalState,
    Session,
    SessionState,
)
from thidua.commendations.models.proposals import PROPOSAL_WAITING
from thidua.units.models import UnitKind


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
    returned_all = list(
        mine.filter(state=NominationState.RETURNED)
        .select_related("award_type", "proposal")
        .order_by("-id")[:10]
    )
    # A line of a dossier the province returned is shown as its dossier (no query of its own).
    returned = [n for n in returned_all if n.proposal_id is None]
    homes = access.home_units(user)
    can_check = any(access.can(user, Action.NOMINATION_CHECK, u) for u in homes)
    # Proposals up the chain: those waiting at the province, for its officers; those the province
    # returned, for the commune's.
    can_receive = any(
        u.kind == UnitKind.PROVINCE and access.can(user, Action.PROPOSAL_RECEIVE, u) for u in homes
    )
    proposals_waiting = (
        access.filter_visible(user, Proposal.objects.filter(state__in=PROPOSAL_WAITING), "commune").count()
        if can_receive
        else 0
    )
    can_send = any(access.can(user, Action.PROPOSAL_SEND, u) for u in homes)
    proposals_returned = list(
        {
            n.proposal_id: n.proposal
            for n in returned_all
            if n.proposal is not None and n.proposal.state == ProposalState.RETURNED and can_send
        }.values()
    )
    if not (to_vote or returned or (can_check and waiting) or proposals_waiting or proposals_returned):
        return []
    return [
        {
            "template": "commendations/_home.html",
            "context": {
                "to_vote": to_vote,
                "returned": returned,
                "submitted": waiting.get(NominationState.SUBMITTED, 0) if can_check else 0,
                "accepted": waiting.get(NominationState.ACCEPTED, 0) if can_check else 0,
                "proposals_waiting": proposals_waiting,
                "proposals_returned": proposals_returned,
            },
        }
    ]
