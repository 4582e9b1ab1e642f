"""Retention periods as data, the list of papers whose period has passed, the appraisal decision that
alone ends a paper's keeping, and the hand-over of a closed year."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.archive import selectors
from thidua.archive.models import Appraisal, ArchiveCopy, Handover, RetentionRule
from thidua.archive.services import (
    appraisal_record,
    archive_copies_make,
    archive_copy_make,
    handover_record,
    retention_rule_set,
)
from thidua.audit.models import AuditEntry
from thidua.lib.errors import ServiceError

pytestmark = pytest.mark.django_db


def test_the_defaults_are_loaded_as_editable_data():
    assert RetentionRule.objects.get(doc_type="QUYẾT ĐỊNH").years is None  # permanent
    assert RetentionRule.objects.get(doc_type="THÔNG BÁO").years == 10
    assert "10/2022/TT-BNV" in RetentionRule.objects.get(doc_type="TỜ TRÌNH").basis
    types = list(selectors.rules())
    assert types.index("CHỈ THỊ") < types.index("ĐỀ ÁN") < types.index("GIẤY KHEN")  # the page's order


def test_periods_are_set_for_the_whole_installation_from_the_top_unit(tree, make_user):
    province_officer = make_user("tinh", Role.OFFICER, tree.province)
    commune_officer = make_user("xa", Role.OFFICER, tree.commune)
    rule = retention_rule_set(actor=province_officer, unit=tree.province, doc_type=" giấy  mời ", years=3)
    assert (rule.doc_type, rule.years) == ("GIẤY MỜI", 3)
    assert RetentionRule.objects.filter(doc_type="GIẤY MỜI").count() == 1
    with pytest.raises(ServiceError) as not_top:
        retention_rule_set(actor=commune_officer, unit=tree.commune, doc_type="GIẤY MỜI", years=1)
    assert not_top.value.code == "not_top"
    for years in (0, 101):
        with pytest.raises(ServiceError) as wrong:
            retention_rule_set(actor=province_officer, unit=tree.province, doc_type="GIẤY MỜI", years=years)
        assert wrong.value.field == "years"
    permanent = retention_rule_set(
        actor=province_officer, unit=tree.province, doc_type="GIẤY MỜI", years=None
    )
    assert permanent.years is None
    # the default GIẤY MỜI rule changed twice; the refusals left no trace
    assert AuditEntry.objects.filter(model="archive.retentionrule", object_id=str(rule.pk)).count() == 2
    created = retention_rule_set(
        actor=province_officer, unit=tree.province, doc_type="Giấy giới thiệu", years=2
    )
    assert AuditEntry.objects.get(model="archive.retentionrule", object_id=str(created.pk)).action == "create"


def test_a_period_ends_with_the_last_whole_year_after_the_paper(tree, issued):
    notice = issued(tree.commune, doc_type="THÔNG BÁO", on=dt.date(2014, 12, 31))  # 10 years: kept to 2024
    issued(tree.commune, doc_type="QUYẾT ĐỊNH", on=dt.date(1990, 1, 2))  # permanent
    issued(tree.commune, doc_type="CÔNG VĂN", on=dt.date(2014, 1, 2))  # 10 years
    RetentionRule.objects.filter(doc_type="CÔNG VĂN").delete()  # no rule: kept permanently
    assert selectors.expired(tree.commune, dt.date(2024, 12, 31)) == []
    [row] = selectors.expired(tree.commune, dt.date(2025, 1, 1))
    assert (row.document, row.until) == (notice, 2024)


def _expired_notice(tree, issued, on=dt.date(2010, 3, 8)):
    paper = issued(tree.commune, doc_type="THÔNG BÁO", on=on)
    archive_copy_make(actor=SYSTEM, document=paper)
    return paper


def test_only_the_head_decides_and_only_on_expired_papers(tree, issued, personas):
    paper = _expired_notice(tree, issued)
    recent = issued(tree.commune, doc_type="THÔNG BÁO", on=dt.date.today().replace(month=1, day=1))
    for role in ("officer", "council", "viewer", "representative", "outsider"):
        with pytest.raises((PermissionDenied, Http404)):
            appraisal_record(
                actor=personas[role], unit=tree.commune, reference="01/QĐ-UBND", decided_on=dt.date.today(),
                destroy=[paper],
            )  # fmt: skip
    with pytest.raises(ServiceError) as not_expired:
        appraisal_record(
            actor=personas["leader"], unit=tree.commune, reference="01/QĐ-UBND", decided_on=dt.date.today(),
            destroy=[paper, recent],
        )  # fmt: skip
    assert not_expired.value.code == "not_expired"
    # refused whole: nothing half-saved, the copy still there
    assert not Appraisal.objects.exists()
    assert ArchiveCopy.objects.filter(document=paper).exists()


def test_destroying_removes_the_kept_files_keeps_the_register_entry_and_audits_the_hash(
    tree, issued, personas
):
    paper = _expired_notice(tree, issued)
    copy = ArchiveCopy.objects.get(document=paper)
    appraisal = appraisal_record(
        actor=personas["leader"], unit=tree.commune, reference="05/QĐ-UBND", decided_on=dt.date.today(),
        destroy=[paper], note="Theo biên bản thẩm định của Hội đồng xác định giá trị tài liệu",
    )  # fmt: skip
    assert not ArchiveCopy.objects.filter(document=paper).exists()
    paper.refresh_from_db()
    assert paper.number_symbol.endswith("/TB-UBND")
    deleted = AuditEntry.objects.get(model="archive.archivecopy", object_id=str(copy.pk), action="delete")
    assert deleted.before["sha256"] == copy.sha256
    assert selectors.expired(tree.commune) == []
    kept = selectors.panel(paper)["kept"]
    assert kept.destroyed.appraisal == appraisal
    # a destroyed paper gets no new copy from the scheduled run
    assert archive_copies_make(actor=SYSTEM) == 0


def test_keeping_longer_moves_the_end_of_keeping(tree, issued, personas):
    paper = _expired_notice(tree, issued)
    this_year = dt.date.today().year
    with pytest.raises(ServiceError) as past:
        appraisal_record(
            actor=personas["admin"], unit=tree.commune, reference="06/QĐ-UBND", decided_on=dt.date.today(),
            destroy=[], keep={paper: this_year},
        )  # fmt: skip
    assert past.value.field == "keep_until"
    appraisal_record(
        actor=personas["admin"], unit=tree.commune, reference="06/QĐ-UBND", decided_on=dt.date.today(),
        destroy=[], keep={paper: this_year + 5},
    )  # fmt: skip
    assert selectors.expired(tree.commune) == []
    assert selectors.panel(paper)["kept"].until == this_year + 5
    assert ArchiveCopy.objects.filter(document=paper).exists()
    assert selectors.expired(tree.commune, dt.date(this_year + 6, 1, 1))[0].document == paper


def test_a_closed_year_is_handed_over_once_with_every_copy_made(tree, issued, personas):
    today = dt.date(2026, 3, 2)
    paper = issued(tree.commune, doc_type="QUYẾT ĐỊNH", on=dt.date(2025, 6, 1))
    other = issued(tree.commune, doc_type="BÁO CÁO", on=dt.date(2025, 12, 30))

    def hand(year=2025, on=today, **kw):
        return handover_record(
            actor=personas["officer"], unit=tree.commune, year=year, handed_on=on,
            archive=kw.get("archive", "Lưu trữ cơ quan UBND xã Mỹ Thạnh"), reference="01/BB-LT", today=today,
        )  # fmt: skip

    with pytest.raises(ServiceError) as missing:
        hand()
    assert missing.value.code == "missing_copies"
    archive_copies_make(actor=personas["officer"], unit=tree.commune)
    with pytest.raises(ServiceError) as open_year:
        hand(year=2026)
    assert open_year.value.field == "year"
    with pytest.raises(ServiceError) as same_year:
        hand(on=dt.date(2025, 12, 31))
    assert same_year.value.field == "handed_on"
    with pytest.raises(ServiceError) as empty:
        hand(year=2019)
    assert "không có văn bản" in str(empty.value)
    handover = hand()
    assert set(handover.documents.all()) == {paper, other}
    with pytest.raises(ServiceError) as twice:
        hand()
    assert "đã được giao nộp" in str(twice.value)
    assert Handover.objects.count() == 1
    assert selectors.panel(paper)["kept"].handover == handover
    with pytest.raises((PermissionDenied, Http404)):
        handover_record(
            actor=personas["leader"], unit=tree.commune, year=2024, handed_on=today, archive="X",
            reference="1", today=today,
        )  # fmt: skip


def test_the_yearly_list_groups_papers_into_files(tree, issued):
    issued(tree.commune, doc_type="THÔNG BÁO", on=dt.date(2025, 2, 1))
    issued(tree.commune, doc_type="QUYẾT ĐỊNH", on=dt.date(2025, 4, 30))
    issued(tree.commune, doc_type="QUYẾT ĐỊNH", on=dt.date(2025, 1, 15))
    issued(tree.other, doc_type="QUYẾT ĐỊNH", on=dt.date(2025, 1, 15))
    issued(tree.commune, doc_type="ĐỀ ÁN", on=dt.date(2025, 6, 1))
    files = selectors.file_list(tree.commune, 2025)
    # in the alphabet's order (Đ after D), not by code point (which puts Đ after every Latin letter)
    assert [(f.number, f.title, len(f.rows)) for f in files] == [
        (1, "Tập lưu đề án năm 2025", 1),
        (2, "Tập lưu quyết định năm 2025", 2),
        (3, "Tập lưu thông báo năm 2025", 1),
    ]
    decisions = files[1]
    assert (decisions.first, decisions.last, decisions.period) == (
        dt.date(2025, 1, 15),
        dt.date(2025, 4, 30),
        "Vĩnh viễn",
    )
    assert decisions.pages is None  # no copy yet
    archive_copies_make(actor=SYSTEM, unit=tree.commune)
    assert selectors.file_list(tree.commune, 2025)[1].pages >= 2
    assert selectors.file_list(tree.commune, 2024) == []
