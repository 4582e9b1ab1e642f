"""Bad input and attacks from the issue, through the pages: each is refused with a clear message and
leaves no trace in the tally."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import Award, Ballot, Decision, Participation, SealedBallot, TallyLine
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, make_person, nominate

pytestmark = pytest.mark.django_db


def _vote_url(session):
    return reverse("commendations:vote", args=[session.pk])


def _ballot(session, agree=()):
    return {f"n-{n.pk}": "agree" if n in agree else "disagree" for n in session.noms}


def _agree_counts(session):
    return dict(TallyLine.objects.filter(session=session).values_list("nomination_id", "agree"))


def test_two_tabs_the_second_ballot_is_refused_and_leaves_no_trace(client, open_session, council):
    a, b, c = open_session.noms
    client.force_login(council.members["member"].user)
    # Both tabs load the ballot before either is submitted.
    assert 'name="n-' in client.get(_vote_url(open_session)).content.decode()
    assert 'name="n-' in client.get(_vote_url(open_session)).content.decode()
    assert client.post(_vote_url(open_session), _ballot(open_session, {a})).status_code == 302
    response = client.post(_vote_url(open_session), _ballot(open_session, {b, c}), follow=True)
    assert "mỗi thành viên chỉ bỏ một phiếu" in response.content.decode()
    assert SealedBallot.objects.filter(session=open_session).count() == 1
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    assert _agree_counts(open_session) == {a.pk: 1, b.pk: 0, c.pk: 0}


def test_a_ballot_after_closing_is_refused(client, open_session, council):
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    client.force_login(council.members["chair"].user)
    assert "không mở bỏ phiếu" in client.get(_vote_url(open_session)).content.decode()
    response = client.post(_vote_url(open_session), _ballot(open_session, open_session.noms[:1]), follow=True)
    assert "không mở bỏ phiếu" in response.content.decode()
    assert not Ballot.objects.filter(session=open_session).exists()
    assert set(_agree_counts(open_session).values()) == {0}


def test_a_ballot_with_another_sessions_nominees_is_refused(client, open_session, council, tree, award):
    other_nom = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Khác"))
    other = services.session_create(
        actor=SYSTEM, council=council, title="Phiên khác", year=YEAR, held_on=dt.date(2025, 12, 11)
    )
    services.session_agenda_add(actor=SYSTEM, session=other, nominations=[other_nom])
    services.session_open(actor=SYSTEM, session=other, passphrase=BALLOT_BOX)
    client.force_login(council.members["member"].user)
    # This session's ballot sent to the other session's address.
    response = client.post(_vote_url(other), _ballot(open_session, open_session.noms[:1]), follow=True)
    assert "không khớp với danh sách đề nghị" in response.content.decode()
    # Mixed: the other session's nominee slipped into this session's ballot.
    tampered = {**_ballot(open_session), f"n-{other_nom.pk}": "agree"}
    response = client.post(_vote_url(open_session), tampered, follow=True)
    assert "không khớp với danh sách đề nghị" in response.content.decode()
    assert not SealedBallot.objects.exists() and not Participation.objects.exists()


def test_a_council_user_without_a_seat_cannot_vote(client, open_session, council, tree, make_user):
    seatless = make_user("khongghe", Role.COUNCIL, tree.commune)  # the council role but no seat
    client.force_login(seatless)
    assert client.get(_vote_url(open_session)).status_code == 403
    assert client.post(_vote_url(open_session), _ballot(open_session)).status_code == 403
    assert not SealedBallot.objects.exists()


def test_absent_member_is_told_to_give_a_written_opinion(client, tree, council, award):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "K"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    absent = council.members["m2"]
    services.session_attendance_set(
        actor=SYSTEM,
        session=session,
        present_ids={m.pk for m in council.members.values() if m != absent},
        opinions={absent.pk: "Đồng ý"},
    )
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    client.force_login(absent.user)
    response = client.post(_vote_url(session), {f"n-{n.pk}": "agree"}, follow=True)
    assert "vắng mặt" in response.content.decode()
    assert not SealedBallot.objects.exists()


def test_a_ballot_over_the_quota_is_refused_and_the_member_may_vote_again(client, open_session, council):
    client.force_login(council.members["member"].user)
    response = client.post(_vote_url(open_session), _ballot(open_session, open_session.noms), follow=True)
    assert "vượt chỉ tiêu 2" in response.content.decode()
    assert not SealedBallot.objects.exists() and not Participation.objects.exists()
    assert (
        client.post(_vote_url(open_session), _ballot(open_session, open_session.noms[:2])).status_code == 302
    )
    assert SealedBallot.objects.count() == 1


@pytest.mark.parametrize("field", ["n-abc", "n-", "n-1.5"])
def test_a_malformed_ballot_field_is_refused(client, open_session, council, field):
    client.force_login(council.members["member"].user)
    response = client.post(_vote_url(open_session), {**_ballot(open_session), field: "agree"}, follow=True)
    assert response.status_code == 200
    assert "không khớp với danh sách đề nghị" in response.content.decode()
    assert not SealedBallot.objects.exists()


def test_the_code_of_a_draft_decision_does_not_verify(client, tree, award):
    person = make_person(tree.hamlet, "Chưa ký")
    draft = Decision.objects.create(commune=tree.commune, title="Dự thảo", year=YEAR)
    award_row = Award.objects.create(
        award_type=award("ldtt"),
        year=YEAR,
        commune=tree.commune,
        recipient_kind="individual",
        person=person,
        recipient_name=person.full_name,
        decision=draft,
    )
    response = client.get(reverse("commendations:verify", args=[award_row.verify_code]))
    assert response.status_code == 404 and "Không tìm thấy giấy chứng nhận" in response.content.decode()
    assert "Chưa ký" not in response.content.decode()


def test_a_nomination_for_a_collective_or_household_of_another_commune_is_refused(tree, award):
    from thidua.lib.errors import ServiceError
    from thidua.people.models import Household

    with pytest.raises(ServiceError, match="không thuộc xã"):
        services.nomination_create(
            actor=SYSTEM,
            unit=tree.hamlet,
            award_type=award("gk-tapthe"),
            year=YEAR,
            achievement="x",
            collective=tree.other_hamlet,
        )
    head = make_person(tree.other_hamlet, "Chủ hộ xa", rating=None)
    household = Household.objects.create(hamlet=tree.other_hamlet, head=head)
    with pytest.raises(ServiceError, match="không thuộc xã"):
        services.nomination_create(
            actor=SYSTEM,
            unit=tree.hamlet,
            award_type=award("gk-ho"),
            year=YEAR,
            achievement="x",
            household=household,
        )
