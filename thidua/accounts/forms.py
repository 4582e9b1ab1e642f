from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import Role, User


class GrantForm(forms.Form):
    """Grant a role on a unit to an existing account, or to a new one created on the spot."""

    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên (tài khoản mới)"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Mật khẩu (tài khoản mới)"), widget=forms.PasswordInput(render_value=False), required=False
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    title = forms.CharField(label=_("Chức danh"), max_length=120, required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
            raise forms.ValidationError(_("Tên đăng nhập chỉ gồm chữ, số và các dấu . _ -"))
        return username

    def clean(self):
        data = super().clean()
        username = data.get("username")
        if not username:
            return data
        self.existing = User.objects.filter(username=username).first()
        if self.existing is None:
            if not data.get("full_name"):
                self.add_error("full_name", _("Tài khoản chưa có: hãy nhập họ và tên để tạo mới."))
            password = data.get("password") or ""
            if not password:
                self.add_error("password", _("Tài khoản chưa có: hãy đặt mật khẩu."))
            else:
                try:
                    validate_password(password)
                except forms.ValidationError as exc:
                    self.add_error("password", exc)
        return data
