"""Administrators can add a whole new framework (levels, challenges, scale) here without code. Change
the wording of a framework that rounds have used through its page instead, which makes a new version."""

from django.contrib import admin

from .models import AssessmentRound, Challenge, Framework, Level, ScalePoint


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


class ChallengeInline(admin.TabularInline):
    model = Challenge
    extra = 0


class ScaleInline(admin.TabularInline):
    model = ScalePoint
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "family", "version", "is_current", "network")
    list_filter = ("is_current", "network")
    inlines = [LevelInline, ChallengeInline, ScaleInline]

    def get_readonly_fields(self, request, obj=None):
        # A version that rounds have used must not change under them.
        if obj is not None and obj.rounds.exists():
            return [f.name for f in Framework._meta.fields]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.rounds.exists()


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "team_name", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "organisation__name")
    readonly_fields = ("public_id",)
