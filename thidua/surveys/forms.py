"""Forms parse and validate input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.surveys.services import default_set


class SurveyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    title = forms.CharField(label=_("Tên cuộc khảo sát"), max_length=255)
    period_start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    services = forms.CharField(
        label=_("Dịch vụ, thủ tục (mỗi dòng một mục)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Để trống để dùng danh sách mặc định."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        only = list(units[:2])
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk
        self.fields["services"].initial = "\n".join(default_set()["services"])

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class ResponseForm(forms.Form):
    """The public questionnaire: a 1–5 choice per question, the service used, free text."""

    service = forms.ChoiceField(label=_("Bạn đã sử dụng dịch vụ, thủ tục nào?"))
    expectations = forms.CharField(
        label=_("Bạn mong đợi cơ quan cải thiện điều gì?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.CharField(
        label=_("Góp ý khác"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Honeypot: hidden from people by CSS; a bot that fills it is refused.
    website = forms.CharField(required=False, label=_("Để trống ô này"))

    def __init__(self, *args, survey, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("— Chọn —"))] + [(s, s) for s in survey.service_list]
        scale = [(int(k), f"{k} – {v}") for k, v in default_set()["scale"].items()]
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Vui lòng chọn mức hài lòng.")},
            )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Không gửi được phiếu."))
        return ""

    def groups(self):
        """(element label, [bound fields]) in question order, for the template."""
        result: list[tuple[str, list]] = []
        for question in self.questions:
            label = question.get_element_display()
            if not result or result[-1][0] != label:
                result.append((label, []))
            result[-1][1].append(self[f"q{question.pk}"])
        return result

    def scores(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}
