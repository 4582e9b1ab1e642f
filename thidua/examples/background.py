"""Examples work run by the task queue (see thidua/jobs): a radio bulletin read aloud."""

from django.utils.translation import gettext as _

from thidua.examples import audio
from thidua.examples.models import Bulletin
from thidua.lib import speech
from thidua.lib.errors import ServiceError


def bulletin_audio(job, report) -> None:
    """Read the bulletin's current text in its province's voice and keep the MP3 and OGG on it."""
    bulletin = Bulletin.objects.select_related("unit").get(pk=job.params["bulletin"])
    try:
        report(5, _("Đang chuẩn bị văn bản để đọc"))
        text_sha256 = audio.digest(bulletin)
        text = audio.speakable_text(bulletin)
        report(20, _("Đang đọc bản tin"))
        rendered = speech.render(text, voice=audio.voice_of(bulletin.unit))
    except Exception as exc:
        message = (
            str(exc.message) if isinstance(exc, ServiceError) else _("Có lỗi khi đọc bản tin; hãy tạo lại.")
        )
        audio.bulletin_audio_fail(job=job, message=message)
        raise
    report(90, _("Đang lưu âm thanh"))
    audio.bulletin_audio_store(job=job, bulletin=bulletin, text_sha256=text_sha256, audio=rendered)
    return None
