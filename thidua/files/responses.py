"""The one way a stored file leaves the server: after the owning app's view has checked `access`
on the record the file belongs to.

With `THIDUA_SENDFILE=nginx` the response carries only `X-Accel-Redirect:
<THIDUA_SENDFILE_URL><path>` and nginx sends the bytes from an `internal` location; with
`apache`, `X-Sendfile: <absolute path>` (mod_xsendfile). Both only when the files are on this
machine's disk: from a shared bucket (or without a web server to send them) Django streams the
file from the storage. The location itself must never be reachable from outside (`internal;`).
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

from thidua.files.models import StoredFile
from thidua.files.services import local_path, storage


def file_response(stored: StoredFile, *, filename: str = "", inline: bool = False) -> HttpResponseBase:
    """The file for saving (shown in the page only when `inline` and it is an image)."""
    filename = filename or stored.original_name
    as_attachment = not (inline and stored.content_type.startswith("image/"))
    path = local_path(stored.path)
    mode = getattr(settings, "THIDUA_SENDFILE", "") if path is not None else ""
    response: HttpResponseBase
    if mode == "nginx":
        response = HttpResponse(content_type=stored.content_type)
        response["X-Accel-Redirect"] = settings.THIDUA_SENDFILE_URL.rstrip("/") + "/" + stored.path
    elif mode == "apache":
        response = HttpResponse(content_type=stored.content_type)
        response["X-Sendfile"] = str(path)
    else:
        try:
            handle = storage().open(stored.path, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=stored.content_type)
        response["Content-Length"] = str(stored.size)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened in a tab, an uploaded file runs no script with the site's rights.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response
