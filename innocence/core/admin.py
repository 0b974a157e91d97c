"""Django admin, for staff operators only. Case data is deliberately not registered
here: it is reached only through the app, where the access rule and the audit log apply."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, AuditEntry, Invitation, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "case_prefix", "require_two_factor", "is_fictional")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "deactivated_at")
    list_filter = ("organization", "role")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "created_at", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("organization", "role")
    readonly_fields = ("token_hash",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "organization",
        "username",
        "action",
        "object_type",
        "object_id",
        "case_reference",
    )
    list_filter = ("action", "organization")
    # The staff admin does not show case data: no object names (a note's repr is its
    # text), no changes (a note's body, a person's name); the app's audit log does, under
    # the access rule.
    fields = ("at", "organization", "username", "action", "object_type", "object_id", "case_reference", "channel")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
