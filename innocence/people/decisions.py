"""A reviewer's decisions about who is who: confirm, merge, split, reject a proposed link,
and "add to the case's roles". Each is recorded as a ResolutionDecision (so that a re-run
of the resolution applies it again) and in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import access, audit
from innocence.core.access import can_edit_case
from innocence.core.models import AuditAction

from .models import (
    CaseRole,
    DecisionAction,
    LinkStatus,
    Mention,
    Person,
    PersonLink,
    PersonOrigin,
    ResolutionDecision,
    ResolvedName,
    RoleKind,
)
from .resolution_runs import schedule_resolution
from .services import case_role_add


def _require_edit(actor: Any, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")


def _require_writer(actor: Any, person: Person) -> None:
    if not access.can_write_in(actor, person.organization_id):
        raise PermissionDenied("Your role does not allow changes to people.")


def _keys_in_case(case: Case, person: Person) -> list[str]:
    return sorted(ResolvedName.objects.filter(case=case, person=person).values_list("name_key", flat=True))


@transaction.atomic
def person_split(*, actor: Any, case: Case, person: Person, move_keys: list[str], note: str = "") -> Person:
    """Take the name variants ``move_keys`` (e.g. ``"brisco|alan"``) away from ``person`` in this
    case: they become a person of their own, now and on every re-run."""
    _require_edit(actor, case)
    keys = _keys_in_case(case, person)
    move = sorted(set(move_keys) & set(keys))
    keep = sorted(set(keys) - set(move))
    if not move:
        raise ValidationError({"move_keys": "Choose at least one name of this person to split off."})
    if not keep:
        raise ValidationError({"move_keys": "Leave at least one name with the person."})
    surname, given = move[0].split("|", 1)
    new_person = Person.objects.create(
        organization=person.organization,
        full_name=f"{given.title()} {surname.title()}".strip(),
        notes=f"Split off from {person.full_name} by a reviewer.",
        is_fictional=person.is_fictional,
        created_by=actor,
    )
    PersonOrigin.objects.create(person=new_person, case=case)
    ResolvedName.objects.filter(case=case, name_key__in=move).update(person=new_person)
    Mention.objects.filter(case=case, person=person, name_key__in=move).update(person=new_person)
    decision = ResolutionDecision.objects.create(
        organization=person.organization,
        case=case,
        action=DecisionAction.SPLIT,
        person=person,
        other_person=new_person,
        keep_keys=keep,
        move_keys=move,
        note=note,
        by=actor,
    )
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=decision,
        case=case,
        changes={"split": person.full_name, "moved": move, "new_person": new_person.full_name},
    )
    # the case is resolved again with the decision applied, on the queue (never in the request)
    schedule_resolution(case.pk)
    return new_person


def _merge_persons(keep: Person, other: Person) -> None:
    """Move everything of ``other`` onto ``keep`` and delete ``other``."""
    Mention.objects.filter(person=other).update(person=keep)
    for row in ResolvedName.objects.filter(person=other):
        row.person = keep
        row.save(update_fields=["person", "updated_at"])
    for role in CaseRole.objects.filter(person=other):
        if CaseRole.objects.filter(case=role.case, person=keep, role=role.role).exists():
            role.delete()
        else:
            role.person = keep
            role.save(update_fields=["person"])
    for link in PersonLink.objects.filter(person_a=other) | PersonLink.objects.filter(person_b=other):
        link.delete()
    # Records of other apps that point at the person move with them (the Witness lens
    # protects its people from deletion; a case's applicant): each app declares its
    # person-merge hook in its extensions.py.
    from innocence.core.extensions import registry

    for hook in registry().person_merge_hooks():
        hook(from_person=other, to_person=keep)
    aliases = list(dict.fromkeys([*keep.aliases, other.full_name, *other.aliases]))
    keep.aliases = [a for a in aliases if a != keep.full_name][:30]
    keep.save(update_fields=["aliases", "updated_at"])
    other.delete()


@transaction.atomic
def persons_merge(
    *, actor: Any, keep: Person, other: Person, case: Case | None = None, note: str = ""
) -> Person:
    """The two are one human being. ``other`` is merged into ``keep`` everywhere."""
    if keep.pk == other.pk:
        raise ValidationError({"other": "A person cannot be merged with themselves."})
    if keep.organization_id != other.organization_id:
        raise ValidationError({"other": "These people belong to different organizations."})
    _require_writer(actor, keep)
    if case is not None:
        _require_edit(actor, case)
    cases = set(Mention.objects.filter(person__in=[keep, other]).values_list("case_id", flat=True))
    cases |= set(CaseRole.objects.filter(person__in=[keep, other]).values_list("case_id", flat=True))
    hidden = cases - set(cases_visible_to(actor).filter(pk__in=cases).values_list("pk", flat=True))
    if hidden:
        raise PermissionDenied("One of these people appears in a case you cannot see.")
    keep_keys = sorted(ResolvedName.objects.filter(person=keep).values_list("name_key", flat=True))[:1]
    move_keys = sorted(ResolvedName.objects.filter(person=other).values_list("name_key", flat=True))[:1]
    other_name = other.full_name
    _merge_persons(keep, other)
    decision = ResolutionDecision.objects.create(
        organization=keep.organization,
        case=case,
        action=DecisionAction.MERGE,
        person=keep,
        keep_keys=keep_keys,
        move_keys=move_keys,
        note=note or f"merged '{other_name}' into '{keep.full_name}'",
        by=actor,
    )
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=keep, changes={"merged": other_name, "decision": decision.pk}
    )
    for case_id in sorted(cases):
        schedule_resolution(case_id)
    return keep


@transaction.atomic
def link_confirm(*, actor: Any, link: PersonLink) -> Person:
    keep = link.person_a
    other = link.person_b
    link.status = LinkStatus.CONFIRMED
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    ResolutionDecision.objects.create(
        organization=keep.organization,
        action=DecisionAction.CONFIRM,
        person=keep,
        other_person=other,
        note=f"confirmed link ({link.confidence:.2f}): {'; '.join(link.reasons)}",
        by=actor,
    )
    return persons_merge(actor=actor, keep=keep, other=other)


@transaction.atomic
def link_reject(*, actor: Any, link: PersonLink) -> PersonLink:
    _require_writer(actor, link.person_a)
    link.status = LinkStatus.REJECTED
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    decision = ResolutionDecision.objects.create(
        organization=link.organization,
        action=DecisionAction.REJECT,
        person=link.person_a,
        other_person=link.person_b,
        by=actor,
    )
    audit.record(AuditAction.UPDATE, actor=actor, obj=decision, changes={"rejected_link": str(link)})
    return link


@transaction.atomic
def auto_link_undo(*, actor: Any, case: Case, person: Person, note: str = "") -> Person:
    """Undo an automatic cross-case link: the names of ``person`` in this case, attached to
    the person of another case by the machine, become a person of their own again, with all
    their mentions in this case — and stay apart on every later run (a rejected link between
    the two, and a recorded decision)."""
    from .extraction_service import AUTO_LINK_REASON

    _require_edit(actor, case)
    _require_writer(actor, person)
    here = Mention.objects.filter(case=case, person=person, kind="person")
    elsewhere = Mention.objects.filter(person=person).exclude(case=case)
    if not here.exists() or not elsewhere.exists():
        raise ValidationError({"person": "This person is not linked to another case."})
    if not any(
        str(reason).startswith(AUTO_LINK_REASON)
        for reasons in here.values_list("link_reasons", flat=True)
        for reason in reasons or []
    ):
        raise ValidationError({"person": "This link was not made automatically; split the person instead."})
    keys = _keys_in_case(case, person) or sorted(set(here.values_list("name_key", flat=True)))
    shown = here.exclude(normalized="").values_list("normalized", flat=True)
    names = sorted(set(shown), key=lambda n: (-len(n), n))
    restored = Person.objects.create(
        organization=person.organization,
        full_name=(names[0] if names else person.full_name)[:200],
        aliases=names[1:12],
        notes=f"Kept apart from {person.full_name} (another case) by a reviewer.",
        is_fictional=person.is_fictional,
        created_by=actor,
    )
    PersonOrigin.objects.create(person=restored, case=case)
    ResolvedName.objects.filter(case=case, person=person).update(person=restored)
    undone = f"automatic link to {person.full_name} of another case undone by a reviewer"
    for mention in here:
        mention.person = restored
        mention.link_confidence = 1.0
        mention.link_reasons = [
            *(r for r in mention.link_reasons if not str(r).startswith(AUTO_LINK_REASON)),
            undone,
        ]
        mention.save(update_fields=["person", "link_confidence", "link_reasons"])
    pair_a, pair_b = sorted([person, restored], key=lambda p: p.pk)
    PersonLink.objects.update_or_create(
        person_a=pair_a,
        person_b=pair_b,
        defaults={
            "organization": person.organization,
            "confidence": 0.0,
            "reasons": [undone],
            "status": LinkStatus.REJECTED,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    decision = ResolutionDecision.objects.create(
        organization=person.organization,
        case=case,
        action=DecisionAction.REJECT,
        person=person,
        other_person=restored,
        move_keys=keys,
        note=note or undone,
        by=actor,
    )
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=decision,
        case=case,
        changes={"auto_link_undone": person.full_name, "restored": restored.full_name, "names": keys},
    )
    schedule_resolution(case.pk)
    return restored


@transaction.atomic
def attachment_confirm(*, actor: Any, case: Case, person: Person, name_key: str) -> None:
    """The reviewer agrees that the name ``name_key`` in this case is ``person``."""
    _require_edit(actor, case)
    if not ResolvedName.objects.filter(case=case, person=person, name_key=name_key).exists():
        raise ValidationError({"name_key": "That name is not attached to this person in this case."})
    decision = ResolutionDecision.objects.create(
        organization=case.organization,
        case=case,
        action=DecisionAction.CONFIRM,
        person=person,
        keep_keys=[name_key],
        by=actor,
    )
    Mention.objects.filter(case=case, person=person, name_key=name_key).update(link_confidence=1.0)
    audit.record(AuditAction.UPDATE, actor=actor, obj=decision, case=case, changes={"confirmed": name_key})


def add_to_case_roles(
    *, actor: Any, case: Case, person: Person, role: str, description: str = ""
) -> CaseRole:
    """One click from the extracted people to the case's roles. An officer's role detail
    (``description``), when none is given, is what the record states of the officer's function,
    with where it says so ("arresting officer (Arrest report, p. 1)")."""
    if role not in RoleKind.values:
        raise ValidationError({"role": f"Unknown role '{role}'."})
    if not description and role == RoleKind.OFFICER:
        from .actor_selectors import case_people

        stated = [f for entry in case_people(case, person_ids=[person.pk]) for f in entry.functions]
        description = "; ".join(
            f"{f.label} ({f.citation.document_title}, p. {f.citation.page_number})" for f in stated
        )[:300]
    try:
        return case_role_add(actor=actor, case=case, person=person, role=role, description=description)
    except IntegrityError as exc:
        raise ValidationError({"role": "That role is already recorded."}) from exc
