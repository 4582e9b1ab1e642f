"""Good examples (điển hình tiên tiến) and the radio bulletins that spread them.

Glossary: Example = điển hình / gương người tốt việc tốt / sáng kiến / mô hình mới, cách làm hay;
Adoption = nhân rộng (a unit that took the example up); Bulletin = bản tin Đài truyền thanh xã;
Delivery = the bulletin sent to a hamlet information team (tổ thông tin ấp).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExampleKind(models.TextChoices):
    GOOD_DEED = "good_deed", _("Gương người tốt việc tốt")
    ADVANCED = "advanced", _("Điển hình tiên tiến")
    INITIATIVE = "initiative", _("Sáng kiến")
    MODEL = "model", _("Mô hình mới, cách làm hay")


class ExampleState(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    VERIFIED = "verified", _("Đã xác minh")
    PUBLISHED = "published", _("Đã công bố")
    REJECTED = "rejected", _("Không công nhận")


class ExampleSource(models.TextChoices):
    STAFF = "staff", _("Đơn vị đề xuất")
    CITIZEN = "citizen", _("Người dân phản ánh")


class Example(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="examples"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=ExampleKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    story = models.TextField(_("nội dung"))
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collective = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    movement = models.ForeignKey(
        "movements.Movement",
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=ExampleState.choices, default=ExampleState.PROPOSED
    )
    reject_reason = models.TextField(_("lý do không công nhận"), blank=True)
    source = models.CharField(
        _("nguồn"), max_length=20, choices=ExampleSource.choices, default=ExampleSource.STAFF
    )
    reporter_name = models.CharField(_("người phản ánh"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("liên hệ của người phản ánh"), max_length=150, blank=True)
    client_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    replicated = models.BooleanField(_("nhân rộng"), default=False)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                name="example_rejected_has_reason",
                condition=~Q(state="rejected") | ~Q(reject_reason=""),
            ),
            models.CheckConstraint(
                name="example_published_has_date",
                condition=~Q(state="published") | Q(published_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["state", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        if self.person_id:
            return self.person.full_name
        if self.collective_id:
            return self.collective.name
        return ""


def photo_path(instance: "ExamplePhoto", filename: str) -> str:
    """Where photos were saved before `thidua.files` (kept for the first migration)."""
    return f"examples/{instance.example_id}/{filename}"


class ExamplePhoto(models.Model):
    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="photos")
    # Empty only for a file lost before uploads were stored once (`thidua.files`).
    file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("tệp ảnh, minh chứng"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or (self.file.original_name if self.file else "")

    @property
    def is_image(self) -> bool:
        return bool(self.file and self.file.content_type.startswith("image/"))


class Adoption(models.Model):
    """A unit that replicated (nhân rộng) the example."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="adoptions")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị nhân rộng"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("ngày nhân rộng"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["adopted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["example", "unit"], name="adoption_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.example} – {self.unit}"


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    BROADCAST = "broadcast", _("Đã phát sóng")


class Bulletin(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="bulletins"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    week_start = models.DateField(_("tuần từ ngày"))
    text = models.TextField(_("nội dung bản tin"))
    examples = models.ManyToManyField(Example, blank=True, related_name="bulletins")
    movements = models.ManyToManyField("movements.Movement", blank=True, related_name="+")
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    broadcast_on = models.DateField(_("ngày phát"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_start", "-id"]
        constraints = [
            models.CheckConstraint(
                name="bulletin_broadcast_has_date",
                condition=~Q(state="broadcast") | Q(broadcast_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """The bulletin sent to one hamlet's information team; the hamlet head acknowledges it."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries")
    hamlet = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["hamlet__name"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "hamlet"], name="delivery_once_per_hamlet")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} → {self.hamlet}"
