"""A case: one convicted person's claim of innocence, its team and its working record."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

from innocence.core.models import Organization

from .stages import Stage


class ConvictionType(models.TextChoices):
    TRIAL = "trial", "Trial"
    PLEA = "plea", "Guilty plea"
    NO_CONTEST = "no_contest", "No-contest (Alford) plea"


class Case(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=40, unique=True, help_text="e.g. LIC-2026-0001")
    title = models.CharField(max_length=200, help_text="Usually 'State v. Surname'.")
    summary = models.TextField(blank=True)
    applicant = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=2, blank=True, help_text="Two-letter code, e.g. LA.")
    county = models.CharField(max_length=100, blank=True, help_text="County or parish.")
    court = models.CharField(max_length=200, blank=True)
    charges = models.JSONField(default=list, blank=True, help_text="One charge per entry.")
    # The crime's date bounds the record: nothing about the case (a production, a report) predates it.
    offense_date = models.DateField(null=True, blank=True, help_text="Date of the crime.")
    arrest_date = models.DateField(null=True, blank=True)
    conviction_type = models.CharField(max_length=12, choices=ConvictionType.choices, blank=True)
    conviction_date = models.DateField(null=True, blank=True)
    sentence = models.CharField(max_length=300, blank=True)
    facility = models.CharField(max_length=200, blank=True, help_text="Where the applicant is held.")
    inmate_number = models.CharField(max_length=50, blank=True)
    release_date = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.INTAKE, db_index=True)
    is_fictional = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


def normalize_docket(number: str) -> str:
    """Docket numbers are typed many ways ('CR 79-1234', 'cr-79-1234'); compare them bare."""
    return re.sub(r"[^0-9a-z]", "", number.lower())


class DocketNumber(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="docket_numbers")
    # Copied from the case so the database itself refuses a duplicate within an organization.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(max_length=80)
    normalized = models.CharField(max_length=80, editable=False)
    court = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "normalized"], name="docket_unique_in_org")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.normalized = normalize_docket(self.number)
        super().save(*args, **kwargs)


class StageChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.from_stage or '—'} → {self.to_stage}"


class TeamMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_teams")
    responsibility = models.CharField(max_length=100, blank=True, help_text="e.g. lead attorney")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_team_seat_per_user")]
        ordering = ["added_at"]

    def __str__(self) -> str:
        return f"{self.user} on {self.case.reference}"


class CaseExclusion(models.Model):
    """An ethical wall: this user may not see this case, whatever their role."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_exclusions"
    )
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_wall_per_user")]

    def __str__(self) -> str:
        return f"{self.user} walled off {self.case.reference}"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:60]


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_tasks"
    )
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done", "due_date", "id"]

    def __str__(self) -> str:
        return self.title
