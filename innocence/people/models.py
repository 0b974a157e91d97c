"""People in the record and the roles they play in cases.

A person who appears in several cases of one organization (a detective, an analyst,
an informant) is one Person with several CaseRoles: that is the actor index.
"""

from __future__ import annotations

from typing import Any

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


# --- extraction and resolution ------------------------------------------------------------


class MentionKind(models.TextChoices):
    PERSON = "person", "Person"
    DATE = "date", "Date"
    TIME = "time", "Time"
    PLACE = "place", "Place / address"
    PHONE = "phone", "Phone number"
    NUMBER = "number", "Docket / item / lab / report number"
    VEHICLE = "vehicle", "Vehicle"
    PLATE = "plate", "Licence plate"


class MentionSource(models.TextChoices):
    EXTRACTED = "extracted", "Extracted from the page"
    KNOWN_NAME = "known_name", "Name of a person known in the case"
    HUMAN = "human", "Marked by a person"


class Mention(models.Model):
    """A span of a page's text that names a person, a date, a place, a number...

    Grounded: ``text`` is ``page.text[start:end]`` verbatim and ``context`` the verbatim text
    around it, as of ``text_version`` of the page. Machine mentions of a page are replaced
    when its text changes; human ones are kept."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mentions")
    page = models.ForeignKey("documents.Page", on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=10, choices=MentionKind.choices)
    text = models.CharField(max_length=500)
    normalized = models.CharField(max_length=300, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    context = models.TextField(blank=True)
    role_hint = models.CharField(max_length=30, blank=True, help_text="Role the text around it gives.")
    title_role = models.CharField(max_length=30, blank=True, help_text="Role the title gives ('Det.').")
    attrs = models.JSONField(default=dict, blank=True)
    name_key = models.CharField(max_length=200, blank=True, db_index=True, help_text="surname|given")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    link_confidence = models.FloatField(null=True, blank=True)
    link_reasons = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=12, choices=MentionSource.choices, default=MentionSource.EXTRACTED)
    extractor_version = models.CharField(max_length=60, blank=True)
    text_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["page_id", "start", "id"]
        indexes = [
            models.Index(fields=["case", "kind"]),
            models.Index(fields=["page", "source"]),
            models.Index(fields=["person", "case"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


def _fill_blocks(row: ResolvedName) -> None:
    from .resolution import surname_blocks

    row.surname_head, row.surname_tail = surname_blocks(row.name_key.split("|", 1)[0])
    if row.organization_id is None:
        row.organization_id = row.case.organization_id


class ResolvedNameManager(models.Manager["ResolvedName"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[ResolvedName]:
        objs = list(objs)
        for row in objs:
            _fill_blocks(row)
        return super().bulk_create(objs, *args, **kwargs)


class ResolvedName(models.Model):
    """Which Person a name variant (``surname|given``) of a case resolved to. Keeps a person's
    identity stable across re-runs, and carries human merges and detachments forward.

    ``surname_head`` / ``surname_tail`` are the surname's blocking keys
    (:func:`~.resolution.surname_blocks`, derived from ``name_key`` on every save and bulk
    create): the same actor in another case, spelt the same or one letter apart, is looked
    up through their indexes, within the organization (``organization`` is the case's,
    stored here so that the lookup needs no join)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    name_key = models.CharField(max_length=200)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="resolved_names")
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.CASCADE, related_name="+", editable=False, db_index=False
    )  # (indexed together with the blocks below)
    surname_head = models.CharField(max_length=12, blank=True, default="", editable=False)
    surname_tail = models.CharField(max_length=12, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResolvedNameManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "name_key"], name="resolved_name_once_per_case")
        ]
        indexes = [
            models.Index(fields=["organization", "surname_head"], name="resolved_name_head"),
            models.Index(fields=["organization", "surname_tail"], name="resolved_name_tail"),
        ]

    def __str__(self) -> str:
        return f"{self.name_key} -> {self.person_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _fill_blocks(self)
        super().save(*args, **kwargs)


class PersonOrigin(models.Model):
    """A Person the resolution created (rather than a user): it may be removed again when
    no mention, role or decision refers to it any more."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="origin")
    case = models.ForeignKey("cases.Case", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"origin of person {self.person_id}"


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AUTO = "auto", "Linked automatically"
    CONFIRMED = "confirmed", "Confirmed by a reviewer"
    REJECTED = "rejected", "Rejected by a reviewer"


class PersonLink(models.Model):
    """The machine's proposal that two persons of an organization are one human being,
    with a confidence (0-1) and the reasons. A reviewer confirms (the persons merge) or
    rejects (they are never proposed again)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links_as_a")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links_as_b")
    confidence = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="person_link_pair_once")]
        ordering = ["-confidence", "id"]

    def __str__(self) -> str:
        return f"{self.person_a} ~ {self.person_b} ({self.confidence:.2f}, {self.status})"


class DecisionAction(models.TextChoices):
    CONFIRM = "confirm", "Confirmed"
    MERGE = "merge", "Merged"
    SPLIT = "split", "Split"
    REJECT = "reject", "Rejected a proposed link"


class ResolutionDecision(models.Model):
    """A reviewer's decision about who is who. Remembered, and applied on every re-run of
    the resolution, so that the machine never undoes it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=DecisionAction.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    other_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    keep_keys = models.JSONField(
        default=list, blank=True, help_text="Name keys that stay (split), or key A (merge)."
    )
    move_keys = models.JSONField(
        default=list, blank=True, help_text="Name keys that leave (split), or key B (merge)."
    )
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.by} at {self.at:%Y-%m-%d}"
