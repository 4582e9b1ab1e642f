"""Commendation: the award catalogue and its rules, nominations, the council and its secret
ballot, public notice, decisions, certificates, money and annulment.

Glossary: AwardType = danh hiệu / hình thức khen thưởng; Nomination = đề nghị khen thưởng;
Session = phiên họp Hội đồng TĐKT; Ballot = phiếu bầu kín; Notice = công khai; Objection = ý kiến
phản ánh; Decision = quyết định khen thưởng; Award = một lượt được khen (dòng của phụ lục
quyết định, kèm giấy chứng nhận); TaskRating = xếp loại hoàn thành nhiệm vụ; Initiative = sáng
kiến; Discipline = kỷ luật / thanh tra / khiếu nại đang xem xét.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class Timing(models.TextChoices):
    YEARLY = "yearly", _("Hằng năm")
    MOVEMENT = "movement", _("Theo phong trào, chuyên đề")
    SUDDEN = "sudden", _("Đột xuất")


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
        return f"{self.amount:,} ({self.effective_from:%d/%m/%Y})"


class RuleOverride(models.Model):
    """A province's (or commune's) change to a default, for a unit subtree from a date on.

    `key` names what changes: an AwardType field (coefficient, vote_threshold_pct, notice_days),
    `rule:<code>` to switch an eligibility rule on/off or change its parameter, or a global
    setting (rounding, quorum_pct, tie_rule) when `award_type` is empty.
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
        NONE = 0, _("Không")
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


# --- Nominations ----------------------------------------------------------------------------


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    CHECKED = "checked", _("Đã thẩm định")
    IN_SESSION = "in_session", _("Đưa ra Hội đồng")
    PASSED = "passed", _("Hội đồng thông qua")
    NOT_PASSED = "not_passed", _("Không đạt")
    NOTICED = "noticed", _("Đang công khai")
    DECIDED = "decided", _("Đã có quyết định")
    WITHDRAWN = "withdrawn", _("Đã rút")


_S = NominationState
# Which states allow which step; the services move states with these, the pages show buttons by them.
NOMINATION_EDITABLE = (_S.DRAFT, _S.RETURNED)  # text and links may change; may be (re)sent
NOMINATION_TAKES_EVIDENCE = (_S.DRAFT, _S.RETURNED, _S.SUBMITTED)
NOMINATION_RETURNABLE = (_S.SUBMITTED, _S.ACCEPTED, _S.CHECKED)
NOMINATION_WITHDRAWABLE = (_S.DRAFT, _S.SUBMITTED, _S.RETURNED, _S.ACCEPTED, _S.CHECKED)


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
    check_result = models.JSONField(null=True, blank=True, editable=False)
    session = models.ForeignKey(
        "commendations.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    notice = models.ForeignKey(
        "commendations.Notice", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
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
        indexes = [models.Index(fields=["commune", "year", "state"])]
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


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"commendations/evidence/{instance.nomination_id}/{uuid.uuid4().hex}-{filename[-80:]}"


class Evidence(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.description or self.file.name


# --- Council, sessions and the secret ballot --------------------------------------------------


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
    STANDING = "standing", _("Ủy viên thường trực")
    SECRETARY = "secretary", _("Thư ký")
    MEMBER = "member", _("Ủy viên")


class CouncilMember(models.Model):
    council = models.ForeignKey(
        "units.Unit", verbose_name=_("hội đồng"), on_delete=models.CASCADE, related_name="council_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(
        _("vai trò"), max_length=20, choices=CouncilRole.choices, default=CouncilRole.MEMBER
    )
    active = models.BooleanField(_("đang là thành viên"), default=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="councilmember_unique")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class Session(models.Model):
    council = models.ForeignKey(
        "units.Unit", verbose_name=_("hội đồng"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tên phiên họp"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm xét"))
    held_on = models.DateField(_("ngày họp"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionState.choices, default=SessionState.DRAFT
    )
    paper = models.BooleanField(
        _("bỏ phiếu giấy"),
        default=False,
        help_text=_("Thư ký nhập số phiếu đồng ý của từng người, thành viên khác xác nhận."),
    )
    quorum_pct = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu (%)"), default=67)
    # A session "for a movement's review": its quotas default to the movement's CommendationQuota.
    review_period = models.ForeignKey(
        "movements.ReviewPeriod",
        verbose_name=_("đợt sơ kết, tổng kết của phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendation_sessions",
    )
    quota_individual = models.PositiveSmallIntegerField(_("số cá nhân tối đa"), null=True, blank=True)
    quota_collective = models.PositiveSmallIntegerField(_("số tập thể tối đa"), null=True, blank=True)
    quota_household = models.PositiveSmallIntegerField(_("số hộ tối đa"), null=True, blank=True)
    member_count = models.PositiveSmallIntegerField(default=0, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    paper_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paper_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Fixed when the session is created from the locality's "voting" setting, so a later change of
    # the setting never turns a secret session into an open one.
    secret = models.BooleanField(_("bỏ phiếu kín"), default=True, editable=False)
    minutes_document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("biên bản"),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_pct__gte=1, quorum_pct__lte=100), name="session_quorum_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def quota_for(self, kind: str) -> int | None:
        return {
            "individual": self.quota_individual,
            "collective": self.quota_collective,
            "household": self.quota_household,
        }.get(kind)


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("có mặt"), default=True)
    written_opinion = models.TextField(_("ý kiến bằng văn bản (thành viên vắng mặt)"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.member_id}"


class Participation(models.Model):
    """Who has cast a ballot in a session: nothing here says what they voted."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="participation_one_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.member_id}"


class Ballot(models.Model):
    """The content of one secret ballot: a random id, no voter, no time, no sequence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    agree = models.BooleanField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["ballot", "nomination"], name="ballotchoice_unique")]

    def __str__(self) -> str:
        return str(self.id)


class OpenVote(models.Model):
    """Open voting only (a locality's setting): who cast which ballot. A secret session has no rows here."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="open_votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="open_vote")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="openvote_one_per_member")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.member_id}"


class PaperCount(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="paper_counts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    agree = models.PositiveSmallIntegerField(_("số phiếu đồng ý"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="papercount_unique")]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.agree}"


class TallyOutcome(models.TextChoices):
    PASSED = "passed", _("Đạt")
    BELOW = "below", _("Không đủ ngưỡng")
    OVER_QUOTA = "over_quota", _("Ngoài chỉ tiêu")
    TIE = "tie", _("Bằng phiếu – chờ Chủ tịch quyết định")


class TallyLine(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tally")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="tally_lines")
    agree = models.PositiveSmallIntegerField()
    disagree = models.PositiveSmallIntegerField()
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    threshold_pct = models.PositiveSmallIntegerField()
    rank = models.PositiveSmallIntegerField(null=True)
    outcome = models.CharField(max_length=20, choices=TallyOutcome.choices)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["session", "nomination__recipient_kind", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="tallyline_unique")]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.agree}"

    @property
    def tone(self) -> str:
        """The badge colour of the outcome on the session page: passed, tied, or out."""
        return {TallyOutcome.PASSED: "ok", TallyOutcome.TIE: "warn"}.get(self.outcome, "bad")


# --- Public notice and objections ------------------------------------------------------------


class Notice(models.Model):
    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("tiêu đề"), max_length=255)
    starts_on = models.DateField(_("công khai từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    created_at = models.DateTimeField(auto_now_add=True)
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thông báo"),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="notice_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Chưa xử lý")
        UPHELD = "upheld", _("Có cơ sở")
        DISMISSED = "dismissed", _("Không có cơ sở")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("họ và tên"), max_length=150)
    contact = models.CharField(_("điện thoại hoặc địa chỉ liên hệ"), max_length=150)
    text = models.TextField(_("nội dung"))
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("kết quả xử lý"), max_length=20, choices=State.choices, default=State.OPEN)
    resolution = models.TextField(_("nội dung xử lý"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"

    @property
    def is_open(self) -> bool:
        return self.state == Objection.State.OPEN

    @property
    def is_upheld(self) -> bool:
        return self.state == Objection.State.UPHELD


# --- Decisions, awards (certificates), annulment ------------------------------------------------


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
    import secrets

    return secrets.token_urlsafe(18)


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
