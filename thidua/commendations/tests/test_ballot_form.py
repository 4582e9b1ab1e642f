"""The ballot as a member fills it in: no answer chosen for them, every nominee answered, choices
kept when the ballot is refused, the dossier one click away; the chair confirms before closing."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.forms import BALLOT_BAD_VALUE
from thidua.commendations.models import Participation, SealedBallot, SessionState
from thidua.commendations.services.ballots import WRONG_PASSPHRASE
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, make_person, nominate
from thidua.lib.errors import ServiceError

pytestmark = pytest.mark.django_db


def _vote_url(session):
    return reverse("commendations:vote", args=[session.pk])


def _radios(html: str) -> list[str]:
    return re.findall(r"<input type=\"radio\"[^>]*>", html)


def test_no_answer_is_chosen_for_the_member(client, open_session, council):
    client.force_login(council.members["member"].user)
    radios = _radios(client.get(_vote_url(open_session)).content.decode())
    assert len(radios) == 2 * len(open_session.noms)
    assert not [r for r in radios if "checked" in r]


def test_each_row_opens_the_nominee_s_dossier(client, open_session, council):
    client.force_login(council.members["member"].user)
    page = client.get(_vote_url(open_session)).content.decode()
    for n in open_session.noms:
        assert reverse("commendations:detail", args=[n.pk]) in page
        assert client.get(reverse("commendations:detail", args=[n.pk])).status_code == 200


def test_a_ballot_missing_a_nominee_is_refused_naming_them_and_keeps_the_answers(
    client, open_session, council
):
    a, b, c = open_session.noms
    client.force_login(council.members["member"].user)
    response = client.post(_vote_url(open_session), {f"n-{a.pk}": "agree", f"n-{b.pk}": "disagree"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa chọn" in page and c.recipient_name in page
    assert not Participation.objects.exists() and not SealedBallot.objects.exists()
    checked = [r for r in _radios(page) if "checked" in r]
    assert f'name="n-{a.pk}" value="agree"' in " ".join(checked)
    assert f'name="n-{b.pk}" value="disagree"' in " ".join(checked)
    assert len(checked) == 2


def test_a_service_caller_cannot_leave_a_nominee_unanswered(open_session, council):
    a, b, c = open_session.noms
    with pytest.raises(ServiceError, match=c.recipient_name):
        services.ballot_cast(
            user=council.members["member"].user, session=open_session, choices={a.pk: True, b.pk: False}
        )


def test_an_over_quota_ballot_keeps_the_member_s_choices(client, open_session, council):
    client.force_login(council.members["member"].user)
    response = client.post(_vote_url(open_session), {f"n-{n.pk}": "agree" for n in open_session.noms})
    page = response.content.decode()
    assert "vượt chỉ tiêu" in page
    checked = [r for r in _radios(page) if "checked" in r]
    assert len(checked) == 3 and all('value="agree"' in r for r in checked)


@pytest.mark.parametrize("value", ["maybe", "", "1", "AGREE"])
def test_a_choice_other_than_agree_or_disagree_is_refused(client, open_session, council, value):
    a, b, c = open_session.noms
    client.force_login(council.members["member"].user)
    data = {f"n-{a.pk}": value, f"n-{b.pk}": "disagree", f"n-{c.pk}": "disagree"}
    response = client.post(_vote_url(open_session), data, follow=True)
    assert str(BALLOT_BAD_VALUE) in response.content.decode()
    assert not Participation.objects.exists() and not SealedBallot.objects.exists()


def _close(client, session, **data):
    return client.post(reverse("commendations:session_close", args=[session.pk]), data, follow=True)


def test_the_chair_confirms_and_sees_how_many_voted_before_closing(client, open_session, council):
    a, b, _c = open_session.noms
    services.ballot_cast(
        user=council.members["m0"].user,
        session=open_session,
        choices={n.pk: n == a for n in open_session.noms},
    )
    client.force_login(council.members["chair"].user)
    page = client.get(reverse("commendations:session", args=[open_session.pk])).content.decode()
    assert 'id="close-form"' in page and "Đã có 1/5 thành viên" in page
    assert 'name="confirm"' in page and 'name="passphrase"' in page
    response = _close(client, open_session, passphrase=BALLOT_BOX)
    assert "Đánh dấu ô xác nhận" in response.content.decode()
    open_session.refresh_from_db()
    assert open_session.state == SessionState.OPEN
    response = _close(client, open_session, confirm="1", passphrase="không phải cụm này")
    assert str(WRONG_PASSPHRASE) in response.content.decode()
    open_session.refresh_from_db()
    assert open_session.state == SessionState.OPEN and SealedBallot.objects.count() == 1
    _close(client, open_session, confirm="1", passphrase=BALLOT_BOX)
    open_session.refresh_from_db()
    assert open_session.state == SessionState.CLOSED


def test_opening_a_secret_vote_asks_the_passphrase_twice_and_long_enough(client, tree, council, award):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "K"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    url = reverse("commendations:session_open", args=[session.pk])
    client.force_login(council.members["chair"].user)
    page = client.get(reverse("commendations:session", args=[session.pk])).content.decode()
    assert 'name="passphrase_again"' in page
    response = client.post(url, {"passphrase": BALLOT_BOX, "passphrase_again": BALLOT_BOX + "x"}, follow=True)
    assert "không khớp" in response.content.decode()
    response = client.post(url, {"passphrase": "ngắn", "passphrase_again": "ngắn"}, follow=True)
    assert "từ 10 ký tự" in response.content.decode()
    session.refresh_from_db()
    assert session.state == SessionState.DRAFT and session.ballot_box is None
    client.post(url, {"passphrase": BALLOT_BOX, "passphrase_again": BALLOT_BOX})
    session.refresh_from_db()
    assert session.state == SessionState.OPEN
    assert set(session.ballot_box) == {"salt", "public_key", "opslimit", "memlimit"}
    assert BALLOT_BOX not in str(session.ballot_box)
