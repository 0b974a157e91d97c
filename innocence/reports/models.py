"""Reports keep little of their own: an organization's memo template, and the versions of
the National Registry of Exonerations data set its users imported (the project ships no
NRE data). Memos, dashboards and funder reports are computed on demand and audited."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.core.models import Organization


class MemoTemplate(models.Model):
    """What an organization says on every memo, edited like its letters (a sandboxed
    template with the variables listed in ``memo_template.MEMO_VARIABLES``)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="memo_template")
    marking = models.CharField(max_length=200)
    preface = models.TextField(blank=True)
    closing = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"memo template of {self.organization}"


class NreLayout(models.TextChoices):
    PUBLIC = "public", "Public spreadsheet (23 columns, Windows-1252)"
    DETAILED = "detailed", "Detailed research extract (UTF-8, Yes/No flags)"


class NreVersion(models.Model):
    """One imported copy of the NRE data, kept whole; a newer copy is a new version."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="nre_versions")
    number = models.PositiveIntegerField()
    layout = models.CharField(max_length=10, choices=NreLayout.choices)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    encoding = models.CharField(max_length=20)
    row_count = models.PositiveIntegerField(default=0)
    columns = models.JSONField(default=list, help_text="The file's header, as read.")
    unknown_columns = models.JSONField(default=list, blank=True)
    missing_columns = models.JSONField(default=list, blank=True)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=dict, blank=True, help_text="Keys added, changed, removed (a sample).")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="nre_version_number")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"NRE data, version {self.number} ({self.file_name})"


class NreRecord(models.Model):
    """One exoneration as the NRE lists it (one row per exoneration, not per person)."""

    version = models.ForeignKey(NreVersion, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField(help_text="Line of the file, the header being line 1.")
    key = models.CharField(max_length=300, help_text="Identity across versions (not the name alone).")
    digest = models.CharField(max_length=64, help_text="Of the row's values: a change shows here.")
    last_name = models.CharField(max_length=200)
    first_name = models.CharField(max_length=200, blank=True)
    age = models.PositiveIntegerField(null=True, blank=True, help_text="At the time of the crime.")
    race = models.CharField(max_length=40, blank=True)
    sex = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=60, help_text="As the NRE writes it: 'Illinois', 'Fed-IL'.")
    state_code = models.CharField(max_length=2, blank=True, db_index=True)
    federal = models.BooleanField(default=False)
    county = models.CharField(max_length=100, blank=True)
    worst_crime = models.CharField(max_length=100, blank=True, db_index=True)
    sentence = models.CharField(max_length=200, blank=True)
    tags = models.JSONField(default=list, blank=True)
    om_tags = models.JSONField(default=list, blank=True)
    factors = models.JSONField(default=list, blank=True, help_text="Contributing-factor codes coded by the NRE.")
    dna = models.BooleanField(default=False)
    crime_year = models.PositiveIntegerField(null=True, blank=True)
    convicted_on = models.DateField(null=True, blank=True)
    exonerated_on = models.DateField(null=True, blank=True)
    released_on = models.DateField(null=True, blank=True)
    posted_on = models.DateField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True, help_text="Other columns of the file, by name.")

    class Meta:
        ordering = ["version_id", "row_number"]
        indexes = [models.Index(fields=["version", "state_code", "worst_crime"])]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name} ({self.state}, {self.worst_crime})"
