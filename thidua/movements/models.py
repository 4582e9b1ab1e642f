"""Emulation movements (phong trào thi đua): the plan, its periods, who takes part, what they
pledge, the targets and the figures reported against them.

Glossary: Movement = phong trào thi đua; ReviewPeriod = kỳ báo cáo / sơ kết / tổng kết;
Participation = đơn vị, cá nhân tham gia; Commitment = đăng ký thi đua; Pledge = chỉ tiêu
đăng ký; Covenant = giao ước thi đua; Indicator = chỉ tiêu (catalogue entry); Target = chỉ tiêu
giao (indicator with a value for a unit and year); ProgressReport = báo cáo kết quả; Duty =
nhiệm vụ trong phần "Tổ chức thực hiện"; CriteriaSet / Criterion = bộ tiêu chí Nông thôn mới.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Theo chuyên đề")


class MovementState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    LAUNCHED = "launched", _("Đã phát động")
    RUNNING = "running", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Cadence(models.TextChoices):
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("Sáu tháng")
    YEARLY = "yearly", _("Hằng năm")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")
    HOUSEHOLD = "household", _("Hộ gia đình")


class CriteriaSet(models.Model):
    """A national or provincial set of criteria, e.g. the 19 New Rural criteria of 318/QĐ-TTg."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    valid_from = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên tiêu chí"), max_length=255)
    indicators = models.JSONField(_("chỉ tiêu"), default=list, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "number"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Movement(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị phát động"), on_delete=models.PROTECT, related_name="movements"
    )
    name = models.CharField(_("tên phong trào"), max_length=255)
    kind = models.CharField(
        _("loại"), max_length=20, choices=MovementKind.choices, default=MovementKind.REGULAR
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=MovementState.choices, default=MovementState.DRAFT
    )
    plan_number = models.CharField(_("số, ký hiệu kế hoạch"), max_length=60, blank=True)
    plan_date = models.DateField(_("ngày kế hoạch"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện kế hoạch của cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/12/40/" — ids from the root movement down to this one, so a whole cascade is one prefix query.
    lineage = models.CharField(max_length=255, editable=False, db_index=True, default="")
    legal_bases = models.TextField(_("căn cứ (mỗi dòng một căn cứ)"), blank=True)
    preamble = models.TextField(_("lời mở đầu"), blank=True)
    purposes = models.TextField(_("mục đích, yêu cầu (mỗi dòng một ý)"), blank=True)
    content_items = models.TextField(_("nội dung thi đua (mỗi dòng một ý)"), blank=True)
    form_and_time = models.TextField(_("hình thức, thời gian"), blank=True)
    commendation_text = models.TextField(_("khen thưởng"), blank=True)
    recipients = models.TextField(_("nơi nhận (mỗi dòng một nơi)"), blank=True)
    programmes = models.TextField(_("chương trình gắn kết (mỗi dòng một chương trình)"), blank=True)
    period_start = models.DateField(_("bắt đầu"))
    period_end = models.DateField(_("kết thúc"))
    cadence = models.CharField(
        _("kỳ báo cáo"), max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    report_grace_days = models.PositiveSmallIntegerField(_("hạn báo cáo sau cuối kỳ (ngày)"), default=10)
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The plan as a document of the register (drafted from these fields, issued with a number).
    plan_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Off: each unit below sees only its own subtree's rows (ranking, figures, plans below); on: the
    # launching unit has published the results to every unit taking part (`movement_results_publish`).
    results_public = models.BooleanField(_("công bố kết quả cho các đơn vị tham gia"), default=False)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="movement_period_order"
            ),
            models.UniqueConstraint(fields=["parent", "unit"], name="movement_one_child_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def plan_label(self) -> str:
        from thidua.lib.vn import format_date_long

        parts = []
        if self.plan_number:
            parts.append(f"Kế hoạch số {self.plan_number}")
        if self.plan_date:
            parts.append(format_date_long(self.plan_date))
        return " ".join(parts)

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip().lstrip("-•").strip() for line in (text or "").splitlines() if line.strip()]

    def legal_basis_lines(self) -> list[str]:
        return self.lines(self.legal_bases)

    def purpose_lines(self) -> list[str]:
        return self.lines(self.purposes)

    def content_lines(self) -> list[str]:
        return self.lines(self.content_items)

    def programme_lines(self) -> list[str]:
        return self.lines(self.programmes)

    def recipient_lines(self) -> list[str]:
        return self.lines(self.recipients)


class CommendationQuota(models.Model):
    """How many recipients of one kind the council may select in each review period."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="quotas")
    recipient_kind = models.CharField(_("đối tượng"), max_length=20, choices=RecipientKind.choices)
    per_period = models.PositiveSmallIntegerField(_("số lượng mỗi kỳ"))
    awards = models.CharField(_("hình thức khen thưởng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu khen thưởng")
        verbose_name_plural = _("chỉ tiêu khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["movement", "recipient_kind"], name="quota_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.per_period} {self.get_recipient_kind_display()}"


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("Sáu tháng")
    YEAR = "year", _("Sơ kết năm")
    FINAL = "final", _("Tổng kết")


class PeriodState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã khóa")


class ReviewPeriod(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(_("tên kỳ"), max_length=80)
    kind = models.CharField(_("loại kỳ"), max_length=20, choices=PeriodKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due = models.DateField(_("hạn báo cáo"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    # The Báo cáo sơ kết / tổng kết of a yearly or final review, drafted from the figures.
    report_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("báo cáo sơ kết, tổng kết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["end", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_order"),
            models.CheckConstraint(condition=Q(due__gte=F("end")), name="period_due_after_end"),
            models.UniqueConstraint(fields=["movement", "name"], name="period_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def display_name(self) -> str:
        """The name on a screen, in the screen's language. A name the launch gave ("Quý 1/2026",
        "6 tháng đầu năm 2026", "Sơ kết năm 2026", "Tổng kết phong trào") is Vietnamese data, as
        papers print it; a screen shows it translated. A name an officer typed is shown as typed."""
        from thidua.movements.periods import display_name

        return display_name(self)


class Participation(models.Model):
    """A unit or an individual taking part; exactly one of the two."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("ngày tham gia"), null=True, blank=True)

    class Meta:
        verbose_name = _("tham gia")
        verbose_name_plural = _("tham gia")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="participation_unit_xor_person",
            ),
            models.UniqueConstraint(fields=["movement", "unit"], name="participation_unit_once"),
            models.UniqueConstraint(fields=["movement", "person"], name="participation_person_once"),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.person)


class CommitmentState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")


class Commitment(models.Model):
    """A unit's registration (đăng ký thi đua): what it pledges and which titles it aims for."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="commitments")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=CommitmentState.choices, default=CommitmentState.DRAFT
    )
    titles = models.TextField(_("danh hiệu đăng ký (mỗi dòng một danh hiệu)"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit", "year"], name="commitment_once_per_unit_year"
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""), name="commitment_returned_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.movement} ({self.year})"

    def title_lines(self) -> list[str]:
        return Movement.lines(self.titles)


class Direction(models.TextChoices):
    INCREASE = "increase", _("Tăng")
    DECREASE = "decrease", _("Giảm")
    REACH = "reach", _("Đạt mức")
    YES_NO = "yes_no", _("Có / không")


class Indicator(models.Model):
    name = models.CharField(_("tên chỉ tiêu"), max_length=255, unique=True)
    measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    direction = models.CharField(
        _("chiều"), max_length=20, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = models.DecimalField(_("giá trị gốc"), max_digits=16, decimal_places=2, null=True, blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("danh mục chỉ tiêu")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.measure})" if self.measure else self.name


class Pledge(models.Model):
    """One target a unit pledges in its commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="pledges")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "indicator"], name="pledge_once_per_indicator"),
            models.CheckConstraint(condition=Q(value__gte=0), name="pledge_value_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class Covenant(models.Model):
    """A covenant (giao ước thi đua) signed among a group of units."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="covenants")
    name = models.CharField(_("tên giao ước"), max_length=255)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    content = models.TextField(_("nội dung"), blank=True)
    units = models.ManyToManyField("units.Unit", related_name="+", verbose_name=_("đơn vị ký"))

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(_("giá trị chỉ tiêu"), max_digits=16, decimal_places=2)
    # The unit's own starting level; the indicator's baseline when empty.
    baseline = models.DecimalField(_("giá trị gốc"), max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu giao")
        verbose_name_plural = _("chỉ tiêu giao")
        ordering = ["year", "unit__path", "indicator__name"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "year", "indicator"], name="target_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} – {self.unit} – {self.year}"


class ProgressReport(models.Model):
    """The level a target reached at the end of a period (not the increment within it)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(ReviewPeriod, on_delete=models.PROTECT, related_name="reports")
    value = models.DecimalField(_("giá trị đạt được"), max_digits=16, decimal_places=2)
    as_of = models.DateField(_("ngày số liệu"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    evidence = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("minh chứng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)
    # When the figure was first entered; a correction leaves it (on-time reporting counts from it).
    # The database default serves rows written by plain INSERTs (imports, synthetic data).
    first_reported_at = models.DateTimeField(default=timezone.now, db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="report_once_per_period"),
            models.CheckConstraint(condition=Q(value__gte=0), name="report_value_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target} – {self.period}: {self.value}"


class DutyStatus(models.TextChoices):
    TODO = "todo", _("Chưa thực hiện")
    DOING = "doing", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Duty(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="duties")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("nhiệm vụ"))
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=DutyStatus.choices, default=DutyStatus.TODO
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class CriterionResult(models.Model):
    """Whether a unit meets one criterion of the movement's set, with the evidence."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="criterion_results")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("đạt"))
    evidence = models.TextField(_("minh chứng"), blank=True)
    assessed_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "criterion"], name="criterion_result_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.criterion}: {'đạt' if self.met else 'chưa đạt'}"


# --- the dashboard's read model -----------------------------------------------------------
# Kept by `services/standings.py` in the transaction that writes a figure or a target, and made again
# from the reports by `thidua movements-rebuild`: a dashboard reads these rows, never the reports, so
# its cost follows units × targets whatever the years of history. Completions are stored as integers,
# the capped completion × STANDING_SCALE, so that sums are exact on every database.

STANDING_SCALE = 10**9


class TargetStanding(models.Model):
    """Where one target stands: its latest figure and completion, and its level at the end of each
    period of its year (for the chart)."""

    target = models.OneToOneField(Target, primary_key=True, on_delete=models.CASCADE, related_name="standing")
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    period = models.ForeignKey(
        ReviewPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    capped = models.BigIntegerField(default=0)
    met = models.BooleanField(default=False)
    # {period id: capped completion at the end of that period} for the periods of the target's year
    # where a level is known; the ids of the periods with a report of their own.
    levels = models.JSONField(default=dict, blank=True)
    reported_in = models.JSONField(default=list, blank=True)
    # {period id: when its figure was first reported (UTC, ISO 8601)} for the periods of `reported_in`.
    first_reported = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["movement", "year"], name="standing_movement_year")]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.value}"


class UnitYearStanding(models.Model):
    """One unit's targets of one year in a movement, together: the ranking and the year's totals."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    targets = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    capped = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "year"], name="unit_year_standing_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year}: {self.met}/{self.targets}"


class UnitPeriodStanding(models.Model):
    """One unit's targets at the end of one period of their year: the chart and the late reports.
    Only where a level is known or a figure reported."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReviewPeriod, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    reported = models.PositiveIntegerField(default=0)
    capped = models.BigIntegerField(default=0)
    # When every target of the unit's year first had a figure for the period (the latest of their
    # first reports), and whether that day was on or before the period's due date; empty while
    # a target has none.
    completed_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "period"], name="unit_period_standing_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.period_id}: {self.reported}"


class CascadeStanding(models.Model):
    """A movement's whole cascade in one unit right below the movement's unit, for one year: the
    targets of the movement and of every plan below it (`Movement.lineage`) whose unit lies in that
    unit's subtree, taken together. A province movement has one row per commune and year — what the
    province dashboard reads, whatever the history or the number of hamlets. Summed from
    `UnitYearStanding` by `services/standings.py` in the same transaction."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    targets = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    capped = models.BigIntegerField(default=0)
    # Reporting on time, for the movement's own periods and targets (not the plans'): how many
    # units of the subtree have targets of the movement that year (each owes every period of the
    # year), and {period id: [units fully reported on time, units fully reported late]}. Which
    # periods are due depends on the day the page is read, so the counts of due and still missing
    # periods are taken at reading (`province.py`).
    reporting_units = models.PositiveIntegerField(default=0)
    timeliness = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "year"], name="cascade_standing_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year}: {self.met}/{self.targets}"
