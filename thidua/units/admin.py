from django.contrib import admin

from thidua.audit.admin import AuditedAdmin
from thidua.units.models import Unit


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "code", "depth"]
    list_filter = ["kind"]
    search_fields = ["name", "search_key", "code"]
    readonly_fields = ["path", "depth", "search_key", "parent", "kind"]

    def has_add_permission(self, request):
        return False  # units are created on their parent's page, which places them in the tree

    def has_delete_permission(self, request, obj=None):
        return False
