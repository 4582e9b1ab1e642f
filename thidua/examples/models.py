"""Good examples (điển hình tiên tiến) and the radio bulletins that spread them.

Glossary: Example = điển hình / gương người tốt việc tốt / sáng kiến / mô hình mới, cách làm hay;
Adoption = nhân rộng (a unit that took the example up); Bulletin = bản tin Đài truyền thanh xã;
Delivery = the bulletin sent to a hamlet information team (tổ thông tin ấp);
Consent = sự đồng ý của người được nêu gương (to be named or shown in a published example).
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


# An example names a person when it is about one (`person`) or when a citizen reported it: a
# reporter tells of someone else's deed, by name, in the story. Such an example is published only
# with that person's recorded consent (`Consent`), and leaves the portal when they withdraw it.
NAMES_PERSON = Q(person__isnull=False) | Q(source=ExampleSource.CITIZEN)
NAMES_NO_PERSON = Q(person__isnull=True) & ~Q(source=ExampleSource.CITIZEN)


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

    @property
    def names_person(self) -> bool:
        """Whether publishing needs the named person's consent (`NAMES_PERSON`)."""
        return self.person_id is not None or self.source == ExampleSource.CITIZEN


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


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Bằng văn bản")
    ORAL = "oral", _("Bằng lời nói (cán bộ ghi lại)")
    ONLINE = "online", _("Qua biểu mẫu trực tuyến")


class Consent(models.Model):
    """The agreement of a person named or shown in an example to its publication, until withdrawn.

    At most one consent of an example is in force (a database constraint); a withdrawn one stays, as
    the record of when publication was agreed and when it stopped."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(
        _("người đồng ý"),
        max_length=255,
        help_text=_("Họ tên người được nêu gương (hoặc người đại diện hợp pháp, ghi rõ quan hệ)."),
    )
    given_on = models.DateField(_("ngày đồng ý"))
    method = models.CharField(_("hình thức đồng ý"), max_length=20, choices=ConsentMethod.choices)
    scan = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("bản chụp giấy đồng ý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)
    withdrawn_on = models.DateField(_("ngày rút lại"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("thời điểm ghi nhận rút lại"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ghi nhận rút lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_note = models.CharField(_("ghi chú khi rút lại"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sự đồng ý công bố")
        verbose_name_plural = _("sự đồng ý công bố")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["example"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_in_force_per_example",
            ),
            models.CheckConstraint(
                name="consent_withdrawn_has_date",
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_by} – {self.example}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


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


class AudioState(models.TextChoices):
    QUEUED = "queued", _("Đang tạo âm thanh")
    READY = "ready", _("Đã có âm thanh")
    FAILED = "failed", _("Không tạo được âm thanh")


class BulletinAudio(models.Model):
    """The bulletin read aloud in the province's regional voice, made in the background: MP3 for the
    loudspeaker system, OGG for browsers. `text_sha256` is the text it reads; when the bulletin's
    text differs the audio is old and is made again."""

    bulletin = models.OneToOneField(Bulletin, on_delete=models.CASCADE, related_name="audio")
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=AudioState.choices, default=AudioState.QUEUED
    )
    voice = models.CharField(_("giọng đọc"), max_length=30)
    text_sha256 = models.CharField(max_length=64)
    mp3 = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ogg = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duration_ms = models.PositiveIntegerField(_("thời lượng (mili giây)"), null=True, blank=True)
    message = models.CharField(_("thông báo"), max_length=500, blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("âm thanh bản tin")
        verbose_name_plural = _("âm thanh bản tin")
        constraints = [
            models.CheckConstraint(
                name="bulletin_audio_ready_has_files",
                condition=~Q(state="ready")
                | Q(mp3__isnull=False, ogg__isnull=False, duration_ms__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} ({self.get_state_display()})"

    @property
    def duration_text(self) -> str:
        """Minutes and seconds ("3:05"), as a player shows it."""
        seconds = round((self.duration_ms or 0) / 1000)
        return f"{seconds // 60}:{seconds % 60:02d}"
