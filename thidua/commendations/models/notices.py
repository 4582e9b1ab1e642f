"""Public notice (công khai) of the nominees a council passed, and the objections citizens raise."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models.council import Session
from thidua.commendations.models.nominations import Nomination


class Notice(models.Model):
    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("tiêu đề"), max_length=255)
    starts_on = models.DateField(_("công khai từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    created_at = models.DateTimeField(auto_now_add=True)
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thông báo"),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="notice_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Chưa xử lý")
        UPHELD = "upheld", _("Có cơ sở")
        DISMISSED = "dismissed", _("Không có cơ sở")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("họ và tên"), max_length=150)
    contact = models.CharField(_("điện thoại hoặc địa chỉ liên hệ"), max_length=150)
    text = models.TextField(_("nội dung"))
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("kết quả xử lý"), max_length=20, choices=State.choices, default=State.OPEN)
    resolution = models.TextField(_("nội dung xử lý"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"

    @property
    def is_open(self) -> bool:
        return self.state == Objection.State.OPEN

    @property
    def is_upheld(self) -> bool:
        return self.state == Objection.State.UPHELD
