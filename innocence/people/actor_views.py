"""Pages for extracted people: a case's people (an htmx section of the People tab), the
review queue, and the actor index. Thin: reads in actor_selectors, writes in decisions."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from innocence.cases.selectors import case_get_for_user
from innocence.core import access, audit
from innocence.core.access import can_edit_case, require_export
from innocence.core.models import AuditAction
from innocence.core.redirects import redirect_next
from innocence.jobs.queue import enqueue

from . import decisions
from .actor_selectors import (
    actor_detail,
    actors_for_user,
    auto_links,
    case_people_grouped,
    review_attachments,
    review_links,
)
from .models import RoleKind
from .resolution import split_name
from .selectors import people_visible_to, person_get_for_user


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for errors in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
        for error in errors:
            messages.error(request, error)


@login_required
def case_extracted(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"view": "people in the record"})
    grouped = case_people_grouped(case)
    context = {
        "case": case,
        "grouped": grouped,
        "role_choices": RoleKind.choices,
        "can_edit": can_edit_case(request.user, case),
        "people_count": sum(len(v) for v in grouped.values()),
    }
    if getattr(request, "htmx", False):
        return render(request, "people/case_extracted.html", context)
    return render(request, "people/case_extracted_page.html", context)


@login_required
def case_extracted_csv(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    require_export(request.user, case)
    grouped = case_people_grouped(case)
    audit.record(
        AuditAction.EXPORT, actor=request.user, obj=case, changes={"export": "people in the record (CSV)"}
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-people.csv"'
    writer = csv.writer(response)
    writer.writerow(["case", "person", "role", "document", "page", "text", "context", "confidence"])
    for entries in grouped.values():
        for entry in entries:
            for c in entry.citations:
                writer.writerow(
                    [
                        case.reference,
                        entry.person.full_name,
                        entry.role_label,
                        c.document_title,
                        c.page_number,
                        c.text,
                        " ".join(c.context.split()),
                        c.confidence,
                    ]
                )
    return response


@login_required
@require_POST
def case_add_role(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    person = person_get_for_user(request.user, _int(request.POST.get("person")))
    try:
        decisions.add_to_case_roles(
            actor=request.user,
            case=case,
            person=person,
            role=request.POST.get("role", ""),
            description=request.POST.get("description", "")[:300],
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Not allowed.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{person.full_name} added to the case's people.")
    return redirect("cases:case_tab", case.reference, "people")


@login_required
@require_POST
def case_split(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    person = person_get_for_user(request.user, pk)
    try:
        new = decisions.person_split(
            actor=request.user, case=case, person=person, move_keys=request.POST.getlist("move_keys")
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Not allowed.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Split: {new.full_name} is now a person of their own in {case.reference}.")
    return redirect_next(request, "people:review")


@login_required
@require_POST
def case_extract(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    enqueue("people.extract_case", {"case_id": case.pk})
    messages.success(
        request, "Reading this case's pages again for people, dates and places; refresh in a minute."
    )
    audit.record(AuditAction.UPDATE, actor=request.user, obj=case, changes={"people": "extraction re-run"})
    return redirect("cases:case_tab", case.reference, "people")


@login_required
def review(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "people/review.html",
        {
            "links": review_links(request.user),
            "auto_links": auto_links(request.user),
            "attachments": review_attachments(request.user),
        },
    )


@login_required
@require_POST
def auto_link_undo(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Undo the machine's automatic link of this case's person to another case's."""
    case = case_get_for_user(request.user, reference)
    person = person_get_for_user(request.user, pk)
    try:
        restored = decisions.auto_link_undo(actor=request.user, case=case, person=person)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Not allowed.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, f"Undone: {restored.full_name} in {case.reference} is a person of their own again."
        )
    return redirect_next(request, "people:review")


@login_required
@require_POST
def review_link(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    links = {link.pk: link for link in review_links(request.user)}
    link = links.get(pk) or None
    if link is None:
        raise Http404("No such proposal.")
    try:
        if action == "confirm":
            person = decisions.link_confirm(actor=request.user, link=link)
            messages.success(request, f"Confirmed: one person, {person.full_name}.")
        elif action == "reject":
            decisions.link_reject(actor=request.user, link=link)
            messages.success(request, "Rejected: they stay two people, and will not be proposed again.")
        else:
            raise Http404("Unknown action.")
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Not allowed.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("people:review")


@login_required
@require_POST
def review_attachment(request: HttpRequest) -> HttpResponse:
    case = case_get_for_user(request.user, request.POST.get("case", ""))
    person = person_get_for_user(request.user, _int(request.POST.get("person")))
    try:
        decisions.attachment_confirm(
            actor=request.user, case=case, person=person, name_key=request.POST.get("name_key", "")
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Not allowed.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Confirmed.")
    return redirect("people:review")


@login_required
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    keep = person_get_for_user(request.user, _int(request.POST.get("keep")))
    other = person_get_for_user(request.user, _int(request.POST.get("other")))
    try:
        decisions.persons_merge(actor=request.user, keep=keep, other=other)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Not allowed.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Merged into {keep.full_name}.")
    return redirect_next(request, "people:review")


@login_required
def actors(request: HttpRequest) -> HttpResponse:
    min_cases = max(1, _int(request.GET.get("min_cases"), 2))
    rows = actors_for_user(request.user, min_cases=min_cases)
    if request.GET.get("format") == "csv":
        membership = access.primary_membership(request.user)
        access.require_export_in(request.user, membership.organization if membership else None)
        audit.record(AuditAction.EXPORT, actor=request.user, changes={"export": "actor index (CSV)"})
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="actors.csv"'
        writer = csv.writer(response)
        writer.writerow(["person", "aliases", "cases", "case_count", "roles", "mentions"])
        for row in rows:
            writer.writerow(
                [
                    row.person.full_name,
                    "; ".join(row.person.aliases),
                    " ".join(c.reference for c in row.cases),
                    row.case_count,
                    "; ".join(f"{k}: {v}" for k, v in row.roles.items()),
                    row.mentions,
                ]
            )
        return response
    return render(request, "people/actors.html", {"rows": rows, "min_cases": min_cases})


@login_required
def actor(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_user(request.user, pk)
    cases, counts = actor_detail(request.user, person)
    if not cases:
        raise Http404("No such actor.")
    audit.record(AuditAction.VIEW, actor=request.user, obj=person, changes={"view": "actor"})
    if request.GET.get("format") == "csv":
        access.require_export_in(request.user, person.organization)
        audit.record(AuditAction.EXPORT, actor=request.user, obj=person, changes={"export": "actor (CSV)"})
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="actor-{person.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["case", "case roles", "role in the record", "document", "page", "text", "context"])
        for entry in cases:
            roles = "; ".join(r.get_role_display() for r in entry.case_roles)
            if not entry.citations:
                writer.writerow([entry.case.reference, roles, entry.extracted_role, "", "", "", ""])
            for c in entry.citations:
                writer.writerow(
                    [
                        entry.case.reference,
                        roles,
                        entry.extracted_role,
                        c.document_title,
                        c.page_number,
                        c.text,
                        " ".join(c.context.split()),
                    ]
                )
        return response
    surname = split_name(person.full_name)[1]
    similar = (
        people_visible_to(request.user)
        .filter(organization=person.organization, full_name__icontains=surname)
        .exclude(pk=person.pk)[:20]
        if len(surname) >= 2
        else []
    )
    return render(
        request,
        "people/actor_detail.html",
        {"person": person, "cases": cases, "counts": counts, "similar": similar},
    )


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
