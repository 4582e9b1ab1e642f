"""Citizen satisfaction surveys of administrative services (SIPAS, Decision 1001/QĐ-BNV).

Glossary: Survey = cuộc khảo sát sự hài lòng; Element = yếu tố (five in SIPAS); Question = tiêu chí;
Response = phiếu khảo sát of one citizen; Answer = the 1–5 satisfaction score given to one question.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Element(models.TextChoices):
    ACCESS = "access", _("Tiếp cận dịch vụ")
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    CIVIL_SERVANT = "civil_servant", _("Công chức trực tiếp giải quyết công việc")
    RESULT = "result", _("Kết quả giải quyết công việc")
    FEEDBACK = "feedback", _("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang nhận phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class Survey(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("tên cuộc khảo sát"), max_length=255)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    services = models.TextField(_("dịch vụ, thủ tục (mỗi dòng một mục)"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                name="survey_period_ordered", condition=Q(period_end__gte=F("period_start"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    element = models.CharField(_("yếu tố"), max_length=20, choices=Element.choices)
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("tiêu chí"), max_length=255)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    service = models.CharField(_("dịch vụ đã sử dụng"), max_length=255)
    expectations = models.TextField(_("mong đợi"), blank=True)
    comments = models.TextField(_("góp ý"), blank=True)
    client_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The results page lists the newest comments a page at a time: read in this order, the
        # database stops after a page instead of sorting every response of the survey.
        indexes = [models.Index(fields=["survey", "created_at", "id"], name="response_survey_newest")]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(_("mức hài lòng"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(name="answer_score_1_to_5", condition=Q(score__gte=1, score__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"


# --- counts kept as responses arrive ----------------------------------------------------------
# The results page reads these (questions × 5 scores, plus one row per service used) instead of
# every answer: `response_submit` increments them in the response's own transaction, and
# `thidua surveys-recount` rebuilds them from the answers.


class ScoreCount(models.Model):
    """How many answers gave `score` to `question`."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="score_counts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="score_counts")
    score = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "score"], name="score_count_unique"),
            models.CheckConstraint(name="score_count_1_to_5", condition=Q(score__gte=1, score__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.score}: {self.n}"


class ServiceCount(models.Model):
    """How many responses named `service` as the one they used; their sum is the response count."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="service_counts")
    service = models.CharField(max_length=255)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "service"], name="service_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.n}"
