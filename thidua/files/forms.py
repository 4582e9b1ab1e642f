"""The upload field of every form that takes evidence: refuses early, on the form, what
`stored_file_create` would refuse (too large, not the kind it claims to be)."""

from django import forms

from thidua.files.content import EVIDENCE, Kind, UploadRefused
from thidua.files.services import read_upload


class UploadField(forms.FileField):
    def __init__(self, *args, allowed: tuple[Kind, ...] = EVIDENCE, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                read_upload(upload, self.allowed)
            except UploadRefused as exc:
                raise forms.ValidationError(str(exc), code="upload_refused") from exc
        return upload
