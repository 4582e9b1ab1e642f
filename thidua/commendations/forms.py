"""Forms parse and validate input only; the services decide."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models import AwardLevel, AwardType, Objection
from thidua.commendations.rules import parse_share
from thidua.files.forms import UploadField
from thidua.movements.fields import MovementChoiceField, ReviewPeriodChoiceField
from thidua.people.widgets import PersonPicker
from thidua.signatures.models import SigningKey


class MovementLinkMixin:
    """The movement a nomination comes under and one of its yearly / final reviews (both optional)."""

    def _link_fields(self, movements, periods) -> None:
        self.fields["movement"].queryset = movements
        self.fields["review_period"].queryset = periods

    def _clean_link(self, data: dict) -> None:
        movement, period = data.get("movement"), data.get("review_period")
        if period is not None and movement is None:
            data["movement"] = period.movement
        elif period is not None and period.movement_id != movement.pk:
            self.add_error(
                "review_period",
                _("Đợt “%(p)s” không thuộc phong trào “%(m)s”.") % {"p": period.name, "m": movement.name},
            )


MOVEMENT_LABEL = _("Theo phong trào thi đua")
MOVEMENT_HELP = _("Để trống nếu đề nghị không theo phong trào nào.")
PERIOD_LABEL = _("Đợt sơ kết năm / tổng kết phong trào")
PERIOD_HELP = _("Năm của đợt phải trùng năm xét.")


class NominationForm(MovementLinkMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đề nghị"), queryset=None)
    award_type = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức"),
        # The commune decides its own awards only; the province's are proposed in a Proposal.
        queryset=AwardType.objects.filter(active=True, level=AwardLevel.COMMUNE),
    )
    year = forms.IntegerField(label=_("Năm xét"), min_value=2000, max_value=2100)
    person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=None, required=False, widget=PersonPicker)
    collective = forms.ModelChoiceField(label=_("Tập thể"), queryset=None, required=False)
    household = forms.ModelChoiceField(label=_("Hộ gia đình"), queryset=None, required=False)
    movement = MovementChoiceField(
        label=MOVEMENT_LABEL, queryset=None, required=False, help_text=MOVEMENT_HELP
    )
    review_period = ReviewPeriodChoiceField(
        label=PERIOD_LABEL, queryset=None, required=False, help_text=PERIOD_HELP
    )
    achievement = forms.CharField(label=_("Báo cáo thành tích"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, units, people, collectives, households, movements, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self._link_fields(movements, periods)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = people
        self.fields["collective"].queryset = collectives
        self.fields["household"].queryset = households
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        award = data.get("award_type")
        if award:
            field = {"individual": "person", "collective": "collective", "household": "household"}[
                award.recipient_kind
            ]
            if not data.get(field):
                self.add_error(
                    field,
                    _("Danh hiệu này xét cho %(kind)s: hãy chọn.")
                    % {"kind": award.get_recipient_kind_display().lower()},
                )
        self._clean_link(data)
        return data


class NominationEditForm(MovementLinkMixin, forms.Form):
    movement = MovementChoiceField(
        label=MOVEMENT_LABEL, queryset=None, required=False, help_text=MOVEMENT_HELP
    )
    review_period = ReviewPeriodChoiceField(
        label=PERIOD_LABEL, queryset=None, required=False, help_text=PERIOD_HELP
    )
    achievement = forms.CharField(
        label=_("Báo cáo thành tích"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Nhập báo cáo thành tích.")},
    )

    def __init__(self, *args, movements, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self._link_fields(movements, periods)

    def clean(self):
        data = super().clean()
        self._clean_link(data)
        return data


class ReturnForm(forms.Form):
    # Not required here: the service refuses an empty reason after checking who is asking.
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EvidenceForm(forms.Form):
    # Checked by content, not by name (`thidua.files.content`).
    file = UploadField(label=_("Tệp minh chứng"))
    description = forms.CharField(label=_("Mô tả"), max_length=255, required=False)


class SessionForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Hội đồng"), queryset=None)
    title = forms.CharField(label=_("Tên phiên họp"), max_length=255)
    year = forms.IntegerField(label=_("Năm xét"), min_value=2000, max_value=2100)
    held_on = forms.DateField(label=_("Ngày họp"), widget=forms.DateInput(attrs={"type": "date"}))
    paper = forms.BooleanField(label=_("Bỏ phiếu giấy"), required=False)
    quorum = forms.CharField(
        label=_("Tỷ lệ có mặt tối thiểu"),
        max_length=10,
        required=False,
        help_text=_("Một phân số như 2/3 hoặc một tỷ lệ phần trăm như 80%; để trống: theo quy định (2/3)."),
    )
    quota_individual = forms.IntegerField(label=_("Số cá nhân tối đa"), min_value=0, required=False)
    quota_collective = forms.IntegerField(label=_("Số tập thể tối đa"), min_value=0, required=False)
    quota_household = forms.IntegerField(label=_("Số hộ tối đa"), min_value=0, required=False)
    review_period = ReviewPeriodChoiceField(
        label=_("Xét cho đợt sơ kết / tổng kết của phong trào"),
        queryset=None,
        required=False,
        help_text=_("Chỉ tiêu để trống sẽ lấy theo số lượng khen thưởng mỗi kỳ của phong trào."),
    )

    field_order = ["council", "title", "year", "held_on", "review_period"]

    def __init__(self, *args, councils, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["review_period"].queryset = periods
        self.fields["year"].initial = timezone.localdate().year
        self.fields["held_on"].initial = timezone.localdate()

    def clean_quorum(self):
        value = self.cleaned_data["quorum"].strip()
        if not value:
            return None
        try:
            return parse_share(value)
        except (ValueError, ZeroDivisionError) as exc:
            raise forms.ValidationError(
                _("Nhập một phân số như 2/3 hoặc một tỷ lệ phần trăm từ 1 đến 100.")
            ) from exc


class NoticeForm(forms.Form):
    # No start date: the notice runs from the day it is published (services.notice_publish).
    title = forms.CharField(label=_("Tiêu đề"), max_length=255, required=False)


class ObjectionForm(forms.Form):
    nomination = forms.TypedChoiceField(
        label=_("Về người / tập thể"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=150)
    contact = forms.CharField(label=_("Điện thoại hoặc địa chỉ liên hệ"), max_length=150)
    text = forms.CharField(
        label=_("Nội dung ý kiến"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    # Honeypot: hidden from people by CSS; a bot that fills it is refused.
    website = forms.CharField(required=False, label=_("Để trống ô này"))

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", _("— Chung cho cả danh sách —"))] + [
            (n.pk, f"{n.recipient_name} – {n.award_type.name}") for n in nominations
        ]

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Không gửi được ý kiến."))
        return ""


class ResolveForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Kết quả"), choices=[c for c in Objection.State.choices if c[0] != "open"]
    )
    resolution = forms.CharField(label=_("Nội dung xử lý"), widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Ngày ký"), widget=forms.DateInput(attrs={"type": "date"}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    # Shown only when the commune has signing keys: the decision is then also signed digitally.
    key = forms.ModelChoiceField(
        label=_("Ký số bằng khóa"),
        queryset=SigningKey.objects.none(),
        required=False,
        empty_label=_("(không ký số)"),
    )
    secret = forms.CharField(
        label=_("Mật khẩu tệp khóa hoặc mã PIN"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
        required=False,
        help_text=_("Dùng một lần để ký số, không được lưu."),
    )

    def __init__(self, *args, keys=None, **kwargs):
        super().__init__(*args, **kwargs)
        if keys is None or not keys.exists():
            del self.fields["key"], self.fields["secret"]
        else:
            self.fields["key"].queryset = keys


class AnnulForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 3}))
    annul_decision = forms.CharField(label=_("Số quyết định hủy"), max_length=120)
    annulled_on = forms.DateField(
        label=_("Ngày hủy"), widget=forms.DateInput(attrs={"type": "date"}), initial=dt.date.today
    )


# --- Council session steps: the forms only read ids and numbers; the services decide ---------

BAD_DATA = _("Dữ liệu gửi lên không hợp lệ.")


class IdsField(forms.Field):
    """A list of record ids from checkboxes or hidden inputs of the same name."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(BAD_DATA) from exc


class AgendaForm(forms.Form):
    nomination = IdsField(required=False)

    def clean(self):
        return {"nominations": self.cleaned_data.get("nomination", [])}


class NomineeForm(forms.Form):
    """One nominee of the session's agenda (to take off the agenda)."""

    nomination = forms.IntegerField(error_messages={"required": BAD_DATA, "invalid": BAD_DATA})


class TieForm(NomineeForm):
    """The chair's choice for a nominee tied at the quota cut: "1" chooses, "0" does not."""

    passed = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class AttendanceForm(forms.Form):
    """Who is present (checkbox `present` per member) and the written opinion of each absent member
    (`opinion-<member id>`)."""

    present = IdsField(required=False)

    def __init__(self, *args, member_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.member_ids = member_ids
        for pk in member_ids:
            self.fields[f"opinion-{pk}"] = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        return {
            "present_ids": set(data.get("present", [])),
            "opinions": {pk: data.get(f"opinion-{pk}", "") for pk in self.member_ids},
        }


PAPER_COUNT_NEEDED = _("Nhập số phiếu đồng ý cho từng người (số nguyên).")


class PaperCountsForm(forms.Form):
    """The agree count of each nominee on the paper ballots (`count-<nomination id>`)."""

    def __init__(self, *args, nomination_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination_ids = nomination_ids
        for pk in nomination_ids:
            self.fields[f"count-{pk}"] = forms.IntegerField(
                error_messages={"required": PAPER_COUNT_NEEDED, "invalid": PAPER_COUNT_NEEDED}
            )

    def clean(self):
        data = super().clean()
        return {"counts": {pk: data[f"count-{pk}"] for pk in self.nomination_ids if f"count-{pk}" in data}}


BALLOT_MISMATCH = _("Phiếu không khớp với danh sách đề nghị của phiên họp; hãy tải lại trang.")
BALLOT_BAD_VALUE = _("Mỗi người trên phiếu chỉ được chọn “Đồng ý” hoặc “Không đồng ý”.")
BALLOT_VALUES = {"agree": True, "disagree": False}


def ballot_choices(data) -> dict[int, bool]:
    """Agree / disagree per nominee (`n-<nomination id>` = "agree" or "disagree") from the ballot
    form; any other value is refused. A nominee left unanswered is simply absent: the service
    refuses the ballot and names them."""
    choices = {}
    for key, value in data.items():
        if key.startswith("n-"):
            try:
                nomination_id = int(key[2:])
            except ValueError as exc:
                raise forms.ValidationError(BALLOT_MISMATCH) from exc
            if value not in BALLOT_VALUES:
                raise forms.ValidationError(BALLOT_BAD_VALUE)
            choices[nomination_id] = BALLOT_VALUES[value]
    return choices


class SessionOpenForm(forms.Form):
    """Starting the vote: a secret electronic session takes the chair's ballot-box passphrase, twice."""

    passphrase = forms.CharField(
        label=_("Cụm mật khẩu hòm phiếu"), required=False, widget=forms.PasswordInput
    )
    passphrase_again = forms.CharField(
        label=_("Nhập lại cụm mật khẩu"), required=False, widget=forms.PasswordInput
    )

    def clean(self):
        data = super().clean()
        if data.get("passphrase", "") != data.get("passphrase_again", ""):
            raise forms.ValidationError(_("Hai lần nhập cụm mật khẩu hòm phiếu không khớp nhau."))
        return {"passphrase": data.get("passphrase", "")}


class SessionRevoteForm(SessionOpenForm):
    """Voting again into a new box when the chair's passphrase is lost: why, and the new passphrase twice."""

    reason = forms.CharField(label=_("Lý do bỏ phiếu lại"), max_length=500)
    confirm = forms.BooleanField(
        error_messages={
            "required": _(
                "Đánh dấu ô xác nhận: các phiếu đã bỏ sẽ bị hủy mà không ai đọc được, mọi thành viên bỏ phiếu lại."
            )
        }
    )

    def clean(self):
        passphrase = super().clean()["passphrase"]
        return {"passphrase": passphrase, "reason": self.cleaned_data.get("reason", "")}


class SessionCloseForm(forms.Form):
    """Closing the vote: the chair ticks the confirmation (and opens a secret box with its passphrase)."""

    confirm = forms.BooleanField(
        error_messages={
            "required": _(
                "Đánh dấu ô xác nhận để kết thúc bỏ phiếu: sau khi kết thúc không ai bỏ phiếu được nữa."
            )
        }
    )
    passphrase = forms.CharField(
        label=_("Cụm mật khẩu hòm phiếu"), required=False, widget=forms.PasswordInput
    )

    def clean(self):
        data = super().clean()
        return {"passphrase": data.get("passphrase", "")}


# --- Proposals up the chain ----------------------------------------------------------------


class ProposalForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Xã đề nghị"), queryset=None)
    year = forms.IntegerField(label=_("Năm xét"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=255,
        required=False,
        help_text=_("Để trống: “Đề nghị khen thưởng cấp tỉnh năm …”."),
    )
    # One form, one proposal: a double click or a second tab sends the same key.
    form_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["year"].initial = timezone.localdate().year


class ProposalLineForm(forms.Form):
    award_type = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức cấp tỉnh"),
        queryset=AwardType.objects.filter(active=True, level=AwardLevel.PROVINCE),
    )
    person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=None, required=False, widget=PersonPicker)
    collective = forms.ModelChoiceField(label=_("Tập thể"), queryset=None, required=False)
    household = forms.ModelChoiceField(label=_("Hộ gia đình"), queryset=None, required=False)
    achievement = forms.CharField(
        label=_("Tóm tắt thành tích"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Nhập tóm tắt thành tích.")},
    )

    def __init__(self, *args, people, collectives, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["collective"].queryset = collectives
        self.fields["household"].queryset = households

    def clean(self):
        data = super().clean()
        award = data.get("award_type")
        if award:
            field = {"individual": "person", "collective": "collective", "household": "household"}[
                award.recipient_kind
            ]
            if not data.get(field):
                self.add_error(
                    field,
                    _("Danh hiệu này xét cho %(kind)s: hãy chọn.")
                    % {"kind": award.get_recipient_kind_display().lower()},
                )
        return data


class MinutesForm(forms.Form):
    file = UploadField(label=_("Biên bản họp Hội đồng Thi đua – Khen thưởng xã"))


class AppraiseForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến thẩm định"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProposalCouncilForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Phiên họp Hội đồng tỉnh"), queryset=None)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class DecisionFilesInput(forms.ClearableFileInput):
    """Several decisions at once, or a .zip of a folder of them."""

    allow_multiple_selected = True


class DecisionFilesField(forms.FileField):
    """Past decisions (.docx, .pdf, .txt) or a .zip of them; each no larger than the upload limit.
    Their content is read by the service (`history_import`)."""

    widget = DecisionFilesInput

    def clean(self, data, initial=None):
        from thidua.lib.limits import Limits, max_upload_bytes

        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        limit = max_upload_bytes()
        total = Limits.current().uncompressed_bytes
        if sum(f.size for f in files) > total:
            raise forms.ValidationError(
                _("Các tệp cộng lại lớn hơn %(mb)s MB; hãy chia làm nhiều lần tải lên.")
                % {"mb": total // (1024 * 1024)},
                code="too_large",
            )
        for f in files:
            if f.size > limit:
                raise forms.ValidationError(
                    _("Tệp “%(name)s” lớn hơn %(mb)s MB.") % {"name": f.name, "mb": limit // (1024 * 1024)},
                    code="too_large",
                )
        return [super(DecisionFilesField, self).clean(f, initial) for f in files]


class HistoryUploadForm(forms.Form):
    files = DecisionFilesField(
        label=_("Các quyết định khen thưởng cũ"),
        widget=DecisionFilesInput(attrs={"accept": ".docx,.pdf,.txt,.zip"}),
        help_text=_(
            "Chọn một hay nhiều tệp .docx, .pdf, .txt, hoặc một tệp .zip chứa cả thư mục quyết định. "
            "Danh sách kèm theo mỗi quyết định được đọc để đối chiếu, chưa ghi gì cho đến khi bạn xác nhận."
        ),
    )


def history_choices(data, rows) -> dict:
    """The officer's choice for each row of a review form (`person-<id>`, `award_type-<id>`,
    `gender-<id>`, `collective-<id>`), parsed only; the service checks them."""
    from thidua.commendations.services.history_import import RowChoice

    def number(value: str) -> int | None:
        return int(value) if value and value.isdigit() else None

    return {
        row.pk: RowChoice(
            person=(data.get(f"person-{row.pk}") or "").strip(),
            award_type=number(data.get(f"award_type-{row.pk}") or ""),
            gender=(data.get(f"gender-{row.pk}") or "").strip(),
            collective=number(data.get(f"collective-{row.pk}") or ""),
        )
        for row in rows
    }
