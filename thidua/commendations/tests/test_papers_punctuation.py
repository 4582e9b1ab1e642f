"""Every paper joins the officer's lines once: a legal basis or a recipient typed with or without
its ";" or "." prints with one, and "Lưu: VT" typed by the officer is not added a second time."""

import datetime as dt
import re

import pytest

from thidua.commendations import services
from thidua.commendations.papers import award_decision, public_notice, submission_document
from thidua.commendations.tests.test_papers import docx_text, pdf_text
from thidua.commendations.tests.test_paperwork import closed_session  # noqa: F401 (a fixture)
from thidua.documents.model import Document, Signer, recipient_items
from thidua.documents.render_text import render_text
from thidua.movements.papers import plan_document, review_report

ISSUER = "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
SIGNER = Signer(title_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name="Phạm Thanh Diễn")
TYPED_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ.",
    "Căn cứ Kế hoạch số 01/KH-UBND ngày 02 tháng 01 năm 2025",
]
TYPED_RECIPIENTS = ["Phòng Nội vụ;", "- Các ấp.", "- Lưu: VT, VP"]
DOUBLED = re.compile(r"[;.]\s*[;.](?!/)|,\s*[;.]")


def _notice() -> Document:
    return public_notice(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 11, 21),
        award="Giấy khen",
        candidates=[{"name": "Ấp Mỹ Hòa", "kind": "tập thể"}],
        start=dt.date(2025, 11, 21),
        end=dt.date(2025, 12, 4),
        posted_at=["Trụ sở Ủy ban nhân dân xã"],
        contact="Văn phòng",
        signer=SIGNER,
        recipients=TYPED_RECIPIENTS,
        bases=TYPED_BASES,
    )


def _submission() -> Document:
    return submission_document(
        issuer="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ MỸ THẠNH",
        parent_issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        addressee="Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh.",
        award="Giấy khen",
        reason="trong năm 2025",
        bases=TYPED_BASES,
        nominees=[{"name": "Ấp Mỹ Hòa", "kind": "tập thể"}],
        signer=SIGNER,
        recipients=TYPED_RECIPIENTS,
    )


def _decision() -> Document:
    return award_decision(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        abstract="Về việc khen thưởng năm 2025",
        authority_line=f"CHỦ TỊCH {ISSUER}",
        year=2025,
        base_salary=2_340_000,
        awardees=[{"name": "Ấp Mỹ Hòa", "award": "Giấy khen", "amount": 1_950_000}],
        signer=SIGNER,
    )


def _plan() -> Document:
    # As `plan_model` builds it: the officer's recipients, then the archive line.
    return plan_document(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 1, 2),
        title="Đồng khởi mới",
        bases=TYPED_BASES,
        sections=[{"title": "Mục đích, yêu cầu", "bullets": ["Phát huy truyền thống"]}],
        signer=SIGNER,
        recipients=[*TYPED_RECIPIENTS, "Lưu: VT"],
    )


def _review() -> Document:
    return review_report(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 20),
        movement="Đồng khởi mới",
        period="năm 2025",
        results={"overview": ["Đã phát động."]},
        signer=SIGNER,
        recipients=TYPED_RECIPIENTS,
        bases=TYPED_BASES,
    )


PAPERS = {
    "notice": _notice,
    "submission": _submission,
    "decision": _decision,
    "plan": _plan,
    "review": _review,
}
RENDERINGS = {"text": render_text, "docx": docx_text, "pdf": pdf_text}


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_prints_each_closing_mark_once(paper, rendering):
    text = " ".join(RENDERINGS[rendering](PAPERS[paper]()).split())
    assert not DOUBLED.search(text), DOUBLED.search(text)
    assert text.count("Lưu:") == 1
    if paper != "decision":
        assert "- Lưu: VT, VP." in text
        assert "- Phòng Nội vụ; - Các ấp;" in text
        assert "năm 2022; Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ; Căn cứ Kế hoạch" in text
        assert "ngày 02 tháng 01 năm 2025." in text


def test_the_addressee_prints_once_with_its_full_stop():
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh." in render_text(_submission())
    assert "Mỹ Thạnh.." not in render_text(_submission())


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        (["Như trên", "Lưu: VT"], ["Như trên", "Lưu: VT"]),
        (["- Lưu: VT, VP;", "Như trên.", "Lưu: VT"], ["Như trên", "Lưu: VT, VP"]),
        (["Lưu VT", "Lưu: VT."], ["Lưu: VT"]),
        (["Lưu trữ tỉnh", "Lưu: VT"], ["Lưu trữ tỉnh", "Lưu: VT"]),
        (["Như trên;", "như trên"], ["Như trên"]),
    ],
)
def test_recipients_keep_one_archive_line_last(typed, printed):
    assert recipient_items(typed) == printed


@pytest.mark.django_db
@pytest.mark.parametrize("rendering", RENDERINGS)
def test_minutes_print_a_written_opinion_typed_with_its_full_stop_once(closed_session, personas, rendering):  # noqa: F811
    document = services.session_minutes_issue(actor=personas["officer"], session=closed_session)
    text = " ".join(RENDERINGS[rendering](document.model).split())
    assert "Đồng ý với ông An và bà Bình." in text and "Bình.." not in text
    assert text.count("Lưu:") == 1 and not DOUBLED.search(text)


def test_a_decision_cites_the_submission_it_answers_and_keeps_its_legal_bases():
    from types import SimpleNamespace

    from thidua.commendations.papers import decision_paper

    submission = SimpleNamespace(number=2, number_symbol="02/TTr-HĐTĐKT", date=dt.date(2025, 12, 20))
    record = SimpleNamespace(
        commune=SimpleNamespace(name="Xã Mỹ Thạnh"),
        title="Về việc khen thưởng năm 2025",
        year=2025,
        base_salary=2_340_000,
        submission_document_id=7,
        submission_document=submission,
    )
    paper = decision_paper(record, [], signed_on=dt.date(2025, 12, 22), signer_name="Phạm Thanh Diễn")
    assert all(b.startswith("Căn cứ") for b in paper.bases[:2])
    text = " ".join(render_text(paper).split())
    assert (
        "Xét đề nghị của Hội đồng Thi đua – Khen thưởng xã tại Tờ trình số 02/TTr-HĐTĐKT "
        "ngày 20 tháng 12 năm 2025." in text
    )


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_a_basis_typed_without_its_opening_prints_as_a_can_cu(rendering):
    plan = plan_document(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2025, 1, 2),
        title="Đồng khởi mới",
        bases=[
            "Kế hoạch số 519/KH-UBND ngày 09 tháng 3 năm 2015 của Ủy ban nhân dân huyện",
            "Thực hiện Chỉ thị 01.",
        ],
        sections=[],
        signer=SIGNER,
        recipients=["Lưu: VT"],
    )
    text = " ".join(RENDERINGS[rendering](plan).split())
    assert "Căn cứ Kế hoạch số 519/KH-UBND ngày 09 tháng 3 năm 2015 của Ủy ban nhân dân huyện;" in text
    assert "Thực hiện Chỉ thị 01." in text and "Căn cứ Thực hiện" not in text
