from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.units.models import Unit, UnitKind


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Mã"), max_length=40, required=False)

    def __init__(self, *args, instance: Unit | None = None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["kind"].disabled = True

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Vui lòng nhập tên đơn vị."))
        return name

    def clean_code(self):
        # Whether the code is free is the service's rule (`units.services.unit_create/unit_update`).
        return self.cleaned_data["code"].strip() or None
