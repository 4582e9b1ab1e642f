"""Decisions (quyết định khen thưởng), the awards they grant with their money and certificates,
and annulment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models.catalogue import AwardType, RecipientKind
from thidua.commendations.models.council import Session
from thidua.commendations.models.nominations import Nomination


class Decision(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SIGNED = "signed", _("Đã ký ban hành")

    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("trích yếu"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_label = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("văn bản"),
    )
    submission_document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tờ trình"),
    )
    rules_snapshot = models.JSONField(_("quy định áp dụng"), null=True, blank=True)
    base_salary = models.PositiveIntegerField(null=True, blank=True)
    total_amount = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "number"],
                name="decision_number_unique",
                condition=Q(number__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.number_label or str(self.title)

    @property
    def is_draft(self) -> bool:
        return self.state == Decision.State.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.state == Decision.State.SIGNED


def new_verify_code() -> str:
    """A certificate's verification code (Crockford base32, 100 bits; see `thidua.lib.codes`)."""
    from thidua.lib.codes import new_code

    return new_code()


class Award(models.Model):
    """One award granted (a line of a decision's annex, with its certificate), or a past grant recorded."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="grants")
    year = models.PositiveSmallIntegerField(_("năm"))
    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    collective = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(max_length=255)
    nomination = models.OneToOneField(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="award"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    external_ref = models.CharField(_("quyết định (ngoài hệ thống)"), max_length=120, blank=True)
    # Copied from the nomination: the quota rule counts the awards already granted in a review, and
    # an award under a thematic movement is a thematic award (it does not count towards merit titles).
    movement = models.ForeignKey(
        "movements.Movement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_period = models.ForeignKey(
        "movements.ReviewPeriod", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveIntegerField(_("tiền thưởng"), default=0)
    amount_note = models.CharField(max_length=255, blank=True)
    verify_code = models.CharField(max_length=40, unique=True, default=new_verify_code, editable=False)
    annulled = models.BooleanField(_("đã hủy"), default=False)
    annul_reason = models.TextField(_("lý do hủy"), blank=True)
    annul_decision = models.CharField(_("quyết định hủy"), max_length=120, blank=True)
    annulled_on = models.DateField(null=True, blank=True)
    recover_amount = models.PositiveIntegerField(_("số tiền phải thu hồi"), default=0)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "award_type__rank", "recipient_name"]
        indexes = [models.Index(fields=["year", "commune"])]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.award_type.short_name} {self.year}"
