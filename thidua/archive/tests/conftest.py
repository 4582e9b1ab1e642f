import datetime as dt

import pytest

from thidua.access import SYSTEM
from thidua.documents import services as documents
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import Signer


def issue(
    unit, doc_type="THÔNG BÁO", on=dt.date(2014, 5, 19), abstract="Về việc tuyên dương gương Đồng khởi mới"
):
    model = DocumentModel(
        doc_type=doc_type,
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        abstract=abstract,
        signer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )
    draft = documents.document_create_draft(actor=SYSTEM, unit=unit, model=model)
    return documents.document_issue(actor=SYSTEM, document=draft, date=on)


@pytest.fixture
def issued():
    return issue
