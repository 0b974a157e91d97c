"""The Witness lens's records: statements and their comparable claims, eyewitness
identification procedures and viewing conditions, interrogations, informants and benefits.

Every yes/no fact is a nullable boolean: ``None`` means *not recorded*, which is not the
same as *no*. Every record can name the page it comes from (document, page, verbatim quote).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.cases.models import Case
from innocence.documents.citations import PageRef
from innocence.documents.cited import CitedRecord

# --- Statements -------------------------------------------------------------------------


class StatementKind(models.TextChoices):
    POLICE_INTERVIEW = "police_interview", "Police interview"
    WRITTEN_STATEMENT = "written_statement", "Written statement"
    RECORDED_INTERVIEW = "recorded_interview", "Recorded interview"
    GRAND_JURY = "grand_jury", "Grand jury testimony"
    DEPOSITION = "deposition", "Deposition"
    HEARING = "hearing", "Hearing testimony"
    TRIAL = "trial", "Trial testimony"
    RECANTATION = "recantation", "Recantation affidavit"
    OTHER = "other", "Other"


class StatementForm(models.TextChoices):
    VERBATIM = "verbatim", "Verbatim transcript"
    SIGNED = "signed", "Signed by the witness"
    AUDIO = "audio", "Audio recording"
    VIDEO = "video", "Video recording"
    OFFICER_SUMMARY = "officer_summary", "Officer's summary"
    NOTES = "notes", "Handwritten notes"
    UNKNOWN = "unknown", "Not recorded"


class Statement(CitedRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="witness_statements")
    witness = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="statements")
    kind = models.CharField(max_length=20, choices=StatementKind.choices)
    date = models.DateField(null=True, blank=True)
    taken_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="statements_taken"
    )
    taken_by_text = models.CharField(max_length=200, blank=True, help_text="If not a person in the index.")
    form = models.CharField(max_length=20, choices=StatementForm.choices, default=StatementForm.UNKNOWN)
    page_end = models.PositiveIntegerField(null=True, blank=True, help_text="Last page of the statement.")
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["witness_id", "date", "id"]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.get_kind_display()} of {self.witness}, {when}"


class ClaimTopic(models.TextChoices):
    SEX = "sex", "Sex"
    RACE = "race", "Race"
    AGE = "age", "Age"
    HEIGHT = "height", "Height"
    WEIGHT = "weight", "Weight"
    BUILD = "build", "Build"
    HAIR = "hair", "Hair"
    FACIAL_HAIR = "facial_hair", "Facial hair"
    CLOTHING = "clothing", "Clothing"
    MARKS = "marks", "Scars, tattoos, marks"
    WEAPON = "weapon", "Weapon"
    VEHICLE = "vehicle", "Vehicle"
    TIME = "time", "Time"
    PLACE = "place", "Place"
    VANTAGE = "vantage", "Seen from where"
    SEEN = "seen", "What was seen"
    CERTAINTY = "certainty", "Certainty"


class ClaimStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (needs confirmation)"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class StatementClaim(models.Model):
    """One comparable claim in one statement (e.g. height: "about 5'10"), cited to its page."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="claims")
    topic = models.CharField(max_length=12, choices=ClaimTopic.choices)
    value = models.CharField(max_length=300, help_text="The claim, normalized for comparison.")
    quote = models.TextField(blank=True, help_text="Verbatim passage.")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CONFIRMED)
    proposed_by = models.CharField(max_length=60, blank=True, help_text="Extractor name and version, if any.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["statement_id", "topic", "id"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.value}"

    @property
    def page_ref(self) -> PageRef:
        """The page the claim (or proposal) was read from, with the link to the passage."""
        return PageRef.of(self)


# --- Identification procedures ------------------------------------------------------------


class ProcedureKind(models.TextChoices):
    SHOW_UP = "show_up", "Show-up"
    SINGLE_PHOTO = "single_photo", "Single photo"
    PHOTO_ARRAY = "photo_array", "Photo array"
    LIVE_LINEUP = "live_lineup", "Live lineup"
    IN_COURT = "in_court", "In-court identification"


class Administration(models.TextChoices):
    DOUBLE_BLIND = "double_blind", "Double-blind"
    BLIND = "blind", "Blind (administrator did not know the suspect's position)"
    NON_BLIND = "non_blind", "Not blind (administrator knew the suspect)"
    UNKNOWN = "", "Not recorded"


class ProcedureResult(models.TextChoices):
    SUSPECT = "suspect", "Identified the suspect"
    FILLER = "filler", "Picked a filler"
    NONE = "none", "No identification"
    UNSURE = "unsure", "Could not decide"
    UNKNOWN = "", "Not recorded"


class IdentificationProcedure(CitedRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identification_procedures")
    witness = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="identification_procedures")
    suspect = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="identified_in"
    )
    kind = models.CharField(max_length=14, choices=ProcedureKind.choices)
    date = models.DateField(null=True, blank=True)
    sequence = models.PositiveIntegerField(
        null=True, blank=True, help_text="Order among this witness's procedures when dates are missing or equal."
    )
    delay_hours = models.DecimalField(
        max_digits=8, decimal_places=1, null=True, blank=True, help_text="Hours since the event."
    )
    administrator = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="procedures_administered"
    )
    administration = models.CharField(max_length=14, choices=Administration.choices, blank=True)
    instructions_unbiased = models.BooleanField(
        null=True, blank=True, help_text="Told the culprit 'may or may not be present'?"
    )
    instructions_text = models.TextField(blank=True, help_text="The instructions as recorded.")
    fillers_count = models.PositiveIntegerField(null=True, blank=True)
    filler_selection = models.CharField(max_length=300, blank=True, help_text="How the fillers were chosen.")
    suspects_count = models.PositiveIntegerField(null=True, blank=True, help_text="Suspects in the lineup.")
    suspect_stood_out = models.BooleanField(null=True, blank=True)
    result = models.CharField(max_length=8, choices=ProcedureResult.choices, blank=True)
    confidence_statement = models.TextField(blank=True, help_text="The witness's words, verbatim.")
    confidence_immediate = models.BooleanField(
        null=True, blank=True, help_text="Taken immediately after the identification?"
    )
    confidence_when = models.CharField(max_length=200, blank=True)
    feedback_given = models.BooleanField(null=True, blank=True)
    feedback_text = models.TextField(blank=True)
    prior_exposure = models.BooleanField(
        null=True, blank=True, help_text="Had the witness seen the suspect before (mugshots, show-up, media)?"
    )
    prior_exposure_text = models.TextField(blank=True)
    pre_lineup_interview = models.BooleanField(null=True, blank=True)
    video_recorded = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["witness_id", "date", "sequence", "id"]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.get_kind_display()} with {self.witness}, {when}"


class Lighting(models.TextChoices):
    GOOD = "good", "Good"
    MODERATE = "moderate", "Moderate"
    POOR = "poor", "Poor"
    DARK = "dark", "Dark"
    UNKNOWN = "", "Not recorded"


class Stress(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    UNKNOWN = "", "Not recorded"


class Familiarity(models.TextChoices):
    STRANGER = "stranger", "Stranger"
    ACQUAINTANCE = "acquaintance", "Acquaintance"
    FAMILIAR = "familiar", "Knew well"
    UNKNOWN = "", "Not recorded"


class ViewingConditions(CitedRecord):
    """Estimator variables: how the witness saw the event (one record per witness)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="viewing_conditions")
    witness = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="viewing_conditions")
    cross_race = models.BooleanField(null=True, blank=True, help_text="Witness and culprit of different races?")
    weapon_present = models.BooleanField(null=True, blank=True)
    lighting = models.CharField(max_length=10, choices=Lighting.choices, blank=True)
    distance_feet = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    stress = models.CharField(max_length=10, choices=Stress.choices, blank=True)
    familiarity = models.CharField(max_length=14, choices=Familiarity.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "witness"], name="one_viewing_per_witness")]
        verbose_name_plural = "viewing conditions"

    def __str__(self) -> str:
        return f"Viewing conditions of {self.witness}"


# --- Interrogations -----------------------------------------------------------------------


class Interrogation(CitedRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interrogations")
    suspect = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="interrogations")
    date = models.DateField(null=True, blank=True)
    interrogators = models.CharField(max_length=300, blank=True)
    suspect_age = models.PositiveIntegerField(null=True, blank=True)
    intellectual_disability = models.BooleanField(null=True, blank=True)
    mental_illness = models.BooleanField(null=True, blank=True)
    vulnerability_text = models.TextField(blank=True, help_text="Indicators as recorded.")
    duration_hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_in_full = models.BooleanField(null=True, blank=True)
    miranda_waived = models.BooleanField(null=True, blank=True)
    false_evidence_ploy = models.BooleanField(null=True, blank=True)
    minimization_leniency = models.BooleanField(null=True, blank=True, help_text="Minimization or leniency promised.")
    threats = models.BooleanField(null=True, blank=True)
    tactics_text = models.TextField(blank=True)
    confession = models.BooleanField(null=True, blank=True, help_text="Did it produce a confession or admission?")
    contains_non_public_facts = models.BooleanField(null=True, blank=True)
    non_public_facts = models.TextField(blank=True)
    non_public_source_documented = models.BooleanField(
        null=True, blank=True, help_text="Is the source of those facts documented (not the interrogators)?"
    )
    corroborated = models.BooleanField(null=True, blank=True)
    recanted = models.BooleanField(null=True, blank=True)
    recantation_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"Interrogation of {self.suspect}, {when}"


# --- Informants ---------------------------------------------------------------------------


class CustodyStatus(models.TextChoices):
    IN_CUSTODY_WITH_DEFENDANT = "with_defendant", "In custody, held with the defendant"
    IN_CUSTODY = "in_custody", "In custody"
    NOT_IN_CUSTODY = "free", "Not in custody"
    UNKNOWN = "", "Not recorded"


class Informant(CitedRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="informants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="informant_records")
    custody_status = models.CharField(max_length=16, choices=CustodyStatus.choices, blank=True)
    statement_summary = models.TextField(blank=True, help_text="What the informant said they heard.")
    heard_date = models.DateField(null=True, blank=True)
    testified = models.BooleanField(null=True, blank=True)
    corroborated = models.BooleanField(null=True, blank=True)
    corroboration_text = models.TextField(blank=True)
    recanted = models.BooleanField(null=True, blank=True)
    other_cases_checked = models.BooleanField(
        null=True, blank=True, help_text="Were other dockets searched for this informant's testimony?"
    )
    other_cases_text = models.TextField(blank=True, help_text="Other cases found (outside this organization).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="one_informant_record_per_case")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Informant {self.person}"

    @property
    def in_custody(self) -> bool | None:
        if not self.custody_status:
            return None
        return self.custody_status != CustodyStatus.NOT_IN_CUSTODY


class BenefitKind(models.TextChoices):
    """REFERENCE §5: taxonomy from the introduced Texas bill H.B. 3133, plus other."""

    LENIENCY_ARREST = "leniency_arrest", "Leniency — arrest"
    LENIENCY_CHARGES = "leniency_charges", "Leniency — charges reduced or dropped"
    LENIENCY_SENTENCE = "leniency_sentence", "Leniency — sentence reduction"
    LENIENCY_PAROLE = "leniency_parole", "Leniency — parole"
    MONEY = "money", "Money"
    IMMIGRATION = "immigration", "Immigration help"
    IN_KIND = "in_kind", "In-kind aid"
    CUSTODY_PERKS = "custody_perks", "In-custody perks"
    THIRD_PARTY = "third_party", "Benefit to a third party"
    OTHER = "other", "Other"


class BenefitStage(models.TextChoices):
    SOUGHT = "sought", "Sought by the informant"
    PROMISED = "promised", "Promised or discussed"
    RECEIVED = "received", "Received"


class InformantBenefit(CitedRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="informant_benefits")
    informant = models.ForeignKey(Informant, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(max_length=20, choices=BenefitKind.choices)
    stage = models.CharField(max_length=10, choices=BenefitStage.choices)
    description = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    disclosed_to_defense = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["informant_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_stage_display().lower()}) for {self.informant.person}"
