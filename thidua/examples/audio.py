"""A radio bulletin read aloud: the services that ask for its audio and keep it, the voice of the
province's region and the unit's own abbreviations (both read from the settings mechanism,
`commendations.rules.settings_for`, so a RuleOverride of the province or commune changes them).

The audio is made by the task worker (`background.bulletin_audio`), never in a request.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import SYSTEM, Action, Actor
from thidua.audit import changes
from thidua.commendations.rules import settings_for
from thidua.examples.models import AudioState, Bulletin, BulletinAudio
from thidua.files import content
from thidua.files.services import stored_file_keep
from thidua.jobs.models import Job, JobKind
from thidua.jobs.services import job_start
from thidua.lib import speech
from thidua.lib.errors import ServiceError
from thidua.lib.speakable import speakable
from thidua.units.models import SEGMENT, Unit, UnitKind

# RuleOverride keys (no award type) of a province or commune.
REGION_SETTING = "speech_region"  # "north" | "central" | "south"
ABBREVIATIONS_SETTING = "speech_abbreviations"  # {"ĐTT": "Đài Truyền thanh", …}
# Official province codes (P01…P96) below 38 are in the north, from Thanh Hóa (38) to Lâm Đồng (68)
# in the centre, from 70 on in the south: a province with no setting speaks in its own region.
_CENTRAL_FROM, _SOUTH_FROM = 38, 70


def _province_code(unit: Unit) -> int | None:
    paths = [unit.path[:i] for i in range(SEGMENT, len(unit.path) + 1, SEGMENT)]
    province = Unit.objects.filter(path__in=paths, kind=UnitKind.PROVINCE).first()
    code = (province.code or "") if province is not None else ""
    return int(code[1:]) if code[:1] == "P" and code[1:].isdigit() else None


def region_of(unit: Unit) -> str:
    """ "north", "central" or "south": the unit's setting, else its province's region."""
    chosen = settings_for(unit, timezone.localdate()).get(REGION_SETTING)
    if chosen in speech.VOICES:
        return str(chosen)
    code = _province_code(unit)
    if code is None or code < _CENTRAL_FROM:
        return "north"
    return "central" if code < _SOUTH_FROM else "south"


def voice_of(unit: Unit) -> str:
    return speech.VOICES[region_of(unit)]


def abbreviations_of(unit: Unit) -> dict[str, str]:
    """The unit's own abbreviations and their readings (over the shipped list)."""
    value = settings_for(unit, timezone.localdate()).get(ABBREVIATIONS_SETTING) or {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def speakable_text(bulletin: Bulletin) -> str:
    """The title and text of the bulletin as the voice reads them; the text alone must have
    something to read."""
    extra = abbreviations_of(bulletin.unit)
    body = speakable(bulletin.text, extra=extra)
    try:
        title = speakable(bulletin.title, extra=extra)
    except ServiceError:
        return body
    return f"{title}.\n{body}"


def digest(bulletin: Bulletin) -> str:
    return hashlib.sha256(f"{bulletin.title}\n{bulletin.text}".encode()).hexdigest()


def is_current(audio: BulletinAudio | None, bulletin: Bulletin) -> bool:
    return audio is not None and audio.text_sha256 == digest(bulletin)


def audio_of(bulletin: Bulletin) -> BulletinAudio | None:
    return BulletinAudio.objects.filter(bulletin=bulletin).select_related("mp3", "ogg").first()


@transaction.atomic
def bulletin_audio_make(*, actor: Actor, bulletin: Bulletin) -> BulletinAudio:
    """Ask the worker to read the bulletin aloud (again); refused at once when its text cannot be
    read (empty, or longer than `speakable.MAX_CHARS`)."""
    access.require_actor(actor, Action.BULLETIN_MANAGE, bulletin.unit)
    speakable_text(bulletin)
    audio = BulletinAudio.objects.select_for_update().filter(bulletin=bulletin).first()
    if audio is not None and audio.state == AudioState.QUEUED and is_current(audio, bulletin):
        return audio  # already on its way
    job = job_start(
        actor=actor, kind=JobKind.BULLETIN_AUDIO, unit=bulletin.unit, params={"bulletin": bulletin.pk}
    )
    values: dict[str, Any] = {
        "state": AudioState.QUEUED,
        "voice": voice_of(bulletin.unit),
        "text_sha256": digest(bulletin),
        "message": "",
        "job": job,
    }
    if audio is None:
        return changes.create(
            BulletinAudio(bulletin=bulletin, **values),
            actor=actor,
            unit=bulletin.unit,
            verb="xếp tạo âm thanh bản tin",
        )
    return changes.update(
        audio, actor=actor, unit=bulletin.unit, verb="xếp tạo lại âm thanh bản tin", **values
    )


def _still_asked(job: Job) -> BulletinAudio | None:
    """The audio row this job was queued for, locked; None when a newer request replaced it."""
    return BulletinAudio.objects.select_for_update().filter(job=job).select_related("bulletin").first()


@transaction.atomic
def bulletin_audio_store(*, job: Job, bulletin: Bulletin, text_sha256: str, audio: speech.Audio) -> None:
    """What the worker read, kept (MP3 and OGG through the files app) — unless it was asked again
    meanwhile, when the newer job's result wins."""
    row = _still_asked(job)
    if row is None:
        return
    names = {fmt: f"ban-tin-{bulletin.pk}.{fmt}" for fmt in ("mp3", "ogg")}
    mp3 = stored_file_keep(
        actor=SYSTEM, data=audio.data["mp3"], name=names["mp3"], kind=content.MP3, unit=bulletin.unit
    )
    ogg = stored_file_keep(
        actor=SYSTEM, data=audio.data["ogg"], name=names["ogg"], kind=content.OGG, unit=bulletin.unit
    )
    changes.transition(
        row,
        actor=SYSTEM,
        unit=bulletin.unit,
        to=AudioState.READY,
        allowed=(AudioState.QUEUED, AudioState.FAILED, AudioState.READY),
        verb="tạo xong âm thanh bản tin",
        mp3=mp3,
        ogg=ogg,
        duration_ms=audio.duration_ms,
        text_sha256=text_sha256,
        message="",
    )


@transaction.atomic
def bulletin_audio_fail(*, job: Job, message: str) -> None:
    row = _still_asked(job)
    if row is None:
        return
    changes.transition(
        row,
        actor=SYSTEM,
        unit=row.bulletin.unit,
        to=AudioState.FAILED,
        allowed=(AudioState.QUEUED, AudioState.READY, AudioState.FAILED),
        verb="không tạo được âm thanh bản tin",
        message=message[:500],
    )


def speak_to_file(
    text: str, *, voice: str, fmt: str, extra: dict[str, str] | None = None
) -> tuple[bytes, int]:
    """`thidua speak`: the same path as a bulletin's, without a bulletin."""
    if fmt not in speech.FORMATS:
        raise ServiceError(_("Định dạng âm thanh không hợp lệ: %(f)s.") % {"f": fmt})
    rendered = speech.render(speakable(text, extra=extra), voice=voice, formats=(fmt,))
    return rendered.data[fmt], rendered.duration_ms
