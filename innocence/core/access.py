"""Who may do what: every role and write predicate, in one place.

Two rules decide every request:

- **seeing a case** is ``innocence.cases.selectors.cases_visible_to`` (member of the
  case's organization, on its team or an admin there, not walled off). This module
  reaches it through :func:`case_is_visible`, which the cases app registers when it starts
  (core sits below cases and never imports it);
- **acting** is a role in the organization, read here: who may edit a case, run intake,
  administer an organization, export a case, delete a document, add people.

Actors are typed: a signed-in user, or :class:`SystemActor` — the application acting on
its own (a job, a migration, the operator at the command line) with a reason that goes
into the audit log. Predicates grant the system everything; a service that does
something for nobody still says why.

No other module queries ``Membership`` to decide anything; they call a function here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from .models import Membership, Organization, Role

#: Roles that may change a case they can see (viewers only read).
WRITING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY, Role.INVESTIGATOR, Role.STUDENT, Role.INTAKE})
#: Roles that may open a new case in their organization.
CASE_CREATING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY, Role.INTAKE})
#: Roles that work the intake queue (applications before they are cases), and handle
#: documents that belong to no case yet (an applicant's letters).
INTAKE_ROLES = frozenset({Role.ADMIN, Role.INTAKE})
#: Roles that may delete a document of a case they can see.
DELETING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY})
#: Roles that may export a whole case with its originals, unless the organization says
#: otherwise (``Organization.export_roles``). Reading a page is not taking the file home.
DEFAULT_EXPORTING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY})


# --- actors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemActor:
    """The application acting on its own: a background job, the operator's command line,
    a data migration. It has no role and passes every predicate; the reason is recorded."""

    reason: str

    is_authenticated = False
    is_active = True
    pk = None

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return f"system ({self.reason})"


#: A user model instance, a SystemActor, or None (the older spelling of the system).
Actor = Any


def system(reason: str) -> SystemActor:
    if not reason.strip():
        raise ValueError("The system acts for a reason: say which.")
    return SystemActor(reason=reason.strip())


def is_system(actor: Actor) -> bool:
    """True for the application acting on its own (``None`` is the older spelling)."""
    return actor is None or isinstance(actor, SystemActor)


def user_of(actor: Actor) -> Any | None:
    """The signed-in user behind an actor, or None for the system and anonymous visitors."""
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def _active_user(user: Any) -> bool:
    return bool(
        user is not None
        and not isinstance(user, SystemActor)
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


# --- memberships -------------------------------------------------------------------------


def memberships_of(user: Any) -> QuerySet[Membership]:
    if not _active_user(user):
        return Membership.objects.none()
    # a deactivated membership counts for nothing: no role, no cases, no organization
    return Membership.objects.filter(user=user, deactivated_at__isnull=True).select_related("organization")


def is_deactivated_in(user: Any, organization: Organization | int) -> bool:
    """An admin of the organization deactivated the user's membership there."""
    return Membership.objects.filter(
        user=user, organization_id=_org_id(organization), deactivated_at__isnull=False
    ).exists()


def primary_membership(user: Any) -> Membership | None:
    return memberships_of(user).order_by("created_at").first()


def _org_id(organization: Organization | int) -> int:
    return organization if isinstance(organization, int) else organization.pk


def membership_in(user: Any, organization: Organization | int) -> Membership | None:
    return memberships_of(user).filter(organization_id=_org_id(organization)).first()


def role_in(user: Any, organization: Organization | int) -> str | None:
    membership = membership_in(user, organization)
    return membership.role if membership else None


def is_member(user: Any, organization: Organization | int) -> bool:
    return memberships_of(user).filter(organization_id=_org_id(organization)).exists()


def has_role(user: Any, organization: Organization | int, roles: Iterable[str]) -> bool:
    return memberships_of(user).filter(organization_id=_org_id(organization), role__in=list(roles)).exists()


def organization_for(user: Any, slug: str) -> Organization | None:
    """The organization with this slug when the user is a member of it, else None — a
    stranger's slug and a slug that does not exist answer the same."""
    membership = memberships_of(user).filter(organization__slug=slug).first()
    return membership.organization if membership else None


def only_organization_of(user: Any) -> Organization | None:
    """The user's organization when they belong to exactly one (so it need not be named)."""
    memberships = list(memberships_of(user)[:2])
    return memberships[0].organization if len(memberships) == 1 else None


def organizations_of(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=memberships_of(user).values("organization"))


def organizations_where(user: Any, roles: Iterable[str]) -> QuerySet[Organization]:
    """Organizations in which the user holds one of these roles."""
    return Organization.objects.filter(
        pk__in=memberships_of(user).filter(role__in=list(roles)).values("organization")
    )


def admin_organizations_of(user: Any) -> QuerySet[Organization]:
    return organizations_where(user, [Role.ADMIN])


def intake_organizations_of(user: Any) -> QuerySet[Organization]:
    return organizations_where(user, INTAKE_ROLES)


def members_with_roles(organizations: Any, roles: Iterable[str]) -> QuerySet[Any]:
    """Users holding one of the roles in any of the organizations (ids or a queryset)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(
            organization__in=organizations, role__in=list(roles), deactivated_at__isnull=True
        ).values("user"),
        is_active=True,
    )


def active_members_of(organization: Organization | int) -> QuerySet[Any]:
    """The organization's members who may sign in and act there now."""
    return members_with_roles([_org_id(organization)], Role.values)


# --- organization-level predicates ------------------------------------------------------


def can_write_in(actor: Actor, organization: Organization | int) -> bool:
    """Add or change the organization's people and records (everyone but viewers)."""
    return is_system(actor) or has_role(actor, organization, WRITING_ROLES)


def can_create_case_in(actor: Actor, organization: Organization | int) -> bool:
    return is_system(actor) or has_role(actor, organization, CASE_CREATING_ROLES)


def can_run_intake(actor: Actor, organization: Organization | int | None = None) -> bool:
    """Work the intake queue of this organization (or of any, when none is given)."""
    if is_system(actor):
        return True
    if organization is None:
        return intake_organizations_of(actor).exists()
    return has_role(actor, organization, INTAKE_ROLES)


def can_handle_caseless_documents(actor: Actor, organization: Organization | int) -> bool:
    """Documents on no case yet (an applicant's letters) belong to the intake desk."""
    return is_system(actor) or has_role(actor, organization, INTAKE_ROLES)


def can_administer(actor: Actor, organization: Organization | int) -> bool:
    """Members, two-factor enforcement, intake settings, the audit log, walls and teams."""
    return is_system(actor) or has_role(actor, organization, [Role.ADMIN])


def exporting_roles(organization: Organization) -> frozenset[str]:
    configured = getattr(organization, "export_roles", None)
    if configured:
        return frozenset(r for r in configured if r in Role.values)
    return DEFAULT_EXPORTING_ROLES


# --- case-level predicates ---------------------------------------------------------------

_case_visibility: Callable[[Any, Any], bool] | None = None
_visible_cases: Callable[[Any], Any] | None = None


def register_case_visibility(rule: Callable[[Any, Any], bool], visible: Callable[[Any], Any]) -> None:
    """Called once by the cases app: the rule for seeing a case lives there (one case,
    and the queryset of every case a user sees)."""
    global _case_visibility, _visible_cases
    _case_visibility = rule
    _visible_cases = visible


def visible_case_ids(user: Any) -> Any:
    """A subquery of the ids of the cases the user sees (``cases_visible_to``)."""
    if _visible_cases is None:
        raise ImproperlyConfigured("The cases app registers the visibility rule; it is not installed.")
    return _visible_cases(user).values("pk")


def case_is_visible(user: Any, case: Any) -> bool:
    if is_system(user):
        return True
    if _case_visibility is None:
        raise ImproperlyConfigured("The cases app registers the visibility rule; it is not installed.")
    return _case_visibility(user, case)


def role_for_case(user: Any, case: Any) -> str | None:
    return role_in(user, case.organization_id)


def _case_role_allows(actor: Actor, case: Any, roles: Iterable[str]) -> bool:
    if is_system(actor):
        return True
    return role_for_case(actor, case) in set(roles) and case_is_visible(actor, case)


def can_edit_case(actor: Actor, case: Any) -> bool:
    """Change anything in a case: its fields, notes, tasks, people, documents, records."""
    return _case_role_allows(actor, case, WRITING_ROLES)


def can_manage_case(actor: Actor, case: Any) -> bool:
    """Team, walls and other access decisions belong to the organization's admins."""
    return _case_role_allows(actor, case, [Role.ADMIN])


#: Whom an attorney on a case may put on (and take off) its team: the people who work the
#: case under her. Admins, other attorneys, intake and viewers are an admin's decision.
TEAM_ROLES_AN_ATTORNEY_ASSIGNS = frozenset({Role.STUDENT, Role.INVESTIGATOR})


def team_roles_assignable(actor: Actor, case: Any) -> frozenset[str]:
    """The roles of the members this actor may add to or remove from the case's team:
    every role for an admin who sees the case, students and investigators for an attorney
    on it, none for anyone else."""
    if is_system(actor) or can_manage_case(actor, case):
        return frozenset(Role.values)
    if _case_role_allows(actor, case, [Role.ATTORNEY]):
        return TEAM_ROLES_AN_ATTORNEY_ASSIGNS
    return frozenset()


def can_change_team(actor: Actor, case: Any) -> bool:
    return bool(team_roles_assignable(actor, case))


def can_assign_to_team(actor: Actor, case: Any, user: Any) -> bool:
    """Add this member to the case's team, or take them off it. The member must hold an
    active membership of the case's organization with a role the actor assigns."""
    return role_in(user, case.organization_id) in team_roles_assignable(actor, case)


def can_take_off_team(actor: Actor, case: Any, user: Any) -> bool:
    """Take a member off the case's team: an admin anyone (also someone who has left the
    organization), an attorney the students and investigators she could have added."""
    if is_system(actor) or can_manage_case(actor, case):
        return True
    return can_assign_to_team(actor, case, user)


def can_export_case(actor: Actor, case: Any) -> bool:
    """Take the whole case home (its archive with originals): a right of its own."""
    return _case_role_allows(actor, case, exporting_roles(case.organization))


EXPORT_REFUSED = "Taking case data home (a file, not the page) is a right of its own; your role does not have it."


def require_export(actor: Actor, case: Any) -> None:
    """Every download of a case's data — an archive, a lens's CSV, a memo, a calendar, a
    graph — passes here before any work: a viewer reads the case but does not take it home
    (tests/core/test_export_right.py finds every download and tries it as a viewer)."""
    from django.core.exceptions import PermissionDenied

    if not can_export_case(actor, case):
        raise PermissionDenied(EXPORT_REFUSED)


def require_export_in(actor: Actor, organization: Any) -> None:
    """The same right for a download across an organization's cases (the actor network,
    the misconduct registry): the member's role in the organization must be an exporting one."""
    from django.core.exceptions import PermissionDenied

    if is_system(actor):
        return
    if organization is None or not has_role(actor, organization, exporting_roles(organization)):
        raise PermissionDenied(EXPORT_REFUSED)


def can_delete_in_case(actor: Actor, case: Any) -> bool:
    """Delete a document of the case (admins, and attorneys on it)."""
    return _case_role_allows(actor, case, DELETING_ROLES)


def can_see_walls(actor: Actor, case: Any) -> bool:
    """Who is walled off a case, and why, is for the organization's admins."""
    return can_manage_case(actor, case)


# --- partners: another organization in a joint workspace (issue 19) ---------------------
# A partner organization never sees a case through ``cases_visible_to``; it sees the items
# a side shared, one by one (``innocence.partners.selectors``). Inside the workspace each
# organization acts under its own members and roles: the host side is whoever sees the
# host's case; the partner side is the partner organization's admins and the members its
# admins put on the workspace.

#: Roles that may write in a joint workspace for their side (share, withdraw, notes, agenda).
PARTNER_WRITING_ROLES = WRITING_ROLES


def can_act_for_partner(actor: Actor, organization: Organization | int, *, on_partner_team: bool) -> bool:
    """See the workspace as the partner organization: its admins, or a member on its team."""
    if is_system(actor):
        return True
    return has_role(actor, organization, [Role.ADMIN]) or (on_partner_team and is_member(actor, organization))


def can_write_for_partner(actor: Actor, organization: Organization | int, *, on_partner_team: bool) -> bool:
    return is_system(actor) or (
        can_act_for_partner(actor, organization, on_partner_team=on_partner_team)
        and has_role(actor, organization, PARTNER_WRITING_ROLES)
    )


def can_invite_partner(actor: Actor, case: Any) -> bool:
    """Inviting another organization into a case, and ending it, is an access decision."""
    return can_manage_case(actor, case)
