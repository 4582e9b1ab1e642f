"""The look Decree 30/2020 (Appendix I) sets for a digitally signed paper: the signer's signature image
(blue, transparent PNG) centred between the signer's title and name, the organisation's seal image
(red, at its actual size) over about a third of the signature on its left.

The paper itself is not touched: both images are the appearance of the signature field pyHanko adds
when it signs, placed where the paper's own signature block left room for a hand signature. The
place is read from the rendered PDF (the lines of the title and of the name), so the look follows
whatever layout `documents.render_pdf` gave the block.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.stamp import StaticStampStyle, TextStampStyle
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from thidua.lib.errors import ServiceError
from thidua.signatures.certificates import VIETNAM

FONTS = Path(__file__).resolve().parent.parent / "documents" / "fonts"
PT_PER_MM = 72 / 25.4
PIXELS_PER_PT = 4  # the composed appearance at 288 dpi: sharp when printed
MAX_PIXELS = 4000 * 4000


@dataclass(frozen=True)
class Placement:
    """Where the signature goes: a page (0-based) and a box in PDF points (x1, y1, x2, y2)."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Line:
    x: float
    y: float
    size: float
    text: str


def _lines(page) -> list[Line]:
    found: list[Line] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            found.append(
                Line(
                    x=float(cm[4]) + float(tm[4]),
                    y=float(cm[5]) + float(tm[5]),
                    size=float(size),
                    text=text.strip(),
                )
            )

    page.extract_text(visitor_text=visit)
    return found


def signature_room(pdf: bytes, *, name: str) -> Placement | None:
    """The room between the signer's title and name on the last page naming the signer, or None when
    the paper has no such block (then the signature is invisible, as before)."""
    wanted = " ".join(name.split())
    if not wanted:
        return None
    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages = list(reader.pages)
    except (PyPdfError, ValueError):
        return None
    for index in range(len(pages) - 1, -1, -1):
        lines = _lines(pages[index])
        names = [line for line in lines if " ".join(line.text.split()) == wanted]
        if not names:
            continue
        name_line = names[-1]
        above = [line for line in lines if line.y > name_line.y + name_line.size]
        if not above:
            return None
        title = min(above, key=lambda line: line.y)
        width = ImageFont.truetype(str(FONTS / "LiberationSerif-Bold.ttf"), name_line.size).getlength(wanted)
        centre = name_line.x + width / 2
        bottom = name_line.y + name_line.size * 1.0
        top = title.y - title.size * 0.35
        if top - bottom < 20:  # no room left for a hand signature: keep the signature invisible
            return None
        half = (top - bottom) * 1.2
        return Placement(page=index, box=(centre - half, bottom, centre + half, top))
    return None


def _opaque_mean(image: Image.Image) -> tuple[float, float, float] | None:
    rgba = image.convert("RGBA")
    rgba.thumbnail((200, 200))
    raw = rgba.tobytes()
    pixels = [raw[i : i + 4] for i in range(0, len(raw), 4) if raw[i + 3] > 128]
    if not pixels:
        return None
    n = len(pixels)
    return (sum(p[0] for p in pixels) / n, sum(p[1] for p in pixels) / n, sum(p[2] for p in pixels) / n)


def check_image(data: bytes, *, seal: bool) -> Image.Image:
    """A signature image (blue) or a seal image (red): a PNG with a transparent background."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format != "PNG":
            raise ServiceError(_("Ảnh phải là tệp PNG nền trong suốt."), field="file", code="not_png")
        if image.width * image.height > MAX_PIXELS:
            raise ServiceError(
                _("Ảnh quá lớn (tối đa 4000 × 4000 điểm ảnh)."), field="file", code="too_large"
            )
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ServiceError(
            _("Không đọc được ảnh; hãy tải lên tệp PNG."), field="file", code="not_png"
        ) from exc
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    rgba = image.convert("RGBA")
    if not has_alpha or rgba.getextrema()[3][0] == 255:
        raise ServiceError(
            _("Ảnh cần có nền trong suốt (PNG có kênh alpha), để không che chữ của văn bản."),
            field="file",
            code="not_transparent",
        )
    mean = _opaque_mean(rgba)
    if mean is None:
        raise ServiceError(_("Ảnh trong suốt hoàn toàn, không có nét nào."), field="file", code="empty")
    red, green, blue = mean
    if seal and not (red > blue and red > green):
        raise ServiceError(_("Ảnh con dấu phải màu đỏ (Nghị định 30/2020)."), field="file", code="not_red")
    if not seal and not (blue > red and blue >= green):
        raise ServiceError(_("Ảnh chữ ký phải màu xanh (Nghị định 30/2020)."), field="file", code="not_blue")
    return rgba


def compose(
    placement: Placement, *, signature: bytes, seal: bytes | None = None, seal_mm: float = 36
) -> tuple[Placement, Image.Image]:
    """The field's box and its appearance: the signature fitted in the room and centred, the seal at
    its actual size over the left third of the signature (on top of it, as a stamp is)."""
    x1, y1, x2, y2 = placement.box
    sig = Image.open(io.BytesIO(signature)).convert("RGBA")
    room_w, room_h = x2 - x1, y2 - y1
    scale = min(room_w / sig.width, room_h / sig.height)
    sig_w, sig_h = sig.width * scale, sig.height * scale
    sig_x, sig_y = x1 + (room_w - sig_w) / 2, y1 + (room_h - sig_h) / 2
    boxes = [(sig_x, sig_y, sig_x + sig_w, sig_y + sig_h)]
    stamp = None
    if seal is not None:
        stamp = Image.open(io.BytesIO(seal)).convert("RGBA")
        seal_w = seal_mm * PT_PER_MM
        seal_h = seal_w * stamp.height / stamp.width
        right = sig_x + sig_w / 3
        centre_y = sig_y + sig_h / 2
        boxes.append((right - seal_w, centre_y - seal_h / 2, right, centre_y + seal_h / 2))
    ux1, uy1 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    ux2, uy2 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    canvas = Image.new(
        "RGBA", (round((ux2 - ux1) * PIXELS_PER_PT), round((uy2 - uy1) * PIXELS_PER_PT)), (0, 0, 0, 0)
    )

    def paste(image: Image.Image, box: tuple[float, float, float, float]) -> None:
        size = (
            max(1, round((box[2] - box[0]) * PIXELS_PER_PT)),
            max(1, round((box[3] - box[1]) * PIXELS_PER_PT)),
        )
        resized = image.resize(size, Image.Resampling.LANCZOS)
        # PDF y grows upwards, an image's downwards.
        at = (round((box[0] - ux1) * PIXELS_PER_PT), round((uy2 - box[3]) * PIXELS_PER_PT))
        canvas.alpha_composite(resized, at)

    paste(sig, boxes[0])
    if stamp is not None:
        paste(stamp, boxes[1])
    return Placement(page=placement.page, box=(ux1, uy1, ux2, uy2)), canvas


# --- The organisation's signature on a separate attachment ------------------------------------------
# Top right of page 1: the number and symbol of the paper it goes with, and the signing time (ISO 8601,
# Vietnam time), in Times New Roman 10 (the shipped Liberation Serif, metric-compatible), black. The
# lines are drawn by Pillow at 288 dpi: pyHanko's own text needs HarfBuzz, a dependency not worth it
# for two lines.
ATTACHMENT_MARGIN = (15 * PT_PER_MM, 8 * PT_PER_MM)  # from the right edge, from the top edge
FONT_PT, LEADING_PT = 10, 12
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_SAMPLE_TIME = "2026-12-31T23:59:59+07:00"  # every time has this length: the box is sized before signing


def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), FONT_PT * PIXELS_PER_PT)


def _text_size_pt(lines: list[str]) -> tuple[float, float]:
    font = _font()
    width = max(font.getlength(line) for line in lines) / PIXELS_PER_PT
    return width + 2, LEADING_PT * len(lines) + 2


def text_image(lines: list[str]) -> Image.Image:
    """The lines, right-aligned, black on transparent, 10 pt at PIXELS_PER_PT pixels a point."""
    width, height = _text_size_pt(lines)
    canvas = Image.new("RGBA", (round(width * PIXELS_PER_PT), round(height * PIXELS_PER_PT)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    font = _font()
    for index, line in enumerate(lines):
        x = canvas.width - PIXELS_PER_PT - font.getlength(line)
        y = PIXELS_PER_PT + index * LEADING_PT * PIXELS_PER_PT
        draw.text((x, y), line, font=font, fill=(0, 0, 0, 255))
    return canvas


@dataclass(frozen=True)
class AttachmentStampStyle(TextStampStyle):
    """Given the signing time by pyHanko (as any text stamp is, in the server's time zone), draws the
    number and symbol and that time in Vietnam time as an image."""

    number_symbol: str = ""
    timestamp_format: str = _TS_FORMAT
    border_width: int = 0

    def lines(self, ts: str) -> list[str]:
        """The number and symbol, and the time pyHanko formatted, in Vietnam time (ISO 8601)."""
        moment = dt.datetime.strptime(ts, _TS_FORMAT).astimezone(VIETNAM)
        return [self.number_symbol, moment.isoformat(timespec="seconds")]

    def create_stamp(self, writer, box, text_params):
        image = text_image(self.lines(text_params["ts"]))
        return StaticStampStyle(background=PdfImage(image), border_width=0).create_stamp(writer, box, {})


def attachment_corner(pdf: bytes, number_symbol: str) -> Placement:
    """The box at the top right of page 1 of an attachment, sized for its two lines."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    right, top = float(page.mediabox.right), float(page.mediabox.top)
    width, height = _text_size_pt([number_symbol, _SAMPLE_TIME])
    x2, y2 = right - ATTACHMENT_MARGIN[0], top - ATTACHMENT_MARGIN[1]
    return Placement(page=0, box=(x2 - width, y2 - height, x2, y2))


def attachment_style(number_symbol: str) -> AttachmentStampStyle:
    return AttachmentStampStyle(number_symbol=number_symbol)
