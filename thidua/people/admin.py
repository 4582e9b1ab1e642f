from django.contrib import admin

from thidua.people.models import Household, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "birth_year", "unit"]
    search_fields = ["search_key"]
    raw_id_fields = ["unit", "household"]
    readonly_fields = ["search_key"]

    def has_change_permission(self, request, obj=None):
        return False  # edits go through the audited screens

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    raw_id_fields = ["head", "hamlet"]

    def has_change_permission(self, request, obj=None):
        return False
