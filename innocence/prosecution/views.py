"""Web views of the Prosecution lens. Thin: fetch the case (or the registry entry, or the
person) through the access rule, call a selector or a service, render."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from innocence.cases.selectors import case_get_for_user, cases_visible_to
from innocence.cases.services import record_case_view
from innocence.core import audit
from innocence.core.access import (
    can_edit_case,
    can_write_in,
    has_role,
    only_organization_of,
    require_export,
    require_export_in,
)
from innocence.core.form_errors import add_validation_errors
from innocence.core.models import AuditAction

from . import registry_import as csv_import
from . import services
from .forms import FORMS, AssignForm, ImportForm, make_form, misconduct_form, service_values
from .models import BradyItem, ItemStatus, SignatureRun
from .selectors import (
    actor_dossier,
    conflict_get_for_user,
    disclosure_matrix,
    item_get_for_user,
    misconduct_get_for_user,
    misconduct_visible_to,
    person_get_for_dossier,
    production_get_for_user,
)

GETTERS: dict[str, Any] = {"production": production_get_for_user, "item": item_get_for_user, "conflict": conflict_get_for_user}


def _tab(reference: str, anchor: str = "") -> str:
    url = reverse("cases:case_tab", args=[reference, "prosecution"])
    return f"{url}#{anchor}" if anchor else url


def _record(request: HttpRequest, case: Any, kind: str, pk: Any) -> Any:
    if kind not in GETTERS:
        raise Http404("No such record kind.")
    record = GETTERS[kind](request.user, pk)
    if record.case_id != case.pk:
        raise Http404("No such record.")
    return record


@login_required
@require_http_methods(["GET", "POST"])
def record_form(request: HttpRequest, reference: str, kind: str, pk: int | None = None) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if kind not in FORMS:
        raise Http404("No such record kind.")
    instance = _record(request, case, kind, pk) if pk is not None else None
    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    fields = FORMS[kind][1]
    initial = {k: v for k, v in request.GET.items() if k in fields}
    form = make_form(kind, case, data=request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        save: Any = {"production": services.production_save, "item": services.brady_item_save,
                "conflict": services.conflict_save}[kind]
        try:
            saved = save(actor=request.user, case=case, values=service_values(form), instance=instance)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"{FORMS[kind][2]} saved; findings re-checked.")
            return redirect(_tab(case.reference, f"{kind}-{saved.pk}"))
    return render(request, "prosecution/record_form.html", {
        "case": case, "form": form, "kind": kind, "label": FORMS[kind][2], "instance": instance,
    })


@login_required
@require_POST
def record_delete(request: HttpRequest, reference: str, kind: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    record = _record(request, case, kind, pk)
    if kind == "production":
        services.production_delete(actor=request.user, production=record)
    elif kind == "item":
        services.brady_item_delete(actor=request.user, item=record)
    else:
        services.conflict_delete(actor=request.user, conflict=record)
    messages.success(request, f"{FORMS[kind][2]} deleted; findings re-checked.")
    return redirect(_tab(case.reference))


@login_required
@require_POST
def production_assign(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    production = _record(request, case, "production", pk)
    form = AssignForm(request.POST, case=case)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_tab(case.reference, f"production-{production.pk}"))
    try:
        items = services.production_assign(
            actor=request.user, production=production, documents=list(form.cleaned_data["documents"]),
            page_start=form.cleaned_data.get("page_start"), page_end=form.cleaned_data.get("page_end"),
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"{len(items)} document(s) assigned to '{production.title}'.")
    return redirect(_tab(case.reference, f"production-{production.pk}"))


@login_required
@require_POST
def production_assign_selected(request: HttpRequest, reference: str) -> HttpResponse:
    """The documents list's bulk action: the documents ticked there into the production chosen
    there (``production``, ``documents``); back to the documents list."""
    case = case_get_for_user(request.user, reference)
    back = reverse("cases:case_tab", args=[case.reference, "documents"])
    if not can_edit_case(request.user, case):
        raise PermissionDenied("You may not change this case's productions.")
    raw = request.POST.get("production", "")
    if not raw:
        messages.error(request, "Choose the production to assign the selected documents to; nothing was changed.")
        return redirect(back)
    production = _record(request, case, "production", raw)
    form = AssignForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, "Select at least one document of this case; nothing was changed.")
        return redirect(back)
    try:
        items = services.production_assign(
            actor=request.user, production=production, documents=list(form.cleaned_data["documents"])
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"{len(items)} document(s) assigned to '{production.title}'.")
    return redirect(back)


@login_required
@require_POST
def item_review(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Confirm or reject a proposal. With htmx, answers the proposal's row only."""
    case = case_get_for_user(request.user, reference)
    item = _record(request, case, "item", pk)
    if not isinstance(item, BradyItem) or item.status != ItemStatus.PROPOSED:
        raise Http404("No such proposal.")
    accept = request.POST.get("action") == "confirm"
    values = {}
    if accept and request.POST.get("favorable") in ("exculpatory", "impeaching"):
        values["favorable"] = request.POST["favorable"]
    error = ""
    try:
        services.brady_item_review(actor=request.user, item=item, accept=accept, values=values)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        item.refresh_from_db()
        return render(request, "prosecution/_proposal.html", {"case": case, "p": item, "error": error,
                                                              "can_edit": True})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Item confirmed: edit it to record where it was and whether it was disclosed."
                         if accept else "Proposal rejected; it will not be proposed again.")
    return redirect(_tab(case.reference, "items"))


@login_required
def matrix_csv(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    require_export(request.user, case)
    matrix = disclosure_matrix(case)
    record_case_view(actor=request.user, case=case, what="disclosure matrix (CSV)")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["document", "provenance", "pages", "copies", *[c.label for c in matrix.columns],
                     "candidate undisclosed pages"])
    for row in matrix.rows:
        writer.writerow([
            row.document.title, row.document.get_provenance_display(), row.pages,
            "; ".join(d.title for d in row.copies),
            *[f"{cell.present}/{cell.total}" + (f" (missing p. {', '.join(map(str, cell.missing))})"
                                                if cell.missing and cell.present else "") for cell in row.cells],
            ", ".join(map(str, row.undisclosed_pages)) if matrix.defense_material else "not compared",
        ])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-disclosure-matrix.csv"'
    return response


@login_required
@require_POST
def signatures_run(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    run = services.signature_run_start(actor=request.user, case=case)
    messages.success(request, f"Comparing {run.total} page(s) across files in the background.")
    return redirect(_tab(case.reference, "matrix"))


@login_required
def signatures_progress(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    run = SignatureRun.objects.filter(case=case).first()
    record_case_view(actor=request.user, case=case, what="near-duplicate comparison progress")
    return render(request, "prosecution/_progress.html", {"case": case, "run": run})


# --- the registry and the dossier ---------------------------------------------------------------------


def _organization(request: HttpRequest) -> Any:
    organization = only_organization_of(request.user)
    if organization is None:
        raise Http404("Choose an organization.")
    return organization


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    views = misconduct_visible_to(request.user)
    status = request.GET.get("status", "")
    if status:
        views = [v for v in views if v.record.status == status]
    audit.record(AuditAction.VIEW, actor=request.user, obj=None, organization=only_organization_of(request.user),
                 changes={"viewed": "misconduct registry", "entries": len(views)}, object_repr="Misconduct registry")
    organization = only_organization_of(request.user)
    return render(request, "prosecution/registry.html", {
        "entries": views, "status": status,
        "can_write": organization is not None and can_write_in(request.user, organization),
        "can_review": organization is not None and has_role(request.user, organization, services.REVIEW_ROLES),
    })


@login_required
def registry_csv(request: HttpRequest) -> HttpResponse:
    require_export_in(request.user, only_organization_of(request.user))
    views = misconduct_visible_to(request.user)
    audit.record(AuditAction.EXPORT, actor=request.user, obj=None, organization=only_organization_of(request.user),
                 changes={"exported": "misconduct registry (CSV)", "entries": len(views)}, object_repr="Misconduct registry")
    out = io.StringIO()
    fields = ["person", "actor_role", "agency", "kind_label", "status_label", "date", "source_kind", "source_title",
              "source_date", "source_url", "source_quote", "case", "page_number", "quote", "description", "reviewed"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for view in views:
        writer.writerow(view.as_dict())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="misconduct-registry.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def registry_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organization = _organization(request)
    instance = misconduct_get_for_user(request.user, pk) if pk is not None else None
    if not can_write_in(request.user, organization):
        raise PermissionDenied("Your role does not allow changes to the misconduct registry.")
    cases = cases_visible_to(request.user).filter(organization=organization)
    initial = {k: v for k, v in request.GET.items() if k in services.MISCONDUCT_FIELDS}
    form = misconduct_form(organization, cases, user=request.user, data=request.POST or None, instance=instance,
                           initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.misconduct_save(actor=request.user, organization=organization,
                                             values=service_values(form), instance=instance)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Entry saved. It shows on the actor's other cases once reviewed.")
            return redirect(reverse("prosecution:registry") + f"#entry-{saved.pk}")
    return render(request, "prosecution/registry_form.html", {"form": form, "instance": instance})


@login_required
@require_POST
def registry_review(request: HttpRequest, pk: int) -> HttpResponse:
    record = misconduct_get_for_user(request.user, pk)
    services.misconduct_review(actor=request.user, record=record, reviewed=request.POST.get("action") != "unreview")
    messages.success(request, "Review recorded.")
    return redirect(reverse("prosecution:registry") + f"#entry-{record.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def registry_import(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    if not can_write_in(request.user, organization):
        raise PermissionDenied("Your role does not allow changes to the misconduct registry.")
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and request.POST.get("step") == "commit":
        data = request.POST.get("csv_text", "")
        choices = {int(k[7:]): str(v) for k, v in request.POST.items() if k.startswith("choice_") and k[7:].isdecimal()}
        try:
            created = csv_import.import_commit(
                actor=request.user, organization=organization, data=data, choices=choices,
                source_title=request.POST.get("source_title", ""), source_url=request.POST.get("source_url", ""),
                source_date=services.parse_date(request.POST.get("source_date", "")),
                source_kind=request.POST.get("source_kind", "published_list"),
            )
        except (ValidationError, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            plan = csv_import.import_plan(organization, data, request.user)
            return render(request, "prosecution/registry_import.html", {
                "form": form, "plan": plan, "csv_text": data, "source": request.POST})
        messages.success(request, f"{len(created)} entr(ies) imported; they wait for review before other cases show them.")
        return redirect("prosecution:registry")
    csv_text = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5_000_000:
            messages.error(request, "The file is larger than 5 MB; split it.")
        else:
            csv_text = upload.read().decode("utf-8-sig", errors="replace")
            plan = csv_import.import_plan(organization, csv_text, request.user)
    return render(request, "prosecution/registry_import.html", {
        "form": form, "plan": plan, "csv_text": csv_text, "source": form.cleaned_data if form.is_bound and
        form.is_valid() else {},
    })


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_dossier(request.user, pk)
    data = actor_dossier(request.user, person)
    audit.record(AuditAction.VIEW, actor=request.user, obj=person, organization=person.organization,
                 changes={"viewed": "actor dossier", "cases": [c.case.reference for c in data.cases]})
    return render(request, "prosecution/dossier.html", {"d": data})
