"""A file the browser saves: every download of the project goes through `attachment`.

The file name is put in the header the way Django writes it (`content_disposition_header`): plain
ASCII names as `filename="…"`, others (a symbol with "Đ") as RFC 6266 `filename*=utf-8''…`. A
header written by hand with a non-ASCII name is MIME-encoded whole by Django, and browsers then
save "download.docx" or nothing at all.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "txt": "text/plain; charset=utf-8",
}


def attachment(data: bytes, filename: str, content_type: str | None = None) -> HttpResponse:
    """`data` served for saving as `filename`; the type follows the extension unless given."""
    extension = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(data, content_type=content_type or CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
