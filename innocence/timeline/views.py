"""Web views of the Timeline app. Thin: fetch the case through the access rule, call a
selector or a service, render or redirect to the case's Timeline tab."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innocence.cases.models import Case
from innocence.cases.selectors import case_get_for_user
from innocence.core import audit
from innocence.core.access import can_edit_case, require_export
from innocence.core.form_errors import add_validation_errors
from innocence.core.models import AuditAction

from . import exports, selectors, services
from .forms import CalendarItemForm, EventForm, ProceedingForm, StepForm, cleaned_values
from .models import Event, ProceedingStep


def _tab(reference: str, anchor: str = "") -> str:
    url = reverse("cases:case_tab", args=[reference, "timeline"])
    return f"{url}#{anchor}" if anchor else url


def _editable_case(request: HttpRequest, reference: str) -> Case:
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    return case


def _form_page(request: HttpRequest, case: Case, form: Any, title: str, delete_url: str = "") -> HttpResponse:
    return render(request, "timeline/form.html", {"case": case, "form": form, "title": title,
                                                   "delete_url": delete_url})


def _event_initial(event: Event) -> dict[str, Any]:
    return {"kind": event.kind, "title": event.title, "date": event.record_date.label(), "time": event.time,
            "person": event.person_id, "status": event.status, "document": event.document_id,
            "page_number": event.page_number, "quote": event.quote, "source_field": event.source_field,
            "description": event.description}


@login_required
@require_http_methods(["GET", "POST"])
def event_form(request: HttpRequest, reference: str, pk: int | None = None) -> HttpResponse:
    case = _editable_case(request, reference)
    event = None
    if pk is not None:
        event = selectors.event_get_for_user(request.user, pk)
        if event.case_id != case.pk:
            raise Http404("No such event.")
    initial = _event_initial(event) if event else dict(request.GET.items())
    form = EventForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(actor=request.user, case=case, values=cleaned_values(form), instance=event)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Event saved.")
            return redirect(_tab(case.reference, f"event-{saved.pk}"))
    delete_url = reverse("timeline:event_delete", args=[case.reference, event.pk]) if event else ""
    return _form_page(request, case, form, "Edit event" if event else "Add an event", delete_url)


@login_required
@require_POST
def event_review(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    event = selectors.event_get_for_user(request.user, pk)
    if event.case_id != case.pk:
        raise Http404("No such event.")
    accept = request.POST.get("action") == "confirm"
    values: dict[str, Any] = {}
    if accept:
        for name in ("kind", "title"):
            if request.POST.get(name):
                values[name] = request.POST[name]
        if request.POST.get("date") and request.POST["date"].strip() != event.record_date.label():
            values["date"] = request.POST["date"]
    try:
        services.event_review(actor=request.user, event=event, accept=accept, values=values)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, "Event confirmed." if accept else "Proposal rejected: it will not be proposed again.")
    return redirect(_tab(case.reference, f"event-{event.pk}"))


@login_required
@require_POST
def event_delete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    event = selectors.event_get_for_user(request.user, pk)
    if event.case_id != case.pk:
        raise Http404("No such event.")
    services.event_delete(actor=request.user, event=event)
    messages.success(request, "Event deleted.")
    return redirect(_tab(case.reference))


@login_required
@require_POST
def propose(request: HttpRequest, reference: str) -> HttpResponse:
    case = _editable_case(request, reference)
    counts = services.events_propose(case=case, actor=request.user)
    messages.success(request, f"{counts['proposed']} new event(s) proposed from the pages' dates "
                              f"({counts['kept']} already proposed or reviewed).")
    return redirect(_tab(case.reference, "proposed"))


@login_required
@require_http_methods(["GET", "POST"])
def proceeding_form(request: HttpRequest, reference: str, pk: int | None = None) -> HttpResponse:
    case = _editable_case(request, reference)
    proceeding = None
    if pk is not None:
        proceeding = selectors.proceeding_get_for_user(request.user, pk)
        if proceeding.case_id != case.pk:
            raise Http404("No such proceeding.")
    initial = {f: getattr(proceeding, f) for f in services.PROCEEDING_FIELDS} if proceeding else {}
    form = ProceedingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.proceeding_save(actor=request.user, case=case, values=cleaned_values(form),
                                             instance=proceeding)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Proceeding saved.")
            return redirect(_tab(case.reference, f"proceeding-{saved.pk}"))
    delete_url = reverse("timeline:proceeding_delete", args=[case.reference, proceeding.pk]) if proceeding else ""
    return _form_page(request, case, form, "Edit proceeding" if proceeding else "Add a proceeding", delete_url)


@login_required
@require_POST
def proceeding_delete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    proceeding = selectors.proceeding_get_for_user(request.user, pk)
    if proceeding.case_id != case.pk:
        raise Http404("No such proceeding.")
    services.proceeding_delete(actor=request.user, proceeding=proceeding)
    messages.success(request, "Proceeding deleted.")
    return redirect(_tab(case.reference, "litigation"))


@login_required
@require_http_methods(["GET", "POST"])
def step_form(request: HttpRequest, reference: str, proceeding_pk: int, pk: int | None = None) -> HttpResponse:
    case = _editable_case(request, reference)
    proceeding = selectors.proceeding_get_for_user(request.user, proceeding_pk)
    if proceeding.case_id != case.pk:
        raise Http404("No such proceeding.")
    step = None
    if pk is not None:
        step = ProceedingStep.objects.filter(pk=pk, proceeding=proceeding).first()
        if step is None:
            raise Http404("No such step.")
    initial: dict[str, Any] = {}
    if step:
        initial = {f: getattr(step, f) for f in services.STEP_FIELDS}
        initial.update(date=step.record_date.label(), document=step.document_id)
    form = StepForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_save(actor=request.user, proceeding=proceeding, values=cleaned_values(form), instance=step)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Step saved; deadlines recomputed.")
            return redirect(_tab(case.reference, f"proceeding-{proceeding.pk}"))
    delete_url = reverse("timeline:step_delete", args=[case.reference, proceeding.pk, step.pk]) if step else ""
    return _form_page(request, case, form, f"{'Edit' if step else 'Add a'} step of {proceeding}", delete_url)


@login_required
@require_POST
def step_delete(request: HttpRequest, reference: str, proceeding_pk: int, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    proceeding = selectors.proceeding_get_for_user(request.user, proceeding_pk)
    step = ProceedingStep.objects.filter(pk=pk, proceeding=proceeding).first()
    if proceeding.case_id != case.pk or step is None:
        raise Http404("No such step.")
    services.step_delete(actor=request.user, step=step)
    messages.success(request, "Step deleted; deadlines recomputed.")
    return redirect(_tab(case.reference, f"proceeding-{proceeding.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def item_form(request: HttpRequest, reference: str, pk: int | None = None) -> HttpResponse:
    case = _editable_case(request, reference)
    item = None
    if pk is not None:
        item = selectors.calendar_item_get_for_user(request.user, pk)
        if item.case_id != case.pk:
            raise Http404("No such item.")
    initial = {f: getattr(item, f) for f in services.ITEM_FIELDS} if item else {}
    if item:
        initial["document"] = item.document_id
    form = CalendarItemForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_item_save(actor=request.user, case=case, values=cleaned_values(form), instance=item)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Calendar item saved.")
            return redirect(_tab(case.reference, "calendar"))
    delete_url = reverse("timeline:item_delete", args=[case.reference, item.pk]) if item else ""
    return _form_page(request, case, form, "Edit calendar item" if item else "Add a deadline, hearing or reminder",
                      delete_url)


@login_required
@require_POST
def item_delete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    item = selectors.calendar_item_get_for_user(request.user, pk)
    if item.case_id != case.pk:
        raise Http404("No such item.")
    services.calendar_item_delete(actor=request.user, item=item)
    messages.success(request, "Calendar item deleted.")
    return redirect(_tab(case.reference, "calendar"))


@login_required
@require_GET
def export_csv(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    require_export(request.user, case)
    entries = selectors.chronology(case, selectors.Filters.from_query(request.GET))
    audit.record(AuditAction.EXPORT, actor=request.user, obj=case, changes={"exported": "chronology csv",
                                                                             "rows": len(entries)})
    response = HttpResponse(exports.chronology_csv(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(case.reference)}-chronology.csv"'
    return response


@login_required
@require_GET
def export_ics(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    require_export(request.user, case)
    entries = selectors.chronology(case, selectors.Filters.from_query(request.GET))
    audit.record(AuditAction.EXPORT, actor=request.user, obj=case, changes={"exported": "chronology ics",
                                                                             "rows": len(entries)})
    response = HttpResponse(exports.chronology_ics(case, entries), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(case.reference)}-chronology.ics"'
    return response


@login_required
@require_GET
def deadlines(request: HttpRequest) -> HttpResponse:
    calendar = selectors.calendar_for_user(request.user)
    audit.record(AuditAction.VIEW, actor=request.user, changes={"viewed": "deadlines across my cases",
                                                                "items": len(calendar.due)})
    today = dt.date.today()
    return render(request, "timeline/deadlines.html", {
        "calendar": calendar, "today": today,
        "overdue": [d for d in calendar.due if d.date < today and d.kind != "computed deadline"],
        "upcoming": [d for d in calendar.due if d.date >= today],
        "feeds": selectors.feeds_of(request.user),
        "new_feed_url": request.session.pop("timeline_new_feed_url", ""),
        "cases": list(selectors.cases_visible_to(request.user).order_by("reference")),
    })


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    case = None
    if request.POST.get("case"):
        case = case_get_for_user(request.user, request.POST["case"])
    _feed, secret = services.feed_create(actor=request.user, case=case,
                                        include_details=request.POST.get("include_details") == "on")
    request.session["timeline_new_feed_url"] = request.build_absolute_uri(reverse("timeline:feed", args=[secret]))
    messages.success(request, "Calendar feed created. Copy its address now: it is shown only once.")
    return redirect("timeline:deadlines")


@login_required
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = selectors.feeds_of(request.user).filter(pk=pk).first()
    if feed is None:
        raise Http404("No such feed.")
    services.feed_revoke(actor=request.user, feed=feed)
    messages.success(request, "Feed revoked: its address no longer works.")
    return redirect("timeline:deadlines")


@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The secret iCalendar feed (no sign-in: calendar applications cannot sign in). A wrong
    or revoked secret is a plain 404. Cases are re-checked against the owner's access."""
    found = selectors.feed_for_secret(secret)
    if found is None or not found.user.is_active:
        raise Http404("No such feed.")
    cases = selectors.feed_cases(found)
    calendar = selectors.calendar_for_cases(cases)
    audit.record(AuditAction.EXPORT, actor=found.user, case=found.case,
                 changes={"exported": "calendar feed", "feed": found.pk, "items": len(calendar.due)})
    name = f"{found.case.reference} deadlines" if found.case else "My case deadlines"
    body = exports.deadlines_ics(name, calendar.due, include_details=found.include_details)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
