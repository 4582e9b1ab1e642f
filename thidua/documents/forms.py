from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.documents.reader import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản"), help_text=_("Tệp .docx, .pdf có lớp chữ, hoặc .txt; tối đa 10 MB.")
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn; giới hạn là 10 MB."))
        return file


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)


class IssueForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
