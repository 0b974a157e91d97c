"""A case's People tab: the persons in the case and their roles (CaseRole lives in people;
``cases`` only shows the tab, declared by this app)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from innocence.cases.models import Case
from innocence.cases.selectors import case_get_for_user
from innocence.core.form_errors import validation_error_messages

from . import services
from .forms import RoleForm
from .models import RoleKind
from .selectors import case_role_for_case, people_visible_to


def case_tab(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Context of the People tab (the case was fetched with case_get_for_user)."""
    roles = case.roles.select_related("person").order_by("role", "person__full_name")
    grouped: dict[str, list[Any]] = {}
    for role in roles:
        grouped.setdefault(RoleKind(role.role).label, []).append(role)
    return {"grouped_roles": grouped, "role_form": RoleForm()}


def _back(case: Case) -> HttpResponse:
    return redirect("cases:case_tab", reference=case.reference, tab="people")


@login_required
@require_POST
def role_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    form = RoleForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{field.replace('_', ' ')}: {error}")
        return _back(case)
    data = form.cleaned_data
    try:
        if data.get("existing_person"):
            person = (
                people_visible_to(request.user)
                .filter(pk=data["existing_person"], organization=case.organization)
                .first()
            )
            if person is None:
                raise ValidationError({"person": "No such person."})
        else:
            person = services.person_create(
                actor=request.user,
                organization=case.organization,
                full_name=data["full_name"],
                aliases=data["aliases"],
                date_of_birth=data["date_of_birth"],
                notes=data["notes"],
            )
        services.case_role_add(
            actor=request.user, case=case, person=person, role=data["role"], description=data["description"]
        )
        messages.success(request, f"{person} added as {dict(form.fields['role'].choices)[data['role']]}.")  # type: ignore[attr-defined]
    except ValidationError as exc:
        validation_error_messages(request, exc)
    return _back(case)


@login_required
@require_POST
def role_remove(request: HttpRequest, reference: str, role_id: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    case_role = case_role_for_case(case, role_id)
    services.case_role_remove(actor=request.user, case_role=case_role)
    messages.success(request, "Role removed.")
    return _back(case)
