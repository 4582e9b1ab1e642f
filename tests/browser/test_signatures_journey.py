"""A leader signs a commendation decision digitally and opens its report; an officer checks a received
signed PDF whose file name is Vietnamese."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations.rules import catalogue_load
from thidua.documents.model import Document as DocumentModel
from thidua.documents.render_pdf import render_pdf
from thidua.signatures import services, signing
from thidua.signatures.models import AnchorKind, SignedPaper
from thidua.signatures.tests.conftest import PASSPHRASE, build_ca, decision_with_one_award


@pytest.mark.django_db(transaction=True)
def test_a_leader_signs_a_decision_and_an_officer_checks_a_received_pdf(
    live_server,
    tree,
    make_user,
    page,
    login,
    tmp_path,
):
    # Journeys before this one flush the database, shipped catalogue included: load it again.
    catalogue_load()
    ca = build_ca()
    make_user("chutich", Role.LEADER, tree.commune)
    make_user("canbo", Role.OFFICER, tree.commune)
    services.trust_anchor_add(
        actor=SYSTEM, unit=tree.province, kind=AnchorKind.ROOT, label="", data=ca.root_der
    )
    services.signing_key_add_pkcs12(
        actor=SYSTEM,
        unit=tree.commune,
        label="Khóa UBND xã",
        data=ca.signers["good"].p12,
        passphrase=PASSPHRASE,
    )
    decision = decision_with_one_award(tree)

    login(page, "chutich", PASSWORD)
    page.goto(f"{live_server.url}/commendations/decisions/{decision.pk}/")
    page.fill("#id_signed_on", dt.date(2025, 12, 22).isoformat())
    page.select_option("#id_key", label="Khóa UBND xã")
    page.fill("#id_secret", PASSPHRASE)
    page.click("text=Ký quyết định")
    page.click("text=Văn bản và chữ ký số")
    report = page.locator(".signature-report")
    assert "tất cả hợp lệ" in report.inner_text()
    assert "Phạm Thanh Diễn" in report.inner_text()
    decision.refresh_from_db()
    assert SignedPaper.objects.filter(document=decision.document).exists()
    page.context.clear_cookies()  # the officer signs in next

    received = tmp_path / "Quyết định Đồng khởi.pdf"
    opened = signing.open_pkcs12(ca.signers["rsa"].p12, PASSPHRASE)
    paper = render_pdf(DocumentModel(doc_type="QUYẾT ĐỊNH", abstract="Về việc thử"))
    # pyHanko runs its own event loop; Playwright's is running in this thread, so sign in another.
    with ThreadPoolExecutor(1) as pool:
        received.write_bytes(pool.submit(signing.sign_pdf, paper, opened.signer).result())
    login(page, "canbo", PASSWORD)
    page.goto(f"{live_server.url}/signatures/verify/")
    page.set_input_files("#id_file", str(received))
    page.click("main button[type=submit]")
    text = page.locator(".signature-report").inner_text()
    assert "Trần Văn Bảy" in text and "Nội dung còn nguyên vẹn so với lúc ký." in text
