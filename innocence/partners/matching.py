"""Private actor matching between organizations (reads and writes): the organization's own
actor index encoded with the network's secret (``linkage``), exported as a file or handed
out by the API, other members' indexes imported, and the matches re-run whenever either
side's index changes. Only an organization's admins opt in, export and import."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from innocence.core import access, audit
from innocence.core.models import AuditAction, Organization

from . import linkage
from .models import ActorMatch, ImportedIndex, MatchingSettings


def _require_admin(actor: Any, organization: Organization) -> None:
    if not access.can_administer(actor, organization):
        raise PermissionDenied("Only the organization's admins take part in actor matching.")


def settings_of(organization: Organization) -> MatchingSettings | None:
    return MatchingSettings.objects.filter(organization=organization).first()


def _enabled(organization: Organization) -> MatchingSettings:
    found = settings_of(organization)
    if found is None or not found.enabled or not found.secret:
        raise ValidationError("Your organization has not opted in to actor matching.")
    return found


@transaction.atomic
def opt_in(
    *,
    actor: Any,
    organization: Organization,
    network: str,
    secret: str,
    contact: str = "",
    enabled: bool = True,
) -> MatchingSettings:
    _require_admin(actor, organization)
    found = settings_of(organization) or MatchingSettings(organization=organization)
    if not network.strip():
        raise ValidationError("Name the network.")
    if secret:
        if len(secret) < 16:
            raise ValidationError(
                "The network's secret is at least 16 characters (a passphrase the members share)."
            )
        found.secret = secret
    elif not found.secret:
        raise ValidationError("Enter the network's secret.")
    found.network = network.strip()[:100]
    found.contact = contact.strip()[:200]
    found.enabled = enabled
    found.opted_in_by = access.user_of(actor)
    found.opted_in_at = timezone.now()
    found.save()
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=found,
        organization=organization,
        changes={"network": found.network, "enabled": enabled, "secret": "changed" if secret else "kept"},
    )
    rematch(organization)
    return found


def fingerprint(found: MatchingSettings) -> str:
    return linkage.secret_check(found.secret)[:8] if found.secret else ""


def _actor_id(organization: Organization, person_id: int) -> str:
    """An opaque, stable id of our actor: a keyed hash only this installation can make."""
    key = hashlib.sha256(f"{settings.SECRET_KEY}:actor-index".encode()).digest()
    return hmac.new(key, f"{organization.pk}:{person_id}".encode(), hashlib.sha256).hexdigest()[:24]


def _index_id(organization: Organization) -> str:
    key = hashlib.sha256(f"{settings.SECRET_KEY}:index-id".encode()).digest()
    return hmac.new(key, str(organization.pk).encode(), hashlib.sha256).hexdigest()[:24]


def own_actors(organization: Organization) -> tuple[list[linkage.Actor], dict[str, int]]:
    """The organization's actors (one per person and role), with the map back to persons."""
    from innocence.people.models import CaseRole

    rows = (
        CaseRole.objects.filter(case__organization=organization, role__in=linkage.ACTOR_ROLES)
        .select_related("person", "case")
        .order_by("person_id", "role", "case_id")
    )
    seen: dict[tuple[int, str], linkage.Actor] = {}
    back: dict[str, int] = {}
    for row in rows:
        key = (row.person_id, row.role)
        if key in seen:
            continue
        actor_id = _actor_id(organization, row.person_id) + row.role[:2]
        names = (row.person.full_name, *[a for a in row.person.aliases or [] if isinstance(a, str)])
        seen[key] = linkage.Actor(actor_id=actor_id, role=row.role, state=row.case.state or "", names=names)
        back[actor_id] = row.person_id
    return list(seen.values()), back


def export_index(*, actor: Any, organization: Organization) -> bytes:
    _require_admin(actor, organization)
    found = _enabled(organization)
    actors, _ = own_actors(organization)
    data = linkage.index_file(
        secret=found.secret,
        network=found.network,
        organization=organization.name,
        contact=found.contact,
        index_id=_index_id(organization),
        encoded=linkage.encode(found.secret, actors),
    )
    audit.record(
        AuditAction.EXPORT,
        actor=actor,
        obj=found,
        organization=organization,
        object_repr="encoded actor index",
        changes={"actors": len(actors)},
    )
    return data


def import_index(
    *, actor: Any, organization: Organization, data: bytes, channel: str = "file"
) -> ImportedIndex:
    """Refused with the reason (and audited, outside the transaction that a refusal would
    roll back) when it is not an index of our network."""
    _require_admin(actor, organization)
    found = _enabled(organization)
    try:
        parsed = linkage.parse(data, secret=found.secret)
    except linkage.IndexError_ as exc:
        audit.record(
            AuditAction.ACCESS_DENIED,
            actor=actor,
            organization=organization,
            object_repr="encoded actor index refused",
            changes={"reason": str(exc), "bytes": len(data)},
        )
        raise ValidationError(str(exc)) from None
    if parsed.index_id == _index_id(organization):
        raise ValidationError("That is your own organization's index.")
    return _store(actor, organization, parsed, channel)


@transaction.atomic
def _store(
    actor: Any, organization: Organization, parsed: linkage.ParsedIndex, channel: str
) -> ImportedIndex:
    index, _ = ImportedIndex.objects.update_or_create(
        organization=organization,
        source_token=parsed.index_id,
        defaults={
            "source_label": parsed.organization,
            "source_contact": parsed.contact,
            "encodings": [vars(a) for a in parsed.actors],
            "imported_by": access.user_of(actor),
            "channel": channel,
        },
    )
    audit.record(
        AuditAction.IMPORT,
        actor=actor,
        obj=index,
        organization=organization,
        object_repr=f"encoded actor index of {parsed.organization}",
        changes={"actors": len(parsed.actors)},
    )
    rematch(organization, only=index)
    return index


def rematch(organization: Organization, only: ImportedIndex | None = None) -> int:
    """Compare our index, encoded now, with every imported one. A human's contact request
    on a match that is found again is kept."""
    found = settings_of(organization)
    indexes = ImportedIndex.objects.filter(organization=organization)
    if only is not None:
        indexes = indexes.filter(pk=only.pk)
    if found is None or not found.enabled or not found.secret:
        ActorMatch.objects.filter(index__organization=organization).delete()
        return 0
    actors, back = own_actors(organization)
    ours = linkage.encode(found.secret, actors)
    total = 0
    for index in indexes:
        theirs = [linkage.EncodedActor(**row) for row in index.encodings]
        matches = linkage.compare(ours, theirs)
        kept = {(m.person_id, m.their_actor): m for m in index.matches.all()}
        fresh = []
        for m in matches:
            person_id = back[m.ours]
            old = kept.get((person_id, m.theirs))
            fresh.append(
                ActorMatch(
                    index=index,
                    person_id=person_id,
                    their_actor=m.theirs,
                    similarity=m.similarity,
                    role_agrees=m.role_agrees,
                    state_agrees=m.state_agrees,
                    contact_requested_at=old.contact_requested_at if old else None,
                    contact_requested_by=old.contact_requested_by if old else None,
                )
            )
        index.matches.all().delete()
        ActorMatch.objects.bulk_create(fresh)
        total += len(fresh)
    return total


def matches_for(user: Any, organization: Organization) -> QuerySet[ActorMatch]:
    """Matches of our actors whom the user may see (an actor of a case they are walled off
    or not on is not named to them)."""
    from innocence.people.models import CaseRole

    visible_people = CaseRole.objects.filter(case__in=access.visible_case_ids(user)).values("person")
    return ActorMatch.objects.filter(
        index__organization=organization, person__in=visible_people
    ).select_related("person", "index")


@transaction.atomic
def request_contact(*, actor: Any, match: ActorMatch) -> ActorMatch:
    _require_admin(actor, match.index.organization)
    if match.contact_requested_at is None:
        match.contact_requested_at = timezone.now()
        match.contact_requested_by = access.user_of(actor)
        match.save(update_fields=["contact_requested_at", "contact_requested_by"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=match.index,
        organization=match.index.organization,
        object_repr=f"asked {match.index.source_label} for contact about a matching actor",
    )
    return match
