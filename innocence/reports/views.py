"""Views of the Reports app: thin — they fetch through the access rule, call a service or
a selector and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from innocence.cases.selectors import case_get_for_user
from innocence.core import access

from . import memo_template, services


@login_required
def memo(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    fmt = request.GET.get("format", "pdf")
    if fmt not in ("pdf", "docx"):
        return HttpResponse("Choose the memo's format: pdf or docx.", status=400, content_type="text/plain")
    try:
        made = services.memo_make(
            actor=request.user, case=case, fmt=fmt, sections=request.GET.getlist("section") or None,
            include_dismissed=request.GET.get("include_dismissed") == "1",
        )
    except ValidationError as exc:
        return HttpResponse("; ".join(exc.messages), status=400, content_type="text/plain")
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.file_name}"'
    return response


@login_required
def memo_template_edit(request: HttpRequest) -> HttpResponse:
    organization = next(iter(access.admin_organizations_of(request.user)), None)
    if organization is None:
        raise PermissionDenied("Only an organization's admins edit its memo template.")
    template = memo_template.template_for(organization)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            memo_template.template_update(
                actor=request.user, organization=organization, marking=request.POST.get("marking", ""),
                preface=request.POST.get("preface", ""), closing=request.POST.get("closing", ""))
        except ValidationError as exc:
            errors = exc.message_dict
            for name in memo_template.FIELDS:
                setattr(template, name, request.POST.get(name, ""))
        else:
            messages.success(request, "Memo template saved.")
            return redirect("reports:memo_template")
    return render(request, "reports/memo_template.html", {
        "organization": organization, "template": template, "errors": errors,
        "variables": memo_template.MEMO_VARIABLES.items(),
    })
