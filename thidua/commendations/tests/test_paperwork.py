"""The minutes of a council session as a real document, and open voting as a local setting."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations import services
from thidua.commendations.models import (
    Ballot,
    BallotChoice,
    CouncilMember,
    OpenVote,
    Participation,
    RuleOverride,
)
from thidua.commendations.papers.common import submission_signer
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, make_person, nominate
from thidua.documents.model import BlockKind, walk
from thidua.documents.render_docx import render_docx
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender

pytestmark = pytest.mark.django_db


def _cast(session, member, agree_ids):
    services.ballot_cast(
        user=member.user, session=session, choices={n.pk: n.pk in agree_ids for n in session.noms}
    )


@pytest.fixture
def closed_session(tree, council, award):
    """Three LĐTT nominees, quota 2; m2 is absent with a written opinion; four members vote."""
    people = [
        make_person(tree.hamlet, "Trần Văn An"),
        make_person(tree.hamlet, "Lê Thị Bình", Gender.FEMALE),
        make_person(tree.hamlet, "Phạm Văn Cường"),
    ]
    noms = [nominate(tree, award("ldtt"), person=p) for p in people]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Phiên xét năm 2025",
        year=YEAR,
        held_on=dt.date(2025, 12, 10),
        quota_individual=2,
    )
    session.noms = noms
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    members = council.members
    absent = members["m2"]
    services.session_attendance_set(
        actor=SYSTEM,
        session=session,
        present_ids={m.pk for m in members.values() if m != absent},
        opinions={absent.pk: "Đồng ý với ông An và bà Bình."},
    )
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    a, b, c = noms
    _cast(session, members["chair"], {a.pk, b.pk})
    _cast(session, members["member"], {a.pk, b.pk})
    _cast(session, members["m0"], {a.pk, c.pk})
    _cast(session, members["m1"], {a.pk, b.pk})
    services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    return session


def _texts(document) -> str:
    blocks = list(walk(document.body))
    parts = [b.text for b in blocks]
    for block in blocks:
        if block.kind == BlockKind.TABLE:
            parts += [" | ".join(row) for row in block.rows]
    return "\n".join(parts)


def test_minutes_are_issued_from_the_councils_own_series(closed_session, personas):
    document = services.session_minutes_issue(actor=personas["officer"], session=closed_session)
    closed_session.refresh_from_db()
    assert closed_session.minutes_document == document
    assert document.state == "issued" and document.issuer_id == closed_session.council_id
    assert document.number_symbol == "01/BB-HĐTĐKT"
    assert document.date == closed_session.held_on
    # The commune's own register is untouched: a decision of the commune still starts at 01.
    from thidua.documents.models import NumberSeries

    assert not NumberSeries.objects.filter(issuer=closed_session.commune).exists()
    with pytest.raises(ServiceError, match="đã được lập"):
        services.session_minutes_issue(actor=personas["officer"], session=closed_session)


def test_minutes_list_attendance_opinions_thresholds_ranking_and_the_cut(closed_session, personas):
    document = services.session_minutes_issue(actor=personas["officer"], session=closed_session)
    text = _texts(document.model)
    assert document.model.doc_type == "BIÊN BẢN"
    assert "Có mặt 04/05 thành viên" in text
    assert "Vắng mặt" in text and "Đồng ý với ông An và bà Bình." in text
    # An: 4/5 = 80 %, rank 1, passed; Bình 3/5 passed; Cường 1/5 below the majority threshold.
    assert "01 | Trần Văn An | Lao động tiên tiến | 04/05 | 80% | 51% | Đạt" in text
    assert "02 | Lê Thị Bình | Lao động tiên tiến | 03/05 | 60% | 51% | Đạt" in text
    assert "03 | Phạm Văn Cường | Lao động tiên tiến | 01/05 | 20% | 51% | Không đủ ngưỡng" in text
    assert "Cá nhân: 03 cá nhân (chỉ tiêu 02):" in text
    # The council is named in full, chair and secretary at the opening; the secretary signs too.
    assert "Hội đồng TĐKT xã Mỹ Thạnh họp xét khen thưởng năm 2025" in text
    assert "Thư ký:" not in "\n".join(document.model.recipients)
    # The secretary signs beside the chair: "THƯ KÝ" on the left, "CHỦ TỌA" on the right.
    assert document.model.cosigner.title_lines == ["THƯ KÝ"] and document.model.confirmations == []
    assert document.model.signer.title_lines == ["CHỦ TỌA"]
    # The conclusion says what the chairman is asked to grant, to how many.
    assert "tặng danh hiệu Lao động tiên tiến cho 02 cá nhân, gồm:" in text
    assert "Trần Văn An: Lao động tiên tiến (04/05 phiếu đồng ý, đạt 80%)." in text
    assert "ưu tiên nữ" in text
    assert "bỏ phiếu kín" in text and "BIỂU QUYẾT CÔNG KHAI" not in text
    assert (
        document.model.signer.name
        == CouncilMember.objects.get(council=closed_session.council, role="chair").full_name
    )


def test_minutes_render_to_docx_and_pdf(closed_session, personas):
    from docx import Document as Docx

    document = services.session_minutes_issue(actor=personas["officer"], session=closed_session)
    paragraphs = Docx(io.BytesIO(render_docx(document.model))).paragraphs
    assert any("BIÊN BẢN" in p.text for p in paragraphs)


def test_minutes_wait_for_the_close_and_for_the_chairs_tie_decision(tree, council, award, personas):
    noms = [nominate(tree, award("ldtt"), person=make_person(tree.hamlet, f"Nam {i}")) for i in range(2)]
    session = services.session_create(
        actor=SYSTEM,
        council=council,
        title="P",
        year=YEAR,
        held_on=dt.date(2025, 12, 1),
        quota_individual=1,
        paper=True,
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    with pytest.raises(ServiceError, match="sau khi kết thúc"):
        services.session_minutes_issue(actor=personas["officer"], session=session)
    services.paper_counts_enter(
        actor=council.members["m0"].user, session=session, counts={n.pk: 4 for n in noms}
    )
    services.paper_counts_confirm(actor=council.members["member"].user, session=session)
    services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    with pytest.raises(ServiceError, match="bằng phiếu"):
        services.session_minutes_issue(actor=personas["officer"], session=session)
    services.session_tie_resolve(actor=personas["leader"], session=session, nomination=noms[1], passed=True)
    services.session_tie_resolve(actor=personas["leader"], session=session, nomination=noms[0], passed=False)
    document = services.session_minutes_issue(actor=personas["officer"], session=session)
    text = _texts(document.model)
    assert "phiếu giấy" in text and "Chủ tịch Hội đồng quyết định khi bằng phiếu" in text


def test_only_council_managers_issue_minutes(closed_session, personas):
    from django.core.exceptions import PermissionDenied

    for role in ("council", "viewer"):
        with pytest.raises(PermissionDenied):
            services.session_minutes_issue(actor=personas[role], session=closed_session)
    closed_session.refresh_from_db()
    assert closed_session.minutes_document is None


def test_minutes_page_issues_and_downloads(client, closed_session, personas):
    url = reverse("commendations:minutes", args=[closed_session.pk])
    client.force_login(personas["officer"])
    assert "Lập biên bản" in client.get(url).content.decode()
    step = reverse("commendations:session_minutes_issue", args=[closed_session.pk])
    client.force_login(personas["council"])
    assert client.post(step).status_code == 403
    closed_session.refresh_from_db()
    assert closed_session.minutes_document_id is None
    client.force_login(personas["officer"])
    response = client.post(step, follow=True)
    assert "01/BB-HĐTĐKT" in response.content.decode()
    closed_session.refresh_from_db()
    doc_id = closed_session.minutes_document_id
    client.force_login(personas["council"])
    page = client.get(url).content.decode()
    assert reverse("documents:docx", args=[doc_id]) in page
    docx = client.get(reverse("documents:docx", args=[doc_id]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(reverse("documents:pdf", args=[doc_id]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    client.force_login(personas["outsider"])
    assert client.get(reverse("documents:docx", args=[doc_id])).status_code == 404


# --- Open voting ---------------------------------------------------------------------------------


def _open_voting(unit, on=dt.date(2025, 1, 1)):
    RuleOverride.objects.create(
        unit=unit, key="voting", value="open", effective_from=on, legal_basis="Quy chế của tỉnh"
    )


def _other_council(tree):
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    province = unit_create(actor=SYSTEM, name="Tỉnh Khác", kind=UnitKind.PROVINCE, parent=None)
    commune = unit_create(actor=SYSTEM, name="Xã Xa", kind=UnitKind.COMMUNE, parent=province)
    return unit_create(actor=SYSTEM, name="Hội đồng TĐKT xã Xa", kind=UnitKind.COUNCIL, parent=commune)


def test_voting_is_secret_by_default_and_open_by_a_province_setting(tree, council):
    args = {"actor": SYSTEM, "council": council, "title": "P", "year": YEAR}
    assert services.session_create(held_on=dt.date(2025, 12, 1), **args).secret
    _open_voting(tree.province, on=dt.date(2025, 12, 5))
    # The setting applies from its date on, to the province's subtree.
    assert services.session_create(held_on=dt.date(2025, 12, 1), **args).secret
    session = services.session_create(held_on=dt.date(2025, 12, 10), **args)
    assert not session.secret
    # A session of another province stays secret.
    assert services.session_create(
        actor=SYSTEM, council=_other_council(tree), title="P", year=YEAR, held_on=dt.date(2025, 12, 10)
    ).secret


def test_open_ballot_records_the_voter_and_the_minutes_name_them(tree, council, award, personas):
    _open_voting(tree.province)
    noms = [nominate(tree, award("ldtt"), person=make_person(tree.hamlet, f"Người {i}")) for i in range(2)]
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    session.noms = noms
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    members = council.members
    _cast(session, members["chair"], {noms[0].pk})
    _cast(session, members["member"], {noms[0].pk, noms[1].pk})
    with pytest.raises(ServiceError, match="đã bỏ phiếu"):
        _cast(session, members["member"], set())
    record = OpenVote.objects.get(session=session, member=members["member"])
    assert dict(record.ballot.choices.values_list("nomination_id", "agree")) == {
        noms[0].pk: True,
        noms[1].pk: True,
    }
    services.session_close(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    # Not shuffled away: the records still point at their ballots after closing.
    assert OpenVote.objects.filter(session=session).count() == 2
    assert Ballot.objects.filter(session=session).count() == 2
    document = services.session_minutes_issue(actor=personas["officer"], session=session)
    text = _texts(document.model)
    chair_name = members["chair"].full_name
    assert "BIỂU QUYẾT CÔNG KHAI CỦA TỪNG THÀNH VIÊN" in text
    assert f"{chair_name} | Đồng ý | Không đồng ý" in text


def test_secret_ballot_keeps_no_voter_anywhere(open_session, council):
    a, b, c = open_session.noms
    for member in council.members.values():
        _cast(open_session, member, {a.pk})
    assert open_session.secret
    assert not OpenVote.objects.exists()
    assert Participation.objects.filter(session=open_session).count() == 5
    columns = {
        col.name
        for col in connection.introspection.get_table_description(connection.cursor(), Ballot._meta.db_table)
    }
    assert columns == {"id", "session_id"}
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    assert BallotChoice.objects.filter(ballot__session=open_session, agree=True).count() == 5


def test_vote_page_says_whether_the_ballot_is_secret_or_open(client, tree, council, award, personas):
    _open_voting(tree.province)
    n = nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "K"))
    session = services.session_create(
        actor=SYSTEM, council=council, title="P", year=YEAR, held_on=dt.date(2025, 12, 1)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=[n])
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    client.force_login(personas["council"])
    url = reverse("commendations:vote", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Phiếu biểu quyết công khai" in page and "Phiếu bầu kín" not in page
    response = client.post(url, {f"n-{n.pk}": "agree"}, follow=True)
    assert "biểu quyết công khai của bạn" in response.content.decode()
    assert OpenVote.objects.get(session=session).member.user == personas["council"]


# --- Tờ trình and Thông báo ----------------------------------------------------------------------


def _noticed(closed_session):
    return services.notice_publish(actor=SYSTEM, session=closed_session, today=dt.date(2025, 12, 11))


def test_notice_is_issued_as_the_communes_thong_bao_with_its_period(closed_session, personas):
    notice = _noticed(closed_session)
    document = services.notice_document_issue(
        actor=personas["officer"], notice=notice, public_url="https://xa.example/cong-khai/1/"
    )
    notice.refresh_from_db()
    assert notice.document == document and document.issuer_id == closed_session.commune_id
    assert document.number_symbol == "01/TB-UBND" and document.model.doc_type == "THÔNG BÁO"
    text = _texts(document.model)
    assert "Trần Văn An" in text and "Lê Thị Bình" in text and "Phạm Văn Cường" not in text
    assert "từ ngày 11 tháng 12 năm 2025 đến hết ngày 16 tháng 12 năm 2025" in text
    assert "https://xa.example/cong-khai/1/" in text
    with pytest.raises(ServiceError, match="đã được ban hành"):
        services.notice_document_issue(actor=personas["officer"], notice=notice)
    from django.core.exceptions import PermissionDenied

    # A council member may read the notice but not issue the commune's documents.
    with pytest.raises(PermissionDenied):
        services.notice_document_issue(actor=personas["council"], notice=notice)


def test_submission_of_the_council_cites_the_minutes_and_lists_the_decisions_awards(closed_session, personas):
    minutes = services.session_minutes_issue(actor=personas["officer"], session=closed_session)
    notice = _noticed(closed_session)
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    document = services.decision_submission_issue(
        actor=personas["officer"], decision=decision, date=dt.date(2025, 12, 20)
    )
    # One yearly series for all the council's papers: the minutes took 01, the submission 02.
    assert minutes.number_symbol == "01/BB-HĐTĐKT"
    assert document.number_symbol == "02/TTr-HĐTĐKT"
    text = _texts(document.model)
    from thidua.lib.vn import format_date_long

    # a date in a legal basis is written in words, as the law's own dates are
    assert f"Biên bản số {minutes.number_symbol} {format_date_long(minutes.date)}" in "\n".join(
        document.model.bases
    )
    assert document.model.addressees == ["Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh"]
    annex = document.model.annexes[0].blocks[0].rows
    assert [row[1] for row in annex[1:]] == ["CÁ NHÂN (02 cá nhân)", "Lê Thị Bình", "Trần Văn An"]
    assert "tặng danh hiệu Lao động tiên tiến cho 02 cá nhân" in text
    assert document.model.annexes[0].subtitle == (
        "(Kèm theo Tờ trình số 02/TTr-HĐTĐKT ngày 20/12/2025 của Hội đồng TĐKT xã Mỹ Thạnh)"
    )
    with pytest.raises(ServiceError, match="đã được ban hành"):
        services.decision_submission_issue(actor=personas["officer"], decision=decision)
    services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2025, 12, 22))
    decision.refresh_from_db()
    # The commune's register numbers the decision; the council's papers do not take its numbers.
    assert decision.number_label == "01/QĐ-UBND"
    # The signed paper's annex names it by that number and its date.
    assert decision.document.model.annexes[0].subtitle == (
        "(Kèm theo Quyết định số 01/QĐ-UBND ngày 22/12/2025 của Chủ tịch UBND xã Mỹ Thạnh)"
    )


def test_notice_and_submission_pages(client, closed_session, personas):
    notice = _noticed(closed_session)
    client.force_login(personas["council"])
    assert client.post(reverse("commendations:notice_document", args=[notice.pk])).status_code == 403
    client.force_login(personas["outsider"])
    assert client.post(reverse("commendations:notice_document", args=[notice.pk])).status_code == 404
    client.force_login(personas["officer"])
    response = client.post(reverse("commendations:notice_document", args=[notice.pk]), follow=True)
    assert "01/TB-UBND" in response.content.decode()
    notice.refresh_from_db()
    assert reverse("documents:pdf", args=[notice.document_id]) in response.content.decode()
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    url = reverse("commendations:decision_submission", args=[decision.pk])
    client.force_login(personas["viewer"])
    assert client.post(url).status_code == 403
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:decision", args=[decision.pk])).content.decode()
    assert "Lập tờ trình" in page
    response = client.post(url, follow=True)
    assert "TTr-HĐTĐKT" in response.content.decode()
    decision.refresh_from_db()
    docx = client.get(reverse("documents:docx", args=[decision.submission_document_id]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_catalogue_page_shows_the_voting_mode_in_force(client, tree, personas):
    client.force_login(personas["officer"])
    url = reverse("commendations:catalogue")
    assert "Hội đồng biểu quyết: bỏ phiếu kín" in client.get(url).content.decode()
    _open_voting(tree.province)
    assert "công khai (ghi tên người bỏ phiếu)" in client.get(url).content.decode()


def test_the_councils_submission_is_signed_for_the_council_by_its_vice_chair(
    closed_session, personas, council
):
    """The Tờ trình goes to the chairman who chairs the council: a seated vice-chair signs it
    ("KT. CHỦ TỊCH"); without one the chair signs, as before."""
    from thidua.commendations.models import CouncilMember, CouncilRole

    vice = CouncilMember.objects.get(council=council, role=CouncilRole.VICE_CHAIR)
    services.session_minutes_issue(actor=personas["officer"], session=closed_session)
    notice = _noticed(closed_session)
    decision = services.decision_create(actor=SYSTEM, notice=notice, today=dt.date(2025, 12, 20))
    document = services.decision_submission_issue(
        actor=personas["officer"], decision=decision, date=dt.date(2025, 12, 20)
    )
    assert document.model.signer.title_lines == ["TM. HỘI ĐỒNG", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert document.model.signer.name == vice.full_name
    chair = CouncilMember.objects.get(council=council, role=CouncilRole.CHAIR)
    CouncilMember.objects.filter(pk=vice.pk).update(active=False)
    alone = submission_signer(closed_session, body="HỘI ĐỒNG")
    assert alone.title_lines == ["TM. HỘI ĐỒNG", "CHỦ TỊCH"] and alone.name == chair.full_name
