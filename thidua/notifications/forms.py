from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    digest = forms.BooleanField(
        label=_("Nhận thư tổng hợp hằng ngày các việc đang chờ"),
        required=False,
    )
