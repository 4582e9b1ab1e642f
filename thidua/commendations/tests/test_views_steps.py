"""The permission matrix of every step of a nomination and of a council session: one URL per
action, the service deciding who may act. Allowed roles are redirected back (with the service's
message when the record's state refuses the step) — or, for a step whose form people type into
(roll call, paper counts, the notice, a return's reason), shown the page again with what they typed; others of the
commune get 403, whoever may not see the record 404."""

import pytest
from django.urls import reverse

from thidua.commendations.tests.test_views import ALL, COMMUNE, world  # noqa: F401  (the shared fixture)
from thidua.commendations.tests.test_views_actions import _matrix

pytestmark = pytest.mark.django_db

NOMINATORS = ["admin", "officer", "representative"]
CHECKERS = ["admin", "officer"]
MANAGERS = ["admin", "officer", "leader"]


@pytest.mark.parametrize(
    ("name", "data", "allowed", "status"),
    [
        ("commendations:nomination_submit", {}, NOMINATORS, 302),
        ("commendations:nomination_withdraw", {}, NOMINATORS, 302),
        ("commendations:nomination_edit", {"achievement": "Thành tích"}, NOMINATORS, 302),
        ("commendations:nomination_accept", {}, CHECKERS, 302),
        ("commendations:nomination_check", {}, CHECKERS, 302),
        ("commendations:nomination_resume", {}, CHECKERS, 302),
        ("commendations:nomination_return", {"reason": "Thiếu minh chứng"}, CHECKERS, 200),
    ],
)
def test_nomination_step_matrix(client, world, personas, name, data, allowed, status):  # noqa: F811
    url = reverse(name, args=[world.draft.pk])
    _matrix(client, personas, url, data, allowed, hamlet_level=True, allowed_status=status)


@pytest.mark.parametrize(
    ("name", "data", "allowed", "status"),
    [
        ("commendations:session_agenda_add", {"nomination": []}, MANAGERS, 302),
        ("commendations:session_agenda_remove", {"nomination": "1"}, MANAGERS, 302),
        ("commendations:session_attendance", {}, MANAGERS, 200),
        ("commendations:session_open", {}, MANAGERS, 302),
        ("commendations:session_close", {"confirm": "1"}, MANAGERS, 302),
        ("commendations:session_tie", {"nomination": "1", "passed": "1"}, MANAGERS, 302),
        ("commendations:session_minutes_issue", {}, MANAGERS, 302),
        ("commendations:session_notice", {}, CHECKERS, 200),
        # Entering and confirming paper counts takes a seat in the council: the service refuses
        # everyone else with a message.
        ("commendations:session_paper_counts", {}, COMMUNE, 200),
        ("commendations:session_paper_confirm", {}, COMMUNE, 302),
    ],
)
def test_session_step_matrix(client, world, personas, name, data, allowed, status):  # noqa: F811
    _matrix(client, personas, reverse(name, args=[world.session.pk]), data, allowed, allowed_status=status)


def test_a_session_step_refused_by_its_state_says_why(client, world, personas):  # noqa: F811
    client.force_login(personas["officer"])
    response = client.post(reverse("commendations:session_open", args=[world.session.pk]), follow=True)
    assert "đã bắt đầu bỏ phiếu" in response.content.decode()
    response = client.post(
        reverse("commendations:session_notice", args=[world.session.pk]),
        {},
        follow=True,
    )
    assert "Không có đề nghị nào được thông qua" in response.content.decode()
