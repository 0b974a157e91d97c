"""Intake settings pages: target times, focus, public form, checklist, facilities,
letter templates. Admins change them; intake coordinators read them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from innocence.core import access
from innocence.core.form_errors import add_validation_errors, validation_error_messages
from innocence.core.models import Organization

from . import letters, screening, services
from .forms import CriterionForm, FacilityForm, SettingsForm, TemplateForm
from .letters import LETTER_VARIABLES
from .models import Facility, LetterKind, ScreeningCriterion
from .selectors import criteria_for, settings_for
from .views import intake_organization


def _is_admin(request: HttpRequest, organization: Organization) -> bool:
    user: Any = request.user
    return access.can_administer(user, organization)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    organization = intake_organization(request)
    rules = settings_for(organization)
    initial = {name: getattr(rules, name) for name in services.SETTINGS_FIELDS}
    initial["states_served"] = " ".join(rules.states_served)
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, organization=organization, **form.cleaned_data)
            messages.success(request, "Intake settings saved.")
            return redirect("intake:settings")
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            add_validation_errors(form, exc)
    return render(request, "intake/settings.html", {
        "form": form,
        "organization": organization,
        "is_admin": _is_admin(request, organization),
        "criteria": criteria_for(organization, active_only=False),
        "criterion_form": CriterionForm(),
        "facilities": Facility.objects.filter(organization=organization),
        "facility_form": FacilityForm(),
        "letter_kinds": LetterKind.choices,
    })


@login_required
@require_POST
def criterion_save(request: HttpRequest, criterion_id: int | None = None) -> HttpResponse:
    organization = intake_organization(request)
    criterion = None
    if criterion_id is not None:
        criterion = get_object_or_404(ScreeningCriterion, pk=criterion_id, organization=organization)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            screening.criterion_save(actor=request.user, organization=organization, criterion=criterion,
                                     **form.cleaned_data)
            messages.success(request, "Checklist saved.")
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "A criterion needs a wording.")
    return redirect("intake:settings")


@login_required
@require_POST
def facility_add(request: HttpRequest) -> HttpResponse:
    organization = intake_organization(request)
    form = FacilityForm(request.POST)
    if form.is_valid():
        try:
            services.facility_create(actor=request.user, organization=organization, **form.cleaned_data)
            messages.success(request, "Facility added.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "A facility needs a name.")
    return redirect("intake:settings")


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    organization = intake_organization(request)
    if kind not in LetterKind.values:
        raise Http404("No such letter.")
    template = letters.template_for(organization, kind)
    form = TemplateForm(request.POST or None, initial={"subject": template.subject, "body": template.body})
    if request.method == "POST" and form.is_valid():
        try:
            letters.template_update(actor=request.user, organization=organization, kind=kind, **form.cleaned_data)
            messages.success(request, "Letter template saved.")
            return redirect("intake:template_edit", kind=kind)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            add_validation_errors(form, exc)
    sample = ""
    if not form.errors:
        source = form.data.get("body", template.body) if form.is_bound else template.body
        try:
            sample = letters.preview(str(source))
        except ValidationError:
            sample = ""
    return render(request, "intake/template_edit.html", {
        "form": form, "kind": LetterKind(kind), "variables": LETTER_VARIABLES, "sample": sample,
        "is_admin": _is_admin(request, organization),
    })
