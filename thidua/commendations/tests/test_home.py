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


def test_the_kept_dashboard_is_each_users_own_and_follows_every_audited_change(
    client, personas, tree, award, django_assert_max_num_queries
):
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Người Chờ"), checked=False)
    services.nomination_submit(actor=SYSTEM, nomination=n)
    client.force_login(personas["officer"])
    assert "1 đề nghị mới gửi chờ tiếp nhận" in client.get(reverse("web:home")).content.decode()
    # Seen again with nothing changed: kept, not read again from every app.
    with django_assert_max_num_queries(6):
        again = client.get(reverse("web:home")).content.decode()
    assert "1 đề nghị mới gửi chờ tiếp nhận" in again
    # Another user is never shown the officer's kept dashboard.
    client.force_login(personas["viewer"])
    assert "chờ tiếp nhận" not in client.get(reverse("web:home")).content.decode()
    # A change through the write path shows at the officer's next visit.
    services.nomination_accept(actor=SYSTEM, nomination=n)
    client.force_login(personas["officer"])
    page = client.get(reverse("web:home")).content.decode()
    assert "1 đề nghị mới gửi chờ tiếp nhận" not in page
    # The same user in English gets the English dashboard, not the kept Vietnamese one.
    assert "Cá nhân" in page  # the figures' heading on the unit's card
    client.cookies["django_language"] = "en"
    assert "Cá nhân" not in client.get(reverse("web:home")).content.decode()
