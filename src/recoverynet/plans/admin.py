from django.contrib import admin

from .models import ActionPlan


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "source_label", "created_at")
    search_fields = ("title", "organisation__name")
    readonly_fields = ("public_id", "source_kind", "source_id", "source_label", "source_url")
