"""Pages of private actor matching: opt-in, export and import of encoded indexes, matches.
An organization's admins only; everyone else gets the 404 of a page that is not there."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innocence.core import access
from innocence.core.models import Organization

from . import matching
from .models import ImportedIndex


def _organization(request: HttpRequest) -> Organization:
    slug = request.GET.get("org") or request.POST.get("org") or ""
    admin_of = access.admin_organizations_of(request.user)
    organization = admin_of.filter(slug=slug).first() if slug else admin_of.order_by("pk").first()
    if organization is None:
        raise Http404("No such page.")
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    if request.method == "POST":
        try:
            matching.opt_in(
                actor=request.user,
                organization=organization,
                network=request.POST.get("network", ""),
                secret=request.POST.get("secret", ""),
                contact=request.POST.get("contact", ""),
                enabled=request.POST.get("enabled") == "on",
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Saved. Matches are re-run with the new settings.")
        return redirect(f"{request.path}?org={organization.slug}")
    found = matching.settings_of(organization)
    if found is not None and found.enabled:
        matching.rematch(organization)  # our index may have changed since the last run
    context: dict[str, Any] = {
        "organization": organization,
        "found": found,
        "fingerprint": matching.fingerprint(found) if found else "",
        "indexes": ImportedIndex.objects.filter(organization=organization).order_by("-imported_at"),
        "matches": matching.matches_for(request.user, organization),
        "actors": len(matching.own_actors(organization)[0]),
    }
    return render(request, "partners/matching.html", context)


@login_required
@require_GET
def export_index(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    try:
        data = matching.export_index(actor=request.user, organization=organization)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"/partners/matching/?org={organization.slug}")
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="actor-index-{organization.slug}.json"'
    return response


@login_required
@require_POST
def import_index(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose the encoded index file another member sent you.")
    else:
        data = upload.read(8 * 1024 * 1024 + 1)
        try:
            index = matching.import_index(actor=request.user, organization=organization, data=data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Imported the index of {index.source_label}: {index.matches.count()} matching actors.",
            )
    return redirect(f"/partners/matching/?org={organization.slug}")


@login_required
@require_POST
def contact(request: HttpRequest, match_pk: int) -> HttpResponse:
    organization = _organization(request)
    found = matching.matches_for(request.user, organization).filter(pk=match_pk).first()
    if found is None:
        raise Http404("No such match.")
    matching.request_contact(actor=request.user, match=found)
    messages.success(
        request,
        f"Write to {found.index.source_label} at {found.index.source_contact or 'the contact they gave the network'}: "
        f"quote match reference M-{found.index.source_token[:6]}-{found.their_actor[:8]}. Nothing else was sent.",
    )
    return redirect(f"/partners/matching/?org={organization.slug}")
