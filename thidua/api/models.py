"""Tokens of the API: another system's key to read a unit's subtree (and, when granted, to report
its figures). The secret is shown once when the token is made and only its hash is kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    label = models.CharField(
        _("tên hệ thống dùng mã"),
        max_length=120,
        help_text=_("Ví dụ: Phần mềm báo cáo của Ấp Mỹ Hòa. Nhật ký ghi tên này là người thực hiện."),
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    # The part of the token before its secret: finds the row without reading the secret.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    # SHA-256 of the whole token: the secret is 256 random bits, so a slow hash adds nothing.
    secret_hash = models.CharField(max_length=64, editable=False)
    report_figures = models.BooleanField(_("được gửi số liệu"), default=False)
    expires_on = models.DateField(_("hết hạn ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="api_token_label_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix})"

    def is_active(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= today)


class RateCount(models.Model):
    """Calls of one token (or one hashed address, on the public check) in the current minute: one
    row per caller, counted by a single atomic upsert (`http.PerMinute`) when the shared cache is the
    database's, where a cache increment would read and write the cache table several times a call."""

    # "token-<id>" or "public-<keyed hash of the address>"
    ident = models.CharField(max_length=80, primary_key=True)
    minute = models.BigIntegerField()
    calls = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.ident}: {self.calls}"
