"""The Timeline app's records: events of a case (confirmed, proposed from pages, or rejected),
proceedings of its litigation history with their steps (filings, rulings, hearings), calendar
items (deadlines, hearings, reminders a person enters) and the secret iCalendar feeds.

Dates are stored as the span the record allows (``date_start``..``date_end``) with its
precision and a circa flag (see :mod:`innocence.timeline.dates`): never more precise than the
record. Every event and step cites a page (document, page number, verbatim quote) or a
structured field (``source_field``)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from .dates import Precision, RecordDate


class EventKind(models.TextChoices):
    CRIME = "crime", "Crime"
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charges"
    STATEMENT = "statement", "Statement"
    IDENTIFICATION = "identification", "Identification procedure"
    INTERROGATION = "interrogation", "Interrogation"
    EVIDENCE = "evidence", "Evidence / custody"
    TEST = "test", "Forensic test"
    COURT = "court", "Court event"
    CONVICTION = "conviction", "Conviction"
    SENTENCE = "sentence", "Sentence"
    RELEASE = "release", "Release"
    DOCUMENT = "document", "Document dated"
    STAGE = "stage", "Case stage (clinic)"
    OTHER = "other", "Other"


#: Kinds that happen once in a case: two undismissed events of one of these kinds whose dates
#: cannot both be true are a conflict, shown side by side.
SINGULAR_KINDS = (EventKind.CRIME, EventKind.ARREST, EventKind.CONVICTION, EventKind.SENTENCE, EventKind.RELEASE)


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (from a page, to review)"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class EventOrigin(models.TextChoices):
    PAGE = "page", "Proposed from a page"
    MANUAL = "manual", "Entered by a person"


class DatedMixin(models.Model):
    date_start = models.DateField(help_text="Earliest day the record allows.")
    date_end = models.DateField(help_text="Latest day the record allows (= start for a day).")
    precision = models.CharField(max_length=8, choices=Precision.CHOICES, default=Precision.DAY)
    circa = models.BooleanField(default=False, help_text="The record says 'about' / 'on or about'.")
    time = models.TimeField(null=True, blank=True, help_text="Time of day, when the record gives it.")

    class Meta:
        abstract = True

    @property
    def record_date(self) -> RecordDate:
        return RecordDate(self.date_start, self.date_end, self.precision, self.circa)

    @property
    def date_label(self) -> str:
        label = self.record_date.label()
        return f"{label}, {self.time:%H:%M}" if self.time else label


class CitedMixin(models.Model):
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="The passage, verbatim from the page.")
    source_field = models.CharField(
        max_length=120, blank=True, help_text="A structured field the date comes from, e.g. 'case.conviction_date'."
    )

    class Meta:
        abstract = True

    @property
    def document_title(self) -> str:
        document = self.document if self.document_id else None  # type: ignore[attr-defined]
        return str(document.title) if document is not None else ""


class Event(DatedMixin, CitedMixin):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="timeline_events")
    kind = models.CharField(max_length=16, choices=EventKind.choices, default=EventKind.OTHER)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="timeline_events"
    )
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.CONFIRMED)
    origin = models.CharField(max_length=8, choices=EventOrigin.choices, default=EventOrigin.MANUAL)
    #: The date as written on the page ("June 12, 1994"): what the proposal read.
    date_text = models.CharField(max_length=120, blank=True)
    #: For proposals: a stable key of (document, page, date, sentence), so a re-run of the
    #: proposer never re-proposes what a person rejected or confirmed.
    proposal_key = models.CharField(max_length=64, blank=True)
    extractor_version = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date_start", "time", "id"]
        indexes = [models.Index(fields=["case", "status"]), models.Index(fields=["case", "date_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "proposal_key"], condition=~models.Q(proposal_key=""), name="timeline_event_proposal_once"
            ),
            models.CheckConstraint(condition=models.Q(date_end__gte=models.F("date_start")), name="timeline_event_range"),
        ]

    def __str__(self) -> str:
        return f"{self.date_label}: {self.title}"


class ProceedingKind(models.TextChoices):
    TRIAL = "trial", "Trial"
    DIRECT_APPEAL = "direct_appeal", "Direct appeal"
    STATE_POSTCONVICTION = "state_postconviction", "State post-conviction"
    DNA_MOTION = "dna_motion", "Motion for DNA testing"
    FEDERAL_HABEAS = "federal_habeas", "Federal habeas corpus"
    CLEMENCY = "clemency", "Clemency / pardon"
    CIVIL_SUIT = "civil_suit", "Civil suit"
    OTHER = "other", "Other"


#: Proceedings whose pendency tolls the federal limitation period under §2244(d)(2) (state
#: collateral review). Whether one was "properly filed" is for a lawyer; the UI says so.
TOLLING_KINDS = (ProceedingKind.STATE_POSTCONVICTION, ProceedingKind.DNA_MOTION)


class Outcome(models.TextChoices):
    NOT_RECORDED = "", "Not recorded"
    PENDING = "pending", "Pending"
    GRANTED = "granted", "Granted"
    DENIED = "denied", "Denied"
    DISMISSED = "dismissed", "Dismissed"
    AFFIRMED = "affirmed", "Affirmed"
    REVERSED = "reversed", "Reversed / vacated"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CONVICTED = "convicted", "Convicted"
    ACQUITTED = "acquitted", "Acquitted"
    SETTLED = "settled", "Settled"
    OTHER = "other", "Other"


class Proceeding(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(max_length=24, choices=ProceedingKind.choices)
    court = models.CharField(max_length=200, blank=True)
    docket_number = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=200, blank=True, help_text="e.g. 'Application for post-conviction relief'.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        label = self.title or self.get_kind_display()
        return f"{label} ({self.docket_number})" if self.docket_number else label


class StepKind(models.TextChoices):
    FILING = "filing", "Filing"
    RULING = "ruling", "Ruling"
    HEARING = "hearing", "Hearing"
    JUDGMENT_FINAL = "judgment_final", "Judgment became final"
    LAST_RESORT_DECISION = "last_resort_decision", "Decision of the state court of last resort"
    CERT_DENIED = "cert_denied", "Certiorari denied"
    FACTUAL_PREDICATE = "factual_predicate", "New factual predicate discoverable"
    OTHER = "other", "Other"


class ProceedingStep(DatedMixin, CitedMixin):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=24, choices=StepKind.choices)
    label = models.CharField(max_length=300, help_text="What was filed or ruled, in a few words.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date_start", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(date_end__gte=models.F("date_start")), name="timeline_step_range"),
        ]

    def __str__(self) -> str:
        return f"{self.date_label}: {self.label}"


class CalendarKind(models.TextChoices):
    DEADLINE = "deadline", "Deadline"
    HEARING = "hearing", "Hearing"
    REMINDER = "reminder", "Reminder"


class CalendarItem(CitedMixin):
    """A dated thing to do that a person enters: a court-set deadline, a hearing, a reminder.
    Computed deadlines are not stored: they are recomputed from the rules and the record."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="calendar_items")
    kind = models.CharField(max_length=10, choices=CalendarKind.choices, default=CalendarKind.DEADLINE)
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    time = models.TimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    remind_days_before = models.PositiveIntegerField(default=7)
    reminded_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.due_on.isoformat()}: {self.title}"


class CalendarFeed(models.Model):
    """A secret iCalendar URL of one user: all their cases, or one case. Only a hash of the
    secret is stored; revoking sets ``revoked_at`` and the URL answers 404 from then on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    include_details = models.BooleanField(
        default=False, help_text="Put case titles and descriptions in the feed, not only the reference."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"calendar feed #{self.pk} of {self.user}"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> tuple[str, str]:
        secret = secrets.token_urlsafe(32)
        return secret, cls.hash_secret(secret)
