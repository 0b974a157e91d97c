"""Informant rules: undisclosed benefits (Giglio), uncorroborated in-custody testimony,
and the same informant in other cases. Citations from innocence/knowledge/informants.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from innocence.cases.models import Case
from innocence.findings.knowledge import RuleEntry
from innocence.findings.registry import CitationDraft, FindingDraft, cite_field, rule
from innocence.people.models import CaseRole, RoleKind

from ..models import Informant
from .facts import ABSENT, NOT_RECORDED, PRESENT, quoted, when

LENS = "witness"


def _informants(case: Case) -> list[Informant]:
    return list(
        Informant.objects.filter(case=case).select_related("person", "document").prefetch_related("benefits__document")
    )


@rule("informant.undisclosed_benefit", lens=LENS)
def undisclosed_benefit(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for informant in _informants(case):
        benefits = list(informant.benefits.all())
        key = f"informant:{informant.pk}"
        undisclosed = [b for b in benefits if b.disclosed_to_defense is False]
        cite = [cite_field(b, "disclosed_to_defense", label=str(b)) for b in (undisclosed or benefits)]
        if undisclosed:
            items = "; ".join(
                f"{b.get_kind_display().lower()} ({b.get_stage_display().lower()}, {when(b.date)}): "
                f"{quoted(b.description)}" for b in undisclosed
            )
            text = f"{informant.person}: benefit(s) not disclosed to the defense — {items}."
            yield FindingDraft(key, PRESENT, text, cite, informant.person_id)
        elif benefits and all(b.disclosed_to_defense for b in benefits):
            text = f"{informant.person}: every recorded benefit ({len(benefits)}) was disclosed to the defense."
            yield FindingDraft(key, ABSENT, text, cite, informant.person_id)
        elif benefits:
            text = f"{informant.person}: whether the recorded benefit(s) were disclosed to the defense is not recorded."
            yield FindingDraft(key, NOT_RECORDED, text, cite, informant.person_id)
        else:
            text = f"{informant.person}: no benefit sought or received is recorded; that does not mean there was none."
            yield FindingDraft(key, NOT_RECORDED, text, [], informant.person_id)


@rule("informant.uncorroborated_in_custody", lens=LENS)
def uncorroborated_in_custody(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for informant in _informants(case):
        key = f"informant:{informant.pk}"
        cites = [cite_field(informant, "custody_status", label=str(informant)),
                 cite_field(informant, "corroborated", label=str(informant))]
        custody = informant.in_custody
        if custody is None:
            text = f"{informant.person}: custody status when the statement was allegedly heard is not recorded."
            yield FindingDraft(key, NOT_RECORDED, text, cites, informant.person_id)
        elif custody is False:
            text = f"{informant.person} was not in custody when the statement was allegedly heard."
            yield FindingDraft(key, ABSENT, text, cites, informant.person_id)
        elif informant.corroborated is False:
            heard = f" {quoted(informant.statement_summary)}" if informant.statement_summary else ""
            text = (f"{informant.person} ({informant.get_custody_status_display().lower()}) reported a statement "
                    f"with no recorded corroboration.{heard}")
            yield FindingDraft(key, PRESENT, text, cites, informant.person_id)
        elif informant.corroborated:
            how = f": {quoted(informant.corroboration_text)}" if informant.corroboration_text else ""
            text = f"{informant.person} was in custody; the account is recorded as corroborated{how}."
            yield FindingDraft(key, ABSENT, text, cites, informant.person_id)
        else:
            text = f"{informant.person} was in custody; whether the account was corroborated is not recorded."
            yield FindingDraft(key, NOT_RECORDED, text, cites, informant.person_id)


@rule("informant.repeat", lens=LENS)
def repeat(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for informant in _informants(case):
        key = f"informant:{informant.pk}"
        roles = CaseRole.objects.filter(person=informant.person, role=RoleKind.INFORMANT).exclude(case=case)
        roles = roles.select_related("case")
        cites = [
            CitationDraft(source_model=r._meta.label, source_pk=str(r.pk), source_field="role",
                          source_value=f"informant in {r.case.reference} ({r.case.title})",
                          label=f"{r.person} · {r.case.reference}", other_case_id=r.case_id)
            for r in roles
        ]
        if informant.other_cases_text:
            cites.append(cite_field(informant, "other_cases_text", label=str(informant)))
        if cites:
            outside = f" Other cases recorded: {quoted(informant.other_cases_text)}." if informant.other_cases_text else ""
            inside = " Recorded as an informant in other cases of this organization." if roles else ""
            text = f"{informant.person} has given informant testimony or statements in other cases.{inside}{outside}"
            yield FindingDraft(key, PRESENT, text, cites, informant.person_id)
        elif informant.other_cases_checked:
            text = f"{informant.person}: other dockets were searched; no other case is recorded."
            yield FindingDraft(key, ABSENT, text, [cite_field(informant, "other_cases_checked")], informant.person_id)
        else:
            text = f"{informant.person}: whether other dockets were searched for this informant is not recorded."
            yield FindingDraft(key, NOT_RECORDED, text, [cite_field(informant, "other_cases_checked")],
                               informant.person_id)
