"""Award history brought in from past decisions: a batch of uploaded decisions, the rows of their
lists of awardees, and what each row was matched to before the officer confirmed it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models.catalogue import AwardType, RecipientKind


class HistoryBatchState(models.TextChoices):
    REVIEW = "review", _("Chờ rà soát")
    CONFIRMED = "confirmed", _("Đã nhập vào lịch sử")
    UNDONE = "undone", _("Đã hoàn tác")


class HistoryMatch(models.TextChoices):
    """How a row of a list found its recipient in the commune."""

    PROPOSED = "proposed", _("Khớp một người")
    CHOOSE = "choose", _("Cần chọn người")
    NEW = "new", _("Người mới")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")
    SKIP = "skip", _("Bỏ qua")


class HistoryBatch(models.Model):
    """One bulk import of past decisions (nhập lịch sử khen thưởng) into the commune's award history."""

    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=12, choices=HistoryBatchState.choices, default=HistoryBatchState.REVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Each file as read: {"name", "reference", "year", "rows", "error", "warnings"}.
    files = models.JSONField(default=list, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt nhập lịch sử khen thưởng")
        verbose_name_plural = _("đợt nhập lịch sử khen thưởng")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Đợt nhập %(id)s") % {"id": self.pk}

    @property
    def unit(self):
        return self.commune


class HistoryRow(models.Model):
    """A row of a past decision's list of awardees, with the person and award it was matched to."""

    batch = models.ForeignKey(HistoryBatch, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=255)
    external_ref = models.CharField(_("quyết định"), max_length=120)
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("họ và tên / tên tập thể"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    unit_text = models.CharField(_("đơn vị"), max_length=255, blank=True)
    award_text = models.CharField(_("danh hiệu / hình thức"), max_length=255, blank=True)
    kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    source = models.TextField(_("dòng trong danh sách"), blank=True)
    gender = models.CharField(_("giới tính"), max_length=10, blank=True)
    match = models.CharField(max_length=12, choices=HistoryMatch.choices)
    candidates = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("những người trùng tên")
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người được khen"),
    )
    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Đơn vị đọc được trong danh sách (ấp, đoàn thể), hoặc tập thể được khen."),
    )
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hộ gia đình"),
    )
    award_type = models.ForeignKey(
        AwardType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    # Set on confirming: the award made (none when the same one was already recorded) and the
    # person created for a "new person" row; undo removes exactly these.
    award = models.ForeignKey(
        "commendations.Award", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_person = models.BooleanField(default=False)
    duplicate = models.BooleanField(_("đã có từ trước"), default=False)

    class Meta:
        verbose_name = _("dòng nhập lịch sử khen thưởng")
        verbose_name_plural = _("dòng nhập lịch sử khen thưởng")
        ordering = ["batch", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} – {self.award_text} {self.year}"

    @property
    def doubtful(self) -> bool:
        """The officer must look at it: a choice between namesakes, a new person, a collective or an
        award not found, a row that cannot be imported."""
        if self.match == HistoryMatch.SKIP:
            return bool(self.note)
        unknown_collective = self.match == HistoryMatch.COLLECTIVE and self.unit_id is None
        return (
            self.match in (HistoryMatch.CHOOSE, HistoryMatch.NEW)
            or self.award_type_id is None
            or unknown_collective
        )
