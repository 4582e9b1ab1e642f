"""The admin's form for a new token: parsed and validated here, made by `services.api_token_create`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.api.models import ApiToken
from thidua.units.models import Unit


class TokenForm(forms.Form):
    label = forms.CharField(
        label=_("Tên hệ thống dùng mã"),
        max_length=ApiToken._meta.get_field("label").max_length,
        help_text=_("Ví dụ: Phần mềm báo cáo của Ấp Mỹ Hòa. Nhật ký ghi tên này là người thực hiện."),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("Mã đọc được đơn vị này và mọi đơn vị trực thuộc, không đọc được đơn vị khác."),
    )
    report_figures = forms.BooleanField(
        label=_("Được gửi số liệu của các chỉ tiêu (ngoài việc đọc)"),
        required=False,
        help_text=_("Để trống nếu hệ thống chỉ đọc dữ liệu."),
    )
    expires_on = forms.DateField(
        label=_("Hết hạn ngày"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Để trống nếu mã không tự hết hạn."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
