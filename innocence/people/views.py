from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innocence.cases.forms import PersonForm
from innocence.core import audit
from innocence.core.models import AuditAction

from . import services
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
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Saved.")
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})
