"""Views: the permission matrix of every page, what people see, and attacks through forms."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.models import Decision, NominationState, Objection, SealedBallot
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, make_person, nominate
from thidua.lib.codes import group_code, is_new_code

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def world(tree, personas, council, award):
    """A nomination in draft, a closed session with a notice, and a signed decision."""
    draft = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Nháp A"), checked=False)
    people = [make_person(tree.hamlet, f"Người {i}") for i in range(2)]
    noms = [nominate(tree, award("ldtt"), person=p) for p in people]
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên 2025", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    for member in council.members.values():
        services.ballot_cast(user=member.user, session=session, choices={n.pk: True for n in noms})
    services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    notice = services.notice_publish(actor=SYSTEM, session=session, today=dt.date(2025, 12, 2))
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    services.decision_sign(
        actor=SYSTEM, decision=decision, signed_on=dt.date(2025, 12, 22), signer_name="Chủ tịch"
    )
    return type(
        "World",
        (),
        {
            "draft": draft,
            "session": session,
            "notice": notice,
            "decision": decision,
            "award": decision.awards.first(),
        },
    )


ALL = ["admin", "officer", "leader", "council", "representative", "viewer"]
COMMUNE = ["admin", "officer", "leader", "council", "viewer"]


def _pages(w):
    """url → roles that get 200. Others of the commune get 403; those who cannot see the unit get 404
    (the outsider of another commune, and the hamlet representative for commune-level records)."""
    return {
        reverse("commendations:list"): ALL + ["outsider"],  # filtered to what each may see
        reverse("commendations:sessions"): ALL + ["outsider"],
        reverse("commendations:catalogue"): ALL + ["outsider"],
        reverse("commendations:money"): ALL + ["outsider"],
        reverse("commendations:detail", args=[w.draft.pk]): ALL,
        reverse("commendations:session", args=[w.session.pk]): COMMUNE,
        reverse("commendations:minutes", args=[w.session.pk]): COMMUNE,
        reverse("commendations:notice_manage", args=[w.notice.pk]): ["admin", "officer"],
        reverse("commendations:decision", args=[w.decision.pk]): COMMUNE,
        reverse("commendations:certificates", args=[w.decision.pk]): COMMUNE,
        reverse("commendations:vote", args=[w.session.pk]): ["leader", "council"],
    }


def test_anonymous_is_sent_to_login_from_every_private_page(client, world):
    for url in list(_pages(world)) + [reverse("commendations:new"), reverse("commendations:session_new")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_permission_matrix_of_every_page(client, world, personas):
    for url, allowed in _pages(world).items():
        for role in ALL + ["outsider"]:
            client.force_login(personas[role])
            status = client.get(url).status_code
            if role in allowed:
                expected = 200
            elif role == "outsider" or (role == "representative" and role not in COMMUNE and allowed != ALL):
                expected = 404
            else:
                expected = 403
            assert status == expected, (url, role, status)


def test_outsider_sees_no_nomination_of_another_commune(client, world, personas):
    response = client_for(client, personas["outsider"]).get(reverse("commendations:list"))
    assert response.status_code == 200
    assert "Nháp A" not in response.content.decode()
    response = client_for(client, personas["officer"]).get(reverse("commendations:list"))
    assert "Nháp A" in response.content.decode()


def test_nomination_list_query_count_is_bounded(
    client, world, personas, tree, award, django_assert_max_num_queries
):
    for i in range(30):
        nominate(tree, award("gk-canhan"), person=make_person(tree.hamlet, f"P{i}"), checked=False)
    client.force_login(personas["officer"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("commendations:list")).status_code == 200


def test_new_nomination_page_matrix(client, world, personas):
    url = reverse("commendations:new")
    for role, expected in {
        "officer": 200,
        "admin": 200,
        "representative": 200,
        "leader": 403,
        "viewer": 403,
        "council": 403,
        "outsider": 200,
    }.items():
        client.force_login(personas[role])
        assert client.get(url).status_code == expected, role


def test_representative_nominates_through_the_form_and_a_stranger_is_refused(client, personas, tree, award):
    person = make_person(tree.hamlet, "Trần Thị Mai")
    stranger = make_person(tree.other_hamlet, "Người Xa")
    client.force_login(personas["representative"])
    data = {
        "unit": tree.hamlet.pk,
        "award_type": award("ldtt").pk,
        "year": YEAR,
        "achievement": "Giỏi việc nước",
    }
    response = client.post(reverse("commendations:new"), {**data, "person": stranger.pk})
    assert response.status_code == 200 and "Lựa chọn" in response.content.decode()  # not among the choices
    response = client.post(reverse("commendations:new"), {**data, "person": person.pk})
    assert response.status_code == 302
    response = client.post(
        reverse("commendations:new"), {**data, "unit": tree.hamlet2.pk, "person": person.pk}
    )
    assert response.status_code == 200  # another hamlet is not among the representative's units


def test_officer_checks_and_sees_the_checklist(client, personas, tree, award):
    n = nominate(tree, award("cstdcs"), person=make_person(tree.hamlet, "Q"), checked=False)
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:detail", args=[n.pk])).content.decode()
    assert "Đạt Lao động tiên tiến trong năm" in page and "Không đạt" in page
    client.post(reverse("commendations:nomination_submit", args=[n.pk]))
    n.refresh_from_db()
    assert n.state == NominationState.SUBMITTED
    response = client.post(
        reverse("commendations:nomination_return", args=[n.pk]), {"reason": ""}, follow=True
    )
    assert "lý do" in response.content.decode()
    client.force_login(personas["representative"])
    assert client.post(reverse("commendations:nomination_accept", args=[n.pk])).status_code == 403


def test_vote_page_casts_once_and_refuses_a_second_ballot(client, personas, council, open_session):
    client.force_login(personas["council"])
    url = reverse("commendations:vote", args=[open_session.pk])
    assert "Phiếu bầu kín" in client.get(url).content.decode()
    choices = {f"n-{n.pk}": "disagree" for n in open_session.noms}
    check = client.post(
        reverse("commendations:vote_check", args=[open_session.pk]),
        {f"n-{n.pk}": "agree" for n in open_session.noms},
    )
    assert "vượt chỉ tiêu" in check.content.decode()
    assert client.post(url, choices).status_code == 302
    response = client.post(url, choices, follow=True)
    assert "đã bỏ phiếu" in response.content.decode()
    tampered = {**choices, "n-999999": "agree"}
    client.force_login(personas["leader"])
    response = client.post(url, tampered, follow=True)
    assert "không khớp" in response.content.decode()
    assert SealedBallot.objects.filter(session=open_session).count() == 1


def test_officer_cannot_vote_even_with_a_crafted_post(client, personas, open_session):
    client.force_login(personas["officer"])
    response = client.post(
        reverse("commendations:vote", args=[open_session.pk]),
        {f"n-{n.pk}": "agree" for n in open_session.noms},
    )
    assert response.status_code == 403


def test_public_pages_need_no_login(client, world):
    for url in (
        reverse("commendations:register"),
        reverse("commendations:public_decision", args=[world.decision.pk]),
        reverse("commendations:public_notice", args=[world.notice.pk]),
        reverse("commendations:verify", args=[world.award.verify_code]),
    ):
        assert client.get(url).status_code == 200, url


def test_verification_shows_the_award_and_later_its_annulment(client, world, personas):
    url = reverse("commendations:verify", args=[world.award.verify_code])
    page = client.get(url).content.decode()
    assert world.award.recipient_name in page and "01/QĐ-UBND" in page and "hợp lệ" in page
    services.award_annul(
        actor=personas["leader"],
        award=world.award,
        reason="Gian dối",
        annul_decision="09/QĐ-UBND",
        annulled_on=dt.date(2026, 3, 1),
    )
    assert "ĐÃ BỊ HỦY" in client.get(url).content.decode()


def test_a_guessed_code_is_a_404_with_a_vietnamese_message(client, world):
    response = client.get(reverse("commendations:verify", args=["doan-bua-12345"]))
    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in response.content.decode()


def test_codes_are_long_and_unique(world):
    codes = [a.verify_code for a in world.decision.awards.all()]
    assert len(set(codes)) == len(codes) and all(is_new_code(c) for c in codes)  # 100 bits each


def test_certificates_carry_a_qr_code_to_the_verification_page(client, world, personas):
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:certificates", args=[world.decision.pk])).content.decode()
    assert "<svg" in page and group_code(world.award.verify_code) in page


def test_objection_form_honeypot_and_flooding(client, world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2025, 12, 3))
    url = reverse("commendations:public_notice", args=[world.notice.pk])
    data = {"name": "Dân", "contact": "0900", "text": "Không đúng", "nomination": ""}
    client.post(url, {**data, "website": "http://spam"})
    assert Objection.objects.count() == 0
    for _ in range(3):
        assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert "nhiều ý kiến" in response.content.decode()
    assert Objection.objects.count() == 3
    response = client.post(url, {**data, "nomination": "abc"})
    assert Objection.objects.count() == 3


def test_decision_sign_page_only_for_leaders(client, personas, world):
    decision = Decision.objects.create(commune=world.decision.commune, title="Dự thảo", year=YEAR)
    url = reverse("commendations:decision", args=[decision.pk])
    client.force_login(personas["officer"])
    assert client.post(url, {"signed_on": "2025-12-30"}).status_code == 403


def test_money_page_and_excel_export(client, personas, world):
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:money")).content.decode()
    assert "Quỹ thi đua" in page
    response = client.get(reverse("commendations:money_export"))
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(response.content)).active
    assert ws.max_row == 1 + world.decision.awards.count()
    assert sum(row[6].value for row in ws.iter_rows(min_row=2)) == world.decision.total_amount
    client.force_login(personas["outsider"])
    ws = load_workbook(BytesIO(client.get(reverse("commendations:money_export")).content)).active
    assert ws.max_row == 1


def test_catalogue_page_shows_rules(client, personas):
    client.force_login(personas["viewer"])
    page = client.get(reverse("commendations:catalogue")).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in page and "80%" in page


def test_signed_decision_downloads_as_docx_from_the_documents_app(client, personas, world):
    client.force_login(personas["officer"])
    response = client.get(reverse("documents:docx", args=[world.decision.document_id]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_certificates_download_as_one_pdf(client, personas, world):
    client.force_login(personas["viewer"])
    response = client.get(reverse("commendations:certificates_pdf", args=[world.decision.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(personas["outsider"])
    assert client.get(reverse("commendations:certificates_pdf", args=[world.decision.pk])).status_code == 404


def test_checked_nomination_shows_its_change_log_to_the_officer(client, personas, tree, award):
    """The check stores its result as a JSON list; the change log must still render it."""
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Đã thẩm định"))
    assert isinstance(n.check_result, list)
    client.force_login(personas["officer"])
    response = client.get(reverse("commendations:detail", args=[n.pk]))
    assert response.status_code == 200
    assert "Nhật ký thay đổi" in response.content.decode()
