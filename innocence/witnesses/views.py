"""Web views of the Witness lens. Thin: fetch the case through the access rule, call a
selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from innocence.cases.selectors import case_get_for_user
from innocence.cases.services import record_case_view
from innocence.core.access import can_edit_case
from innocence.core.form_errors import add_validation_errors
from innocence.documents.selectors import excerpts_visible_to
from innocence.findings.selectors import findings_for_case, present_findings

from . import services
from .forms import make_form, service_values
from .models import Statement, StatementClaim
from .selectors import record_get_for_user, witness_summary
from .services import KINDS, case_of


def _tab(reference: str, anchor: str = "") -> str:
    url = reverse("cases:case_tab", args=[reference, "witnesses"])
    return f"{url}#{anchor}" if anchor else url


def _from_excerpt(user: Any, case: Any, raw: str) -> dict[str, Any]:
    """A new record started from a saved excerpt ("Start a statement record" in the viewer):
    its document, page and verbatim quote, read through the access rule (the excerpt's id,
    not its text, travels in the link: a long quote would not fit in a URL)."""
    text = str(raw).strip()
    excerpt = (
        excerpts_visible_to(user).filter(case=case, pk=int(text)).first()
        if text.isdecimal() and len(text) <= 18
        else None
    )
    if excerpt is None:
        raise Http404("No such excerpt in this case.")
    return {"document": excerpt.document_id, "page_number": excerpt.page.number, "quote": excerpt.quote}


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
    initial = {k: v for k, v in request.GET.items() if k in KINDS[kind].fields}
    if instance is None and "excerpt" in request.GET and {"document", "page_number", "quote"} <= set(KINDS[kind].fields):
        initial.update(_from_excerpt(request.user, case, request.GET["excerpt"]))
    form = make_form(kind, case, data=request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.witness_record_save(
                actor=request.user, case=case, kind=kind, values=service_values(form), instance=instance
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"{KINDS[kind].label} saved; findings re-checked.")
            return redirect(_tab(case.reference, f"{kind}-{saved.pk}"))
    return render(request, "witnesses/record_form.html", {
        "case": case, "form": form, "kind": KINDS[kind], "instance": instance,
    })


@login_required
@require_POST
def record_delete(request: HttpRequest, reference: str, kind: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    instance = record_get_for_user(request.user, kind, pk)
    if case_of(instance) != case:
        raise Http404("No such record.")
    services.witness_record_delete(actor=request.user, instance=instance)
    messages.success(request, f"{KINDS[kind].label} deleted; findings re-checked.")
    return redirect(_tab(case.reference))


@login_required
@require_POST
def claims_propose(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    statement = record_get_for_user(request.user, "statement", pk)
    if not isinstance(statement, Statement) or statement.case_id != case.pk:
        raise Http404("No such statement.")
    try:
        created = services.claims_propose(actor=request.user, statement=statement)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"{len(created)} claim(s) proposed from the statement's pages; confirm or reject each.")
    return redirect(_tab(case.reference, f"witness-{statement.witness_id}"))


@login_required
@require_POST
def claim_review(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    claim = record_get_for_user(request.user, "claim", pk)
    if not isinstance(claim, StatementClaim) or claim.statement.case_id != case.pk:
        raise Http404("No such claim.")
    accept = request.POST.get("action") == "confirm"
    services.claim_review(actor=request.user, claim=claim, accept=accept, value=request.POST.get("value"))
    messages.success(request, "Claim confirmed." if accept else "Claim rejected.")
    return redirect(_tab(case.reference, f"witness-{claim.statement.witness_id}"))


@login_required
def witness_print(request: HttpRequest, reference: str, person_pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    summary = witness_summary(case, person_pk)
    record_case_view(actor=request.user, case=case, what=f"witness summary of {summary.person}")
    findings = [
        f for f in present_findings(request.user, list(findings_for_case(case, lens="witness")))
        if f.finding.subject_person_id == person_pk and f.finding.status == "present"
    ]
    sources = list({a.key: a for f in findings for a in f.authorities}.values())
    grouped: dict[str, dict[str, Any]] = {}
    for view in findings:  # one line per rule, so the summary fits a page
        item = grouped.setdefault(view.finding.rule_id, {"title": view.finding.title, "texts": [], "pages": [],
                                                         "authorities": view.authorities, "confirmed": False})
        if view.finding.rule_id == "eyewitness.estimator_conditions":
            item["title"] = "Estimator conditions"
        item["texts"].append(view.finding.text)
        item["confirmed"] = item["confirmed"] or view.finding.review_state == "confirmed"
        for c in view.citations:
            label = (f"{c.citation.document_title} p. {c.citation.page_number}" if c.has_page
                     else f"{c.citation.label} ({c.citation.source_field.replace('_', ' ')})")
            if label not in item["pages"]:
                item["pages"].append(label)
    return render(request, "witnesses/witness_print.html", {
        "case": case, "w": summary, "findings": list(grouped.values()), "sources": sources,
    })
