"""Photos of an example, from an officer or from a citizen's phone, made safe before they are kept.

The one path of every example photo (`services.example_photo_add`, `services.example_report`):
the size is refused before the upload is read, the kind is decided from the content
(`thidua.files.content`: a renamed PDF or an SVG is refused), then the picture is decoded with a
ceiling on its pixels (a small PNG that would inflate to gigabytes is refused from its header), turned
upright as the camera recorded it, shrunk to `MAX_SIDE` on its long side and written again without
any metadata: the EXIF of a phone photo carries where it was taken. A PDF (an officer's evidence)
is kept as it came.
"""

from __future__ import annotations

import io
import os
import warnings

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from thidua.files import content
from thidua.files.content import JPEG, PNG, WEBP, Kind, UploadRefused
from thidua.files.services import read_upload
from thidua.lib.vn import format_number

MAX_SIDE = 1600
MAX_PHOTOS = 3
# Photos a citizen may send: pictures only, never a PDF.
CITIZEN_PHOTO = (JPEG, PNG, WEBP)
_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}


def max_pixels() -> int:
    """The most pixels a photo may decode to (`THIDUA_PHOTO_MAX_PIXELS`, 50 megapixels by default)."""
    return int(getattr(settings, "THIDUA_PHOTO_MAX_PIXELS", 50_000_000))


def _refuse_bomb() -> UploadRefused:
    return UploadRefused(
        _("Ảnh có kích thước quá lớn (trên %(n)s điểm ảnh); hãy chụp hoặc gửi ảnh nhỏ hơn.")
        % {"n": format_number(max_pixels())}
    )


def _clean_image(data: bytes, kind: Kind) -> bytes:
    """The picture upright, at most MAX_SIDE on its long side, re-encoded with no metadata."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=[_FORMAT[kind]])
            width, height = opened.size  # read from the header: nothing decoded yet
            if width * height > max_pixels():
                raise _refuse_bomb()
            if kind == JPEG:
                opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at a smaller scale when it can
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse_bomb() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRefused(_("Không đọc được ảnh (tệp hỏng hoặc không phải ảnh); hãy chụp lại.")) from exc
    out = io.BytesIO()
    if kind == JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=85, optimize=True)
    elif kind == PNG:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return out.getvalue()


def _name(original: str, kind: Kind, index: int) -> str:
    base = os.path.splitext(os.path.basename(original or ""))[0].strip()[:80] or f"anh-{index}"
    return base + kind.extensions[0]


def prepare(upload, allowed: tuple[Kind, ...], index: int = 1):
    """The upload as it will be stored: an image cleaned (see the module), a PDF unchanged.

    UploadRefused with a Vietnamese message when it is too large (before reading it), not one of
    `allowed` by its content, unreadable or a decompression bomb."""
    content.check_size(upload.size or 0)
    data, kind = read_upload(upload, allowed)
    if not kind.is_image:
        return upload
    cleaned = _clean_image(data, kind)
    return SimpleUploadedFile(_name(upload.name, kind, index), cleaned, content_type=kind.content_type)
