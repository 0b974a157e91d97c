"""Reads of people. A person is visible when they play a role in a case the user can
see (for an organization's admins: any case they are not walled off); people not yet
tied to any case are visible to the members of their organization. A person known only
from a case the user is walled off stays hidden, name and all."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from innocence.cases.selectors import cases_visible_to
from innocence.core import access, audit

from .models import CaseRole, Mention, Person


def people_visible_to(user: Any) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    memberships = access.memberships_of(user)
    any_role = CaseRole.objects.filter(person=OuterRef("pk"))
    visible_role = any_role.filter(case__in=cases_visible_to(user))
    # a person found by extraction is tied to the cases whose pages name them
    any_mention = Mention.objects.filter(person=OuterRef("pk"))
    visible_mention = any_mention.filter(case__in=cases_visible_to(user))
    return Person.objects.filter(organization__in=memberships.values("organization")).filter(
        Exists(visible_role) | Exists(visible_mention) | (~Exists(any_role) & ~Exists(any_mention))
    )


def people_nameable(actor: Any, organization: Any) -> QuerySet[Person]:
    """The people a form field or API id may name for ``actor``: the people of the
    organization the actor may see (the rule of the people pages). A person known only from a
    case the actor is not on is as unknown as one of another organization, or none at all —
    one answer, so that an id is no existence oracle. The application acting on its own (a
    demo, an import, a proposer) names any person of the organization."""
    if access.is_system(actor):
        return Person.objects.filter(organization=organization)
    return people_visible_to(actor).filter(organization=organization)


def person_nameable(actor: Any, person: Any, organization: Any) -> bool:
    """Whether a service may file ``person`` for ``actor`` in ``organization``."""
    return person is not None and people_nameable(actor, organization).filter(pk=person.pk).exists()


def person_get_for_user(user: Any, pk: int) -> Person:
    person = people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    audit.note_read(person, organization=person.organization)
    return person


def roles_visible_to(user: Any) -> QuerySet[CaseRole]:
    return CaseRole.objects.filter(case__in=cases_visible_to(user)).select_related("person", "case")


def case_role_for_case(case: Any, role_id: int | str) -> CaseRole:
    """One role of a case the caller has already fetched with case_get_for_user."""
    from django.http import Http404

    role = CaseRole.objects.select_related("person", "case").filter(pk=role_id, case=case).first()
    if role is None:
        raise Http404("No such role.")
    audit.note_read(role, case=case)
    return role
