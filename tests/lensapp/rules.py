from collections.abc import Iterator

from innocence.cases.models import Case
from innocence.findings.knowledge import RuleEntry
from innocence.findings.registry import FindingDraft, cite_field, rule

from .models import Sighting


@rule("lensapp.uncorroborated_sighting", lens="lensapp")
def uncorroborated(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for s in Sighting.objects.filter(case=case).select_related("document"):
        cite = [cite_field(s, "corroborated", label=str(s))]
        if s.corroborated is None:
            yield FindingDraft(f"sighting:{s.pk}", "not_recorded", f"Whether {s.what} was corroborated is not recorded.", cite)
        elif s.corroborated:
            yield FindingDraft(f"sighting:{s.pk}", "absent", f"{s.what}: corroborated.", cite)
        else:
            yield FindingDraft(f"sighting:{s.pk}", "present", f"{s.what}: not corroborated.", cite)
