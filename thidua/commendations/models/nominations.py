"""Nominations (đề nghị khen thưởng), their states and the evidence attached to them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models.catalogue import AwardType, RecipientKind


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    CHECKED = "checked", _("Đã thẩm định")
    IN_SESSION = "in_session", _("Đưa ra Hội đồng")
    PASSED = "passed", _("Hội đồng thông qua")
    NOT_PASSED = "not_passed", _("Không đạt")
    # Decree 152 Art. 4: deferred while the recipient's discipline, inspection or complaint is open.
    # The label names no case: lists show it to everyone, the case itself only to whom
    # access.can_see_conduct allows (on the nomination's page).
    SUSPENDED = "suspended", _("Tạm hoãn xét khen")
    NOTICED = "noticed", _("Đang công khai")
    DECIDED = "decided", _("Đã có quyết định")
    WITHDRAWN = "withdrawn", _("Đã rút")


_S = NominationState
# Which states allow which step; the services move states with these, the pages show buttons by them.
NOMINATION_EDITABLE = (_S.DRAFT, _S.RETURNED)  # text and links may change; may be (re)sent
NOMINATION_TAKES_EVIDENCE = (_S.DRAFT, _S.RETURNED, _S.SUBMITTED)
NOMINATION_RETURNABLE = (_S.SUBMITTED, _S.ACCEPTED, _S.CHECKED)
NOMINATION_WITHDRAWABLE = (_S.DRAFT, _S.SUBMITTED, _S.RETURNED, _S.ACCEPTED, _S.CHECKED, _S.SUSPENDED)
# Where a suspended nomination goes back to when its case closes: checked again, or the public list.
NOMINATION_RESUMES_TO = (_S.CHECKED, _S.NOTICED)


class Nomination(models.Model):
    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("xã xét khen"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("năm xét"))
    recipient_kind = models.CharField(_("đối tượng"), max_length=20, choices=RecipientKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    collective = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_name = models.CharField(_("tên người/tập thể được đề nghị"), max_length=255)
    # A nomination may stand on its own, or come under a movement and one of its yearly / final reviews.
    movement = models.ForeignKey(
        "movements.Movement",
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendation_nominations",
    )
    review_period = models.ForeignKey(
        "movements.ReviewPeriod",
        verbose_name=_("đợt sơ kết, tổng kết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendation_nominations",
    )
    achievement = models.TextField(_("báo cáo thành tích"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=NominationState.choices, default=NominationState.DRAFT
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    # While suspended: the state it goes back to once the pending case is closed.
    resume_state = models.CharField(
        _("trạng thái khi hết tạm hoãn"),
        max_length=20,
        choices=[(s, _S(s).label) for s in NOMINATION_RESUMES_TO],
        blank=True,
        editable=False,
    )
    check_result = models.JSONField(null=True, blank=True, editable=False)
    session = models.ForeignKey(
        "commendations.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    notice = models.ForeignKey(
        "commendations.Notice", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    # A line of a commune's proposal to the province (the province is then `commune`, the commune `unit`).
    proposal = models.ForeignKey(
        "commendations.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="nominations",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["commune", "year", "state"]),
            # The home page's "returned to you" list: the latest nominations in one state.
            models.Index(fields=["state", "id"], name="nomination_state_id"),
            # The list's order (latest year first): a page is read off the index, not sorted.
            models.Index(fields=["year", "id"], name="nomination_year_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        recipient_kind="individual",
                        person__isnull=False,
                        collective__isnull=True,
                        household__isnull=True,
                    )
                    | Q(
                        recipient_kind="collective",
                        person__isnull=True,
                        collective__isnull=False,
                        household__isnull=True,
                    )
                    | Q(
                        recipient_kind="household",
                        person__isnull=True,
                        collective__isnull=True,
                        household__isnull=False,
                    )
                ),
                name="nomination_one_recipient",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="nomination_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.award_type.short_name} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.state in NOMINATION_EDITABLE

    @property
    def takes_evidence(self) -> bool:
        return self.state in NOMINATION_TAKES_EVIDENCE

    @property
    def is_returnable(self) -> bool:
        return self.state in NOMINATION_RETURNABLE

    @property
    def is_withdrawable(self) -> bool:
        return self.state in NOMINATION_WITHDRAWABLE

    @property
    def is_suspended(self) -> bool:
        return self.state == NominationState.SUSPENDED


def evidence_path(instance: "Evidence", filename: str) -> str:
    """Where evidence was saved before `thidua.files` (kept for the first migrations)."""
    return f"commendations/evidence/{instance.nomination_id}/{uuid.uuid4().hex}-{filename[-80:]}"


class Evidence(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    # Empty only for a file lost before uploads were stored once (`thidua.files`).
    file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("tệp minh chứng"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.description or (self.file.original_name if self.file else "")
