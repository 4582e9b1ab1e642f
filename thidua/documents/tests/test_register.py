"""The register of outgoing documents: numbering, freezing, versions, withdrawal, audit."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.documents import services
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import Signer
from thidua.documents.models import Document, DocumentState, NumberSeries
from thidua.units.models import UnitKind
from thidua.units.services import unit_create


def _model(doc_type="KẾ HOẠCH", abstract="Về việc phát động phong trào thi đua"):
    return DocumentModel(
        doc_type=doc_type,
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        abstract=abstract,
        signer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )


def _draft(unit, actor=SYSTEM, **kwargs):
    return services.document_create_draft(actor=actor, unit=unit, model=_model(**kwargs))


def test_issuing_takes_zero_padded_numbers_in_order(tree):
    first = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 13))
    second = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 14))
    assert (first.number_symbol, second.number_symbol) == ("01/KH-UBND", "02/KH-UBND")
    assert first.model.number == "01" and first.model.date == dt.date(2025, 3, 13)


def test_series_restarts_at_01_on_first_of_january(tree):
    services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2024, 12, 31))
    services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2024, 12, 31))
    new_year = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 1, 1))
    assert new_year.number == 1
    assert NumberSeries.objects.get(issuer=tree.commune, year=2024).last_number == 2


def test_a_council_keeps_its_own_series(tree):
    council = unit_create(
        actor=SYSTEM,
        name="Hội đồng Thi đua - Khen thưởng xã",
        kind=UnitKind.COUNCIL,
        parent=tree.commune,
        short_name="HĐTĐKT",
    )
    services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 5, 1))
    minutes = services.document_create_draft(
        actor=SYSTEM, unit=tree.commune, issuer=council, model=_model(doc_type="BIÊN BẢN")
    )
    minutes = services.document_issue(actor=SYSTEM, document=minutes, date=dt.date(2025, 5, 2))
    assert minutes.number_symbol == "01/BB-HĐTĐKT"


def test_withdrawn_number_stays_recorded_and_is_never_reused(tree):
    first = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 1))
    services.document_withdraw(actor=SYSTEM, document=first, reason="Ban hành nhầm")
    second = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 2))
    first.refresh_from_db()
    assert first.state == DocumentState.WITHDRAWN and first.number == 1
    assert second.number == 2


def test_number_and_symbol_are_unique_per_issuer_and_year_in_the_database(tree):
    doc = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            unit=tree.commune,
            issuer=tree.commune,
            doc_type="KẾ HOẠCH",
            symbol=doc.symbol,
            number=1,
            year=2025,
            date=dt.date(2025, 4, 1),
            state="issued",
        )


def test_illegal_moves_are_refused_with_a_message(tree):
    draft = _draft(tree.commune)
    with pytest.raises(
        ValidationError, match="Không thể chuyển văn bản từ trạng thái “Dự thảo” sang “Đã thu hồi”"
    ):
        services.document_withdraw(actor=SYSTEM, document=draft, reason="x")
    issued = services.document_issue(actor=SYSTEM, document=draft, date=dt.date(2025, 3, 1))
    with pytest.raises(ValidationError, match="Chỉ văn bản dự thảo"):
        services.document_issue(actor=SYSTEM, document=issued)
    with pytest.raises(ValidationError):
        services.document_withdraw(actor=SYSTEM, document=issued, reason="  ")


def test_editing_an_issued_document_makes_a_new_version_and_keeps_the_old(tree):
    issued = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 1))
    new = services.document_update(actor=SYSTEM, document=issued, model=_model(abstract="Về việc sửa đổi"))
    issued.refresh_from_db()
    assert issued.abstract == "Về việc phát động phong trào thi đua" and issued.state == DocumentState.ISSUED
    assert new.previous == issued and new.version == 2 and new.state == DocumentState.DRAFT
    with pytest.raises(ValidationError, match="phiên bản mới"):
        services.document_update(actor=SYSTEM, document=issued, model=_model())


def test_the_versions_of_a_document_are_read_in_two_queries_from_any_of_them(tree, django_assert_num_queries):
    from thidua.documents.selectors import versions

    first = services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 1))
    second = services.document_update(
        actor=SYSTEM, document=first, model=_model(abstract="Về việc sửa lần 1")
    )
    second = services.document_issue(actor=SYSTEM, document=second, date=dt.date(2025, 4, 1))
    third = services.document_update(
        actor=SYSTEM, document=second, model=_model(abstract="Về việc sửa lần 2")
    )
    for document in (first, second, third):
        with django_assert_num_queries(2):
            chain = versions(document)
        assert [d.pk for d in chain] == [first.pk, second.pk, third.pk]


def test_editing_a_draft_changes_it_in_place(tree):
    draft = _draft(tree.commune)
    same = services.document_update(actor=SYSTEM, document=draft, model=_model(abstract="Về việc khác"))
    assert same.pk == draft.pk and Document.objects.get(pk=draft.pk).abstract == "Về việc khác"


def test_every_change_is_audited(tree, personas):
    before = AuditEntry.objects.count()
    draft = _draft(tree.commune, actor=personas["officer"])
    issued = services.document_issue(actor=personas["leader"], document=draft, date=dt.date(2025, 3, 1))
    services.document_withdraw(actor=personas["leader"], document=issued, reason="Sai sót")
    verbs = list(AuditEntry.objects.order_by("-id").values_list("verb", flat=True)[:2])
    assert AuditEntry.objects.count() == before + 3
    assert verbs == ["thu hồi", "ban hành"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_no_duplicate_and_no_gap(tree):
    drafts = [_draft(tree.commune) for _ in range(40)]
    errors = []

    def issue(document):
        try:
            services.document_issue(actor=SYSTEM, document=document, date=dt.date(2025, 6, 1))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Document.objects.filter(year=2025).values_list("number", flat=True))
    assert numbers == list(range(1, 41))


def test_each_service_checks_the_actor_itself(tree, personas):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        _draft(tree.commune, actor=personas["viewer"])
    with pytest.raises(Http404):
        _draft(tree.commune, actor=personas["outsider"])
    draft = _draft(tree.commune, actor=personas["officer"])
    with pytest.raises(PermissionDenied):
        services.document_issue(actor=personas["officer"], document=draft, date=dt.date(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        services.document_update(actor=personas["council"], document=draft, model=_model())
    with pytest.raises(TypeError):
        services.document_issue(actor=None, document=draft)
    issued = services.document_issue(actor=personas["leader"], document=draft, date=dt.date(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        services.document_withdraw(actor=personas["officer"], document=issued, reason="Sai sót")
    with pytest.raises(PermissionDenied):
        services.document_record_issued(
            actor=personas["officer"], unit=tree.commune, model=_model(), number=5, date=dt.date(2024, 1, 1)
        )


def test_a_domain_issues_its_own_paper_under_its_own_right(tree, personas):
    from thidua.access import Action

    draft = _draft(tree.commune, actor=personas["officer"])
    issued = services.document_issue(
        actor=personas["officer"], document=draft, date=dt.date(2025, 3, 1), authority=Action.NOMINATION_CHECK
    )
    assert issued.state == DocumentState.ISSUED and issued.number == 1


def test_a_draft_without_a_type_is_refused_next_to_the_type_field(tree):
    from thidua.lib.errors import ServiceError

    with pytest.raises(ServiceError) as refused:
        services.document_create_draft(actor=SYSTEM, unit=tree.commune, model=_model(doc_type=""))
    assert refused.value.field == "doc_type"


def test_a_withdrawn_number_cannot_be_recorded_again_under_another_symbol(tree):
    decision = services.document_issue(
        actor=SYSTEM, document=_draft(tree.commune, doc_type="QUYẾT ĐỊNH"), date=dt.date(2025, 3, 1)
    )
    services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 2))
    services.document_withdraw(actor=SYSTEM, document=decision, reason="Ban hành nhầm")
    with pytest.raises(ValidationError, match="01/QĐ-UBND") as refused:
        services.document_record_issued(
            actor=SYSTEM,
            unit=tree.commune,
            model=_model(doc_type="THÔNG BÁO"),
            number=1,
            date=dt.date(2025, 2, 1),
        )
    assert refused.value.field == "number"
    assert Document.objects.filter(year=2025, number=1).count() == 1


def test_one_number_per_issuer_and_year_whatever_the_symbol_in_the_database(tree):
    services.document_issue(actor=SYSTEM, document=_draft(tree.commune), date=dt.date(2025, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            unit=tree.commune,
            issuer=tree.commune,
            doc_type="THÔNG BÁO",
            symbol="TB-UBND",
            number=1,
            year=2025,
            date=dt.date(2025, 4, 1),
            state="issued",
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_parallel_records_of_one_number_under_two_symbols_keep_one(tree):
    barrier = threading.Barrier(2)
    errors = []

    def record(doc_type):
        try:
            barrier.wait()
            services.document_record_issued(
                actor=SYSTEM,
                unit=tree.commune,
                model=_model(doc_type=doc_type),
                number=3,
                date=dt.date(2025, 2, 1),
            )
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(t,)) for t in ("QUYẾT ĐỊNH", "THÔNG BÁO")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 1 and "đã có trong sổ" in str(errors[0])
    assert Document.objects.filter(year=2025, number=3).count() == 1
