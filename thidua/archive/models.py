"""The archive of issued papers: how long each kind is kept, the PDF/A copy of each paper, the
appraisal decisions that end a paper's keeping, and the hand-overs to the archive."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionRule(models.Model):
    """How long the papers of one document type are kept; `years` empty is permanent (vĩnh viễn).
    Data, not code: the officer edits it when the circular on retention periods changes."""

    doc_type = models.CharField(_("loại văn bản"), max_length=40, unique=True)
    years = models.PositiveSmallIntegerField(_("thời hạn bảo quản (năm)"), null=True, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thời hạn bảo quản")
        verbose_name_plural = _("thời hạn bảo quản")
        ordering = ["doc_type"]

    def __str__(self) -> str:
        return self.doc_type


class ArchiveCopy(models.Model):
    """The PDF/A-2b copy of an issued paper, kept as a stored file; its SHA-256 is in the audit log."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="archive_copy", verbose_name=_("văn bản")
    )
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    standard = models.CharField(_("chuẩn"), max_length=20, default="PDF/A-2b")
    pages = models.PositiveIntegerField(_("số trang"))
    made_at = models.DateTimeField(_("thời điểm lập"))

    class Meta:
        verbose_name = _("bản lưu trữ")
        verbose_name_plural = _("bản lưu trữ")

    def __str__(self) -> str:
        return f"{self.document} ({self.standard})"


class Appraisal(models.Model):
    """The decision, after appraisal, on papers whose retention period has passed: which are
    destroyed and which are kept longer. Nothing is destroyed without one."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="appraisals")
    reference = models.CharField(_("số, ký hiệu quyết định"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"))
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định xác định giá trị tài liệu")
        verbose_name_plural = _("quyết định xác định giá trị tài liệu")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.reference


class Outcome(models.TextChoices):
    DESTROY = "destroy", _("Hủy (hết giá trị)")
    KEEP = "keep", _("Giữ thêm")


class AppraisalItem(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="items")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("văn bản")
    )
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    keep_until = models.PositiveSmallIntegerField(_("giữ đến hết năm"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản được xác định giá trị")
        verbose_name_plural = _("văn bản được xác định giá trị")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "document"], name="archive_one_item_per_document"),
            models.CheckConstraint(
                condition=models.Q(outcome="destroy", keep_until__isnull=True)
                | models.Q(outcome="keep", keep_until__isnull=False),
                name="archive_keep_has_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_outcome_display()}"


class Handover(models.Model):
    """A year's papers of a unit handed over to the archive (nộp lưu), with its minutes."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="archive_handovers")
    year = models.PositiveSmallIntegerField(_("năm của hồ sơ"))
    handed_on = models.DateField(_("ngày giao nộp"))
    archive = models.CharField(_("lưu trữ nhận"), max_length=200)
    reference = models.CharField(_("biên bản giao nhận số"), max_length=100)
    documents = models.ManyToManyField(
        "documents.Document", related_name="handovers", verbose_name=_("văn bản")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giao nộp lưu trữ")
        verbose_name_plural = _("giao nộp lưu trữ")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="archive_one_handover_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"
