"""What waits for each person (thông báo): a message in the app, gathered into a daily e-mail
digest, and each person's choice of that digest.

Glossary: Notification = thông báo; digest = thư tổng hợp hằng ngày; Preference = tùy chọn nhận thư.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMMITMENT_REVIEW = "commitment_review", _("Đăng ký thi đua chờ duyệt")
    FIGURES_OVERDUE = "figures_overdue", _("Số liệu quá hạn báo cáo")
    DUTY_OVERDUE = "duty_overdue", _("Nhiệm vụ quá hạn")
    BALLOT_OPEN = "ballot_open", _("Phiên bỏ phiếu đang mở")
    OBJECTION = "objection", _("Ý kiến phản ánh chờ xử lý")
    NOTICE_ENDING = "notice_ending", _("Hết thời gian công khai")
    PROPOSAL_RETURNED = "proposal_returned", _("Hồ sơ đề nghị bị trả lại")
    PROPOSAL = "proposal", _("Hồ sơ đề nghị khen thưởng")
    BULLETIN = "bulletin", _("Bản tin gửi về ấp")
    OTHER = "other", _("Khác")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    text = models.TextField(_("nội dung"))
    # A path inside the app (the thing that waits), never an outside address.
    link = models.CharField(_("liên kết"), max_length=500, blank=True)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    # The same thing is told once: `notify` adds the day to the caller's key, so a reminder comes back
    # at most once a day and a second run of `thidua cron` sends nothing.
    key = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Preference(models.Model):
    """A person's choice of the daily digest. No row means the default: the digest is on (an opt-out),
    sent when the person has an e-mail address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    digest = models.BooleanField(_("nhận thư tổng hợp hằng ngày"), default=True)
    # The day the last digest went out: at most one a day, however often `thidua cron` runs.
    digest_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)
