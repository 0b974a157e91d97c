from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innocence.core import access, audit
from innocence.core.form_errors import add_validation_errors
from innocence.core.models import AuditAction

from . import services
from .forms import PersonForm
from .selectors import person_get_for_user, roles_visible_to


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_user(request.user, pk)
    audit.record(AuditAction.VIEW, actor=request.user, obj=person)
    roles = roles_visible_to(request.user).filter(person=person)
    return render(request, "people/person_detail.html", {"person": person, "roles": roles})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_user(request.user, pk)
    if not access.can_write_in(request.user, person.organization_id):
        raise PermissionDenied("Your role does not allow editing people.")
    initial = {
        "full_name": person.full_name,
        "aliases": ", ".join(person.aliases),
        "date_of_birth": person.date_of_birth,
        "notes": person.notes,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
def person_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: people of the case's organization matching a name, to add to a case in one click."""
    from django.db.models import Q

    from innocence.cases.selectors import case_get_for_user
    from innocence.core.access import can_edit_case

    from .models import RoleKind
    from .selectors import people_visible_to

    case = case_get_for_user(request.user, request.GET.get("case", ""))
    query = request.GET.get("q", "").strip()
    people = []
    if len(query) >= 2 and can_edit_case(request.user, case):
        people = list(
            people_visible_to(request.user)
            .filter(organization=case.organization)
            .filter(Q(full_name__icontains=query) | Q(aliases__icontains=query))
            .order_by("full_name")[:10]
        )
    return render(
        request,
        "people/_lookup_results.html",
        {"people": people, "case": case, "query": query, "roles": RoleKind.choices},
    )
