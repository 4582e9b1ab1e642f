from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from thidua.accounts.models import RoleGrant, User
from thidua.audit.admin import AuditedAdmin


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class ThiduaUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [RoleGrantInline]
    fieldsets = (*UserAdmin.fieldsets, ("thidua", {"fields": ("full_name", "person")}))
    raw_id_fields = ["person"]
