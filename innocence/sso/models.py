"""Single sign-on through an organization's own OpenID Connect provider."""

from __future__ import annotations

from django.db import models

from innocence.core.models import Organization, Role


class OIDCProvider(models.Model):
    """One organization's identity provider. Members who sign in through it are matched
    by ``username_claim``; ``group_roles`` maps a value of ``groups_claim`` to a role (the
    first listed group that maps wins); with ``create_users`` an unknown user becomes a
    member with that role (or ``default_role``), else only existing members sign in."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="oidc")
    enabled = models.BooleanField(default=True)
    issuer = models.URLField(help_text="The provider's issuer, e.g. https://login.example.org/realms/x")
    client_id = models.CharField(max_length=200)
    client_secret = models.CharField(max_length=500, blank=True)
    username_claim = models.CharField(max_length=80, default="preferred_username")
    groups_claim = models.CharField(max_length=80, blank=True, default="groups")
    group_roles = models.JSONField(default=dict, blank=True, help_text='{"group": "role"}')
    default_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    create_users = models.BooleanField(default=False)
    scopes = models.CharField(max_length=200, default="openid profile email")

    def __str__(self) -> str:
        return f"OpenID Connect for {self.organization}"

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"
