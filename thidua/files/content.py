"""What an uploaded file really is, decided from its first bytes; the name is only a hint.

A file is accepted when its content is one of the kinds allowed where it is uploaded (PDF, PNG,
JPEG, GIF, WebP, Word and Excel — .docx/.xlsx checked to be real Office packages, and the old
.doc/.xls) AND its extension names that same kind. An HTML page renamed .pdf, `x.html.pdf`, an
SVG with a script named .png, a .exe named .docx: refused, each with a Vietnamese message.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from thidua.lib.limits import LimitExceeded, check_zip, max_upload_bytes


class UploadRefused(ValueError):
    """The upload is refused; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    content_type: str
    extensions: tuple[str, ...]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


PDF = Kind("pdf", "PDF", "application/pdf", (".pdf",))
PNG = Kind("png", "ảnh PNG", "image/png", (".png",))
JPEG = Kind("jpeg", "ảnh JPEG", "image/jpeg", (".jpg", ".jpeg"))
GIF = Kind("gif", "ảnh GIF", "image/gif", (".gif",))
WEBP = Kind("webp", "ảnh WebP", "image/webp", (".webp",))
DOCX = Kind(
    "docx",
    "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = Kind(
    "xlsx", "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
DOC = Kind("doc", "Word (.doc)", "application/msword", (".doc",))
XLS = Kind("xls", "Excel (.xls)", "application/vnd.ms-excel", (".xls",))

# Audio thidua makes itself (a radio bulletin read aloud), kept through `services.stored_file_keep`;
# no upload accepts them.
MP3 = Kind("mp3", "MP3", "audio/mpeg", (".mp3",))
OGG = Kind("ogg", "OGG", "audio/ogg", (".ogg",))

# Evidence of a nomination or of a progress report: a scan, a photo, a Word or Excel file.
EVIDENCE = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, DOC, XLS)
# A photo of an exemplary model (shown on the public portal), or a PDF about it.
PHOTO = (JPEG, PNG, WEBP, PDF)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OFFICE_MAIN_PART = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def check_size(size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise UploadRefused(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": _mb(size), "limit": _mb(limit)}
        )


def sniff(data: bytes) -> tuple[Kind, ...]:
    """The kinds the content can be (two for an OLE file: .doc or .xls); () when none."""
    if data.startswith(b"%PDF-"):
        return (PDF,)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return (PNG,)
    if data.startswith(b"\xff\xd8\xff"):
        return (JPEG,)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return (GIF,)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return (WEBP,)
    if data.startswith(_OLE):
        return (DOC, XLS)
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    return ()


def _office(data: bytes) -> tuple[Kind, ...]:
    """A .docx or .xlsx: a zip that passes the bomb checks and holds `[Content_Types].xml` and the
    main part of one of them; any other zip is no evidence."""
    try:
        check_zip(data)
    except LimitExceeded as exc:
        raise UploadRefused(str(exc)) from exc
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return ()
    return tuple(kind for part, kind in _OFFICE_MAIN_PART.items() if part in names)


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[-1] if "." in base else ""


def _labels(kinds: tuple[Kind, ...]) -> str:
    return ", ".join(dict.fromkeys(kind.label for kind in kinds))


def check(data: bytes, name: str, allowed: tuple[Kind, ...]) -> Kind:
    """The kind of an upload of `allowed` kinds, or UploadRefused saying why not."""
    check_size(len(data))
    found = sniff(data)
    if not found:
        raise UploadRefused(
            _(
                "Nội dung tệp “%(name)s” không phải là %(allowed)s (có thể là trang web, ảnh SVG hoặc "
                "tệp chạy được), nên không nhận."
            )
            % {"name": name[-80:], "allowed": _labels(allowed)}
        )
    usable = tuple(kind for kind in found if kind in allowed)
    if not usable:
        raise UploadRefused(
            _("Tệp là %(kind)s; ở đây chỉ nhận %(allowed)s.")
            % {"kind": found[0].label, "allowed": _labels(allowed)}
        )
    extension = _extension(name)
    for kind in usable:
        if extension in kind.extensions:
            return kind
    raise UploadRefused(
        _("Tên tệp có đuôi “%(ext)s” nhưng nội dung là %(kind)s; hãy đặt lại tên tệp cho đúng rồi tải lên.")
        % {"ext": extension or _("(không có)"), "kind": usable[0].label}
    )
