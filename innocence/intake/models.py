"""Intake: applications for help, before (or without) a case.

An :class:`Application` is one request, usually a letter from prison. It records what the
applicant told us, in their words, and keeps "not known" apart from "no" everywhere: an
unanswered question about biological evidence is not a "no".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.core.models import Organization

from .stages import Stage


class Channel(models.TextChoices):
    LETTER = "letter", "Letter from the applicant"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    FAMILY = "family", "Family member"
    ATTORNEY = "attorney", "Attorney"
    REFERRAL = "referral", "Referral from another organization"


class Tristate(models.TextChoices):
    """An answer the record may not give: "unknown" is not "no"."""

    UNKNOWN = "unknown", "Not known"
    YES = "yes", "Yes"
    NO = "no", "No"


class ConvictionBasis(models.TextChoices):
    UNKNOWN = "", "Not known"
    TRIAL = "trial", "Trial"
    PLEA = "plea", "Guilty plea"
    NO_CONTEST = "no_contest", "No-contest (Alford) plea"


class IntakeSettings(models.Model):
    """An organization's intake rules: target times, focus, public form."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="intake_settings")
    days_to_acknowledge = models.PositiveIntegerField(default=14, help_text="Target: acknowledge within N days.")
    days_to_decide = models.PositiveIntegerField(default=180, help_text="Target: decide within N days.")
    dna_focused = models.BooleanField(
        default=False, help_text="Screen for biological evidence and identity at issue."
    )
    states_served = models.JSONField(default=list, blank=True, help_text="Two-letter codes; empty = any.")
    public_form_enabled = models.BooleanField(default=False)
    public_form_intro = models.TextField(blank=True)
    return_address = models.TextField(blank=True, help_text="Printed at the top of letters.")
    signature = models.CharField(max_length=200, blank=True, help_text="Who signs letters.")

    def __str__(self) -> str:
        return f"Intake settings · {self.organization}"


class Facility(models.Model):
    """A prison or jail the organization writes to, with its mailing address."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="facilities")
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=2, blank=True)
    address = models.TextField(blank=True, help_text="Mailing address for legal mail.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="facility_unique_in_org")]
        ordering = ["name"]
        verbose_name_plural = "facilities"

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=40, unique=True, help_text="Receipt number, e.g. LIC-A2026-0007.")
    received_on = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.LETTER)
    referring_organization = models.CharField(max_length=200, blank=True)
    submitted_by = models.CharField(max_length=200, blank=True, help_text="Family member or attorney who wrote.")
    submitted_by_contact = models.TextField(blank=True)

    # The applicant
    applicant_name = models.CharField(max_length=200)
    applicant_aliases = models.JSONField(default=list, blank=True)
    applicant_dob = models.DateField(null=True, blank=True, help_text="Empty: not known.")
    inmate_number = models.CharField(max_length=50, blank=True)
    current_facility = models.CharField(max_length=200, blank=True, help_text="Kept in step with the stays.")

    # The conviction
    conviction_state = models.CharField(max_length=2, blank=True)
    conviction_county = models.CharField(max_length=100, blank=True)
    conviction_court = models.CharField(max_length=200, blank=True)
    offense = models.CharField(max_length=300, blank=True)
    conviction_year = models.PositiveIntegerField(null=True, blank=True)
    conviction_basis = models.CharField(
        max_length=12, choices=ConvictionBasis.choices, blank=True, default=ConvictionBasis.UNKNOWN
    )
    trial_date = models.DateField(null=True, blank=True)
    sentence = models.CharField(max_length=300, blank=True)
    in_custody_since = models.DateField(null=True, blank=True)
    victims = models.JSONField(default=list, blank=True, help_text="Names, for the conflict check.")
    co_defendants = models.JSONField(default=list, blank=True, help_text="Names, for the conflict check.")
    named_people = models.JSONField(
        default=list, blank=True,
        help_text="Other people the applicant names, each {'name', 'role'} (a case role: witness, informant...), "
        "for the conflict check.",
    )

    # The claim, in the applicant's own words, and what evidence they say exists
    claim = models.TextField(blank=True)
    biological_evidence = models.CharField(max_length=8, choices=Tristate.choices, default=Tristate.UNKNOWN)
    identity_at_issue = models.CharField(max_length=8, choices=Tristate.choices, default=Tristate.UNKNOWN)
    alibi = models.CharField(max_length=8, choices=Tristate.choices, default=Tristate.UNKNOWN)
    recantation = models.CharField(max_length=8, choices=Tristate.choices, default=Tristate.UNKNOWN)
    evidence_notes = models.TextField(blank=True)

    # Workflow
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.NEW, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="intake_assigned"
    )
    decline_reason = models.CharField(max_length=40, blank=True, help_text="Code from the decline reasons list.")
    decision_note = models.TextField(blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    warnings = models.JSONField(default=list, blank=True, help_text="Data problems to check, in plain words.")
    submission_hash = models.CharField(max_length=64, blank=True, db_index=True)
    is_fictional = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["organization", "stage"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.applicant_name}"


class FacilityStay(models.Model):
    """Where the applicant was held, and when: people move between prisons."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="facility_stays")
    facility_name = models.CharField(max_length=200)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    address = models.TextField(blank=True)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True, help_text="Empty: still there.")
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.facility_name

    @property
    def mailing_address(self) -> str:
        return self.address or (self.facility.address if self.facility else "")


class FileKind(models.TextChoices):
    LETTER = "letter", "Letter"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    OTHER = "other", "Other"


class ApplicationFile(models.Model):
    """An uploaded letter or questionnaire, kept as received."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="intake/%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=300)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=20, choices=FileKind.choices, default=FileKind.LETTER)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class StageTransition(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    reason_code = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.from_stage or '—'} → {self.to_stage}"


class Referral(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referrals")
    to_organization = models.CharField(max_length=200)
    contact = models.TextField(blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.application.reference} → {self.to_organization}"


class MatchDecision(models.TextChoices):
    LINKED = "linked", "Linked: same person"
    DISMISSED = "dismissed", "Dismissed: not the same person"
    FLAGGED = "flagged", "Flagged for review"


class MatchReview(models.Model):
    """What a user decided about one duplicate or conflict candidate."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="match_reviews")
    target_kind = models.CharField(max_length=20, help_text="application, case or person")
    target_id = models.BigIntegerField()
    kind = models.CharField(max_length=20, default="duplicate", help_text="duplicate or conflict")
    decision = models.CharField(max_length=12, choices=MatchDecision.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "target_kind", "target_id", "kind"], name="one_review_per_candidate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.target_kind} {self.target_id} {self.decision}"


class ConflictOutcome(models.TextChoices):
    WAIVED = "waived", "Conflict waived: the matches are the same people, and the case may be taken"
    CLEARED = "cleared", "No conflict: the matches are not the same people"
    DECLINED = "declined", "Declined for conflict"


class ConflictDecision(models.Model):
    """An organization admin's decision on an application's adverse-party conflicts. Until
    one that waives or clears them covers every conflict the check finds, the application
    cannot be accepted (innocence.intake.services.application_transition). ``conflict_keys``
    are the conflicts it covers (:attr:`innocence.intake.matching.Candidate.key`): a
    conflict found later needs a decision of its own."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflict_decisions")
    outcome = models.CharField(max_length=10, choices=ConflictOutcome.choices)
    reason = models.TextField(help_text="Why, in words: whose consent, what was weighed.")
    conflict_keys = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.outcome}"


class ScreeningAnswerValue(models.TextChoices):
    UNKNOWN = "unknown", "Not known"
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


class ScreeningCriterion(models.Model):
    """One item of an organization's screening checklist. No weights: there is no score."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="screening_criteria")
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    help_text = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the criterion comes from.")
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="criterion_key_unique")]
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ScreeningAnswer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="screening_answers")
    criterion = models.ForeignKey(ScreeningCriterion, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(
        max_length=8, choices=ScreeningAnswerValue.choices, default=ScreeningAnswerValue.UNKNOWN
    )
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="one_answer_per_criterion")
        ]
        ordering = ["criterion__position", "criterion_id"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.answer}"


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    QUESTIONNAIRE_COVER = "questionnaire_cover", "Questionnaire cover letter"
    REQUEST_INFO = "request_info", "Request for information"
    DECLINE = "decline", "Decline with reason"
    REFERRAL = "referral", "Referral"


class LetterTemplate(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Django template syntax; only the listed variables are available.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="one_template_per_kind")]
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.organization}"


class Direction(models.TextChoices):
    OUTGOING = "out", "Sent"
    INCOMING = "in", "Received"


class Correspondence(models.Model):
    """The correspondence log: every letter sent (legal mail) or received."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="correspondence")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.OUTGOING)
    kind = models.CharField(max_length=30, blank=True, help_text="Letter template kind, if any.")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="The letter as rendered and sent.")
    addressee = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True, help_text="Where it was sent: the facility at the time.")
    inmate_number = models.CharField(max_length=50, blank=True)
    legal_mail = models.BooleanField(default=True)
    sent_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name_plural = "correspondence"

    def __str__(self) -> str:
        return f"{self.sent_on} {self.subject}"
