"""Documents of a unit and the register of outgoing documents (sổ đăng ký văn bản đi)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.documents.model import Document as DocumentModel
from thidua.lib.vn import padded


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class NumberSeries(models.Model):
    """One numbering series of an issuing body for one calendar year; restarts at 01."""

    issuer = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="number_series")
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản đi")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="documents_series_issuer_year")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}: {self.last_number}"


class Document(models.Model):
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="documents", verbose_name=_("đơn vị")
    )
    issuer = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("cơ quan ban hành"),
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=40)
    abstract = models.CharField(_("trích yếu"), max_length=500, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    content = models.JSONField(_("nội dung"), default=dict)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    withdraw_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("văn bản")
        ordering = ["-year", "-number", "-created_at"]
        constraints = [
            # One yearly series per issuing body (Decree 30): a number is used once whatever the
            # symbol (03/QĐ-UBND and 03/TB-UBND cannot both exist); withdrawn numbers keep their row.
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=Q(number__isnull=False),
                name="documents_one_number_per_issuer_year",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(number__isnull=False, year__isnull=False, date__isnull=False),
                name="documents_issued_has_number_and_date",
            ),
        ]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.number_symbol}".strip()

    @property
    def is_draft(self) -> bool:
        return self.state == DocumentState.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.state == DocumentState.ISSUED

    @property
    def state_badge(self) -> str:
        """The badge style of the state: issued "ok", withdrawn "bad", a draft "warn"."""
        return {DocumentState.ISSUED: "ok", DocumentState.WITHDRAWN: "bad"}.get(self.state, "warn")

    @property
    def number_text(self) -> str:
        return padded(self.number) if self.number else ""

    @property
    def number_symbol(self) -> str:
        return f"{self.number_text}/{self.symbol}"

    @property
    def model(self) -> DocumentModel:
        doc = DocumentModel.from_dict(self.content or {})
        doc.number = self.number_text
        doc.symbol = self.symbol
        doc.doc_type = self.doc_type
        if self.date:
            doc.date = self.date
        doc.attach_annexes()
        return doc
