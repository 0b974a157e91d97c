"""Web views for the work queue and for one application. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from innocence.core import access, audit
from innocence.core.form_errors import add_validation_errors, validation_error_messages
from innocence.core.models import AuditAction, Organization

from . import letters, matching, screening, services, validation
from .forms import (
    STAGE_FILTER_CHOICES,
    ApplicationEditForm,
    ApplicationForm,
    AssignForm,
    FacilityMoveForm,
    IncomingForm,
    LetterForm,
    TransitionForm,
    UploadForm,
    intake_members,
)
from .models import Application, Channel, ConflictOutcome, Correspondence, Direction, MatchDecision
from .reference_data import decline_reason_label
from .selectors import (
    application_get_for_user,
    applications_visible_to,
    intake_organizations_of,
    queue_for_user,
    settings_for,
    stage_counts,
)
from .stages import LETTER_FOR_STAGE, Stage
from .uploads import UploadRejected, read_upload


def intake_organization(request: HttpRequest) -> Organization:
    """The organization the user works intake for (the first, if several); 404 if none."""
    organization = intake_organizations_of(request.user).order_by("name").first()
    if organization is None:
        raise Http404("No such page.")
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    organization = intake_organization(request)
    if request.method == "POST":
        return _bulk(request, organization)
    params = request.GET
    rows = queue_for_user(
        request.user,
        stage=params.get("stage", ""),
        assignee=params.get("assignee", ""),
        channel=params.get("channel", ""),
        state=params.get("state", ""),
        text=params.get("q", "").strip(),
        open_only=params.get("open", "1") == "1" and not params.get("stage"),
        overdue_only=params.get("overdue") == "1",
    )
    counts = stage_counts(request.user)
    audit.record(AuditAction.VIEW, actor=request.user, organization=organization, object_repr="intake work queue",
                 changes={"filters": {k: v for k, v in params.items() if v}, "rows": len(rows)})
    return render(request, "intake/queue.html", {
        "rows": rows,
        "filters": params,
        "stages": STAGE_FILTER_CHOICES,
        "channels": Channel.choices,
        "members": intake_members([organization.pk]),
        "stage_counts": [(s.value, s.label, counts.get(s.value, 0)) for s in Stage],
        "rules": settings_for(organization),
        "organization": organization,
        "assign_form": AssignForm(organization_ids=[organization.pk]),
    })


def _bulk(request: HttpRequest, organization: Organization) -> HttpResponse:
    selected = list(applications_visible_to(request.user).filter(reference__in=request.POST.getlist("selected")))
    if not selected:
        messages.error(request, "Select at least one application.")
        return redirect("intake:queue")
    action = request.POST.get("action", "")
    try:
        if action == "acknowledge":
            entries = letters.bulk_acknowledge(actor=request.user, applications=selected)
            ids = ",".join(str(e.pk) for e in entries)
            messages.success(request, f"{len(selected)} acknowledged; {len(entries)} letters written.")
            return redirect(reverse("intake:letters_batch") + f"?ids={ids}")
        if action == "assign":
            form = AssignForm(request.POST, organization_ids=[organization.pk])
            if not form.is_valid():
                messages.error(request, "Choose an intake coordinator or admin to assign.")
                return redirect("intake:queue")
            services.bulk_assign(actor=request.user, applications=selected, assignee=form.cleaned_data["assignee"])
            messages.success(request, f"{len(selected)} assigned.")
            return redirect("intake:queue")
    except ValidationError as exc:
        validation_error_messages(request, exc)
        return redirect("intake:queue")
    messages.error(request, "Choose what to do with the selected applications.")
    return redirect("intake:queue")


@login_required
def letters_batch(request: HttpRequest) -> HttpResponse:
    intake_organization(request)
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.isdecimal()]
    entries = list(
        Correspondence.objects.filter(pk__in=ids, application__in=applications_visible_to(request.user))
        .select_related("application").order_by("application__received_on", "id")
    )
    if request.GET.get("format") in ("pdf", "docx"):
        fmt = request.GET["format"]
        for entry in entries:
            audit.record(AuditAction.EXPORT, actor=request.user, obj=entry.application,
                         changes={"letter": entry.pk, "format": fmt, "batch": True})
        data = letters.letters_pdf(entries) if fmt == "pdf" else letters.letters_docx(entries)
        return _download(data, f"letters-batch.{fmt}")
    return render(request, "intake/letters_batch.html", {"entries": entries, "ids": ",".join(map(str, ids))})


def _download(data: bytes, filename: str) -> HttpResponse:
    content_type = "application/pdf" if filename.endswith(".pdf") else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    organization = intake_organization(request)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files: list[tuple[str, bytes, str]] = []
        try:
            for upload in form.cleaned_data["scans"]:
                files.append(read_upload(upload, staff=True))
        except UploadRejected as exc:
            form.add_error("scans", str(exc))
        if not form.errors:
            try:
                application = services.application_create(
                    actor=request.user, organization=organization, files=files,
                    file_kind=form.cleaned_data.get("file_kind") or "letter", **form.service_kwargs(),
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                candidates = matching.candidates_for(application, user=request.user)
                audit.record(AuditAction.SEARCH, actor=request.user, obj=application,
                             changes={"duplicate_check": len(candidates)})
                messages.success(request, f"Application {application.reference} recorded.")
                if candidates:
                    messages.warning(request, f"{len(candidates)} possible earlier record(s) or conflict(s): "
                                              "see 'Duplicate and conflict check' below.")
                return redirect("intake:detail", reference=application.reference)
    if not form.is_bound:
        from django.utils import timezone

        form.initial["received_on"] = timezone.localdate().isoformat()
    return render(request, "intake/application_form.html", {"form": form, "application": None})


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    form = ApplicationEditForm(request.POST or None, initial=ApplicationForm.initial_for(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(actor=request.user, application=application, **form.service_kwargs())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Application saved.")
            return redirect("intake:detail", reference=application.reference)
    return render(request, "intake/application_form.html", {"form": form, "application": application})


@login_required
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    services.record_view(actor=request.user, application=application)
    candidates = matching.candidates_for(application, user=request.user)
    # the same conflicts as the acceptance gate's (a case the user cannot see is listed too,
    # without details), so the count says a decision is due wherever the conflict is
    to_decide = 0 if application.case_id else sum(1 for c in candidates if c.kind == "conflict" and not c.resolved)
    suggested = LETTER_FOR_STAGE.get(Stage(application.stage), "")
    return render(request, "intake/application_detail.html", {
        "application": application,
        "candidates": candidates,
        "transition_form": TransitionForm(application=application),
        "assign_form": AssignForm(initial={"assignee": application.assignee},
                                  organization_ids=[application.organization_id]),
        "move_form": FacilityMoveForm(prefix="move"),
        "letter_form": LetterForm(prefix="letter", initial={"kind": suggested or "acknowledgement"}),
        "incoming_form": IncomingForm(prefix="incoming"),
        "upload_form": UploadForm(prefix="upload"),
        "screening_rows": screening.screening_rows(application),
        "answer_choices": [("yes", "Yes"), ("no", "No"), ("unknown", "Not known"), ("na", "N/A")],
        "stays": application.facility_stays.all(),
        "files": application.files.select_related("document"),
        "transitions": application.transitions.select_related("by"),
        "correspondence": application.correspondence.select_related("by"),
        "referrals": application.referrals.all(),
        "decline_label": decline_reason_label(application.decline_reason) if application.decline_reason else "",
        "decisions": MatchDecision.choices,
        "conflicts_to_decide": to_decide,
        "named_people": validation.named_people_text(application.named_people).splitlines(),
        "conflict_decisions": application.conflict_decisions.select_related("by"),
        "conflict_outcomes": ConflictOutcome.choices,
        "is_admin": access.can_administer(request.user, application.organization),
    })


def _back(application: Application, anchor: str = "") -> HttpResponse:
    return redirect(reverse("intake:detail", args=[application.reference]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def application_transition(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    form = TransitionForm(request.POST, application=application)
    data = request.POST
    to_stage = data.get("to_stage", "")
    try:
        services.application_transition(
            actor=request.user, application=application, to_stage=to_stage, note=data.get("note", ""),
            reason_code=data.get("reason_code", ""), referred_to=data.get("referred_to", ""),
            referral_contact=data.get("referral_contact", ""),
        )
    except ValidationError as exc:
        validation_error_messages(request, exc)
        return _back(application, "decision")
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return _back(application, "decision")
    messages.success(request, f"Moved to {Stage(to_stage).label}.")
    if application.case is not None and to_stage == Stage.ACCEPTED:
        messages.success(request, f"Case {application.case.reference} opened with the application's details.")
    kind = LETTER_FOR_STAGE.get(Stage(to_stage))
    wants_letter = form.is_valid() and form.cleaned_data.get("send_letter")
    if kind and wants_letter:
        try:
            entry = letters.letter_send(actor=request.user, application=application, kind=kind,
                                        note=data.get("note", ""))
            messages.success(request, f"Letter written and logged as legal mail: {entry.subject}.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    return _back(application, "correspondence" if kind and wants_letter else "decision")


@login_required
@require_POST
def application_assign(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    form = AssignForm(request.POST, organization_ids=[application.organization_id])
    if form.is_valid():
        try:
            services.application_assign(actor=request.user, application=application,
                                        assignee=form.cleaned_data["assignee"])
            messages.success(request, "Assignee saved.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "Choose an intake coordinator or admin.")
    return _back(application)


@login_required
@require_POST
def facility_move(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    form = FacilityMoveForm(request.POST, prefix="move")
    if form.is_valid():
        try:
            services.facility_move(actor=request.user, application=application, **form.cleaned_data)
            messages.success(request, f"Transfer to {application.current_facility} recorded.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "Name the facility and use a date like 2026-03-02.")
    return _back(application, "facilities")


@login_required
@require_POST
def file_upload(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    form = UploadForm(request.POST, request.FILES, prefix="upload")
    if not form.is_valid():
        messages.error(request, "Choose one or more files.")
        return _back(application, "files")
    for upload in form.cleaned_data["scans"]:
        try:
            name, content, content_type = read_upload(upload, staff=True)
            services.file_attach(actor=request.user, application=application, name=name, content=content,
                                 content_type=content_type, kind=form.cleaned_data["kind"])
            messages.success(request, f"'{name}' added.")
        except (UploadRejected, ValidationError) as exc:
            messages.error(request, str(exc) if isinstance(exc, UploadRejected) else "; ".join(exc.messages))
    return _back(application, "files")


@login_required
def file_download(request: HttpRequest, reference: str, file_id: int) -> FileResponse:
    application = application_get_for_user(request.user, reference)
    app_file = get_object_or_404(application.files, pk=file_id)
    audit.record(AuditAction.VIEW, actor=request.user, obj=application, changes={"file": app_file.original_name})
    return FileResponse(app_file.file.open("rb"), as_attachment=True, filename=app_file.original_name)


@login_required
@require_POST
def letter_send(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    form = LetterForm(request.POST, prefix="letter")
    if not form.is_valid():
        messages.error(request, "Choose a letter.")
        return _back(application, "correspondence")
    try:
        entry = letters.letter_send(actor=request.user, application=application, **form.cleaned_data)
        messages.success(request, f"Letter written and logged as legal mail: {entry.subject}.")
    except ValidationError as exc:
        validation_error_messages(request, exc)
    return _back(application, "correspondence")


@login_required
def letter_download(request: HttpRequest, reference: str, entry_id: int, fmt: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    entry = get_object_or_404(application.correspondence, pk=entry_id, direction=Direction.OUTGOING)
    if fmt not in ("pdf", "docx"):
        raise Http404("No such format.")
    audit.record(AuditAction.EXPORT, actor=request.user, obj=application, changes={"letter": entry.pk, "format": fmt})
    data = letters.letters_pdf([entry]) if fmt == "pdf" else letters.letters_docx([entry])
    return _download(data, f"{application.reference}-{entry.kind or 'letter'}-{entry.sent_on}.{fmt}")


@login_required
@require_POST
def incoming_log(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    form = IncomingForm(request.POST, prefix="incoming")
    if form.is_valid():
        try:
            letters.correspondence_log_incoming(actor=request.user, application=application, **form.cleaned_data)
            messages.success(request, "Incoming mail logged.")
        except ValidationError as exc:
            validation_error_messages(request, exc)
    else:
        messages.error(request, "Say what was received and when (a date like 2026-03-02).")
    return _back(application, "correspondence")


@login_required
@require_POST
def match_review(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    try:
        services.match_review(
            actor=request.user, application=application, target_kind=request.POST.get("target_kind", ""),
            target_id=int(request.POST.get("target_id", "0") or 0), decision=request.POST.get("decision", ""),
            kind=request.POST.get("kind", "duplicate"), note=request.POST.get("note", ""),
        )
        messages.success(request, "Decision on the candidate saved.")
    except (ValidationError, ValueError) as exc:
        messages.error(request, "; ".join(exc.messages) if isinstance(exc, ValidationError) else "Bad candidate.")
    return _back(application, "matches")


@login_required
@require_POST
def conflict_decision(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    try:
        services.conflict_decide(
            actor=request.user, application=application, outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, "Decision on the conflicts recorded.")
    except ValidationError as exc:
        validation_error_messages(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return _back(application, "conflict-decision")


@login_required
@require_POST
def screening_save(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_get_for_user(request.user, reference)
    answers: dict[int, tuple[str, str]] = {}
    for key, value in request.POST.items():
        if key.startswith("answer_") and key[7:].isdecimal():
            answers[int(key[7:])] = (str(value), str(request.POST.get(f"note_{key[7:]}", "")))
    try:
        screening.screening_save(actor=request.user, application=application, answers=answers)
        messages.success(request, "Screening saved.")
    except ValidationError as exc:
        validation_error_messages(request, exc)
    return _back(application, "screening")
