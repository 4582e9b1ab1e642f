"""A bulletin read aloud: made by the worker after the bulletin is saved, in the province's voice,
refused clearly when the text cannot be read, shown to whoever may see the bulletin."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.http import Http404
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.commendations.models import RuleOverride
from thidua.examples import audio, services
from thidua.examples.models import AudioState, Bulletin, BulletinAudio, BulletinState, Delivery
from thidua.files.services import storage
from thidua.jobs.models import Job, JobKind, JobState
from thidua.lib import speech
from thidua.lib.errors import ServiceError
from thidua.lib.speakable import MAX_CHARS, TEXT_EMPTY, TEXT_TOO_LONG

pytestmark = pytest.mark.django_db

COMMUNE = ["admin", "officer", "leader", "council", "viewer"]
STAFF = ["admin", "officer"]
TEXT = "Kính thưa bà con! UBND xã Mỹ Thạnh thông báo: 15 hộ đạt danh hiệu, tỷ lệ 2,6 %."


def _create(tree, actor=SYSTEM, text=TEXT, **extra):
    return services.bulletin_create(
        actor=actor,
        unit=tree.commune,
        title="Bản tin tuần",
        week_start=dt.date(2026, 11, 30),
        text=text,
        **extra,
    )


def _fake_ready(bulletin):
    """The worker's result without running espeak (the views need only a ready audio)."""
    row = BulletinAudio.objects.get(bulletin=bulletin)
    audio.bulletin_audio_store(
        job=row.job,
        bulletin=bulletin,
        text_sha256=audio.digest(bulletin),
        audio=speech.Audio(data={"mp3": b"ID3" + bytes(64), "ogg": b"OggS" + bytes(64)}, duration_ms=65_000),
    )
    return BulletinAudio.objects.get(bulletin=bulletin)


def test_the_worker_reads_a_new_bulletin_into_mp3_and_ogg(tree, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = _create(tree, actor=personas["officer"])
    row = BulletinAudio.objects.get(bulletin=bulletin)
    assert row.state == AudioState.READY, row.message
    assert row.voice == "vi" and row.duration_ms > 2000 and row.text_sha256 == audio.digest(bulletin)
    assert storage().open(row.mp3.path).read(3) == b"ID3"
    assert storage().open(row.ogg.path).read(4) == b"OggS"
    assert (row.mp3.content_type, row.ogg.content_type) == ("audio/mpeg", "audio/ogg")
    job = Job.objects.get(kind=JobKind.BULLETIN_AUDIO)
    assert (
        job.state == JobState.DONE
        and job.owner == personas["officer"]
        and job.params == {"bulletin": bulletin.pk}
    )


def test_the_bulletin_is_not_read_in_the_request(tree, personas):
    bulletin = _create(tree, actor=personas["officer"])  # on_commit not run: the worker has not started
    row = BulletinAudio.objects.get(bulletin=bulletin)
    assert row.state == AudioState.QUEUED and row.mp3 is None
    assert Job.objects.get(kind=JobKind.BULLETIN_AUDIO).state == JobState.QUEUED


@pytest.mark.parametrize(
    "province_code, setting, voice",
    [
        (None, None, "vi"),
        ("P01", None, "vi"),
        ("P48", None, "vi-vn-x-central"),
        ("P80", None, "vi-vn-x-south"),
        ("P80", "central", "vi-vn-x-central"),
        ("P01", "south", "vi-vn-x-south"),
        ("P80", "martian", "vi-vn-x-south"),
    ],
)
def test_the_voice_is_the_provinces_region_unless_a_setting_says_otherwise(
    tree, province_code, setting, voice
):
    tree.province.code = province_code
    tree.province.save()
    if setting:
        RuleOverride.objects.create(
            unit=tree.commune, key=audio.REGION_SETTING, value=setting, effective_from=dt.date(2020, 1, 1)
        )
    assert audio.voice_of(tree.hamlet) == voice
    assert BulletinAudio.objects.get(bulletin=_create(tree)).voice == voice


def test_a_units_own_abbreviations_are_read_in_full(tree):
    RuleOverride.objects.create(
        unit=tree.province,
        key=audio.ABBREVIATIONS_SETTING,
        value={"ĐTT": "Đài Truyền thanh xã", "CLB": "câu lạc bộ"},
        effective_from=dt.date(2020, 1, 1),
    )
    bulletin = _create(tree, text="ĐTT và CLB dưỡng sinh, 21 hội viên.")
    assert audio.speakable_text(bulletin) == (
        "Bản tin tuần.\nĐài Truyền thanh xã và câu lạc bộ dưỡng sinh, hai mươi mốt hội viên."
    )


@pytest.mark.parametrize(
    "text, code",
    [("a" * 50_000, TEXT_TOO_LONG), ("🎉🎉 👍", TEXT_EMPTY), ("x" * (MAX_CHARS + 1), TEXT_TOO_LONG)],
)
def test_a_bulletin_that_cannot_be_read_is_refused_and_nothing_is_saved(tree, personas, text, code):
    with pytest.raises(ServiceError) as caught:
        _create(tree, actor=personas["officer"], text=text)
    assert caught.value.code == code and caught.value.field == "text"
    assert not Bulletin.objects.exists() and not Job.objects.exists() and not BulletinAudio.objects.exists()


def test_a_missing_tool_fails_the_audio_with_a_message_not_a_traceback(
    tree, personas, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(speech.shutil, "which", lambda name: None)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = _create(tree, actor=personas["officer"])
    row = BulletinAudio.objects.get(bulletin=bulletin)
    assert row.state == AudioState.FAILED and "chưa cài espeak-ng" in row.message
    job = Job.objects.get(kind=JobKind.BULLETIN_AUDIO)
    assert job.state == JobState.FAILED and "chưa cài espeak-ng" in job.message


def test_asking_again_makes_the_older_jobs_result_be_dropped(tree, personas):
    bulletin = _create(tree, actor=personas["officer"])
    first = BulletinAudio.objects.get(bulletin=bulletin).job
    _fake_ready(bulletin)
    audio.bulletin_audio_make(actor=personas["officer"], bulletin=bulletin)
    row = BulletinAudio.objects.get(bulletin=bulletin)
    assert row.state == AudioState.QUEUED and row.job != first
    rendered = speech.Audio(data={"mp3": b"ID3old", "ogg": b"OggSold"}, duration_ms=1)
    audio.bulletin_audio_store(job=first, bulletin=bulletin, text_sha256="old", audio=rendered)
    row.refresh_from_db()
    assert row.state == AudioState.QUEUED and row.duration_ms == 65_000
    # Asked twice while queued: one job, not two.
    audio.bulletin_audio_make(actor=personas["officer"], bulletin=bulletin)
    assert Job.objects.filter(kind=JobKind.BULLETIN_AUDIO).count() == 2


@pytest.mark.parametrize(
    "role, refusal",
    [
        ("viewer", PermissionDenied),
        ("leader", PermissionDenied),
        ("council", PermissionDenied),
        ("representative", Http404),
        ("outsider", Http404),
    ],
)
def test_only_staff_make_the_audio(tree, personas, role, refusal):
    bulletin = _create(tree)
    with pytest.raises(refusal):
        audio.bulletin_audio_make(actor=personas[role], bulletin=bulletin)


@pytest.fixture
def ready(tree):
    bulletin = _create(tree)
    services.bulletin_send(actor=SYSTEM, bulletin=bulletin)
    _fake_ready(bulletin)
    return type(
        "Ready",
        (),
        {"bulletin": bulletin, "delivery": Delivery.objects.get(bulletin=bulletin, hamlet=tree.hamlet)},
    )


def _expected(role, allowed, hidden_from):
    if role in allowed:
        return 200
    return 404 if role in hidden_from else 403


def test_the_audio_pages_have_their_permission_matrix(client, personas, ready):
    b, d = ready.bulletin.pk, ready.delivery.pk
    pages = {
        reverse("examples:bulletin_audio_status", args=[b]): COMMUNE,
        reverse("examples:bulletin_audio", args=[b, "mp3"]): COMMUNE,
        reverse("examples:bulletin_audio", args=[b, "ogg"]): COMMUNE,
        reverse("examples:delivery_audio_status", args=[d]): COMMUNE + ["representative"],
        reverse("examples:delivery_audio", args=[d, "mp3"]): COMMUNE + ["representative"],
        reverse("examples:delivery_audio", args=[d, "ogg"]): COMMUNE + ["representative"],
    }
    for url, allowed in pages.items():
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
        for role, user in personas.items():
            client.force_login(user)
            status = client.get(url).status_code
            assert status == _expected(role, allowed, ["representative", "outsider"]), (url, role, status)


def test_the_files_are_the_stored_audio(client, personas, ready):
    client.force_login(personas["representative"])
    response = client.get(reverse("examples:delivery_audio", args=[ready.delivery.pk, "mp3"]))
    assert response["Content-Type"] == "audio/mpeg" and b"".join(response.streaming_content).startswith(
        b"ID3"
    )
    assert f"ban-tin-{ready.bulletin.pk}.mp3" in response["Content-Disposition"]
    assert client.get(reverse("examples:delivery_audio", args=[ready.delivery.pk, "wav"])).status_code == 404


@pytest.mark.parametrize(
    "role", ["admin", "officer", "leader", "council", "viewer", "representative", "outsider"]
)
def test_making_it_again_is_for_staff_only(client, personas, ready, role):
    client.force_login(personas[role])
    response = client.post(reverse("examples:bulletin_audio_make", args=[ready.bulletin.pk]))
    row = BulletinAudio.objects.get(bulletin=ready.bulletin)
    if role in STAFF:
        assert response.status_code == 302 and row.state == AudioState.QUEUED
    else:
        assert response.status_code == (404 if role in ("representative", "outsider") else 403)
        assert row.state == AudioState.READY


def test_the_bulletin_page_shows_the_work_then_the_player(client, personas, tree):
    bulletin = _create(tree)
    client.force_login(personas["officer"])
    page = client.get(reverse("examples:bulletin", args=[bulletin.pk])).content.decode()
    assert "Đang tạo âm thanh" in page and "<audio" not in page
    assert reverse("examples:bulletin_audio_status", args=[bulletin.pk]) in page  # polled
    _fake_ready(bulletin)
    page = client.get(reverse("examples:bulletin", args=[bulletin.pk])).content.decode()
    assert "<audio" in page and "1:05" in page and "Tải MP3 cho hệ thống loa" in page
    assert reverse("examples:bulletin_audio", args=[bulletin.pk, "mp3"]) in page
    assert "Tạo lại âm thanh" in page
    client.force_login(personas["viewer"])
    assert (
        "Tạo lại âm thanh"
        not in client.get(reverse("examples:bulletin", args=[bulletin.pk])).content.decode()
    )


def test_the_hamlet_head_hears_it_on_their_delivery(client, personas, ready):
    client.force_login(personas["representative"])
    page = client.get(reverse("examples:delivery", args=[ready.delivery.pk])).content.decode()
    assert "<audio" in page and reverse("examples:delivery_audio", args=[ready.delivery.pk, "mp3"]) in page
    assert "Tạo lại âm thanh" not in page


def test_a_failed_audio_says_why(client, personas, tree):
    bulletin = _create(tree)
    audio.bulletin_audio_fail(
        job=BulletinAudio.objects.get(bulletin=bulletin).job, message="Máy chủ chưa cài ffmpeg"
    )
    client.force_login(personas["officer"])
    page = client.get(reverse("examples:bulletin", args=[bulletin.pk])).content.decode()
    assert "Không tạo được âm thanh" in page and "Máy chủ chưa cài ffmpeg" in page


def test_the_portal_plays_broadcast_bulletins_only(client, ready):
    url = reverse("examples:public_bulletin_audio", args=[ready.bulletin.pk, "mp3"])
    assert client.get(url).status_code == 404  # still a draft
    assert ready.bulletin.title not in client.get("/").content.decode()
    services.bulletin_broadcast(actor=SYSTEM, bulletin=ready.bulletin, broadcast_on=dt.date(2026, 12, 1))
    assert Bulletin.objects.get().state == BulletinState.BROADCAST
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    page = client.get("/").content.decode()
    assert ready.bulletin.title in page and url in page


def test_the_demo_bulletin_is_read_in_the_southern_voice_of_its_province():
    from thidua.demo import load_demo

    load_demo()
    bulletin = Bulletin.objects.get()
    row = BulletinAudio.objects.get(bulletin=bulletin)
    assert row.voice == "vi-vn-x-south" and row.state == AudioState.QUEUED  # for the worker `make demo` runs
    said = audio.speakable_text(bulletin)
    assert not re.search(r"\d", said) and "ngày một tháng một năm hai nghìn không trăm hai mươi sáu" in said


def test_thidua_speak_writes_the_file_and_shows_the_text(tmp_path, capsys):
    call_command("speak", "--text", "UBND xã: 2,6 %", "--show")
    assert capsys.readouterr().out.strip() == "Ủy ban nhân dân xã: hai phẩy sáu phần trăm"
    out = tmp_path / "tin.wav"
    call_command("speak", "--text", "Xin chào bà con", "--out", str(out), "--region", "central")
    assert out.read_bytes()[:4] == b"RIFF" and "vi-vn-x-central" in capsys.readouterr().out
    with pytest.raises(CommandError, match="không có nội dung để đọc"):
        call_command("speak", "--text", "👍", "--out", str(tmp_path / "x.mp3"))
    with pytest.raises(CommandError, match="Định dạng âm thanh không hợp lệ"):
        call_command("speak", "--text", "Xin chào", "--out", str(tmp_path / "x.flac"))
