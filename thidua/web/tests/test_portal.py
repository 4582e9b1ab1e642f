import datetime as dt

from django.urls import reverse
from django.utils import timezone

from thidua.access import CITIZEN
from thidua.commendations.models import Notice


def test_a_citizen_sees_the_portal_with_open_notices_and_no_private_data(client, tree):
    today = timezone.localdate()
    Notice.objects.create(
        commune=tree.commune,
        title="Công khai danh sách LĐTT năm 2026",
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
    )
    Notice.objects.create(
        commune=tree.commune,
        title="Danh sách đã hết hạn",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today - dt.timedelta(days=20),
    )
    body = client.get(reverse("web:home")).content.decode()
    assert "Cổng thông tin thi đua – khen thưởng" in body
    assert "Công khai danh sách LĐTT năm 2026" in body and "Danh sách đã hết hạn" not in body
    assert "Thay đổi gần đây" not in body and "Đăng xuất" not in body


def test_the_verification_form_leads_to_the_certificates_page(client, db):
    response = client.get(reverse("web:verify_lookup"), {"code": "  abc DEF123 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("commendations:verify", kwargs={"code": "abcDEF123"})
    assert client.get(response["Location"]).status_code == 404
    assert client.get(reverse("web:verify_lookup")).status_code == 302


def test_citizens_submissions_stay_out_of_the_officers_recent_changes(client, personas, tree):
    from django.db import transaction

    from thidua.audit.services import AuditAction, audit_record

    with transaction.atomic():
        audit_record(
            actor=CITIZEN,
            action=AuditAction.CREATE,
            instance=tree.hamlet,
            unit=tree.hamlet,
            verb="gửi ý kiến",
        )
        audit_record(
            actor=personas["officer"],
            action=AuditAction.UPDATE,
            instance=tree.hamlet,
            unit=tree.hamlet,
            verb="sửa tên",
        )
    client.force_login(personas["officer"])
    verbs = [e.verb for e in client.get(reverse("web:home")).context["recent"]]
    assert "sửa tên" in verbs and "gửi ý kiến" not in verbs
