"""Findings: the one shape every lens (witness, evidence, prosecution) uses to tell a user
something about a case's record.

A Finding is keyed by (case, rule id, subject key) so that a re-run of the rules updates the
same row and never overrides a human decision: a reviewer's confirmation or dismissal stays;
when the facts under a reviewed finding change, the finding is flagged instead.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.cases.models import Case
from innocence.documents.citations import PageRef


class Lens(models.TextChoices):
    WITNESS = "witness", "Witness"
    EVIDENCE = "evidence", "Evidence"
    PROSECUTION = "prosecution", "Prosecution"


class FindingStatus(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    NOT_RECORDED = "not_recorded", "Not recorded"
    DISMISSED = "dismissed", "Dismissed by reviewer"


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", "Not reviewed"
    CONFIRMED = "confirmed", "Confirmed by reviewer"
    DISMISSED = "dismissed", "Dismissed by reviewer"


class Origin(models.TextChoices):
    RULE = "rule", "Rule"
    PERSON = "person", "Person"


class Finding(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="findings")
    lens = models.CharField(max_length=12, choices=Lens.choices, db_index=True)
    rule_id = models.CharField(max_length=80, help_text="Knowledge-base rule id, e.g. eyewitness.show_up.")
    rule_version = models.PositiveIntegerField(default=1)
    subject_key = models.CharField(
        max_length=120, help_text="What the finding is about, stable across re-runs, e.g. procedure:12."
    )
    subject_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    status = models.CharField(max_length=14, choices=FindingStatus.choices, db_index=True)
    rule_status = models.CharField(
        max_length=14, choices=FindingStatus.choices, blank=True, help_text="What the rule last computed."
    )
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="What was found, in the record's own words where possible.")
    research = models.TextField(blank=True, help_text="What the research or law says about it.")
    authority_keys = models.JSONField(default=list, blank=True, help_text="Keys into the knowledge base.")
    nre_factors = models.JSONField(default=list, blank=True, help_text="NRE contributing-factor codes.")
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.RULE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    facts_digest = models.CharField(max_length=64, blank=True)
    review_state = models.CharField(
        max_length=12, choices=ReviewState.choices, default=ReviewState.UNREVIEWED, db_index=True
    )
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_digest = models.CharField(max_length=64, blank=True, help_text="Facts digest when reviewed.")
    facts_changed_since_review = models.BooleanField(default=False)
    retired = models.BooleanField(
        default=False, help_text="The rule no longer produces this finding; kept because a human reviewed it."
    )
    computed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "rule_id", "subject_key"], name="finding_key_unique")
        ]
        ordering = ["lens", "rule_id", "subject_key"]
        indexes = [models.Index(fields=["case", "lens", "status"])]

    def __str__(self) -> str:
        return f"{self.case.reference} · {self.rule_id} · {self.subject_key} · {self.status}"


class RecordCitation(models.Model):
    """A fact a finding rests on: a verbatim passage on a page of a document, and/or a field
    of a structured record (model label, primary key, field, value)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveIntegerField(default=0)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_title = models.CharField(max_length=500, blank=True, help_text="Kept if the document goes.")
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="Verbatim from the page.")
    source_model = models.CharField(max_length=80, blank=True, help_text="e.g. witnesses.IdentificationProcedure")
    source_pk = models.CharField(max_length=40, blank=True)
    source_field = models.CharField(max_length=80, blank=True)
    source_value = models.TextField(blank=True)
    label = models.CharField(max_length=200, blank=True, help_text="Human label of the record, e.g. 'Photo array'.")
    other_case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A record in another case (e.g. the same informant elsewhere): shown only to users who "
        "may see that case.",
    )

    class Meta:
        ordering = ["finding_id", "position", "id"]

    def __str__(self) -> str:
        if self.document_id or self.document_title:
            return f"{self.document_title}, p. {self.page_number}: “{self.quote[:60]}”"
        return f"{self.label or self.source_model} · {self.source_field} = {self.source_value[:60]}"

    @property
    def page_ref(self) -> PageRef:
        """The page and passage cited, with the link that opens the viewer at it."""
        return PageRef.of(self)
