"""The Prosecution lens's records: productions (who gave what to whom, when), Brady/Giglio
items (favorable passages, proposed by a pass over the pages and confirmed by a user),
testimony contradicted by a record the State held (Napue), and the organization's
misconduct registry of actors. Page signatures for near-duplicate detection are derived
data, rebuilt from page text.

Yes/no facts are nullable booleans and choices have a blank "not recorded": ``None`` or
``""`` means the record does not say, which is not the same as *no*.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.cases.models import Case
from innocence.core.models import Organization
from innocence.documents.citations import PageRef


class Party(models.TextChoices):
    POLICE = "police", "Police / sheriff"
    PROSECUTOR = "prosecutor", "Prosecutor"
    DEFENSE = "defense", "Defense"
    COURT = "court", "Court"
    LAB = "lab", "Crime lab"
    RECORDS_CUSTODIAN = "records_custodian", "Records custodian"
    ORGANIZATION = "organization", "Our organization"
    OTHER = "other", "Other"


#: Parties whose knowledge is the State's (Kyles imputes police knowledge to the prosecutor).
STATE_PARTIES = (Party.POLICE, Party.PROSECUTOR, Party.LAB)
#: Parties whose receipt counts as disclosure to the defense (our organization stands in
#: the defense's shoes only for post-conviction releases, which are late disclosures).
DEFENSE_PARTIES = (Party.DEFENSE,)


class ProductionKind(models.TextChoices):
    DISCOVERY_RESPONSE = "discovery", "Discovery response"
    LATE_DISCLOSURE = "late_disclosure", "Late disclosure (post-trial or post-conviction)"
    RECORDS_RELEASE = "records_release", "Public-records release"
    SUBPOENA = "subpoena", "Subpoena response"
    COURT_ORDERED = "court_ordered", "Court-ordered production"
    OTHER = "other", "Other"


class Production(models.Model):
    """One production: who produced what to whom and when, with its Bates range."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="productions")
    title = models.CharField(max_length=300, help_text="e.g. 'State's discovery response, 1994'.")
    kind = models.CharField(max_length=20, choices=ProductionKind.choices)
    producer = models.CharField(max_length=20, choices=Party.choices)
    producer_name = models.CharField(max_length=200, blank=True, help_text="e.g. 'Lakeside Parish DA's office'.")
    recipient = models.CharField(max_length=20, choices=Party.choices)
    recipient_name = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True, help_text="Empty when the record does not say.")
    bates_start = models.CharField(max_length=60, blank=True)
    bates_end = models.CharField(max_length=60, blank=True)
    description = models.TextField(blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The transmittal letter or index that records the production, if any.",
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="Verbatim passage from that page.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.title} ({when})"

    @property
    def to_defense(self) -> bool:
        return self.recipient in DEFENSE_PARTIES

    @property
    def page_ref(self) -> PageRef:
        return PageRef.of(self)


class ProductionItem(models.Model):
    """A document (or a page range of it) a production contained."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="production_items")
    page_start = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: the whole document.")
    page_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["production", "document"], name="one_item_per_document_per_production")
        ]
        ordering = ["production_id", "document_id"]

    def __str__(self) -> str:
        pages = f" pp. {self.page_start}–{self.page_end or self.page_start}" if self.page_start else ""
        return f"{self.document}{pages}"

    def covers(self, number: int) -> bool:
        if self.page_start is None:
            return True
        return self.page_start <= number <= (self.page_end or self.page_start)


class PageSignature(models.Model):
    """The MinHash signature of one page's text (derived; rebuilt from the text)."""

    page = models.OneToOneField("documents.Page", on_delete=models.CASCADE, related_name="prosecution_signature")
    text_version = models.PositiveIntegerField()
    hashvalues = models.BinaryField(help_text="MinHash values (uint32); empty when the page has too little text.")
    params = models.CharField(max_length=40, help_text="Shingle size, permutations and hashing scheme the signature was made with.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"signature of page {self.page_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class SignatureRun(models.Model):
    """Progress of the job that (re)computes the page signatures of a whole case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"signature run {self.pk} ({self.status}, {self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == RunStatus.DONE else 0)


# --- Brady / Giglio items -------------------------------------------------------------------


class Favorable(models.TextChoices):
    EXCULPATORY = "exculpatory", "Exculpatory"
    IMPEACHING = "impeaching", "Impeaching"


class FavorableCategory(models.TextChoices):
    NON_IDENTIFICATION = "non_identification", "A witness did not identify the defendant"
    OTHER_IDENTIFIED = "other_identified", "A witness identified someone else"
    PRIOR_INCONSISTENT = "prior_inconsistent", "Prior inconsistent or uncertain statement"
    ALTERNATIVE_SUSPECT = "alternative_suspect", "Alternative suspect or tip"
    WITNESS_BENEFIT = "witness_benefit", "Deal or benefit for a witness"
    LAB_EXCLUSION = "lab_exclusion", "Lab result excluding or not including the defendant"
    ALIBI = "alibi", "Alibi corroboration"
    OTHER = "other", "Other"


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (needs confirmation)"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class Disclosure(models.TextChoices):
    DISCLOSED = "disclosed", "Disclosed to the defense"
    NOT_DISCLOSED = "not_disclosed", "Not disclosed"
    NOT_RECORDED = "", "Disclosure not recorded"


class BradyItem(models.Model):
    """A favorable passage: where it is, why it is favorable, who held it and whether the
    record shows it reached the defense (with the production that proves it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="brady_items")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(help_text="Verbatim passage from the page.")
    category = models.CharField(max_length=24, choices=FavorableCategory.choices)
    favorable = models.CharField(max_length=12, choices=Favorable.choices)
    why = models.TextField(blank=True, help_text="Why it is favorable, in a sentence.")
    held_by = models.CharField(
        max_length=20, choices=Party.choices, blank=True, help_text="Whose file it was in (blank: not recorded)."
    )
    disclosure = models.CharField(max_length=14, choices=Disclosure.choices, blank=True)
    disclosure_production = models.ForeignKey(
        Production, null=True, blank=True, on_delete=models.SET_NULL, related_name="brady_items",
        help_text="The production that proves disclosure.",
    )
    disclosure_note = models.TextField(blank=True, help_text="What the record says about disclosure.")
    prejudice = models.BooleanField(
        null=True, blank=True, help_text="Strickler's third element: did prejudice follow? (a lawyer's assessment)"
    )
    prejudice_reason = models.TextField(blank=True)
    witness = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The witness it impeaches or concerns, if any.",
    )
    informant_benefit = models.ForeignKey(
        "witnesses.InformantBenefit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The Witness lens's benefit record this item is about, if any.",
    )
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.CONFIRMED)
    pattern_id = models.CharField(max_length=60, blank=True, help_text="The pattern that proposed it, if any.")
    proposed_by = models.CharField(max_length=60, blank=True, help_text="Proposer name and version, if any.")
    source_page_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The page a proposal was read from (kept as an id: pages can go)."
    )
    source_text_version = models.PositiveIntegerField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document_id", "page_number", "id"]
        indexes = [models.Index(fields=["case", "status"]), models.Index(fields=["source_page_id"])]

    def __str__(self) -> str:
        where = f"{self.document.title} p. {self.page_number}" if self.document else "no page"
        return f"{self.get_category_display()} ({where})"

    @property
    def page_ref(self) -> PageRef:
        return PageRef.of(self)

    @property
    def held_by_state(self) -> bool | None:
        if not self.held_by:
            return None
        return self.held_by in STATE_PARTIES


# --- False testimony (Napue) ----------------------------------------------------------------


class TestimonyConflict(models.Model):
    """Trial testimony (a page of the transcript) contradicted by a record the State held."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="testimony_conflicts")
    witness = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=500, help_text="What the testimony said and what the record shows.")
    testimony_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    testimony_page = models.PositiveIntegerField(null=True, blank=True)
    testimony_quote = models.TextField(blank=True, help_text="The testimony, verbatim.")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The record the State held that contradicts it.",
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="The contradicting passage, verbatim.")
    informant_benefit = models.ForeignKey(
        "witnesses.InformantBenefit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="A Witness-lens benefit record that contradicts the testimony (a denied deal).",
    )
    state_knew = models.BooleanField(null=True, blank=True, help_text="Did the prosecution know the truth?")
    corrected = models.BooleanField(null=True, blank=True, help_text="Did the State correct the testimony?")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Testimony of {self.witness} contradicted"

    @property
    def page_ref(self) -> PageRef:
        return PageRef.of(self)

    @property
    def testimony_ref(self) -> PageRef:
        return PageRef(
            self.testimony_document_id, self.testimony_page, self.testimony_quote,
            document_title=self.testimony_document.title if self.testimony_document else "",
        )


# --- Misconduct registry --------------------------------------------------------------------


class MisconductKind(models.TextChoices):
    """The NRE's five official-misconduct categories (NRE 2020, REFERENCE §1.5)."""

    CONCEALING = "concealing_exculpatory", "Concealing exculpatory evidence"
    WITNESS_TAMPERING = "witness_tampering", "Witness tampering"
    INTERROGATION = "interrogation_misconduct", "Interrogation misconduct"
    FABRICATION = "fabricating_evidence", "Fabricating evidence"
    TRIAL = "misconduct_at_trial", "Misconduct at trial (incl. perjury by an official)"
    OTHER = "other", "Other"


class ActorRole(models.TextChoices):
    OFFICER = "officer", "Police officer / detective"
    PROSECUTOR = "prosecutor", "Prosecutor"
    ANALYST = "analyst", "Forensic analyst"
    HANDLER = "informant_handler", "Informant handler"
    OTHER = "other", "Other official"


class SourceKind(models.TextChoices):
    COURT_FINDING = "court_finding", "Court finding"
    DISCIPLINARY = "disciplinary", "Disciplinary record"
    CIVIL = "civil", "Civil judgment or settlement"
    NEWS = "news", "News report"
    OWN_CASE = "own_case", "Our own case"
    PUBLISHED_LIST = "published_list", "Published list (e.g. a Brady/Giglio list)"


class MisconductStatus(models.TextChoices):
    ALLEGED = "alleged", "Alleged"
    SUSTAINED = "sustained", "Sustained"
    NOT_SUSTAINED = "not_sustained", "Not sustained"
    COURT_FOUND = "court_found", "Found by a court"


class MisconductRecord(models.Model):
    """An allegation or finding against an actor. Every entry has a source (a page of a case
    or an external source with title, date, URL and quote); an entry is shown on other cases
    only after review, and the case it came from only to users who may see that case."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="misconduct_records")
    actor_role = models.CharField(max_length=20, choices=ActorRole.choices, blank=True)
    agency = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=26, choices=MisconductKind.choices)
    status = models.CharField(max_length=14, choices=MisconductStatus.choices)
    source_kind = models.CharField(max_length=16, choices=SourceKind.choices)
    date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="What was alleged or found, in the source's words.")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="misconduct_records",
        help_text="The organization's case it comes from, if any.",
    )
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True)
    source_title = models.CharField(max_length=400, blank=True)
    source_date = models.DateField(null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    source_quote = models.TextField(blank=True)
    reviewed = models.BooleanField(default=False, help_text="Reviewed: may be shown on the actor's other cases.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    import_label = models.CharField(max_length=200, blank=True, help_text="The CSV import it came from, if any.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.get_status_display().lower()})"

    @property
    def page_ref(self) -> PageRef:
        return PageRef.of(self)

    @property
    def is_finding(self) -> bool:
        return self.status in (MisconductStatus.SUSTAINED, MisconductStatus.COURT_FOUND)
