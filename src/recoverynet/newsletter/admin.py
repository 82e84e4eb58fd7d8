"""Read-only admin views for support staff. Every change goes through the pages (and services),
so it is checked and audited; the admin only lets staff look things up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ConsentRecord, Delivery, Send, Subscription, Suppression


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = ["event", "at", "method", "ip", "consent_text"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnly):
    list_display = ["email", "publication", "status", "confirmed_at", "unsubscribed_at"]
    list_filter = ["publication", "status"]
    search_fields = ["email"]
    inlines = [ConsentInline]


@admin.register(Suppression)
class SuppressionAdmin(ReadOnly):
    list_display = ["email", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]


@admin.register(Send)
class SendAdmin(ReadOnly):
    list_display = ["issue", "status", "recipients", "created_at", "finished_at"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["email", "send", "status", "queued_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    list_select_related = ["send__issue"]
    raw_id_fields = ["message", "subscription"]
