"""The council (Hội đồng TĐKT), its sessions, attendance, the secret or open ballot, paper counts
and the tally of each session."""

import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models.nominations import Nomination


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
    # The quorum as an exact fraction of the council's members (2/3 by default; 80 % is 4/5): a
    # percentage such as 67 would refuse 6 of 9 members, who are exactly two thirds.
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu (tử số)"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu (mẫu số)"), default=3)
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
    # A secret session's ballot box while the vote is open (`ballot_box.BoxDescription`: salt, public
    # key, cost); emptied at close, so the key can never be derived again from what the server keeps.
    ballot_box = models.JSONField(null=True, blank=True, editable=False)
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
                condition=Q(quorum_numerator__gte=1, quorum_numerator__lte=models.F("quorum_denominator")),
                name="session_quorum_share_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quorum_share(self) -> Fraction:
        """The share of members that must be present (rules.quorum_needed rounds it up)."""
        return Fraction(self.quorum_numerator, self.quorum_denominator)

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


class SealedBallot(models.Model):
    """A secret ballot while the vote is open: sealed with the session's public key, so its content
    is unreadable without the chair's passphrase. No voter, no time, no link to a participation;
    opened, counted and deleted at close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="sealed_ballots")
    box = models.BinaryField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class Ballot(models.Model):
    """The content of one ballot in clear: an open vote as cast, or a secret ballot once opened at
    close (written in shuffled order, in the close's own transaction). A random id, no voter, no time."""

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
