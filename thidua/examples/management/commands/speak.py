"""`thidua speak --text "…" --out FILE.mp3`: Vietnamese text read aloud the way a radio bulletin is
(the same speakable text and voices), to MP3, OGG or WAV by the file's extension."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.examples.audio import abbreviations_of, speak_to_file, voice_of
from thidua.lib import speech
from thidua.lib.errors import ServiceError
from thidua.lib.speakable import speakable
from thidua.units.models import Unit


class Command(BaseCommand):
    help = "Đọc văn bản tiếng Việt thành tệp âm thanh (MP3, OGG hoặc WAV theo đuôi tệp)."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--text", help="văn bản cần đọc")
        source.add_argument("--text-file", help="tệp văn bản UTF-8 cần đọc")
        parser.add_argument("--out", help="tệp âm thanh kết quả (.mp3, .ogg, .wav)")
        parser.add_argument(
            "--region",
            choices=sorted(speech.VOICES),
            help="giọng vùng (mặc định: theo tỉnh của --unit, hoặc north)",
        )
        parser.add_argument("--unit", help="mã đơn vị (vd. W28051): giọng vùng và chữ viết tắt của đơn vị")
        parser.add_argument("--show", action="store_true", help="chỉ in văn bản sẽ đọc, không tạo âm thanh")

    def handle(self, *args, **options):
        text = (
            options["text"] if options["text"] is not None else Path(options["text_file"]).read_text("utf-8")
        )
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {options['unit']}.")
        extra = abbreviations_of(unit) if unit else None
        try:
            if options["show"]:
                self.stdout.write(speakable(text, extra=extra))
                return
            if not options["out"]:
                raise CommandError("Cần --out FILE.mp3 (hoặc .ogg, .wav).")
            out = Path(options["out"])
            fmt = out.suffix.lower().lstrip(".")
            if options["region"]:
                voice = speech.VOICES[options["region"]]
            else:
                voice = voice_of(unit) if unit else speech.VOICES["north"]
            data, duration_ms = speak_to_file(text, voice=voice, fmt=fmt, extra=extra)
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from exc
        out.write_bytes(data)
        self.stdout.write(f"{out} · {voice} · {duration_ms / 1000:.1f} s · {len(data):,} byte")
