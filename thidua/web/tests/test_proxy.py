"""Behind nginx every request comes from the proxy: the client's own address is read from
X-Forwarded-For, trusting the header only from the configured proxies (settings BEHIND_PROXY,
TRUSTED_PROXIES), so each citizen has their own limit instead of all sharing the proxy's."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.commendations.models import Notice, Objection
from thidua.commendations.services import notices
from thidua.lib.clients import client_ip
from thidua.surveys import services as survey_services
from thidua.surveys.models import Response

PROXY = "127.0.0.1"
CITIZEN = "203.0.113.5"
NEIGHBOUR = "203.0.113.6"
STRANGER = "198.51.100.9"


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.0/8"]


def _ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_from_a_trusted_proxy_the_right_most_untrusted_forwarded_address_is_the_client(behind_proxy):
    assert _ip(PROXY, CITIZEN) == CITIZEN
    # the client wrote the left part itself; the proxies appended the rest
    assert _ip(PROXY, f"1.2.3.4, {CITIZEN}, 10.1.2.3") == CITIZEN
    assert _ip(PROXY, f"{CITIZEN}, 10.1.2.3") == CITIZEN


def test_a_forged_or_missing_forwarded_address_leaves_the_proxy_as_the_client(behind_proxy):
    assert _ip(PROXY) == PROXY
    assert _ip(PROXY, "not-an-address") == PROXY
    assert _ip(PROXY, "10.0.0.1") == PROXY


def test_from_an_untrusted_peer_the_header_is_ignored(behind_proxy):
    assert _ip(STRANGER, CITIZEN) == STRANGER


def test_without_behind_proxy_the_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert _ip(PROXY, CITIZEN) == PROXY


def _open_survey(tree):
    survey = survey_services.survey_create(
        actor=SYSTEM,
        unit=tree.commune,
        title="Khảo sát mức độ hài lòng",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
    )
    survey_services.survey_open(actor=SYSTEM, survey=survey)
    data = {f"q{q.pk}": "5" for q in survey.questions.all()}
    data.update({"service": survey.service_list[0], "expectations": "", "comments": "", "website": ""})
    return reverse("surveys:public", args=[survey.pk]), data


def _fill_the_limit(client, url, data, limit, remote, forwarded):
    for _ in range(limit):
        response = client.post(url, data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 302


def test_survey_answers_through_the_proxy_count_against_the_citizen(client, tree, behind_proxy, monkeypatch):
    monkeypatch.setattr(survey_services, "RESPONSES_PER_HOUR", 2)
    url, data = _open_survey(tree)
    _fill_the_limit(client, url, data, 2, PROXY, CITIZEN)
    refused = client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN)
    assert refused.status_code == 200
    # another citizen behind the same proxy has a limit of their own
    assert client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR).status_code == 302
    assert Response.objects.count() == 3


def test_survey_answers_from_an_untrusted_peer_count_against_the_peer(
    client, tree, behind_proxy, monkeypatch
):
    monkeypatch.setattr(survey_services, "RESPONSES_PER_HOUR", 2)
    url, data = _open_survey(tree)
    _fill_the_limit(client, url, data, 2, STRANGER, CITIZEN)
    # a new forwarded address does not buy a new limit
    assert client.post(url, data, REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=NEIGHBOUR).status_code == 200
    assert Response.objects.count() == 2


def test_objections_through_the_proxy_count_against_the_citizen(client, tree, behind_proxy, monkeypatch):
    monkeypatch.setattr(notices, "OBJECTIONS_PER_HOUR", 2)
    today = timezone.localdate()
    notice = Notice.objects.create(
        commune=tree.commune,
        title="Danh sách đề nghị khen thưởng",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=5),
    )
    url = reverse("commendations:public_notice", args=[notice.pk])
    data = {"nomination": "", "name": "Trần Thị B", "contact": "0911111111", "text": "Ý kiến.", "website": ""}
    _fill_the_limit(client, url, data, 2, PROXY, CITIZEN)
    assert client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN).status_code == 200
    assert client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR).status_code == 302
    assert Objection.objects.count() == 3


def _fail_login(client, remote, forwarded):
    client.post(
        reverse("accounts:login"),
        {"username": "chu-tich", "password": "doan-bua"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_login_throttling_through_the_proxy_counts_the_citizen(client, make_user, behind_proxy):
    make_user("chu-tich")
    _fail_login(client, PROXY, CITIZEN)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CITIZEN}


def test_login_throttling_from_an_untrusted_peer_counts_the_peer(client, make_user, behind_proxy):
    make_user("chu-tich")
    _fail_login(client, STRANGER, CITIZEN)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


def test_an_address_locked_behind_the_proxy_does_not_lock_its_neighbours(
    client, make_user, behind_proxy, settings
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT
    for index in range(settings.AXES_FAILURE_LIMIT):
        make_user(f"nguoi{index}")
        client.post(
            reverse("accounts:login"),
            {"username": f"nguoi{index}", "password": "doan-bua"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=CITIZEN,
        )
    make_user("can-bo")
    client.post(
        reverse("accounts:login"),
        {"username": "can-bo", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=NEIGHBOUR,
    )
    assert "_auth_user_id" in client.session
