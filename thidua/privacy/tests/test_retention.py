"""Retention: each class of personal data is erased by `thidua cron` once its days are over — not a
day earlier — once, audited, with the erased values redacted from the older audit entries."""

import datetime as dt
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from thidua.access import CITIZEN, SYSTEM
from thidua.audit.digests import REDACTED
from thidua.audit.models import AuditEntry
from thidua.audit.services import audit_verify
from thidua.commendations import services as commendations
from thidua.commendations.models import AwardType, Evidence, Notice, Objection
from thidua.commendations.tests.conftest import make_person, nominate
from thidua.examples import services as examples
from thidua.examples.models import Example
from thidua.files.models import StoredFile
from thidua.privacy import retention
from thidua.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 9, 1, 10, 0))


def _days_ago(days: int, now: dt.datetime = NOW) -> dt.datetime:
    return now - dt.timedelta(days=days)


def _purges(key: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb=retention.VERB % key).order_by("id"))


@pytest.fixture
def notice(tree):
    today = timezone.localdate()
    return Notice.objects.create(
        commune=tree.commune, title="Công khai", starts_on=today, ends_on=today + dt.timedelta(days=10)
    )


def _objection(notice, personas, resolved_days_ago: int, name: str = "Nguyễn Văn Gửi") -> Objection:
    objection = commendations.objection_submit(
        notice=notice, name=name, contact="0909 111 222", text="Xin xem lại", ip="10.0.0.1"
    )
    commendations.objection_resolve(
        actor=personas["officer"],
        objection=objection,
        state=Objection.State.DISMISSED,
        resolution="Không có cơ sở.",
    )
    Objection.objects.filter(pk=objection.pk).update(resolved_at=_days_ago(resolved_days_ago))
    return objection


# --- objection contacts ----------------------------------------------------------------------


def test_an_objection_keeps_its_senders_contact_until_the_day_after_its_retention(notice, personas, settings):
    settings.RETENTION_OBJECTION_CONTACT_DAYS = 180
    kept = _objection(notice, personas, 179, name="Còn Giữ")
    due = _objection(notice, personas, 181, name="Đã Hết Hạn")
    assert retention.objection_contacts_purge(actor=SYSTEM, now=NOW) == 1
    kept.refresh_from_db()
    due.refresh_from_db()
    assert (kept.name, kept.contact) == ("Còn Giữ", "0909 111 222")
    assert (due.name, due.contact) == (REDACTED, "")
    assert due.text == "Xin xem lại" and due.resolution == "Không có cơ sở."


def test_an_open_objection_keeps_its_senders_contact(notice, personas):
    objection = commendations.objection_submit(
        notice=notice, name="Chờ Trả Lời", contact="0909", text="x", ip="1.1.1.1"
    )
    Objection.objects.filter(pk=objection.pk).update(created_at=_days_ago(400))
    assert retention.objection_contacts_purge(actor=SYSTEM, now=NOW) == 0
    objection.refresh_from_db()
    assert objection.contact == "0909"


def test_the_objection_purge_is_audited_once_and_a_second_run_finds_nothing(notice, personas, tree):
    due = _objection(notice, personas, 200)
    assert retention.objection_contacts_purge(actor=SYSTEM, now=NOW) == 1
    assert retention.objection_contacts_purge(actor=SYSTEM, now=NOW) == 0
    [entry] = _purges("objection_contact")
    assert entry.unit == tree.commune and entry.actor_label == SYSTEM.label
    assert entry.after["count"] == 1 and entry.after["ids"] == [str(due.pk)]
    assert entry.after["retention"] == "objection_contact"
    assert "0909 111 222" not in str(entry.after) and "Nguyễn Văn Gửi" not in str(entry.after)


def test_the_objection_purge_redacts_the_senders_values_in_the_audit_log_and_the_chain_verifies(
    notice, personas
):
    due = _objection(notice, personas, 200)
    retention.objection_contacts_purge(actor=SYSTEM, now=NOW)
    entries = AuditEntry.objects.filter(model="commendations.objection", object_id=str(due.pk))
    assert entries.count() >= 2
    for entry in entries:
        text = f"{entry.object_repr} {entry.before} {entry.after}"
        assert "Nguyễn Văn Gửi" not in text and "0909 111 222" not in text
    assert audit_verify().ok


def test_a_retention_of_zero_days_keeps_objection_contacts(notice, personas, settings):
    settings.RETENTION_OBJECTION_CONTACT_DAYS = 0
    _objection(notice, personas, 5000)
    assert retention.objection_contacts_purge(actor=SYSTEM, now=NOW) == 0


# --- good-deed reporters ------------------------------------------------------------------------


def _report(tree, name="Người Báo Tin") -> Example:
    return examples.example_report(
        hamlet=tree.hamlet,
        name=name,
        contact="0912 000 111",
        title="Nhặt được ví",
        story="Trả lại",
        ip="2.2.2.2",
    )


def test_a_rejected_reports_reporter_is_erased_the_day_after_retention_and_not_before(
    tree, personas, settings
):
    settings.RETENTION_EXAMPLE_REPORTER_DAYS = 90
    kept, due = _report(tree, "Còn Giữ"), _report(tree, "Hết Hạn")
    for example in (kept, due):
        examples.example_reject(actor=personas["officer"], example=example, reason="Không xác minh được")
    Example.objects.filter(pk=kept.pk).update(updated_at=_days_ago(89))
    Example.objects.filter(pk=due.pk).update(updated_at=_days_ago(91))
    assert retention.example_reporters_purge(actor=SYSTEM, now=NOW) == 1
    kept.refresh_from_db()
    due.refresh_from_db()
    assert (kept.reporter_name, kept.reporter_contact) == ("Còn Giữ", "0912 000 111")
    assert (due.reporter_name, due.reporter_contact) == ("", "")
    assert due.title == "Nhặt được ví"
    assert retention.example_reporters_purge(actor=SYSTEM, now=NOW) == 0
    [entry] = _purges("example_reporter")
    assert entry.unit == tree.hamlet and entry.after["count"] == 1
    for audit in AuditEntry.objects.filter(model="examples.example", object_id=str(due.pk)):
        assert "Hết Hạn" not in str(audit.after) and "0912 000 111" not in str(audit.before)
    assert audit_verify().ok


def test_a_report_still_waiting_keeps_its_reporter(tree):
    waiting = _report(tree)
    Example.objects.filter(pk=waiting.pk).update(updated_at=_days_ago(1000), created_at=_days_ago(1000))
    assert retention.example_reporters_purge(actor=SYSTEM, now=NOW) == 0
    waiting.refresh_from_db()
    assert waiting.reporter_contact == "0912 000 111"


# --- client keys ---------------------------------------------------------------------------------


def test_client_keys_go_the_day_after_their_retention_on_every_public_form(tree, notice, settings):
    settings.RETENTION_CLIENT_KEY_DAYS = 1
    survey = Survey.objects.create(
        unit=tree.commune, title="Khảo sát", period_start=NOW.date(), period_end=NOW.date()
    )
    old = [
        commendations.objection_submit(notice=notice, name="A", contact="1", text="x", ip="3.3.3.3"),
        _report(tree),
        Response.objects.create(survey=survey, service="Chứng thực", client_key="k" * 64),
    ]
    new = Response.objects.create(survey=survey, service="Chứng thực", client_key="n" * 64)
    for record in old:
        type(record).objects.filter(pk=record.pk).update(created_at=_days_ago(2))
    assert retention.client_keys_purge(actor=SYSTEM, now=NOW) == 3
    for record in old:
        record.refresh_from_db()
        assert record.client_key == ""
    new.refresh_from_db()
    assert new.client_key == "n" * 64
    assert retention.client_keys_purge(actor=SYSTEM, now=NOW) == 0
    assert sum(e.after["count"] for e in _purges("client_key")) == 3


def test_a_client_key_of_yesterday_evening_stays_for_the_rate_window(tree, settings):
    settings.RETENTION_CLIENT_KEY_DAYS = 1
    report = _report(tree)
    Example.objects.filter(pk=report.pk).update(created_at=NOW - dt.timedelta(hours=14))
    assert retention.client_keys_purge(actor=SYSTEM, now=NOW) == 0


# --- login records (django-axes) and sessions ------------------------------------------------------


def _attempts(when: dt.datetime, agent: str) -> None:
    """One record of each kind at `when` (axes stamps them now; the time is set after)."""
    common = {"user_agent": agent, "ip_address": "10.1.2.3", "username": "canbo", "http_accept": "*/*",
              "path_info": "/accounts/login/"}  # fmt: skip
    records = [
        AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1),
        AccessFailureLog.objects.create(**common),
        AccessLog.objects.create(**common),
    ]
    for record in records:
        type(record).objects.filter(pk=record.pk).update(attempt_time=when)


def test_login_addresses_go_after_thirty_days_and_not_a_day_before(settings):
    settings.RETENTION_LOGIN_ADDRESS_DAYS = 30
    _attempts(_days_ago(29), "Firefox")
    _attempts(_days_ago(31), "Chromium")
    assert retention.login_addresses_purge(actor=SYSTEM, now=NOW) == 3
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("attempt_time", flat=True)) == [_days_ago(29)]
    assert retention.login_addresses_purge(actor=SYSTEM, now=NOW) == 0
    entries = _purges("login_address")
    assert sorted(e.model for e in entries) == [
        "axes.accessattempt",
        "axes.accessfailurelog",
        "axes.accesslog",
    ]
    assert all("ids" not in e.after and e.after["count"] == 1 for e in entries)
    assert all("10.1.2.3" not in str(e.after) for e in entries)


def test_expired_sessions_go_and_live_ones_stay():
    Session.objects.create(session_key="a" * 32, session_data="x", expire_date=_days_ago(2))
    Session.objects.create(session_key="b" * 32, session_data="x", expire_date=NOW + dt.timedelta(days=3))
    assert retention.sessions_purge(actor=SYSTEM, now=NOW) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


# --- evidence files ------------------------------------------------------------------------------------


@pytest.fixture
def withdrawn_evidence(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = nominate(tree, AwardType.objects.get(code="ldtt"), person=make_person(tree.hamlet, "Lê Thị Rút"),
                          checked=False)  # fmt: skip
    upload = SimpleUploadedFile(
        "minh-chung.pdf", b"%PDF-1.4 minh chung rieng", content_type="application/pdf"
    )
    evidence = commendations.evidence_add(actor=SYSTEM, nomination=nomination, file=upload)
    commendations.nomination_withdraw(actor=SYSTEM, nomination=nomination)
    return evidence


def test_evidence_of_a_withdrawn_nomination_goes_with_its_file_after_its_retention(
    withdrawn_evidence, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_EVIDENCE_UNAWARDED_DAYS = 365
    nomination = withdrawn_evidence.nomination
    type(nomination).objects.filter(pk=nomination.pk).update(updated_at=_days_ago(364))
    assert retention.evidence_purge(actor=SYSTEM, now=NOW) == 0
    type(nomination).objects.filter(pk=nomination.pk).update(updated_at=_days_ago(366))
    stored = withdrawn_evidence.file
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.evidence_purge(actor=SYSTEM, now=NOW) == 1
    assert not Evidence.objects.filter(pk=withdrawn_evidence.pk).exists()
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not (settings.MEDIA_ROOT / stored.path).exists()
    assert retention.evidence_purge(actor=SYSTEM, now=NOW) == 0
    [entry] = _purges("evidence_unawarded")
    assert entry.model == "commendations.evidence" and entry.after["count"] == 1


def test_evidence_of_awarded_nominations_is_kept_by_default(withdrawn_evidence):
    assert retention.cutoff("evidence_awarded", NOW) is None


# --- cron ------------------------------------------------------------------------------------------------


def test_cron_purges_every_class_and_says_how_many(notice, personas):
    _objection(notice, personas, 400)
    out = StringIO()
    call_command("cron", stdout=out)
    text = out.getvalue()
    assert "personal data purged (objection_contact): 1" in text
    for key, _purge in retention.PURGES:
        assert f"personal data purged ({key}):" in text
    assert CITIZEN.label  # the citizen's objection was written under the citizen actor
