"""Forms of the archive pages: parse and validate only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"})


class RuleForm(forms.Form):
    doc_type = forms.CharField(label=_("Loại văn bản"), max_length=40)
    years = forms.IntegerField(
        label=_("Thời hạn bảo quản (năm)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Để trống nếu bảo quản vĩnh viễn."),
    )
    basis = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)


class AppraisalForm(forms.Form):
    reference = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=100)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandoverForm(forms.Form):
    year = forms.IntegerField(label=_("Năm của hồ sơ"), min_value=1900, max_value=2999)
    handed_on = forms.DateField(label=_("Ngày giao nộp"), widget=DATE)
    archive = forms.CharField(label=_("Lưu trữ nhận"), max_length=200, initial=_("Lưu trữ cơ quan"))
    reference = forms.CharField(label=_("Biên bản giao nhận số"), max_length=100)
