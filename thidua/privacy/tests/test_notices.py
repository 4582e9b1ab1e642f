"""Every public form tells the citizen, in two lines, who keeps what they send, why, for how long,
and where to ask for it to be corrected or deleted."""

import datetime as dt
import sys
import types

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.commendations.models import Notice
from thidua.privacy import notices
from thidua.surveys import services as surveys
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db

CONTACT_LINE = (
    "Muốn xem, sửa hoặc xóa thông tin của mình, xin liên hệ bộ phận thi đua – khen thưởng tại trụ sở"
)


def _shows_the_notice(body: str, data_class: str, keeper: str) -> None:
    assert body.count('class="privacy-notice') == 1
    assert f"{keeper} lưu giữ thông tin bạn gửi để {notices.PURPOSES[data_class]}" in body
    assert f"thời hạn lưu giữ: {notices.retention(data_class)}." in body
    assert f"{CONTACT_LINE} {keeper}." in body


def test_the_objection_form_of_a_public_notice_shows_the_notice(client, tree):
    today = timezone.localdate()
    notice = Notice.objects.create(
        commune=tree.commune,
        title="Danh sách đề nghị khen thưởng năm 2025",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=10),
    )
    body = client.get(reverse("commendations:public_notice", args=[notice.pk])).content.decode()
    _shows_the_notice(body, notices.OBJECTION_CONTACT, "Ủy ban nhân dân xã Mỹ Thạnh")


def test_the_survey_form_shows_the_notice(client, tree):
    survey = surveys.survey_create(
        actor=SYSTEM,
        unit=tree.commune,
        title="Khảo sát sự hài lòng",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    surveys.survey_open(actor=SYSTEM, survey=survey)
    body = client.get(reverse("surveys:public", args=[survey.pk])).content.decode()
    _shows_the_notice(body, notices.SURVEY_RESPONSE, "Ủy ban nhân dân xã Mỹ Thạnh")


def test_the_good_deed_form_names_the_commune_when_the_portal_serves_one(client, db):
    province = unit_create(actor=SYSTEM, name="Tỉnh Bến Tre", kind=UnitKind.PROVINCE, parent=None)
    commune = unit_create(actor=SYSTEM, name="Xã Mỹ Thạnh", kind=UnitKind.COMMUNE, parent=province)
    unit_create(actor=SYSTEM, name="Ấp Mỹ Hòa", kind=UnitKind.HAMLET, parent=commune)
    body = client.get(reverse("examples:public_report")).content.decode()
    _shows_the_notice(body, notices.EXAMPLE_REPORTER, "Ủy ban nhân dân xã Mỹ Thạnh")


def test_the_good_deed_form_of_several_communes_names_the_commune_concerned(client, tree):
    body = client.get(reverse("examples:public_report")).content.decode()
    _shows_the_notice(body, notices.EXAMPLE_REPORTER, "Ủy ban nhân dân xã, phường nơi có sự việc")


def test_the_keeper_is_the_people_s_committee_of_the_commune_above_the_unit(tree):
    assert notices.keeper_name(tree.hamlet) == "Ủy ban nhân dân xã Mỹ Thạnh"
    assert notices.keeper_name(tree.farmers) == "Ủy ban nhân dân xã Mỹ Thạnh"
    assert notices.keeper_name(tree.province) == "Ủy ban nhân dân tỉnh Thử Nghiệm"


def test_the_retention_comes_from_the_data_map(monkeypatch):
    fake = types.ModuleType("thidua.privacy.datamap")
    fake.retention_text = lambda data_class: f"12 tháng ({data_class})"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "thidua.privacy.datamap", fake)
    assert notices.retention(notices.OBJECTION_CONTACT) == "12 tháng (objection_contact)"


def test_a_class_the_data_map_does_not_know_reads_as_the_commune_s_archive_rules(monkeypatch):
    def unknown(data_class):
        raise KeyError(data_class)

    fake = types.ModuleType("thidua.privacy.datamap")
    fake.retention_text = unknown  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "thidua.privacy.datamap", fake)
    assert notices.retention(notices.SURVEY_RESPONSE) == "theo quy định lưu trữ hồ sơ của xã"


def test_every_public_form_s_data_class_has_a_purpose_and_a_retention_in_the_data_map():
    from thidua.privacy.datamap import RETENTION

    for data_class in (notices.OBJECTION_CONTACT, notices.EXAMPLE_REPORTER, notices.SURVEY_RESPONSE):
        assert data_class in notices.PURPOSES and data_class in RETENTION
        assert notices.retention(data_class) != str(notices.FALLBACK_RETENTION)
