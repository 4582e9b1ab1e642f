"""Council pages: paper ballots entered by the secretary and confirmed by a second member, the chair's
tie decision, and tampered or hostile posts on those forms."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.models import NominationState, PaperCount, TallyLine, TallyOutcome
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, make_person, nominate

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_session(tree, council, award):
    """A paper-ballot session with two LĐTT men for one place; four of five members present."""
    noms = [nominate(tree, award("ldtt"), person=make_person(tree.hamlet, f"Ông {i}")) for i in "AB"]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Phiên phiếu giấy",
        year=YEAR,
        held_on=dt.date(2025, 12, 1),
        quota_individual=1,
        paper=True,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_attendance_set(
        actor=SYSTEM,
        session=session,
        present_ids={m.pk for k, m in council.members.items() if k != "m2"},
        opinions={},
    )
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    session.noms = noms
    return session


STEPS = {
    "paper": "commendations:session_paper_counts",
    "confirm": "commendations:session_paper_confirm",
    "close": "commendations:session_close",
    "tie": "commendations:session_tie",
}


def _step(session, step):
    return reverse(STEPS[step], args=[session.pk])


def _counts(session, *values):
    return {f"count-{n.pk}": str(v) for n, v in zip(session.noms, values, strict=True)}


def test_secretary_enters_paper_counts_and_a_second_member_confirms(client, paper_session, council):
    secretary, other = council.members["m0"].user, council.members["member"].user
    client.force_login(secretary)
    page = client.get(reverse("commendations:session", args=[paper_session.pk])).content.decode()
    assert "số phiếu đồng ý" in page
    response = client.post(_step(paper_session, "paper"), _counts(paper_session, 4, 2), follow=True)
    assert "Đã cập nhật phiên họp" in response.content.decode()
    assert dict(PaperCount.objects.values_list("nomination_id", "agree")) == {
        paper_session.noms[0].pk: 4,
        paper_session.noms[1].pk: 2,
    }
    # The secretary cannot confirm their own entry.
    response = client.post(_step(paper_session, "confirm"), follow=True)
    assert "một thành viên khác với người nhập xác nhận" in response.content.decode()
    paper_session.refresh_from_db()
    assert paper_session.paper_confirmed_by is None
    # Nor can the officer close before a second member confirmed.
    client.force_login(council.members["chair"].user)
    response = client.post(_step(paper_session, "close"), {"confirm": "1"}, follow=True)
    assert "chưa được thành viên thứ hai xác nhận" in response.content.decode()
    client.force_login(other)
    page = client.get(reverse("commendations:session", args=[paper_session.pk])).content.decode()
    assert "Xác nhận kết quả thư ký đã nhập" in page
    client.post(_step(paper_session, "confirm"))
    paper_session.refresh_from_db()
    assert paper_session.paper_confirmed_by == other
    client.force_login(council.members["chair"].user)
    client.post(_step(paper_session, "close"), {"confirm": "1"})
    outcomes = dict(TallyLine.objects.values_list("nomination_id", "outcome"))
    assert outcomes == {paper_session.noms[0].pk: "passed", paper_session.noms[1].pk: "below"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((-1, 2), "từ 0 đến 4"),
        ((5, 2), "từ 0 đến 4"),
        ((2, 99), "từ 0 đến 4"),
        (("ba", 2), "số nguyên"),
        (("", 2), "số nguyên"),
        (("1.5", 2), "số nguyên"),
    ],
)
def test_bad_paper_counts_are_refused_with_a_message_and_nothing_saved(
    client, paper_session, council, values, message
):
    client.force_login(council.members["m0"].user)
    response = client.post(_step(paper_session, "paper"), _counts(paper_session, *values), follow=True)
    assert message in response.content.decode()
    assert not PaperCount.objects.exists()
    paper_session.refresh_from_db()
    assert paper_session.paper_entered_by is None


def test_paper_counts_need_the_secretary_and_only_the_agenda(client, paper_session, council, personas):
    client.force_login(council.members["member"].user)
    response = client.post(_step(paper_session, "paper"), _counts(paper_session, 1, 1), follow=True)
    assert "vai trò phù hợp" in response.content.decode()
    client.force_login(personas["officer"])
    response = client.post(_step(paper_session, "paper"), _counts(paper_session, 1, 1), follow=True)
    assert "vai trò phù hợp" in response.content.decode()
    client.force_login(personas["outsider"])
    assert client.post(_step(paper_session, "paper"), _counts(paper_session, 1, 1)).status_code == 404
    assert not PaperCount.objects.exists()
    # A count for a nominee who is not on the agenda is ignored; a missing one is refused.
    client.force_login(council.members["m0"].user)
    first = paper_session.noms[0]
    response = client.post(_step(paper_session, "paper"), {f"count-{first.pk}": "3"}, follow=True)
    assert "số nguyên" in response.content.decode()
    stray = {**_counts(paper_session, 3, 1), "count-999999": "4"}
    client.post(_step(paper_session, "paper"), stray)
    assert set(PaperCount.objects.values_list("nomination_id", flat=True)) == {
        n.pk for n in paper_session.noms
    }


def test_confirm_without_an_entry_and_by_a_non_member_is_refused(client, paper_session, council, personas):
    client.force_login(council.members["member"].user)
    response = client.post(_step(paper_session, "confirm"), follow=True)
    assert "chưa nhập" in response.content.decode()
    client.force_login(council.members["m0"].user)
    client.post(_step(paper_session, "paper"), _counts(paper_session, 3, 1))
    client.force_login(personas["officer"])
    response = client.post(_step(paper_session, "confirm"), follow=True)
    assert "vai trò phù hợp" in response.content.decode()
    paper_session.refresh_from_db()
    assert paper_session.paper_confirmed_by is None


@pytest.fixture
def tied(paper_session, council):
    """Both men 4/5 for one place: a tie the women-first rule cannot break, left to the chair."""
    services.paper_counts_enter(
        actor=council.members["m0"].user, session=paper_session, counts={n.pk: 4 for n in paper_session.noms}
    )
    services.paper_counts_confirm(actor=council.members["member"].user, session=paper_session)
    services.session_close(actor=SYSTEM, session=paper_session, passphrase=BALLOT_BOX)
    return paper_session


def test_only_the_chair_sees_and_uses_the_tie_buttons(client, tied, council, personas):
    url = reverse("commendations:session", args=[tied.pk])
    a, b = tied.noms
    client.force_login(council.members["member"].user)
    page = client.get(url).content.decode()
    assert "Bằng phiếu – chờ Chủ tịch quyết định" in page and 'name="passed"' not in page
    assert client.post(_step(tied, "tie"), {"nomination": a.pk, "passed": "1"}).status_code == 403
    # The officer manages the session but is not its chair.
    client.force_login(personas["officer"])
    response = client.post(_step(tied, "tie"), {"nomination": a.pk, "passed": "1"}, follow=True)
    assert "vai trò phù hợp" in response.content.decode()
    assert TallyLine.objects.get(nomination=a).outcome == TallyOutcome.TIE
    client.force_login(council.members["chair"].user)
    assert 'name="passed"' in client.get(url).content.decode()
    client.post(_step(tied, "tie"), {"nomination": a.pk, "passed": "1"})
    assert TallyLine.objects.get(nomination=a).outcome == TallyOutcome.PASSED
    # The quota is full now: choosing the other one too is refused.
    response = client.post(_step(tied, "tie"), {"nomination": b.pk, "passed": "1"}, follow=True)
    assert "Đã đủ chỉ tiêu" in response.content.decode()
    client.post(_step(tied, "tie"), {"nomination": b.pk, "passed": "0"})
    b.refresh_from_db()
    assert b.state == NominationState.NOT_PASSED
    # Deciding again is refused: the line is no longer a tie.
    response = client.post(_step(tied, "tie"), {"nomination": b.pk, "passed": "1"}, follow=True)
    assert "không ở tình trạng bằng phiếu" in response.content.decode()


def test_tie_post_with_another_sessions_nominee_is_refused(client, tied, council, tree, award):
    stranger = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Người lạ"))
    client.force_login(council.members["chair"].user)
    response = client.post(_step(tied, "tie"), {"nomination": stranger.pk, "passed": "1"}, follow=True)
    assert "không ở tình trạng bằng phiếu" in response.content.decode()
    response = client.post(_step(tied, "tie"), {"nomination": "x", "passed": "1"}, follow=True)
    assert "không hợp lệ" in response.content.decode()
    assert set(TallyLine.objects.values_list("outcome", flat=True)) == {TallyOutcome.TIE}
