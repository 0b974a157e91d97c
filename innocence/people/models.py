"""People in the record and the roles they play in cases.

A person who appears in several cases of one organization (a detective, an analyst,
an informant) is one Person with several CaseRoles: that is the actor index.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.core.models import Organization


class Person(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names, nicknames, spellings.")
    date_of_birth = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    is_fictional = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class RoleKind(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    VICTIM = "victim", "Victim"
    WITNESS = "witness", "Witness"
    CO_DEFENDANT = "co_defendant", "Co-defendant"
    OFFICER = "officer", "Detective / officer"
    PROSECUTOR = "prosecutor", "Prosecutor"
    DEFENSE_COUNSEL = "defense_counsel", "Defense counsel"
    JUDGE = "judge", "Judge"
    FORENSIC_ANALYST = "forensic_analyst", "Forensic analyst"
    INFORMANT = "informant", "Informant"
    EXPERT = "expert", "Expert"
    FAMILY = "family", "Family"


class CaseRole(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_roles")
    role = models.CharField(max_length=20, choices=RoleKind.choices)
    description = models.CharField(
        max_length=300, blank=True, help_text="e.g. 'lead detective, NOPD Homicide'"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="one_role_kind_per_person_case")
        ]
        ordering = ["role", "person__full_name"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.case.reference}"
