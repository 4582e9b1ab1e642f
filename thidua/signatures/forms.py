"""Forms of the signature pages: parse and validate only; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from thidua.signatures.models import AnchorKind, SigningKey


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF nhận được"), help_text=_("Tệp PDF có chữ ký số cần kiểm tra."))


class SignForm(forms.Form):
    key = forms.ModelChoiceField(label=_("Khóa ký số"), queryset=SigningKey.objects.none(), empty_label=None)
    secret = forms.CharField(
        label=_("Mật khẩu tệp khóa hoặc mã PIN"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
        help_text=_("Dùng một lần để ký, không được lưu."),
    )

    def __init__(self, *args, keys=None, **kwargs):
        super().__init__(*args, **kwargs)
        if keys is not None:
            self.fields["key"].queryset = keys


class Pkcs12Form(forms.Form):
    label = forms.CharField(label=_("Tên gọi"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp khóa PKCS#12 (.p12, .pfx)"))
    passphrase = forms.CharField(
        label=_("Mật khẩu tệp khóa"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
        help_text=_("Chỉ dùng để kiểm tra tệp; không được lưu. Người ký nhập lại mỗi lần ký."),
    )


class TokenForm(forms.Form):
    label = forms.CharField(label=_("Tên gọi"), max_length=200, required=False)
    module_path = forms.ChoiceField(label=_("Thư viện PKCS#11"), choices=())
    token_label = forms.CharField(label=_("Tên thiết bị (token label)"), max_length=100)
    key_label = forms.CharField(label=_("Tên khóa trên thiết bị"), max_length=100)
    pin = forms.CharField(
        label=_("Mã PIN"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
        help_text=_("Chỉ dùng để đọc chứng thư số trên thiết bị; không được lưu."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module_path"].choices = [(m, m) for m in settings.SIGNING_PKCS11_MODULES]


class AnchorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=AnchorKind.choices)
    label = forms.CharField(label=_("Tên gọi"), max_length=300, required=False)
    file = forms.FileField(label=_("Tệp chứng thư (.cer, .crt, .pem) hoặc CRL (.crl)"))


class SignatureImageForm(forms.Form):
    file = forms.FileField(
        label=_("Ảnh chữ ký (PNG nền trong suốt, màu xanh)"),
        help_text=_("Hiện giữa chức danh và họ tên trên văn bản bạn ký số (Nghị định 30/2020)."),
    )


class SealImageForm(forms.Form):
    file = forms.FileField(label=_("Ảnh con dấu (PNG nền trong suốt, màu đỏ)"))
    width_mm = forms.IntegerField(
        label=_("Đường kính thật của con dấu (mm)"), min_value=10, max_value=80, initial=36
    )


class AttachmentForm(SignForm):
    file = forms.FileField(
        label=_("Văn bản kèm theo (PDF)"),
        help_text=_(
            "Phụ lục, danh sách gửi kèm thành tệp riêng: chữ ký số của cơ quan hiện ở góc trên, bên phải trang đầu."
        ),
    )
    field_order = ["file", "key", "secret"]
