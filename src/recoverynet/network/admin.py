from django.contrib import admin

from .models import (
    Affiliation,
    Invitation,
    Membership,
    MembershipTier,
    Network,
    NetworkRole,
    Organisation,
    Participant,
    TaxRate,
)


class TaxRateInline(admin.TabularInline):
    model = TaxRate
    extra = 0


class TierInline(admin.TabularInline):
    model = MembershipTier
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "currency", "tax_name", "time_zone", "self_registration")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TaxRateInline, TierInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "parent")
    list_filter = ("kind", "country")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("organisation", "network", "tier", "valid_from", "valid_to", "status")
    list_filter = ("network", "status", "tier")
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
    search_fields = ("user__email", "organisation__name")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)


@admin.register(NetworkRole)
class NetworkRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "network", "role")
    list_filter = ("network", "role")
    raw_id_fields = ("user",)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("user", "network", "joined_via", "created_at")
    list_filter = ("network", "joined_via")
    raw_id_fields = ("user",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "network",
        "organisation",
        "affiliation_role",
        "network_role",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("network",)
    readonly_fields = ("token_hash",)
    search_fields = ("email",)
