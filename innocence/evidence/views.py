"""Web views of the Evidence lens. Thin: fetch the case through the access rule, call a
selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from innocence.cases.selectors import case_get_for_user
from innocence.cases.services import record_case_view
from innocence.core.access import can_edit_case, require_export
from innocence.core.form_errors import add_validation_errors
from innocence.findings.selectors import findings_for_case, present_findings

from . import case_tab, inventory_csv, proposals, services, worksheet
from .forms import make_form, service_values
from .models import EvidenceItem
from .selectors import item_detail as item_detail_of
from .selectors import proposal_get_for_user, record_get_for_user, tests_for_case
from .services import KINDS, case_of


def _tab(reference: str, anchor: str = "") -> str:
    url = reverse("cases:case_tab", args=[reference, "evidence"])
    return f"{url}#{anchor}" if anchor else url


def _item_url(reference: str, pk: int) -> str:
    return reverse("evidence:item_detail", args=[reference, pk])


@login_required
def inventory(request: HttpRequest, reference: str) -> HttpResponse:
    """The inventory table alone (the tab's filters swap it in with htmx)."""
    case = case_get_for_user(request.user, reference)
    record_case_view(actor=request.user, case=case, what="evidence inventory")
    return render(request, "evidence/_inventory.html", {"case": case, **case_tab.context(request, case)})


@login_required
@require_http_methods(["GET", "POST"])
def record_form(request: HttpRequest, reference: str, kind: str, pk: int | None = None) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if kind not in KINDS:
        raise Http404("No such record kind.")
    instance = None
    if pk is not None:
        instance = record_get_for_user(request.user, kind, pk)
        if case_of(instance) != case:
            raise Http404("No such record.")
    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    initial = {k: (request.GET.getlist(k) if k == "items" else v) for k, v in request.GET.items() if k in KINDS[kind].fields}
    form = make_form(kind, case, data=request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.evidence_record_save(
                actor=request.user, case=case, kind=kind, values=service_values(form), instance=instance
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"{KINDS[kind].label} saved; findings re-checked.")
            item = saved if isinstance(saved, EvidenceItem) else getattr(saved, "item", None)
            if item is not None:
                return redirect(_item_url(case.reference, item.pk))
            return redirect(_tab(case.reference, f"{kind}-{saved.pk}"))
    return render(request, "evidence/record_form.html", {
        "case": case, "form": form, "kind": KINDS[kind], "instance": instance,
    })


@login_required
@require_POST
def record_delete(request: HttpRequest, reference: str, kind: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    instance = record_get_for_user(request.user, kind, pk)
    if case_of(instance) != case:
        raise Http404("No such record.")
    services.evidence_record_delete(actor=request.user, instance=instance)
    messages.success(request, f"{KINDS[kind].label} deleted; findings re-checked.")
    return redirect(_tab(case.reference))


@login_required
def item_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    detail = item_detail_of(case, pk)
    record_case_view(actor=request.user, case=case, what=f"evidence item {detail.item.pk}")
    findings = [f for f in present_findings(request.user, list(findings_for_case(case, lens="evidence")))
                if f.finding.subject_key == f"item:{pk}"
                or any(f.finding.subject_key == f"test:{t.pk}" for t in detail.tests)]
    return render(request, "evidence/item_detail.html", {
        "case": case, "d": detail, "findings": findings, "can_edit": can_edit_case(request.user, case),
    })


@login_required
@require_POST
def proposals_run(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    created = proposals.proposals_run(actor=request.user, case=case)
    messages.success(request, f"{len(created)} new proposal(s) read from the case's pages; confirm, edit or reject each.")
    return redirect(_tab(case.reference, "proposals"))


@login_required
@require_POST
def proposal_review(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    proposal = proposal_get_for_user(request.user, pk)
    if proposal.case_id != case.pk:
        raise Http404("No such proposal.")
    accept = request.POST.get("action") == "confirm"
    try:
        proposals.proposal_review(actor=request.user, proposal=proposal, accept=accept, value=request.POST.get("value"))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, "Proposal confirmed: the record was created with its page." if accept else "Proposal rejected.")
    return redirect(_tab(case.reference, "proposals"))


@login_required
@require_http_methods(["GET", "POST"])
def csv_import(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    report = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Choose a CSV file."
        else:
            try:
                report = inventory_csv.inventory_import(actor=request.user, case=case, data=upload.read(),
                                                        dry_run=request.POST.get("commit") != "1")
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if report is not None and report.created:
            messages.success(request, f"{report.created} item(s) imported; findings re-checked.")
            return redirect(_tab(case.reference))
    return render(request, "evidence/csv_import.html", {
        "case": case, "report": report, "error": error, "columns": inventory_csv.COLUMNS,
    })


@login_required
def csv_export(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    require_export(request.user, case)
    record_case_view(actor=request.user, case=case, what="evidence inventory (CSV)")
    response = HttpResponse(inventory_csv.inventory_csv(case), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-evidence.csv"'
    return response


@login_required
def worksheet_view(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    record_case_view(actor=request.user, case=case, what="DNA-testing worksheet")
    return render(request, "evidence/worksheet.html", {"case": case, "sheet": worksheet.worksheet_for_case(case)})


@login_required
def worksheet_docx(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    require_export(request.user, case)
    record_case_view(actor=request.user, case=case, what="DNA-testing worksheet (DOCX)")
    content = worksheet.worksheet_docx(worksheet.worksheet_for_case(case))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-dna-worksheet-draft.docx"'
    return response


@login_required
def worksheet_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    require_export(request.user, case)
    record_case_view(actor=request.user, case=case, what="DNA-testing worksheet (PDF)")
    content = worksheet.worksheet_pdf(worksheet.worksheet_for_case(case), made=timezone.now(),
                                      made_by=request.user.get_username())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-dna-worksheet-draft.pdf"'
    return response


@login_required
def summary(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    record_case_view(actor=request.user, case=case, what="evidence summary")
    findings = [f for f in present_findings(request.user, list(findings_for_case(case, lens="evidence", status="present")))
                if f.finding.review_state != "dismissed"]
    sources = list({a.key: a for f in findings for a in f.authorities}.values())
    rows = case_tab.items_for_case(case)
    return render(request, "evidence/summary.html", {
        "case": case, "rows": rows, "tests": tests_for_case(case), "findings": findings, "sources": sources,
    })
