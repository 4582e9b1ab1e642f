import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.people.models import Category, Gender
from thidua.units.models import Unit


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    category = forms.ChoiceField(label=_("Đối tượng"), choices=Category.choices, initial=Category.CITIZEN)
    unit = forms.ModelChoiceField(label=_("Nơi sinh hoạt (xã, ấp)"), queryset=Unit.objects.none())
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Đơn vị này không thuộc phạm vi bạn quản lý."
        )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Họ và tên quá ngắn."))
        return name

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= dt.date.today().year:
            raise forms.ValidationError(
                _("Năm sinh phải từ 1900 đến %(year)s.") % {"year": dt.date.today().year}
            )
        return year

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace(".", "")
        if phone and not phone.lstrip("+").isdigit():
            raise forms.ValidationError(_("Số điện thoại chỉ gồm chữ số."))
        return phone


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    only_valid = forms.BooleanField(
        label=_("Chỉ nhập các dòng hợp lệ, bỏ qua các dòng có lỗi"), required=False
    )
