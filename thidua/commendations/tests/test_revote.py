"""A lost ballot-box passphrase: the sealed ballots cannot be opened by anyone, so the council votes
again into a new box, and only the new ballots are counted."""

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.commendations import services
from thidua.commendations.models import CouncilMember, Participation, SealedBallot, SessionState
from thidua.commendations.services.ballots import WRONG_PASSPHRASE
from thidua.commendations.services.sessions import REVOTE_ONLY_OPEN_SECRET, REVOTE_REASON_NEEDED
from thidua.commendations.tests.conftest import BALLOT_BOX
from thidua.lib.errors import ServiceError

NEW_BOX = "hòm phiếu mới của Hội đồng"
REASON = "Chủ tịch không nhớ cụm mật khẩu hòm phiếu"


def _vote(session, council, agree: bool) -> int:
    a, b, c = session.noms
    members = list(CouncilMember.objects.filter(council=council).order_by("pk"))
    for member in members:
        services.ballot_cast(
            user=member.user, session=session, choices={a.pk: agree, b.pk: agree, c.pk: False}
        )
    return len(members)


@pytest.mark.django_db
def test_a_lost_passphrase_is_overcome_by_voting_again_into_a_new_box(open_session, council):
    _vote(open_session, council, agree=False)
    with pytest.raises(ServiceError, match=str(WRONG_PASSPHRASE)[:30]):
        services.session_close(actor=SYSTEM, session=open_session, passphrase="cụm mật khẩu đã quên mất")
    destroyed = services.session_revote(actor=SYSTEM, session=open_session, passphrase=NEW_BOX, reason=REASON)
    assert destroyed == 5
    assert not SealedBallot.objects.exists() and not Participation.objects.exists()
    open_session.refresh_from_db()
    assert open_session.state == SessionState.OPEN
    voters = _vote(open_session, council, agree=True)
    # The old passphrase opens nothing any more; the new one counts only the new ballots.
    with pytest.raises(ServiceError):
        services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    lines = services.session_close(actor=SYSTEM, session=open_session, passphrase=NEW_BOX)
    a, b, c = open_session.noms
    assert {line.nomination_id: line.agree for line in lines} == {a.pk: voters, b.pk: voters, c.pk: 0}
    entry = AuditEntry.objects.get(verb="bỏ phiếu lại với hòm phiếu mới")
    assert entry.after == {"reason": REASON, "ballots_destroyed": 5, "votes_cleared": 5}
    assert "public_key" not in str(entry.after)


@pytest.mark.django_db
def test_voting_again_needs_a_reason_and_a_long_enough_passphrase_and_changes_nothing_otherwise(
    open_session, council
):
    _vote(open_session, council, agree=True)
    with pytest.raises(ServiceError) as refused:
        services.session_revote(actor=SYSTEM, session=open_session, passphrase=NEW_BOX, reason="  ")
    assert refused.value.message == REVOTE_REASON_NEEDED
    with pytest.raises(ServiceError) as refused:
        services.session_revote(actor=SYSTEM, session=open_session, passphrase="ngắn", reason=REASON)
    assert refused.value.code == "passphrase"
    assert SealedBallot.objects.count() == 5 and Participation.objects.count() == 5
    # the first box still opens: nothing was changed by the refusals
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    with pytest.raises(ServiceError) as refused:
        services.session_revote(actor=SYSTEM, session=open_session, passphrase=NEW_BOX, reason=REASON)
    assert refused.value.message == REVOTE_ONLY_OPEN_SECRET


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, allowed", [("officer", True), ("leader", True), ("council", False), ("viewer", False)]
)
def test_only_who_runs_the_council_can_start_the_vote_again(
    client, personas, open_session, council, role, allowed
):
    _vote(open_session, council, agree=True)
    client.force_login(personas[role])
    url = reverse("commendations:session_revote", args=[open_session.pk])
    data = {"reason": REASON, "passphrase": NEW_BOX, "passphrase_again": NEW_BOX, "confirm": "1"}
    response = client.post(url, data)
    assert response.status_code in ((302,) if allowed else (403, 404))
    assert SealedBallot.objects.exists() is not allowed


@pytest.mark.django_db
def test_the_session_page_offers_voting_again_to_the_officer(client, personas, open_session):
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:session", args=[open_session.pk])).content.decode()
    assert reverse("commendations:session_revote", args=[open_session.pk]) in page
    mismatched = {"reason": REASON, "passphrase": NEW_BOX, "passphrase_again": NEW_BOX + "x", "confirm": "1"}
    client.post(reverse("commendations:session_revote", args=[open_session.pk]), mismatched)
    open_session.refresh_from_db()
    assert not AuditEntry.objects.filter(verb="bỏ phiếu lại với hòm phiếu mới").exists()
