"""Forms parse and validate input only; the services decide."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.examples.models import ConsentMethod, ExampleKind
from thidua.examples.photos import MAX_PHOTOS
from thidua.files.content import PHOTO
from thidua.files.forms import UploadField
from thidua.movements.fields import MovementChoiceField
from thidua.people.widgets import PersonPicker
from thidua.units.models import Unit


class ExampleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đề xuất"), queryset=None)
    kind = forms.ChoiceField(label=_("Loại"), choices=ExampleKind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    story = forms.CharField(label=_("Nội dung (việc làm, kết quả)"), widget=forms.Textarea(attrs={"rows": 6}))
    person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=None, required=False, widget=PersonPicker)
    collective = forms.ModelChoiceField(label=_("Tập thể"), queryset=None, required=False)
    movement = MovementChoiceField(label=_("Thuộc phong trào"), queryset=None, required=False)

    def __init__(self, *args, units, people, collectives, movements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        only = list(units[:2])
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk
        self.fields["person"].queryset = people
        self.fields["collective"].queryset = collectives
        self.fields["movement"].queryset = movements

    def clean(self):
        data = super().clean()
        if data.get("person") and data.get("collective"):
            self.add_error("collective", _("Chọn cá nhân hoặc tập thể, không chọn cả hai."))
        return data


class PhotoForm(forms.Form):
    # Checked by content, not by name (`thidua.files.content`).
    file = UploadField(label=_("Ảnh, minh chứng"), allowed=PHOTO)
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)


class ConsentForm(forms.Form):
    """The person named in an example agreed to its publication (the officer records it)."""

    given_by = forms.CharField(
        label=_("Người đồng ý"),
        max_length=255,
        required=False,
        help_text=_("Để trống nếu là chính cá nhân được nêu gương; ghi rõ người đại diện nếu có."),
    )
    given_on = forms.DateField(
        label=_("Ngày đồng ý"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Nhập ngày đồng ý."), "invalid": _("Nhập ngày đồng ý hợp lệ.")},
    )
    method = forms.ChoiceField(label=_("Hình thức đồng ý"), choices=ConsentMethod.choices)
    # Checked by content, not by name (`thidua.files.content`).
    scan = UploadField(label=_("Bản chụp giấy đồng ý (không bắt buộc)"), allowed=PHOTO, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Ngày người dân đề nghị rút lại"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Nhập ngày rút lại."), "invalid": _("Nhập ngày rút lại hợp lệ.")},
    )
    note = forms.CharField(label=_("Ghi chú (cách người dân đề nghị)"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do không công nhận"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Nhập lý do không công nhận.")},
    )


class AdoptionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị nhân rộng"), queryset=None)
    adopted_on = forms.DateField(label=_("Ngày nhân rộng"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The page offers the units that may replicate; the service refuses any other one.
        self.fields["unit"].queryset = units if units is not None else Unit.objects.all()
        only = list(units[:2]) if units is not None else []
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk
        self.fields["adopted_on"].initial = timezone.localdate()


class PhoneCameraInput(forms.ClearableFileInput):
    """Several pictures at once; a phone offers its camera or its gallery (`accept="image/*"`)."""

    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS pictures; their content is checked by the service (`examples.photos`)."""

    widget = PhoneCameraInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Gửi tối đa %(n)s ảnh.") % {"n": MAX_PHOTOS}, code="too_many_photos"
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


class ReportForm(forms.Form):
    """A citizen's report of a good deed from the public portal."""

    name = forms.CharField(label=_("Họ và tên người phản ánh"), max_length=150)
    contact = forms.CharField(label=_("Điện thoại hoặc địa chỉ liên hệ"), max_length=150)
    hamlet = forms.ModelChoiceField(label=_("Ấp"), queryset=None)
    title = forms.CharField(label=_("Việc tốt (tóm tắt)"), max_length=255)
    story = forms.CharField(
        label=_("Nội dung: ai, làm việc gì, khi nào"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = PhotosField(
        label=_("Ảnh chụp (không bắt buộc, tối đa 3 ảnh)"),
        required=False,
        widget=PhoneCameraInput(attrs={"accept": "image/*"}),
        help_text=_("Ảnh JPG, PNG hoặc WebP. Vị trí chụp và thông tin máy ảnh trong ảnh được xóa khi lưu."),
    )
    # Honeypot: hidden from people by CSS; a bot that fills it is refused.
    website = forms.CharField(required=False, label=_("Để trống ô này"))

    def __init__(self, *args, hamlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Không gửi được phản ánh."))
        return ""


class BulletinForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    week_start = forms.DateField(label=_("Tuần từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Tiêu đề"), max_length=255, required=False)
    movements = forms.ModelMultipleChoiceField(
        label=_("Tin phong trào"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    examples = forms.ModelMultipleChoiceField(
        label=_("Điển hình đã công bố"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(
        label=_("Nội dung bản tin (đọc trên loa)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Bấm “Soạn tự động” để lập nội dung từ các mục đã chọn, sửa lại rồi lưu."),
    )

    def __init__(self, *args, units, movements, examples, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        only = list(units[:2])
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk
        self.fields["movements"].queryset = movements
        self.fields["examples"].queryset = examples
        today = timezone.localdate()
        self.fields["week_start"].initial = today - dt.timedelta(days=today.weekday())


class BroadcastForm(forms.Form):
    broadcast_on = forms.DateField(
        label=_("Ngày phát"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Nhập ngày phát hợp lệ."), "invalid": _("Nhập ngày phát hợp lệ.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["broadcast_on"].initial = timezone.localdate()


class BoardForm(forms.Form):
    """Which hamlet's notice board, for which month ("2026-12", as <input type=month> sends it)."""

    hamlet = forms.ModelChoiceField(
        label=_("Ấp"),
        queryset=None,
        error_messages={"invalid_choice": _("Chọn một ấp trong danh sách."), "required": _("Chọn ấp.")},
    )
    month = forms.CharField(
        label=_("Tháng"),
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("Ví dụ: 2026-12 (tháng 12 năm 2026)."),
    )

    def __init__(self, *args, hamlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets
        only = list(hamlets[:2])
        if len(only) == 1:
            self.fields["hamlet"].initial = only[0].pk
        self.fields["month"].initial = timezone.localdate().strftime("%Y-%m")

    def clean_month(self) -> tuple[int, int]:
        text = self.cleaned_data["month"].strip()
        parts = text.replace("/", "-").split("-")
        if len(parts) == 2 and len(parts[1]) == 4:  # "12/2026", as people write it
            parts = [parts[1], parts[0]]
        try:
            year, month = int(parts[0]), int(parts[1])
        except (ValueError, IndexError):
            year = month = 0
        if not (2000 <= year <= 2100 and 1 <= month <= 12) or len(parts) != 2:
            raise forms.ValidationError(_("Nhập tháng hợp lệ, ví dụ 2026-12."))
        return year, month
