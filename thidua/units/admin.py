from django.contrib import admin

from thidua.units.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "depth"]
    list_filter = ["kind"]
    search_fields = ["name", "search_key", "code"]
    readonly_fields = ["path", "depth", "search_key"]
    raw_id_fields = ["parent"]

    def has_delete_permission(self, request, obj=None):
        return False
