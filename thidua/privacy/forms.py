from django import forms
from django.utils.translation import gettext_lazy as _


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do, căn cứ"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: theo đơn yêu cầu của người có dữ liệu ngày …"),
    )
    full = forms.BooleanField(
        label=_("Xóa cả họ tên (chỉ được khi chưa có tên trong quyết định, hồ sơ khen thưởng nào)"),
        required=False,
    )
