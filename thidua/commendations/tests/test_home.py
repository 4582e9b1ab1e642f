from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.tests.conftest import make_person, nominate


def test_a_council_member_is_asked_to_vote_until_they_have(client, personas, open_session):
    client.force_login(personas["council"])
    vote_url = reverse("commendations:vote", args=[open_session.pk])
    assert vote_url in client.get(reverse("web:home")).content.decode()
    choices = {n.pk: i < 2 for i, n in enumerate(open_session.noms)}
    services.ballot_cast(user=personas["council"], session=open_session, choices=choices)
    assert vote_url not in client.get(reverse("web:home")).content.decode()


def test_the_officer_is_told_of_nominations_waiting_and_the_viewer_is_not(client, personas, tree, award):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Người Chờ"), checked=False)
    services.nomination_submit(actor=SYSTEM, nomination=n)
    client.force_login(personas["officer"])
    assert "1 đề nghị mới gửi chờ tiếp nhận" in client.get(reverse("web:home")).content.decode()
    client.force_login(personas["viewer"])
    assert "chờ tiếp nhận" not in client.get(reverse("web:home")).content.decode()
