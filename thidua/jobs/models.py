"""A piece of long work (a file of certificates, an export) run by the task queue for a person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class JobKind(models.TextChoices):
    CERTIFICATES_PDF = "certificates_pdf", _("Giấy khen của quyết định (PDF)")
    CERTIFICATES_ZIP = "certificates_zip", _("Giấy khen của quyết định, mỗi giấy một tệp PDF (.zip)")
    SURVEY_RESPONSES = "survey_responses", _("Phiếu khảo sát (Excel)")
    MOVEMENT_DASHBOARD = "movement_dashboard", _("Kết quả phong trào (Excel)")
    REMINDERS = "reminders", _("Nhắc báo cáo quá hạn")
    BULLETIN_AUDIO = "bulletin_audio", _("Âm thanh bản tin")


class Job(models.Model):
    kind = models.CharField(_("loại việc"), max_length=30, choices=JobKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    # What the work is about (a decision, a survey, a movement and year), as the kind's runner reads it.
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ"), default=0)
    message = models.CharField(_("thông báo"), max_length=500, blank=True)
    # Set only once the file is complete and renamed into place (jobs/files.py).
    file_path = models.CharField(max_length=255, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    # Scheduled work done once per key (`thidua cron`: one reminder run per movement per day).
    key = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker's heartbeat: every progress report moves it; a running job whose heartbeat is
    # older than THIDUA_JOB_STALE_MINUTES belongs to a worker that died.
    updated_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("việc chạy nền")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_at_most_100"),
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="job_key_unique"),
            models.CheckConstraint(
                condition=Q(file_path="") | Q(state="done"), name="job_file_only_when_done"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
