import functools

from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.contrib.auth.decorators import login_required

from .models import AuditEntry, OutboxMessage
from .private_pages import apps_deleted_with, written

# Sign-in to the admin goes through allauth, so MFA and throttling apply there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "recoverynet administration"


@functools.wraps(delete_selected)  # keeps its description and the "delete" permission it needs
def _delete_selected(modeladmin, request, queryset):  # type: ignore[no-untyped-def]
    # Django logs a bulk deletion with bulk_create, which sends no post_save: our receiver for the
    # admin's log (core/apps.py) never hears of it, so the apps the deletion reaches (through
    # cascades too, found before the rows go) are bumped here.
    reached = apps_deleted_with(queryset) if request.POST.get("post") else set()
    answer = delete_selected(modeladmin, request, queryset)
    if answer is None:  # deleted (otherwise the "are you sure?" page)
        for app in sorted(reached | {modeladmin.model._meta.app_label}):
            written(app)
    return answer


admin.site.add_action(_delete_selected, "delete_selected")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "object_label")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_label", "object_id")
    date_hierarchy = "at"

    # The audit log is append-only, including for administrators.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "subject", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject", "message_id")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    @admin.action(description="Send again")
    def retry(self, request, queryset):  # type: ignore[no-untyped-def]
        from .outbox import retry_failed

        for message in queryset:
            retry_failed(message.pk)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
