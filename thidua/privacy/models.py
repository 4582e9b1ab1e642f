"""What thidua records about the personal data it keeps (Law 91/2025/QH15).

`SensitiveRead`: one row each time a page or a file showing a person's phone number or their
discipline, inspection or complaint facts is served to someone — who, when, about whom, what, where.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SensitiveKind(models.TextChoices):
    CONTACT = "contact", _("Số điện thoại")
    CONDUCT = "conduct", _("Kỷ luật, thanh tra, khiếu nại")


class SensitiveRead(models.Model):
    """A read of a person's sensitive fields. Written in bulk, once per request; never changed."""

    read_at = models.DateTimeField(_("thời điểm"), db_index=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The account's name when read, so the line still says who after the account is gone.
    reader_label = models.CharField(_("tài khoản"), max_length=150)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("dữ liệu"), max_length=20, choices=SensitiveKind.choices)
    place = models.CharField(_("trang, tệp"), max_length=200)

    class Meta:
        verbose_name = _("lượt xem dữ liệu nhạy cảm")
        verbose_name_plural = _("nhật ký xem dữ liệu nhạy cảm")
        ordering = ["-read_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at"])]

    def __str__(self) -> str:
        return f"{self.reader_label} – {self.person_id} – {self.get_kind_display()}"
