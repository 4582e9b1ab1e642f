from django.contrib import admin

from thidua.movements.models import CriteriaSet, Criterion, Indicator
from thidua.movements.services.standings import standings_refresh


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "valid_from", "valid_to")
    inlines = [CriterionInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "measure", "direction", "baseline")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"direction", "baseline"} & set(form.changed_data):
            # The completion of every target of the indicator follows its direction and baseline.
            standings_refresh(list(obj.targets.values_list("pk", flat=True)))
