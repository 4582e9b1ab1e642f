"""A decision has "Đ" in its symbol: the browser saves its .docx and PDF under the printed number."""

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.documents import services
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import Signer


@pytest.mark.django_db(transaction=True)
def test_chairman_downloads_a_decision_with_its_number_as_file_name(
    live_server, tree, make_user, page, login
):
    make_user("chutich", Role.LEADER, tree.commune)
    model = DocumentModel(
        doc_type="QUYẾT ĐỊNH",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        symbol="QĐ-UBND",
        place="Mỹ Thạnh",
        abstract="Về việc khen thưởng năm 2025",
        signer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )
    draft = services.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)
    document = services.document_issue(actor=SYSTEM, document=draft, date=dt.date(2025, 12, 2))
    stem = document.number_symbol.replace("/", "_")
    assert "Đ" in stem

    login(page, "chutich", PASSWORD)
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    with page.expect_download() as pdf_info:
        page.click("text=Tải PDF")
    assert pdf_info.value.suggested_filename == f"{stem}.pdf"
    assert Path(pdf_info.value.path()).read_bytes()[:4] == b"%PDF"
    with page.expect_download() as docx_info:
        page.click("text=Tải .docx")
    assert docx_info.value.suggested_filename == f"{stem}.docx"
    with zipfile.ZipFile(docx_info.value.path()) as archive:
        assert "Về việc khen thưởng năm 2025" in archive.read("word/document.xml").decode()
