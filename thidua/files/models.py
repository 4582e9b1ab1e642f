"""One stored copy of each uploaded file, referenced by the records it is evidence for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """The bytes of an upload, kept once at `<path>` in the default storage, found by their hash.

    Records point at it (a nomination's evidence, a progress report's evidence, an example's
    photo) with a PROTECT foreign key; a file no record points at any more is removed by
    `thidua files-clean`. Never served from `/media/`: each owning app has a download view that
    checks `access` on its record and answers with `thidua.files.responses.file_response`.
    """

    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    path = models.CharField(_("đường dẫn lưu"), max_length=255, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đã lưu")
        verbose_name_plural = _("tệp đã lưu")

    def __str__(self) -> str:
        return self.original_name
