from django.contrib import admin

from .models import OIDCProvider


@admin.register(OIDCProvider)
class OIDCProviderAdmin(admin.ModelAdmin):
    list_display = ("organization", "issuer", "client_id", "enabled", "create_users")
