"""The proposal pages: who sees them, who acts on them, and a refusal shown, not saved."""

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import AwardType, Proposal, ProposalState
from thidua.commendations.tests.conftest import complete, make_person, minutes_upload
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db
P = ProposalState


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client, draft):
    for url in (reverse("commendations:proposals"), reverse("commendations:proposal", args=[draft.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["officer", "leader", "admin", "viewer"])
def test_the_communes_users_see_it(client, personas, draft, role):
    response = login(client, personas[role]).get(reverse("commendations:proposal", args=[draft.pk]))
    assert response.status_code == 200
    assert "Đỗ Thị Đào" in response.content.decode()
    listed = client.get(reverse("commendations:proposals")).content.decode()
    assert draft.title in listed


def test_another_commune_and_another_province_see_nothing(client, personas, make_user, draft):
    login(client, personas["outsider"])
    assert client.get(reverse("commendations:proposal", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("commendations:proposals")).content.decode()
    assert client.post(reverse("commendations:proposal_submit", args=[draft.pk])).status_code == 404
    far = unit_create(actor=SYSTEM, name="Tỉnh Xa", kind=UnitKind.PROVINCE, parent=None)
    login(client, make_user("tinh_xa", Role.OFFICER, far))
    assert client.get(reverse("commendations:proposal", args=[draft.pk])).status_code == 404
    assert client.post(reverse("commendations:proposal_receive", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("commendations:proposals")).content.decode()


def test_a_viewer_may_not_send_and_the_commune_may_not_receive(client, personas, draft):
    login(client, personas["viewer"])
    assert client.post(reverse("commendations:proposal_submit", args=[draft.pk])).status_code == 403
    login(client, personas["officer"])
    assert client.post(reverse("commendations:proposal_receive", args=[draft.pk])).status_code == 403


def test_the_commune_builds_and_sends_the_dossier_through_the_pages(client, tree, personas, draft):
    login(client, personas["officer"])
    person = make_person(tree.hamlet, "Đinh Văn Đông")
    award = AwardType.objects.get(code="cstd-tinh")
    url = reverse("commendations:proposal_line_add", args=[draft.pk])
    response = client.post(
        url, {"award_type": award.pk, "person": person.pk, "achievement": "Sáng kiến cấp tỉnh"}
    )
    assert response.status_code == 302
    assert draft.nominations.count() == 2
    client.post(reverse("commendations:proposal_minutes", args=[draft.pk]), {"file": minutes_upload()})
    client.post(reverse("commendations:proposal_submission", args=[draft.pk]))
    for _ in range(2):  # a double click
        client.post(reverse("commendations:proposal_submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == P.SUBMITTED and draft.submission_document is not None
    page = client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
    assert "Đã gửi tỉnh" in page and draft.submission_document.number_symbol in page


def test_the_new_proposal_form_makes_one_proposal_for_two_posts(client, tree, personas):
    login(client, personas["officer"])
    form = client.get(reverse("commendations:proposal_new")).context["form"]
    data = {"commune": tree.commune.pk, "year": 2025, "title": "", "form_key": str(form.initial["form_key"])}
    first = client.post(reverse("commendations:proposal_new"), data)
    second = client.post(reverse("commendations:proposal_new"), data)
    assert first["Location"] == second["Location"] and Proposal.objects.count() == 1


def test_returning_without_a_reason_is_refused_on_the_page(client, personas, province_people, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    login(client, province_people.officer)
    response = client.post(reverse("commendations:proposal_return", args=[draft.pk]), {"reason": ""})
    assert response.status_code == 200 and "Nhập lý do trả lại" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == P.SUBMITTED
    client.post(reverse("commendations:proposal_return", args=[draft.pk]), {"reason": "Thiếu minh chứng"})
    draft.refresh_from_db()
    assert draft.state == P.RETURNED
    # The commune sees the reason.
    login(client, personas["officer"])
    assert (
        "Thiếu minh chứng" in client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
    )


def test_the_province_sees_the_appraisal_deadline(client, personas, province_people, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    login(client, province_people.officer)
    client.post(reverse("commendations:proposal_receive", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == P.RECEIVED and draft.appraisal_due is not None
    page = client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
    assert "ngày làm việc" in page
    assert draft.title in client.get(reverse("commendations:proposals")).content.decode()


def test_the_achievement_report_of_a_line_prints_from_the_data(client, personas, draft):
    from io import BytesIO

    from docx import Document as Docx

    line = draft.nominations.get()
    login(client, personas["officer"])
    response = client.get(reverse("commendations:proposal_line_report", args=[draft.pk, line.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Docx(BytesIO(response.content)).paragraphs)
    assert "Đỗ Thị Đào" in text and "nông thôn mới" in text
    login(client, personas["outsider"])
    assert (
        client.get(reverse("commendations:proposal_line_report", args=[draft.pk, line.pk])).status_code == 404
    )


def test_the_home_pages_say_what_waits(client, personas, province_people, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    login(client, province_people.officer)
    assert "1 hồ sơ đề nghị của xã chờ tỉnh tiếp nhận" in client.get(reverse("web:home")).content.decode()
    services.proposal_return(actor=province_people.officer, proposal=draft, reason="Thiếu chữ ký")
    login(client, personas["officer"])
    home = client.get(reverse("web:home")).content.decode()
    assert "Hồ sơ đề nghị lên tỉnh bị trả lại" in home and draft.title in home
    login(client, personas["outsider"])
    assert draft.title not in client.get(reverse("web:home")).content.decode()


def test_the_province_session_links_the_communes_dossiers(client, personas, province_people, draft):
    import datetime as dt

    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    services.proposal_receive(actor=province_people.officer, proposal=draft)
    services.proposal_appraise(actor=province_people.officer, proposal=draft)
    session = services.session_create(
        actor=province_people.officer,
        council=province_people.council,
        title="Phiên tỉnh",
        year=draft.year,
        held_on=dt.date(2025, 12, 15),
    )
    login(client, province_people.officer)
    page = client.get(reverse("commendations:proposal", args=[draft.pk])).content.decode()
    assert "Trình Hội đồng tỉnh" in page and "Phiên tỉnh" in page
    client.post(reverse("commendations:proposal_council", args=[draft.pk]), {"session": session.pk})
    draft.refresh_from_db()
    assert draft.state == P.IN_COUNCIL
    page = client.get(reverse("commendations:session", args=[session.pk])).content.decode()
    assert reverse("commendations:proposal", args=[draft.pk]) in page
    # Before the vote, drafting the decision is refused with the reason.
    response = client.post(reverse("commendations:proposal_decision", args=[draft.pk]), follow=True)
    assert "Hội đồng chưa bỏ phiếu xong" in response.content.decode()


def test_the_commune_removes_a_line_while_drafting_and_not_once_sent(client, personas, make_user, draft):
    line = draft.nominations.first()
    url = reverse("commendations:proposal_line_remove", args=[draft.pk, line.pk])
    login(client, personas["viewer"])
    assert client.post(url).status_code == 403
    assert draft.nominations.filter(pk=line.pk).exists()
    login(client, personas["officer"])
    assert client.post(url).status_code == 302
    assert not draft.nominations.filter(pk=line.pk).exists()
    from thidua.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_id=str(line.pk)).exists()


def test_a_line_of_a_sent_dossier_stays_and_the_page_says_why(client, personas, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    line = draft.nominations.first()
    login(client, personas["officer"])
    response = client.post(
        reverse("commendations:proposal_line_remove", args=[draft.pk, line.pk]), follow=True
    )
    assert draft.nominations.filter(pk=line.pk).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_the_minutes_file_is_read_by_both_levels_and_nobody_else(client, personas, province_people, draft):
    url = reverse("commendations:proposal_minutes_file", args=[draft.pk])
    login(client, personas["officer"])
    assert client.get(url).status_code == 403  # no minutes attached yet
    complete(draft, personas["officer"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    login(client, province_people.officer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_the_province_appraises_a_received_dossier_once(client, personas, province_people, draft):
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    url = reverse("commendations:proposal_appraise", args=[draft.pk])
    login(client, personas["officer"])
    assert client.post(url, {"note": "Đủ điều kiện"}).status_code in (403, 404)
    login(client, province_people.officer)
    response = client.post(url, {"note": "Đủ điều kiện"}, follow=True)  # not received yet
    draft.refresh_from_db()
    assert draft.state == P.SUBMITTED
    assert any(m.level_tag == "error" for m in response.context["messages"])
    client.post(reverse("commendations:proposal_receive", args=[draft.pk]))
    client.post(url, {"note": "Đủ điều kiện"})
    draft.refresh_from_db()
    assert draft.state == P.APPRAISED


def test_the_appraisal_limit_says_when_it_counts_holidays_not_yet_announced(
    client, personas, province_people, draft
):
    import datetime as dt

    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["officer"], proposal=draft)
    # Received 15 December 2026: the 20 working days run into 2027, whose holidays are computed.
    services.proposal_receive(actor=province_people.officer, proposal=draft, today=dt.date(2026, 12, 15))
    login(client, province_people.officer)
    url = reverse("commendations:proposal", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'id="computed-holidays"' in page and "ngày nghỉ lễ, Tết năm 2027 theo Bộ luật Lao động" in page
    # A limit within an announced year says nothing of the kind.
    Proposal.objects.filter(pk=draft.pk).update(
        received_on=dt.date(2026, 11, 2), appraisal_due=dt.date(2026, 11, 30)
    )
    assert 'id="computed-holidays"' not in client.get(url).content.decode()
