"""The award catalogue and the rules a locality may change (AwardType, BaseSalary, RuleOverride),
and the facts the eligibility check reads (TaskRating, Initiative, Discipline)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.lib.vn import format_date_short, format_money


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class Timing(models.TextChoices):
    YEARLY = "yearly", _("Hằng năm")
    MOVEMENT = "movement", _("Theo phong trào, chuyên đề")
    SUDDEN = "sudden", _("Đột xuất")
    # Law 06/2022 Art. 9: the other forms of commendation, counted apart by the statistics forms
    FOREIGN = "foreign", _("Đối ngoại")
    DEDICATION = "dedication", _("Quá trình cống hiến")
    SENIORITY = "seniority", _("Theo niên hạn")


# The paper of an award by whether it is a title (see `AwardType.paper_name`).
PAPER_NAMES = {True: _("Giấy chứng nhận"), False: _("Giấy khen")}
# Awards that are their own paper, by how their name begins: the province chairman's (or the Prime
# Minister's) Bằng khen is a Bằng khen, not a Giấy khen; a Cờ thi đua is the flag itself.
OWN_PAPERS = (("Bằng khen", _("Bằng khen")), ("Cờ thi đua", _("Cờ thi đua")))


class AwardLevel(models.TextChoices):
    """Who decides the award: the commune chairman, the province chairman, or the State."""

    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")
    STATE = "state", _("Cấp nhà nước")


class RoundingMode(models.TextChoices):
    UP = "up", _("Làm tròn lên hàng chục nghìn")
    NEAREST = "nearest", _("Làm tròn đến hàng chục nghìn gần nhất")


class AwardType(models.Model):
    """One entry of the award catalogue, loaded from data/awards.json; provinces override by RuleOverride."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên danh hiệu / hình thức"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=40)
    recipient_kind = models.CharField(_("đối tượng"), max_length=20, choices=RecipientKind.choices)
    timing = models.CharField(_("thời điểm xét"), max_length=20, choices=Timing.choices)
    level = models.CharField(
        _("cấp khen thưởng"), max_length=20, choices=AwardLevel.choices, default=AwardLevel.COMMUNE
    )
    is_title = models.BooleanField(_("là danh hiệu thi đua"), default=False)
    criteria = models.TextField(_("tiêu chuẩn"), blank=True)
    vote_threshold_pct = models.PositiveSmallIntegerField(
        _("ngưỡng đồng ý (% tổng số thành viên)"), default=51
    )
    notice_days = models.PositiveSmallIntegerField(_("số ngày công khai"), default=0)
    coefficient = models.DecimalField(
        _("hệ số tiền thưởng × lương cơ sở"), max_digits=6, decimal_places=3, default=0
    )
    rank = models.PositiveSmallIntegerField(_("thứ bậc (cao hơn được ưu tiên trả tiền)"), default=0)
    dossier_parts = models.JSONField(_("thành phần hồ sơ"), default=list, blank=True)
    rules = models.JSONField(_("quy tắc xét"), default=list, blank=True)
    fund = models.CharField(_("nguồn quỹ"), max_length=120, default="Quỹ thi đua, khen thưởng xã")
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["-is_title", "-rank", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_threshold_pct__lte=100), name="awardtype_threshold_le_100"
            ),
            models.CheckConstraint(
                condition=Q(coefficient__gte=0), name="awardtype_coefficient_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def paper_name(self) -> str:
        """The paper handed to whoever receives it: a title is certified by a Giấy chứng nhận, a
        form of commendation is the Giấy khen itself, a Bằng khen a Bằng khen and a Cờ thi đua
        the flag (`OWN_PAPERS`). The certificate, the portal and the verification page all name
        the paper through this."""
        for prefix, paper in OWN_PAPERS:
            if self.name.startswith(prefix):
                return str(paper)
        return str(PAPER_NAMES[self.is_title])


class BaseSalary(models.Model):
    """Mức lương cơ sở, dated: an award uses the amount in force on its decision date."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{format_money(self.amount)} ({format_date_short(self.effective_from)})"


class RuleOverride(models.Model):
    """A province's (or commune's) change to a default, for a unit subtree from a date on.

    `key` names what changes: an AwardType field (coefficient, vote_threshold_pct, notice_days),
    `rule:<code>` to switch an eligibility rule on/off or change its parameter, or a global
    setting (rounding, quorum — a share such as "2/3" or "80%", tie_rule) when `award_type` is empty.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("phạm vi áp dụng"), on_delete=models.CASCADE, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("danh hiệu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    key = models.CharField(_("nội dung thay đổi"), max_length=60)
    value = models.JSONField(_("giá trị"))
    effective_from = models.DateField(_("áp dụng từ ngày"))
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quy định riêng của địa phương")
        verbose_name_plural = _("quy định riêng của địa phương")
        ordering = ["effective_from", "id"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


# --- Facts the eligibility check reads -----------------------------------------------------


class TaskRating(models.Model):
    class Level(models.TextChoices):
        EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
        GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
        DONE = "done", _("Hoàn thành nhiệm vụ")
        NOT_DONE = "not_done", _("Không hoàn thành nhiệm vụ")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="task_ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("xếp loại"), max_length=20, choices=Level.choices)

    class Meta:
        verbose_name = _("xếp loại hoàn thành nhiệm vụ")
        verbose_name_plural = _("xếp loại hoàn thành nhiệm vụ")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="taskrating_unique_year")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}: {self.level}"


class Initiative(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("tên sáng kiến"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognised_by = models.CharField(_("cơ quan công nhận"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")

    def __str__(self) -> str:
        return self.title


class Discipline(models.Model):
    """A disciplinary measure, or a pending inspection / complaint, against a person or a collective."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Kỷ luật")
        INSPECTION = "inspection", _("Thanh tra, kiểm tra")
        COMPLAINT = "complaint", _("Khiếu nại, tố cáo")

    class Severity(models.IntegerChoices):
        NONE = 0, pgettext_lazy("discipline severity", "Không")
        REPRIMAND = 1, _("Khiển trách")
        WARNING = 2, _("Cảnh cáo")
        DEMOTION = 3, _("Hạ bậc lương, giáng chức")
        DISMISSAL = 4, _("Cách chức, buộc thôi việc")

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines"
    )
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    severity = models.PositiveSmallIntegerField(_("hình thức"), choices=Severity.choices, default=0)
    year = models.PositiveSmallIntegerField(_("năm"))
    pending = models.BooleanField(_("đang xem xét, chưa kết luận"), default=False)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kỷ luật, thanh tra, khiếu nại")
        verbose_name_plural = _("kỷ luật, thanh tra, khiếu nại")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False), name="discipline_has_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
