"""Working across organizations: the joint workspace of two organizations on one case
(a defense organization and a Conviction Integrity Unit, or co-counsel), and the private
comparison of actor indexes between organizations of a network.

A partnership never widens ``cases_visible_to``: the partner organization sees the host's
case only item by item, through :class:`Share` rows that a member of the sharing side made
and may withdraw (``innocence.partners.selectors``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.cases.models import Case
from innocence.core.models import Organization


class Side(models.TextChoices):
    HOST = "host", "Inviting organization"
    PARTNER = "partner", "Partner organization"


class PartnershipStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class Partnership(models.Model):
    """Two organizations working one case. The host is the organization whose case it is;
    the partner may bring a case of its own on the same conviction (``partner_case``)."""

    host_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="partnerships")
    host_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    partner_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    partner_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships_as_partner"
    )
    purpose = models.TextField(blank=True, help_text="Why the two organizations work together, in a line.")
    status = models.CharField(
        max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-invited_at"]

    def __str__(self) -> str:
        return f"Joint workspace #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == PartnershipStatus.ACTIVE

    def organization_of(self, side: str) -> Organization:
        return self.host_organization if side == Side.HOST else self.partner_organization

    def case_of(self, side: str) -> Case | None:
        return self.host_case if side == Side.HOST else self.partner_case


class PartnerMember(models.Model):
    """A member of the partner organization put on the workspace by its admins (the
    partner's own team: its admins see the workspace without being listed)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partner_team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "user"], name="one_partner_member")]

    def __str__(self) -> str:
        return f"{self.user} on workspace #{self.partnership_id}"


class ShareKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    FINDING = "finding", "Finding"
    EVIDENCE = "evidence", "Evidence item"
    EVENT = "event", "Event"


class Share(models.Model):
    """One item of one side's case, shared with the other side until withdrawn. A document
    may be shared whole or as a page range."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="shares")
    side = models.CharField(max_length=8, choices=Side.choices)
    kind = models.CharField(max_length=10, choices=ShareKind.choices)
    object_id = models.PositiveBigIntegerField()
    page_from = models.PositiveIntegerField(null=True, blank=True)
    page_to = models.PositiveIntegerField(null=True, blank=True)
    #: What the partner reads as the item's label, fixed when shared (the item may change).
    label = models.CharField(max_length=500)
    reason = models.CharField(max_length=500, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["shared_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} '{self.label}'"

    @property
    def pages_label(self) -> str:
        if self.page_from is None:
            return "all pages"
        return f"pages {self.page_from}–{self.page_to or self.page_from}"


class PartnerNote(models.Model):
    """A note written in the workspace: ``for_partner`` notes are read by both sides;
    otherwise the note is the writing side's own (its thoughts on shared material)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="notes")
    side = models.CharField(max_length=8, choices=Side.choices)
    share = models.ForeignKey(Share, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    for_partner = models.BooleanField(default=True)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note #{self.pk} ({self.side})"


class AgendaStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class AgendaItem(models.Model):
    """The shared agenda: what each side has raised, with its status."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agenda")
    side = models.CharField(max_length=8, choices=Side.choices)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class LogAction(models.TextChoices):
    INVITED = "invited", "invited the partner"
    ACCEPTED = "accepted", "accepted the invitation"
    DECLINED = "declined", "declined the invitation"
    SHARED = "shared", "shared"
    WITHDREW = "withdrew", "withdrew"
    VIEWED = "viewed", "viewed"
    NOTED = "noted", "wrote a note for the partner"
    AGENDA = "agenda", "changed the agenda"
    TEAM = "team", "changed its team"
    ENDED = "ended", "ended the partnership"
    REFUSED = "refused", "was refused"


class WorkspaceLog(models.Model):
    """Every share, withdrawal, partner view and decision, read by both sides. Append-only:
    rows are written by the services and never changed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="log")
    side = models.CharField(max_length=8, choices=Side.choices)
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=LogAction.choices)
    what = models.CharField(max_length=600, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.what}"


# --- private actor matching --------------------------------------------------------------


class MatchingSettings(models.Model):
    """An organization's opt-in to its network's private actor matching. The network's
    secret is held here (entered by an admin, never shown again: its fingerprint is)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="matching")
    enabled = models.BooleanField(default=False)
    network = models.CharField(max_length=100, help_text="The network's name, as its members agreed.")
    secret = models.CharField(max_length=200, help_text="The network's shared secret.")
    contact = models.CharField(max_length=200, blank=True, help_text="Where another member asks for contact.")
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opted_in_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Actor matching of {self.organization} ({self.network})"


class ImportedIndex(models.Model):
    """Another organization's encoded actor index, as received (file or service)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="imported_indexes")
    source_label = models.CharField(
        max_length=200, help_text="The other organization, as its file names itself."
    )
    source_contact = models.CharField(max_length=200, blank=True)
    source_token = models.CharField(max_length=64, help_text="The other organization's opaque index id.")
    encodings = models.JSONField(default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=10, default="file")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "source_token"], name="one_index_per_source")
        ]

    def __str__(self) -> str:
        return f"Encoded actor index of {self.source_label}"


class ActorMatch(models.Model):
    """Our actor ``person_id`` matches an opaque actor of another organization's index."""

    index = models.ForeignKey(ImportedIndex, on_delete=models.CASCADE, related_name="matches")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    their_actor = models.CharField(max_length=64)
    similarity = models.FloatField()
    role_agrees = models.BooleanField()
    state_agrees = models.BooleanField()
    contact_requested_at = models.DateTimeField(null=True, blank=True)
    contact_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-similarity", "pk"]

    def __str__(self) -> str:
        return f"Match {self.pk} ({self.similarity:.2f})"
