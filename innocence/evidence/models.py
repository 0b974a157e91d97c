"""The Evidence lens's records: evidence items and the numbers agencies gave them, the
pages that mention them, chain-of-custody events, forensic tests (method, analyst, the
conclusion in the analyst's own words, at the report page and the testimony page),
proceedings that were pending (for "destroyed while an appeal was pending"), the
organization's own notices of lab reviews, and proposals read off the record.

Every yes/no fact is a nullable boolean and every status has an explicit "unknown":
``None``/``unknown`` means *not recorded*, never *no*. Every record can name the page it
comes from (document, page, verbatim quote).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.cases.models import Case
from innocence.documents.citations import PageRef
from innocence.documents.cited import CitedRecord


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    CIRCA = "circa", "Circa"


# --- Evidence items ---------------------------------------------------------------------


class Category(models.TextChoices):
    BLOOD = "blood", "Biological — blood"
    SEMEN = "semen", "Biological — semen"
    SALIVA = "saliva", "Biological — saliva"
    HAIR = "hair", "Biological — hair"
    TOUCH = "touch", "Biological — touch / skin cells"
    FINGERNAIL = "fingernail", "Biological — fingernail scrapings"
    SA_KIT = "sa_kit", "Biological — sexual-assault kit"
    LATENT_PRINT = "latent_print", "Latent prints"
    FIREARM = "firearm", "Firearm and ammunition"
    IMPRESSION = "impression", "Footwear / tire impressions"
    TRACE = "trace", "Fibers and trace"
    CLOTHING = "clothing", "Clothing"
    WEAPON = "weapon", "Weapon"
    DOCUMENTS = "documents", "Documents"
    DIGITAL = "digital", "Digital"
    DRUGS = "drugs", "Suspected controlled substance"
    OTHER = "other", "Other"


BIOLOGICAL = frozenset({"blood", "semen", "saliva", "hair", "touch", "fingernail", "sa_kit"})


class ItemStatus(models.TextChoices):
    UNKNOWN = "unknown", "Status unknown"
    EXISTS = "exists", "Exists"
    CONSUMED = "consumed", "Consumed in testing"
    DESTROYED = "destroyed", "Destroyed"
    LOST = "lost", "Lost"
    RELEASED = "released", "Released"


class EvidenceItem(CitedRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        help_text="The item this one came from (a kit holds swabs; a shirt yields cuttings).",
    )
    description = models.CharField(max_length=500)
    category = models.CharField(max_length=14, choices=Category.choices, default=Category.OTHER)
    collected_date = models.DateField(null=True, blank=True)
    collected_precision = models.CharField(max_length=6, choices=DatePrecision.choices, default=DatePrecision.DAY)
    collected_place = models.CharField(max_length=300, blank=True)
    collected_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence_collected"
    )
    collected_by_text = models.CharField(max_length=200, blank=True, help_text="If not a person in the index.")
    current_location = models.CharField(max_length=300, blank=True)
    custodian = models.CharField(max_length=200, blank=True, help_text="Agency or person holding it now.")
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.UNKNOWN)
    status_date = models.DateField(null=True, blank=True, help_text="When destroyed, lost, released or consumed.")
    status_by = models.CharField(max_length=200, blank=True, help_text="Who destroyed or released it.")
    destruction_order = models.CharField(max_length=300, blank=True, help_text="The order it was destroyed under.")

    class Meta:
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        first = next(iter(self.numbers.all()), None) if self.pk else None
        label = f"{first.get_kind_display()} {first.number}: " if first else ""
        return f"{label}{self.description}"[:200]

    @property
    def is_biological(self) -> bool:
        return self.category in BIOLOGICAL


class NumberKind(models.TextChoices):
    PROPERTY = "property", "Police property / item no."
    LAB = "lab", "Lab no."
    EXHIBIT = "exhibit", "Court exhibit no."
    OTHER = "other", "Other no."


class ItemNumber(models.Model):
    """A number an agency gave an item; an item can carry several, each searchable."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_numbers")
    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="numbers")
    kind = models.CharField(max_length=10, choices=NumberKind.choices)
    number = models.CharField(max_length=80)
    agency = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["item_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "agency", "number"], name="evidence_number_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ItemMention(CitedRecord):
    """A page of the record that mentions an item."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_mentions")
    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        ordering = ["item_id", "document_id", "page_number", "id"]

    def __str__(self) -> str:
        return f"Mention of {self.item.description[:80]}"


# --- Chain of custody ---------------------------------------------------------------------


class CustodyKind(models.TextChoices):
    COLLECTED = "collected", "Collected"
    STORED = "stored", "Stored"
    TRANSFERRED = "transferred", "Transferred"
    SUBMITTED = "submitted", "Submitted to a lab"
    RETURNED = "returned", "Returned"
    RELEASED = "released", "Released"
    DESTROYED = "destroyed", "Destroyed"
    CONSUMED = "consumed", "Consumed"
    REQUESTED = "requested", "Requested"
    LOCATED = "located", "Located"


class CustodyEvent(CitedRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="custody_events")
    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="custody_events")
    kind = models.CharField(max_length=12, choices=CustodyKind.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=6, choices=DatePrecision.choices, default=DatePrecision.DAY)
    sequence = models.PositiveIntegerField(null=True, blank=True, help_text="Order when dates are missing or equal.")
    from_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="custody_from"
    )
    from_text = models.CharField(max_length=200, blank=True, help_text="Agency or location it came from.")
    to_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="custody_to"
    )
    to_text = models.CharField(max_length=200, blank=True, help_text="Agency or location it went to.")

    class Meta:
        ordering = ["item_id", "date", "sequence", "id"]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.get_kind_display()} ({when})"

    @property
    def source(self) -> str:
        return str(self.from_person) if self.from_person_id else self.from_text

    @property
    def destination(self) -> str:
        return str(self.to_person) if self.to_person_id else self.to_text


# --- Forensic tests -----------------------------------------------------------------------


class ForensicTest(CitedRecord):
    """One examination: its method (a key of innocence/knowledge/forensics.yaml), lab,
    analyst, the items tested, the result as recorded and the conclusion in the analyst's own
    words — the report page is the record's citation; the trial-testimony page is separate."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="forensic_tests")
    method = models.CharField(max_length=40, help_text="A method of the knowledge base (forensics.yaml).")
    lab = models.CharField(max_length=200, blank=True)
    analyst = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="forensic_tests"
    )
    date = models.DateField(null=True, blank=True)
    items = models.ManyToManyField(EvidenceItem, blank=True, related_name="tests")
    result = models.TextField(blank=True, help_text="The result as recorded.")
    conclusion = models.TextField(blank=True, help_text="The conclusion in the analyst's own words (report).")
    testimony_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    testimony_page = models.PositiveIntegerField(null=True, blank=True)
    testimony_quote = models.TextField(blank=True, help_text="What the analyst said at trial, verbatim.")
    bench_notes_to_defense = models.BooleanField(null=True, blank=True, help_text="Did the defense have the bench notes?")
    lab_confirmed = models.BooleanField(
        null=True, blank=True, help_text="For a field test: was it confirmed by a laboratory?"
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        from .knowledge import method_label

        when = self.date.isoformat() if self.date else "undated"
        return f"{method_label(self.method)} ({when})"

    @property
    def testimony_ref(self) -> PageRef:
        return PageRef(self.testimony_document_id, self.testimony_page, self.testimony_quote,
                       getattr(self.testimony_document, "title", "") or "")


# --- Proceedings pending, the organization's lab-review notices ---------------------------


class ProceedingKind(models.TextChoices):
    APPEAL = "appeal", "Direct appeal"
    POST_CONVICTION = "post_conviction", "State post-conviction petition"
    DNA_MOTION = "dna_motion", "Motion for DNA testing"
    HABEAS = "habeas", "Federal habeas petition"
    OTHER = "other", "Other"


class Proceeding(CitedRecord):
    """An appeal, petition or testing request and when it was pending."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_proceedings")
    kind = models.CharField(max_length=16, choices=ProceedingKind.choices)
    filed = models.DateField(null=True, blank=True)
    decided = models.DateField(null=True, blank=True, help_text="Blank while it is still pending.")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["filed", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} filed {self.filed.isoformat() if self.filed else 'on an unrecorded date'}"


class LabReviewNotice(models.Model):
    """An official review or scandal the organization knows of, beyond those in the knowledge
    base (e.g. a local lab audit): its scope (lab, analysts, years, discipline) and source.
    Organization data, not case data."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="lab_reviews")
    title = models.CharField(max_length=300)
    lab = models.CharField(max_length=200, blank=True)
    analysts = models.ManyToManyField("people.Person", blank=True, related_name="lab_reviews")
    year_from = models.PositiveIntegerField(null=True, blank=True)
    year_to = models.PositiveIntegerField(null=True, blank=True)
    discipline = models.CharField(max_length=40, blank=True, help_text="A method key; blank for every method.")
    source = models.TextField(help_text="Where this review is published or documented.")
    is_fictional = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


# --- Proposals read off the record ----------------------------------------------------------


class ProposalKind(models.TextChoices):
    ITEM = "item", "Evidence item"
    TEST = "test", "Forensic test / analyst"
    CONCLUSION = "conclusion", "Conclusion language"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (needs review)"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class EvidenceProposal(models.Model):
    """Something the proposer read on a page, waiting for a user to confirm, edit or reject.
    ``fingerprint`` (kind, page, passage) makes a re-run skip what was already proposed or
    rejected."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_proposals")
    kind = models.CharField(max_length=12, choices=ProposalKind.choices)
    pattern = models.CharField(max_length=60, help_text="The knowledge-base pattern that fired.")
    value = models.CharField(max_length=500, help_text="What was read: a number, a method, a conclusion.")
    method = models.CharField(max_length=40, blank=True)
    number = models.CharField(max_length=80, blank=True)
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    page_number = models.PositiveIntegerField()
    quote = models.TextField()
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    proposed_by = models.CharField(max_length=60)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    record_model = models.CharField(max_length=40, blank=True, help_text="What a confirmation created.")
    record_pk = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "page_number", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "fingerprint"], name="evidence_proposal_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value[:80]}"

    @property
    def page_ref(self) -> PageRef:
        return PageRef.of(self)
