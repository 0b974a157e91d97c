"""The public questionnaire (/intake/apply/<org-slug>/), for family members and attorneys.

Off unless the organization turns it on. Spam-resistant: a per-address rate limit (in
Django's cache), a honeypot field, content-checked uploads with size and type limits.
The person who submits sees a receipt number, never the data, then or later.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innocence.core import audit
from innocence.core.form_errors import add_validation_errors
from innocence.core.middleware import client_ip
from innocence.core.models import AuditAction, Organization

from . import services
from .forms import MultipleFileField
from .models import Application, Channel, ConvictionBasis, FileKind, IntakeSettings, Tristate
from .uploads import PUBLIC_MAX_FILES, UploadRejected, read_upload

RATE_LIMIT = getattr(settings, "INTAKE_PUBLIC_SUBMISSIONS_PER_HOUR", 5)
PUBLIC_USER = "public questionnaire"


def _tristate(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[(Tristate.UNKNOWN, "I don't know"), (Tristate.YES, "Yes"),
                                                   (Tristate.NO, "No")],
                             initial=Tristate.UNKNOWN, widget=forms.RadioSelect)


class PublicForm(forms.Form):
    relation = forms.ChoiceField(label="You are", choices=[(Channel.FAMILY, "a family member or friend"),
                                                            (Channel.ATTORNEY, "an attorney")])
    submitted_by = forms.CharField(max_length=200, label="Your name")
    submitted_by_contact = forms.CharField(label="How we can reach you (address, phone or e-mail)",
                                           widget=forms.Textarea(attrs={"rows": 2}))
    applicant_name = forms.CharField(max_length=200, label="Name of the person convicted")
    applicant_aliases = forms.CharField(required=False, max_length=300, label="Other names or nicknames")
    applicant_dob = forms.CharField(required=False, label="Their date of birth",
                                    widget=forms.DateInput(attrs={"type": "date"}))
    inmate_number = forms.CharField(max_length=50, required=False, label="Inmate / DOC number")
    facility = forms.CharField(max_length=200, required=False, label="Prison or jail where they are now")
    conviction_state = forms.CharField(max_length=2, required=False, label="State of conviction (e.g. LA)")
    conviction_county = forms.CharField(max_length=100, required=False, label="County or parish")
    offense = forms.CharField(max_length=300, required=False, label="Crime they were convicted of")
    conviction_year = forms.CharField(max_length=6, required=False, label="Year of conviction")
    conviction_basis = forms.ChoiceField(choices=ConvictionBasis.choices, required=False, label="Trial or plea")
    claim = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=20000,
                            label="Why do you believe they are innocent?")
    biological_evidence = _tristate("Was biological evidence (blood, DNA, hair) collected?")
    identity_at_issue = _tristate("Was the question who committed the crime disputed?")
    alibi = _tristate("Did they have an alibi?")
    recantation = _tristate("Has a witness taken back their testimony?")
    scans = MultipleFileField(required=False, label="Documents (PDF, JPEG, PNG or TIFF; up to 5 files, 10 MB each)")
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)  # honeypot


def _organization(slug: str) -> Organization:
    rules = IntakeSettings.objects.select_related("organization").filter(
        organization__slug=slug, public_form_enabled=True
    ).first()
    if rules is None:
        raise Http404("No such page.")
    return rules.organization


def _rate_limited(request: HttpRequest, organization: Organization) -> bool:
    key = f"intake-public:{organization.pk}:{client_ip(request) or 'unknown'}"
    count = cache.get(key, 0)
    if count >= RATE_LIMIT:
        return True
    cache.set(key, count + 1, 3600)
    return False


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(slug)
    rules = organization.intake_settings  # type: ignore[attr-defined]
    form = PublicForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("website"):
            # A bot filled the hidden field: say thanks, keep nothing.
            return render(request, "intake/public_received.html", {"organization": organization, "receipt": ""})
        if _rate_limited(request, organization):
            form.add_error(None, "Too many submissions from your connection in the last hour. Please try again later.")
            return render(request, "intake/public_form.html", {"form": form, "organization": organization,
                                                               "rules": rules}, status=429)
        if form.is_valid():
            receipt = _submit(request, organization, form)
            if receipt:
                return redirect("intake:public_received", slug=slug)
    return render(request, "intake/public_form.html", {"form": form, "organization": organization, "rules": rules})


def _submit(request: HttpRequest, organization: Organization, form: PublicForm) -> str:
    data = dict(form.cleaned_data)
    uploads = data.pop("scans") or []
    if len(uploads) > PUBLIC_MAX_FILES:
        form.add_error("scans", f"Send at most {PUBLIC_MAX_FILES} files.")
        return ""
    files: list[tuple[str, bytes, str]] = []
    for upload in uploads:
        try:
            files.append(read_upload(upload, public=True))
        except UploadRejected as exc:
            form.add_error("scans", f"{exc} Nothing was submitted; please remove or replace the file.")
    if form.errors:
        return ""
    data.pop("website", None)
    channel = data.pop("relation")
    facility = data.pop("facility")
    fingerprint = services.submission_fingerprint(organization, data)
    existing = Application.objects.filter(organization=organization, submission_hash=fingerprint).first()
    try:
        with transaction.atomic():
            if existing is not None:
                for name, content, content_type in files:
                    services.file_attach(actor=None, application=existing, name=name, content=content,
                                         content_type=content_type, kind=FileKind.QUESTIONNAIRE, username=PUBLIC_USER)
                audit.record(AuditAction.UPDATE, obj=existing, username=PUBLIC_USER,
                             changes={"duplicate_submission": True, "files_added": len(files)})
                request.session["intake_receipt"] = existing.reference
                request.session["intake_duplicate"] = True
                return existing.reference
            application = services.application_create(
                actor=None, organization=organization, channel=channel, facility=facility, files=files,
                file_kind=FileKind.QUESTIONNAIRE, submission_hash=fingerprint, username=PUBLIC_USER, **data,
            )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return ""
    request.session["intake_receipt"] = application.reference
    request.session["intake_duplicate"] = False
    return application.reference


def received(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(slug)
    context: dict[str, Any] = {
        "organization": organization,
        "receipt": request.session.pop("intake_receipt", ""),
        "duplicate": request.session.pop("intake_duplicate", False),
    }
    return render(request, "intake/public_received.html", context)
