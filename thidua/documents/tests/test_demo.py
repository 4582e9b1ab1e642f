"""The demo register and entering earlier documents with their own numbers."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from thidua.access import SYSTEM
from thidua.documents import demo, services
from thidua.documents.model import Document as DocumentModel
from thidua.documents.models import Document, DocumentState


def test_demo_register_has_the_seed_plan_issued_as_23_and_a_sample_draft(tree, personas):
    demo.load(SimpleNamespace(commune=tree.commune, users={"chutich": personas["leader"]}))
    plan = Document.objects.get(state=DocumentState.ISSUED)
    assert (plan.number_symbol, plan.date, plan.doc_type) == ("23/KH-UBND", dt.date(2015, 3, 13), "KẾ HOẠCH")
    assert not plan.is_sample and plan.model.signer.name == "Phạm Thanh Diễn"
    assert "Đồng khởi mới" in plan.abstract
    draft = Document.objects.get(state=DocumentState.DRAFT)
    assert draft.is_sample and draft.doc_type == "BÁO CÁO" and "23/KH-UBND" in draft.model.bases[0]
    # The next document of 2015 follows the seed's number, it does not reuse one below it.
    later = services.document_issue(actor=SYSTEM, document=draft, date=dt.date(2015, 12, 20))
    assert later.number_symbol == "24/BC-UBND"


def test_recording_an_earlier_document_twice_is_refused(tree):
    model = DocumentModel(doc_type="KẾ HOẠCH", abstract="Về việc thử")
    services.document_record_issued(
        actor=SYSTEM, unit=tree.commune, model=model, number=7, date=dt.date(2024, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.document_record_issued(
            actor=SYSTEM, unit=tree.commune, model=model, number=7, date=dt.date(2024, 6, 1)
        )
    assert "07/KH-UBND" in str(error.value)
    assert Document.objects.count() == 1


def test_recording_a_lower_number_keeps_the_series_where_it_is(tree):
    model = DocumentModel(doc_type="THÔNG BÁO", abstract="Về việc thử")
    first = services.document_create_draft(actor=SYSTEM, unit=tree.commune, model=model)
    services.document_record_issued(
        actor=SYSTEM, unit=tree.commune, model=model, number=3, date=dt.date(2024, 1, 2)
    )
    # A plan numbered 2, free in the same series (one series for all types of the body), moves nothing.
    plan = DocumentModel(doc_type="KẾ HOẠCH", abstract="Về việc thử")
    services.document_record_issued(
        actor=SYSTEM, unit=tree.commune, model=plan, number=2, date=dt.date(2024, 1, 1)
    )
    assert services.document_issue(actor=SYSTEM, document=first, date=dt.date(2024, 2, 1)).number == 4
