"""Web views for cases. Thin: parse the request, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from innocence.core.access import can_change_team, can_create_case_in, can_edit_case
from innocence.core.form_errors import add_validation_errors, validation_error_messages
from innocence.core.models import AuditEntry
from innocence.core.selectors import memberships_of

from . import services, tab_context
from .forms import STAGE_FILTER_CHOICES, CaseForm, NoteForm, StageForm, TaskForm, TeamForm, WallForm
from .models import Note, Task
from .selectors import (
    case_get_for_user,
    case_list_for_user,
    cases_visible_to,
    stage_counts_for_user,
    tasks_for_user,
)
from .stages import Stage
from .tabs import render_context, tab_by_slug, tabs

User = get_user_model()
CASES_PER_PAGE = 25


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    cases = cases_visible_to(request.user)
    my_cases = case_list_for_user(request.user, open_only=True).filter(team__user=request.user.pk)[:10]
    recent = AuditEntry.objects.filter(case_id_ref__in=cases.values("pk")).select_related("user")[:15]
    counts = stage_counts_for_user(request.user)
    return render(
        request,
        "cases/dashboard.html",
        {
            "my_cases": my_cases,
            "my_tasks": tasks_for_user(request.user)[:15],
            "recent": recent,
            "stage_counts": [(Stage(s).label, counts.get(s, 0)) for s in Stage.values if counts.get(s)],
            "total": sum(counts.values()),
        },
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    cases = case_list_for_user(
        request.user,
        stage=params.get("stage", ""),
        state=params.get("state", ""),
        assignee=params.get("assignee", ""),
        text=params.get("q", "").strip(),
    )
    page = Paginator(cases, CASES_PER_PAGE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    orgs = [m.organization for m in memberships_of(request.user)]
    context = {
        "page": page,
        "filters": params,
        "query": query.urlencode(),
        "stages": STAGE_FILTER_CHOICES,
        "assignees": User.objects.filter(memberships__organization__in=orgs).distinct().order_by("username"),
        "can_create": any(can_create_case_in(request.user, org) for org in orgs),
    }
    template = "cases/_case_rows.html" if request.htmx else "cases/case_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    orgs = [
        m.organization
        for m in memberships_of(request.user)
        if can_create_case_in(request.user, m.organization)
    ]
    if not orgs:
        raise PermissionDenied("Your role does not allow opening cases.")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, organization=orgs[0], **form.service_kwargs())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"Case {case.reference} opened.")
            return redirect("cases:case_detail", reference=case.reference)
    return render(request, "cases/case_form.html", {"form": form, "case": None})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        # before the form renders: a read-only role is not shown every field as editable
        raise PermissionDenied("Your role does not allow changes to this case.")
    form = CaseForm(request.POST or None, initial=CaseForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.service_kwargs())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Case saved.")
            return redirect("cases:case_detail", reference=case.reference)
    return render(request, "cases/case_form.html", {"form": form, "case": case})


@login_required
def case_detail(request: HttpRequest, reference: str, tab: str = "overview") -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    current = tab_by_slug(tab)
    if current is None:
        raise Http404("No such tab.")
    services.record_case_view(actor=request.user, case=case, what=tab)
    template, context = render_context(current, request, case)
    context.update(
        {
            "case": case,
            "tabs": tabs(),
            "tab": current,
            "tab_template": template,
            **tab_context.permissions(request, case),
        }
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "cases/_tab.html", context)
    return render(request, "cases/case_detail.html", context)


def _back(case_reference: str, tab: str) -> HttpResponse:
    return redirect("cases:case_tab", reference=case_reference, tab=tab)


@login_required
@require_POST
def case_stage(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    form = StageForm(request.POST, case=case)
    to_stage = request.POST.get("to_stage", "")
    try:
        if not form.is_valid():
            # Let the service explain why the move is not allowed.
            services.case_change_stage(actor=request.user, case=case, to_stage=to_stage, note="")
        else:
            services.case_change_stage(
                actor=request.user,
                case=case,
                to_stage=form.cleaned_data["to_stage"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"Stage changed to {Stage(case.stage).label}.")
    except ValidationError as exc:
        validation_error_messages(request, exc)
    return _back(case.reference, "overview")


@login_required
@require_POST
def note_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_create(actor=request.user, case=case, body=form.cleaned_data["body"])
            messages.success(request, "Note added.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "A note cannot be empty.")
    return _back(case.reference, "notes")


@login_required
@require_POST
def note_delete(request: HttpRequest, reference: str, note_id: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    note = get_object_or_404(Note, pk=note_id, case=case)
    services.note_delete(actor=request.user, note=note)
    messages.success(request, "Note deleted.")
    return _back(case.reference, "notes")


@login_required
@require_POST
def task_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    form = TaskForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.task_create(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, "Task added.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{field}: {error}")
    return _back(case.reference, "notes")


@login_required
@require_POST
def task_toggle(request: HttpRequest, reference: str, task_id: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    task = get_object_or_404(Task, pk=task_id, case=case)
    services.task_update(actor=request.user, task=task, done=not task.done)
    return _back(case.reference, "notes")


_TEAM_REFUSED = "Only the organization's admins and the case's attorneys change its team."


@login_required
@require_POST
def team_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not can_change_team(request.user, case):
        raise PermissionDenied(_TEAM_REFUSED)
    form = TeamForm(request.POST, case=case, actor=request.user)
    if form.is_valid():
        try:
            services.team_add(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, "Team updated.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "Choose one of the members offered.")
    return _back(case.reference, "overview")


@login_required
@require_POST
def team_remove(request: HttpRequest, reference: str, user_id: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not can_change_team(request.user, case):
        raise PermissionDenied(_TEAM_REFUSED)
    user = get_object_or_404(User, pk=user_id)
    services.team_remove(actor=request.user, case=case, user=user)
    messages.success(request, "Team updated.")
    return _back(case.reference, "overview")


@login_required
@require_POST
def wall_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    form = WallForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.wall_off(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, "Ethical wall set: that user can no longer see this case.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "Choose a user and give a reason.")
    return _back(case.reference, "overview")


@login_required
@require_POST
def wall_lift(request: HttpRequest, reference: str, user_id: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    user = get_object_or_404(User, pk=user_id)
    services.wall_lift(actor=request.user, case=case, user=user)
    messages.success(request, "Wall lifted.")
    return _back(case.reference, "overview")
