"""Speakable Vietnamese text read aloud offline: espeak-ng's Vietnamese voices make a WAV, ffmpeg
encodes it as MP3 (for the commune's loudspeaker system) and OGG (for browsers that prefer it).

Both tools are Debian packages installed by `scripts/ensure-audio.sh`; when one is missing the
caller gets a ServiceError saying so, never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from thidua.lib.errors import ServiceError

# The regions a province may choose and espeak-ng's voice for each (`espeak-ng --voices=vi`).
VOICES = {"north": "vi", "central": "vi-vn-x-central", "south": "vi-vn-x-south"}
FORMATS = ("mp3", "ogg", "wav")
# Words a minute: a little slower than espeak's 175, as a loudspeaker in the open needs.
SPEED = 150
TIMEOUT_SECONDS = 900
TOOL_MISSING = "speech_tool_missing"
_ENCODERS = {
    "mp3": ["-codec:a", "libmp3lame", "-b:a", "48k"],
    "ogg": ["-codec:a", "libvorbis", "-q:a", "2"],
}


@dataclass(frozen=True)
class Audio:
    data: dict[str, bytes]  # format → bytes
    duration_ms: int


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ServiceError(
            _(
                "Máy chủ chưa cài %(tool)s nên chưa đọc được bản tin; quản trị hệ thống chạy scripts/ensure-audio.sh."
            )
            % {"tool": name},
            code=TOOL_MISSING,
        )
    return path


def _run(command: list[str], stdin: bytes | None = None) -> None:
    try:
        subprocess.run(command, input=stdin, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.CalledProcessError as exc:
        tail = exc.stderr.decode(errors="replace")[-300:]
        raise ServiceError(
            _("Không tạo được âm thanh: %(detail)s") % {"detail": tail}, code="speech_failed"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise ServiceError(_("Tạo âm thanh quá lâu nên đã dừng."), code="speech_timeout") from exc


def render(text: str, *, voice: str, formats: tuple[str, ...] = ("mp3", "ogg")) -> Audio:
    """`text` (already speakable) read by `voice` (a value of VOICES), in each of `formats`."""
    if voice not in VOICES.values():
        raise ServiceError(_("Giọng đọc không hợp lệ."), code="speech_voice")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ServiceError(_("Định dạng âm thanh không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    espeak = _tool("espeak-ng")
    ffmpeg = _tool("ffmpeg") if set(formats) - {"wav"} else ""
    with tempfile.TemporaryDirectory(prefix="thidua-speech-") as folder:
        wav = Path(folder) / "speech.wav"
        _run(
            [espeak, "-v", voice, "-s", str(SPEED), "-b", "1", "--stdin", "-w", str(wav)],
            text.encode("utf-8"),
        )
        with wave.open(str(wav), "rb") as reader:
            duration_ms = round(reader.getnframes() * 1000 / reader.getframerate())
        data: dict[str, bytes] = {}
        for fmt in formats:
            if fmt == "wav":
                data[fmt] = wav.read_bytes()
                continue
            out = Path(folder) / f"speech.{fmt}"
            _run(
                [
                    ffmpeg,
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-y",
                    "-i",
                    str(wav),
                    "-ac",
                    "1",
                    *_ENCODERS[fmt],
                    str(out),
                ]
            )
            data[fmt] = out.read_bytes()
    return Audio(data=data, duration_ms=duration_ms)
