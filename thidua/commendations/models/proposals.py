"""A commune's proposal to the province (hồ sơ đề nghị khen thưởng cấp tỉnh): the dossier that groups
the commune's nominations for the province's awards and carries the state of the whole.

Each line is an ordinary `Nomination` whose deciding unit (`commune`) is the province and whose
proposing unit (`unit`) is the commune; the province's council votes on them in an ordinary
`Session` of its council and the province chairman signs an ordinary `Decision` of the province.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Đang lập hồ sơ")
    SUBMITTED = "submitted", _("Đã gửi tỉnh")
    RETURNED = "returned", _("Tỉnh trả lại")
    RESUBMITTED = "resubmitted", _("Đã gửi lại")
    RECEIVED = "received", _("Tỉnh đã tiếp nhận đủ hồ sơ")
    APPRAISED = "appraised", _("Đã thẩm định")
    IN_COUNCIL = "in_council", _("Trình Hội đồng tỉnh")
    DECIDED = "decided", _("Đã có quyết định")
    # Every line voted down, refused at appraisal or withdrawn: the dossier ends with no award.
    CLOSED = "closed", _("Kết thúc, không khen thưởng")


_P = ProposalState
# The commune may change the dossier while it is with the commune.
PROPOSAL_EDITABLE = (_P.DRAFT, _P.RETURNED)
# Waiting for the province to receive it (or return it).
PROPOSAL_WAITING = (_P.SUBMITTED, _P.RESUBMITTED)
# Where the appraisal time limit runs.
PROPOSAL_APPRAISING = (_P.RECEIVED,)
# The order the commune's page shows the steps in.
PROPOSAL_STEPS = (_P.DRAFT, _P.SUBMITTED, _P.RECEIVED, _P.APPRAISED, _P.IN_COUNCIL, _P.DECIDED)
# The dossier has ended: with a decision, or with none of its lines awarded.
PROPOSAL_ENDED = (_P.DECIDED, _P.CLOSED)


class Proposal(models.Model):
    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("xã đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh xét khen"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm xét"))
    title = models.CharField(_("trích yếu"), max_length=255)
    state = models.CharField(_("trạng thái"), max_length=20, choices=ProposalState.choices, default=_P.DRAFT)
    # The form that created it carries this key: a double click or a second tab makes one proposal.
    form_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The dossier (Decree 152/2025): the commune's Tờ trình (Mẫu 01), the council's minutes.
    submission_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("tờ trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("biên bản họp Hội đồng Thi đua – Khen thưởng xã"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    # Days after the province's yearly deadline (`proposal_deadline`) the dossier was first sent; 0 on
    # time. A late dossier is still received (the province decides what to do with it); a return
    # and a second sending do not change it.
    late_days = models.PositiveSmallIntegerField(_("số ngày gửi sau hạn"), default=0)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_on = models.DateField(_("ngày trả lại"), null=True, blank=True)
    received_on = models.DateField(_("ngày tiếp nhận đủ hồ sơ"), null=True, blank=True)
    appraisal_due = models.DateField(_("hạn thẩm định"), null=True, blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    close_reason = models.TextField(_("lý do kết thúc"), blank=True)
    session = models.ForeignKey(
        "commendations.Session",
        verbose_name=_("phiên họp Hội đồng tỉnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    decision = models.ForeignKey(
        "commendations.Decision",
        verbose_name=_("quyết định khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng cấp tỉnh")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng cấp tỉnh")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["province", "state"]), models.Index(fields=["commune", "year"])]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="proposal_year_range"),
            models.CheckConstraint(
                condition=~Q(state__in=["returned"]) | ~Q(return_reason=""), name="proposal_return_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in PROPOSAL_EDITABLE

    @property
    def is_waiting(self) -> bool:
        return self.state in PROPOSAL_WAITING

    @property
    def is_ended(self) -> bool:
        return self.state in PROPOSAL_ENDED
