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


def _publish_example(tree, title):
    from thidua.examples.models import Example, ExampleKind, ExampleState

    return Example.objects.create(
        unit=tree.hamlet,
        kind=ExampleKind.GOOD_DEED,
        title=title,
        story="Nhặt được ví, trả lại người mất.",
        state=ExampleState.PUBLISHED,
        published_at=timezone.now(),
    )


def test_the_anonymous_portal_is_served_from_the_cache_without_querying_again(
    client, tree, django_assert_num_queries
):
    _publish_example(tree, "Trả lại của rơi")
    assert "Trả lại của rơi" in client.get(reverse("web:home")).content.decode()
    with django_assert_num_queries(1):  # the audit chain's length: has anything changed since?
        body = client.get(reverse("web:home")).content.decode()
    assert "Trả lại của rơi" in body


def test_an_example_published_through_its_service_shows_on_the_portal_at_once(client, tree):
    from thidua.access import SYSTEM
    from thidua.examples import services
    from thidua.examples.models import ExampleState

    example = _publish_example(tree, "Hiến đất làm đường")
    example.__class__.objects.filter(pk=example.pk).update(state=ExampleState.VERIFIED)
    example.refresh_from_db()
    client.get(reverse("web:home"))
    services.example_publish(actor=SYSTEM, example=example)
    assert "Hiến đất làm đường" in client.get(reverse("web:home")).content.decode()


def test_a_change_made_behind_the_write_path_shows_once_the_cached_portal_expires(client, tree, monkeypatch):
    import time

    from thidua.web import views

    client.get(reverse("web:home"))
    _publish_example(tree, "Cứu người đuối nước")
    assert "Cứu người đuối nước" not in client.get(reverse("web:home")).content.decode()
    later = time.time() + views.PORTAL_TTL + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert "Cứu người đuối nước" in client.get(reverse("web:home")).content.decode()


def test_a_signed_in_user_is_never_served_the_cached_portal(client, personas):
    client.get(reverse("web:home"))
    client.force_login(personas["officer"])
    response = client.get(reverse("web:home"))
    assert "Đăng xuất" in response.content.decode()
    assert "cards" in response.context and "Cán bộ đăng nhập" not in response.content.decode()


def test_the_cached_portal_keeps_each_language_and_a_working_language_switch(db):
    from django.test import Client

    Client().get(reverse("web:home"))  # warms the cache in Vietnamese
    visitor = Client(enforce_csrf_checks=True)
    english = visitor.get(reverse("web:home"), headers={"cookie": "django_language=en"})
    assert "Cổng thông tin thi đua – khen thưởng" not in english.content.decode()
    page = visitor.get(reverse("web:home")).content.decode()
    link = reverse("web:language", args=["en"]) + "?next=/"
    assert link in page and "csrfmiddlewaretoken" not in page
    switched = visitor.get(link)
    assert switched.status_code == 302 and switched["Location"] == "/"
    assert switched.cookies["django_language"].value == "en"
    assert "Cổng thông tin thi đua – khen thưởng" not in visitor.get("/").content.decode()


def test_every_anonymous_visitor_is_served_the_same_page_without_a_token_of_anyone_else(db):
    from django.test import Client

    first = Client().get(reverse("web:home"))
    second = Client().get(reverse("web:home"))
    assert first.content == second.content
    assert "csrf" not in first.content.decode().lower() and not second.cookies


def test_a_visitor_bringing_a_message_gets_a_page_of_their_own(client, tree, monkeypatch):
    from thidua.web import views

    client.get(reverse("web:home"))
    monkeypatch.setitem(views._portal_pages, "vi", (-1, 0.0, b"a page kept for someone else"))
    client.cookies["messages"] = "anything"
    assert b"someone else" not in client.get(reverse("web:home")).content


def test_the_language_link_goes_back_to_the_page_on_this_site_only(client, db):
    url = reverse("web:language", args=["en"])
    assert client.get(url, {"next": "/commendations/public/decisions/"})["Location"] == (
        "/commendations/public/decisions/"
    )
    assert client.get(url, {"next": "https://evil.example/"})["Location"] == "/"
    assert client.get(url, {"next": "//evil.example/"})["Location"] == "/"
    assert client.get(reverse("web:language", args=["fr"])).status_code == 404
