"""The tokens in Django's admin (superusers): to see and revoke them. A token is made with
`thidua api-token create`, which shows its secret once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from thidua.api.models import ApiToken
from thidua.api.services import api_token_revoke
from thidua.lib.errors import ServiceError


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "label",
        "unit",
        "prefix",
        "report_figures",
        "expires_on",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("report_figures",)
    search_fields = ("label", "prefix", "unit__name")
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "secret_hash"]
    exclude = ("secret_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # the secret must be shown once: `thidua api-token create`

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, never deleted: the audit log names it

    @admin.action(description=_("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset.select_related("unit"):
            try:
                api_token_revoke(actor=request.user, token=token)
            except ServiceError as exc:
                self.message_user(request, f"{token}: {exc}", messages.WARNING)
