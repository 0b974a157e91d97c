"""The actor network, stored: who appears in which case (with their roles there), and
which two persons of a case share pages or documents. Derived from the people app's
actor index (mentions, case roles) one case at a time, whenever that case's people
change (:mod:`innocence.network.services`) — never rebuilt per request.

Every row belongs to one case, so that a reader aggregates only over the cases they may
see (``cases_visible_to``): a weight or a count is always the sum over visible rows."""

from __future__ import annotations

from django.db import models


class Appearance(models.Model):
    """A person in a case: the person–case edge of the graph."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    #: the case roles recorded for the person in this case (``people.RoleKind`` values)
    case_roles = models.JSONField(default=list, blank=True)
    #: case-role kinds that the record's own titles give ("Det." → officer)
    record_roles = models.JSONField(default=list, blank=True)
    #: agencies named in the case roles' descriptions ("Lakeside Parish Sheriff")
    agencies = models.JSONField(default=list, blank=True)
    mentions = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="network_appearance_once")]
        indexes = [models.Index(fields=["person", "case"])]

    def __str__(self) -> str:
        return f"person {self.person_id} in case {self.case_id}"

    @property
    def roles(self) -> list[str]:
        """Every role kind: the recorded ones first, then those only the record's titles give."""
        return list(dict.fromkeys([*self.case_roles, *self.record_roles]))


class CoAppearance(models.Model):
    """Two persons named on the same page, or in the same document (a report's roster), of
    one case. ``person_a_id < person_b_id``. Sharing only the case is read from
    :class:`Appearance` (every two persons of a case share it)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    shared_pages = models.PositiveIntegerField(default=0)
    shared_documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person_a", "person_b"], name="network_pair_once_per_case")
        ]
        indexes = [models.Index(fields=["person_a", "person_b"])]

    def __str__(self) -> str:
        return f"{self.person_a_id}–{self.person_b_id} in case {self.case_id}"
