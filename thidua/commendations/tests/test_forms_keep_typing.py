"""After a refusal the session page shows again what was typed (paper counts, written opinions,
the notice's title) instead of the stored values; the ballot and the objection form name awards in
full, not by their abbreviations."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.forms import ObjectionForm
from thidua.commendations.models import NominationState, Notice, PaperCount
from thidua.commendations.tests.conftest import YEAR, make_person, nominate
from thidua.commendations.tests.test_notice_period import closed_session  # noqa: F401 (fixture)
from thidua.commendations.tests.test_views import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_session(tree, council, award):
    """An open paper-ballot session with two LĐTT nominees."""
    noms = [nominate(tree, award("ldtt"), person=make_person(tree.hamlet, f"Người {i}")) for i in range(2)]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Phiên giấy",
        year=YEAR,
        held_on=dt.date(2025, 12, 10),
        paper=True,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session)
    session.noms = noms
    return session


def test_paper_counts_typed_stay_on_the_page_when_one_is_missing(client, council, paper_session):
    first, second = paper_session.noms
    client.force_login(council.members["m0"].user)  # the secretary
    response = client.post(
        reverse("commendations:session_paper_counts", args=[paper_session.pk]),
        {f"count-{first.pk}": "4", f"count-{second.pk}": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Nhập số phiếu đồng ý" in page
    assert f'name="count-{first.pk}"' in page and 'value="4"' in page
    assert not PaperCount.objects.exists()


def test_written_opinions_typed_stay_on_the_page_after_a_refusal(client, personas, council):
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên nháp", year=YEAR, held_on=dt.date(2025, 12, 10)
    )
    member = council.members["m1"]
    client.force_login(personas["leader"])
    response = client.post(  # a crafted roll call: "x" is no member
        reverse("commendations:session_attendance", args=[session.pk]),
        {"present": ["x"], f"opinion-{member.pk}": "Tôi đồng ý cả hai người"},
    )
    assert response.status_code == 200
    assert "Tôi đồng ý cả hai người" in response.content.decode()
    assert not session.attendance.exclude(written_opinion="").exists()


def test_the_notice_title_typed_stays_when_the_notice_is_refused(client, personas, closed_session):  # noqa: F811
    client.force_login(personas["officer"])
    title = "Danh sách đề nghị khen thưởng năm 2025 " * 10  # longer than a title may be
    response = client.post(
        reverse("commendations:session_notice", args=[closed_session.pk]), {"title": title}
    )
    assert response.status_code == 200
    assert title.strip() in " ".join(response.content.decode().split())
    assert not Notice.objects.exists()


def test_the_ballot_names_each_award_in_full(client, council, open_session):
    client.force_login(council.members["member"].user)
    page = client.get(reverse("commendations:vote", args=[open_session.pk])).content.decode()
    assert "– Lao động tiên tiến" in page and "– LĐTT" not in page


def test_the_objection_form_names_each_award_in_full(world):  # noqa: F811
    form = ObjectionForm(nominations=list(world.notice.nominations.select_related("award_type")))
    labels = [str(label) for _pk, label in form.fields["nomination"].choices]
    assert "Người 0 – Lao động tiên tiến" in labels and not [label for label in labels if "LĐTT" in label]


def test_a_refused_return_comes_back_open_with_the_reason_asked_for(client, personas, world):  # noqa: F811
    services.nomination_submit(actor=SYSTEM, nomination=world.draft)
    client.force_login(personas["officer"])
    response = client.post(
        reverse("commendations:nomination_return", args=[world.draft.pk]), {"reason": "  "}
    )
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200 and "Nhập lý do trả lại" in page
    assert "<details open> <summary>Trả lại đề nghị</summary>" in page
    world.draft.refresh_from_db()
    assert world.draft.state == NominationState.SUBMITTED


def test_an_edited_achievement_stays_when_the_edit_is_refused(client, personas, world):  # noqa: F811
    client.force_login(personas["officer"])
    achievement = "Vận động 30 hộ hiến đất làm đường " * 3
    response = client.post(
        reverse("commendations:nomination_edit", args=[world.draft.pk]),
        {"achievement": achievement, "movement": "999999"},  # a movement that does not exist
    )
    assert response.status_code == 200
    assert achievement.strip() in " ".join(response.content.decode().split())
    world.draft.refresh_from_db()
    assert world.draft.achievement != achievement


def test_an_annulment_typed_stays_on_its_own_award_when_refused(client, personas, world):  # noqa: F811
    client.force_login(personas["leader"])
    response = client.post(
        reverse("commendations:annul", args=[world.award.pk]),
        {"reason": "Khai man thành tích công trình", "annul_decision": "", "annulled_on": "2026-03-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.count("Khai man thành tích công trình") == 1
    world.award.refresh_from_db()
    assert not world.award.annulled


def test_an_objection_resolution_typed_stays_when_refused(client, personas, world):  # noqa: F811
    objection = services.objection_submit(
        notice=world.notice,
        name="Người dân",
        contact="0909",
        text="Xin xem lại",
        ip="10.0.0.1",
        today=world.notice.starts_on,
    )
    client.force_login(personas["officer"])
    response = client.post(
        reverse("commendations:objection_resolve", args=[objection.pk]),
        {"state": "bogus", "resolution": "Đã xác minh tại ấp, có cơ sở"},
    )
    assert response.status_code == 200 and "Đã xác minh tại ấp, có cơ sở" in response.content.decode()


def test_a_closed_session_leads_to_its_notice_and_decision(client, personas, world):  # noqa: F811
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:session", args=[world.session.pk])).content.decode()
    assert reverse("commendations:notice_manage", args=[world.notice.pk]) in page
    assert reverse("commendations:decision", args=[world.decision.pk]) in page
    client.force_login(personas["viewer"])  # may read the decision, not manage the notice
    page = client.get(reverse("commendations:session", args=[world.session.pk])).content.decode()
    assert reverse("commendations:notice_manage", args=[world.notice.pk]) not in page
    assert reverse("commendations:decision", args=[world.decision.pk]) in page
