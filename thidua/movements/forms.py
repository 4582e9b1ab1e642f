"""Parsing and validating movement input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.files.forms import UploadField
from thidua.lib.forms import VietnameseDecimalField, YesNoField
from thidua.lib.vn import format_figure
from thidua.movements.models import Cadence, Direction, Indicator, Movement, MovementKind, RecipientKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

MOVEMENT_FORM_FIELDS = (
    "name",
    "kind",
    "plan_number",
    "plan_date",
    "period_start",
    "period_end",
    "cadence",
    "report_grace_days",
    "legal_bases",
    "preamble",
    "purposes",
    "content_items",
    "form_and_time",
    "commendation_text",
    "programmes",
    "recipients",
    "criteria_set",
)


class MovementForm(forms.ModelForm):
    quota_collective = forms.IntegerField(label=_("Số tập thể được khen mỗi kỳ"), min_value=0, required=False)
    quota_individual = forms.IntegerField(label=_("Số cá nhân được khen mỗi kỳ"), min_value=0, required=False)
    quota_household = forms.IntegerField(
        label=_("Số hộ gia đình được khen mỗi kỳ"), min_value=0, required=False
    )
    awards = forms.CharField(
        label=_("Hình thức khen thưởng"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Giấy khen của Chủ tịch UBND xã"),
    )

    class Meta:
        model = Movement
        fields = MOVEMENT_FORM_FIELDS
        widgets = {
            "plan_date": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "legal_bases": forms.Textarea(attrs={"rows": 3}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "purposes": forms.Textarea(attrs={"rows": 5}),
            "content_items": forms.Textarea(attrs={"rows": 5}),
            "form_and_time": forms.Textarea(attrs={"rows": 3}),
            "commendation_text": forms.Textarea(attrs={"rows": 3}),
            "programmes": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(label=_("Đơn vị phát động"), queryset=units)
            self.order_fields(["unit"])
        self.fields["kind"].choices = MovementKind.choices
        self.fields["cadence"].choices = Cadence.choices

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def quotas(self) -> list[tuple[str, int]]:
        return [
            (RecipientKind.COLLECTIVE, self.cleaned_data.get("quota_collective") or 0),
            (RecipientKind.INDIVIDUAL, self.cleaned_data.get("quota_individual") or 0),
            (RecipientKind.HOUSEHOLD, self.cleaned_data.get("quota_household") or 0),
        ]


class PledgeForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.all(), required=False)
    value = VietnameseDecimalField(label=_("Giá trị đăng ký"), min_value=0, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("indicator") and data.get("value") is None:
            self.add_error("value", _("Hãy nhập giá trị cho chỉ tiêu đã chọn."))
        if data.get("value") is not None and not data.get("indicator"):
            self.add_error("indicator", _("Hãy chọn chỉ tiêu."))
        return data


PledgeFormSet = forms.formset_factory(PledgeForm, extra=3, max_num=20)


class CommitmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đăng ký"), queryset=None)
    year = forms.IntegerField(label=_("Năm"))
    titles = forms.CharField(
        label=_("Danh hiệu đăng ký (mỗi dòng một danh hiệu)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Ấp văn hóa\nTập thể lao động tiên tiến"}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].error_messages["invalid_choice"] = _("Bạn không đăng ký được cho đơn vị này.")


class ResultsPublicForm(forms.Form):
    public = forms.BooleanField(label=_("Công bố kết quả cho các đơn vị tham gia"), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TargetForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    indicator = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.all())
    year = forms.IntegerField(label=_("Năm"))
    value = VietnameseDecimalField(label=_("Giá trị chỉ tiêu"), min_value=0)
    baseline = VietnameseDecimalField(label=_("Giá trị gốc của đơn vị"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class IndicatorForm(forms.ModelForm):
    baseline = VietnameseDecimalField(label=_("Giá trị gốc"), required=False)

    class Meta:
        model = Indicator
        fields = ("name", "measure", "direction", "baseline")


class FiguresImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    only_valid = forms.BooleanField(label=_("Chỉ nhập các dòng hợp lệ, bỏ qua dòng lỗi"), required=False)


CONFIRM_LABEL = _("Tôi xác nhận số liệu này đúng")


def report_form(targets, data=None, files=None, initial_values=None, *, confirm: bool = False):
    """One value per target of the unit in the period (Có / Không for a yes/no indicator), a note
    and the evidence; with `confirm`, the box that lets implausible figures be saved."""
    form = forms.Form(data, files)
    initial_values = initial_values or {}
    for target in targets:
        indicator = target.indicator
        name, initial = f"value_{target.pk}", initial_values.get(target.pk)
        if indicator.direction == Direction.YES_NO:
            form.fields[name] = YesNoField(label=indicator.name, required=False, initial=initial)
            continue
        help_text = _("Chỉ tiêu: %(value)s %(measure)s") % {
            "value": format_figure(target.value),
            "measure": indicator.measure,
        }
        form.fields[name] = VietnameseDecimalField(
            label=indicator.name, required=False, min_value=0, help_text=help_text.strip(), initial=initial
        )
    form.fields["note"] = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    form.fields["evidence"] = UploadField(label=_("Minh chứng (ảnh, văn bản)"), required=False)
    if confirm:
        add_confirm(form)
    return form


def add_confirm(form: forms.Form) -> None:
    """The box ticked to save figures that look wrong but are right."""
    form.fields["confirm"] = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class DutyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=None)
    text = forms.CharField(label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    due_date = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CovenantForm(forms.Form):
    name = forms.CharField(label=_("Tên giao ước"), max_length=255)
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, widget=DATE)
    content = forms.CharField(
        label=_("Nội dung giao ước"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị ký giao ước"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn các đơn vị ký giao ước.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units

    def clean_units(self):
        units = self.cleaned_data["units"]
        if len(units) < 2:
            raise forms.ValidationError(_("Giao ước thi đua cần ít nhất hai đơn vị."))
        return units


class CommitmentsImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    year = forms.IntegerField(label=_("Năm"))
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), required=False)
    only_valid = forms.BooleanField(label=_("Chỉ nhập các dòng hợp lệ, bỏ qua dòng lỗi"), required=False)

    def __init__(self, *args, units, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.movement = movement

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not self.movement.period_start.year <= year <= self.movement.period_end.year:
            raise forms.ValidationError(_("Năm đăng ký phải nằm trong thời gian của phong trào."))
        return year


class PlanUploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện kế hoạch"), queryset=None)
    file = forms.FileField(
        label=_("Kế hoạch nhận từ cấp trên (.docx, .pdf hoặc .txt)"),
        error_messages={"required": _("Chọn tệp kế hoạch để tải lên.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DutyDraftForm(forms.Form):
    """One duty read from a received plan; a row without a unit is left out."""

    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=None, required=False)
    text = forms.CharField(
        label=_("Nhiệm vụ"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    due_date = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("unit") and not (data.get("text") or "").strip():
            self.add_error("text", _("Hãy ghi nội dung nhiệm vụ."))
        return data


DutyDraftFormSet = forms.formset_factory(DutyDraftForm, extra=1, max_num=60)
