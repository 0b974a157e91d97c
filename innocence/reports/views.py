"""Views of the Reports app: thin — they fetch through the access rule, call a service or
a selector and render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
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
        raise Http404("No such page.")  # admin pages are 404 for everyone else, as elsewhere
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


# --- the national picture ------------------------------------------------------------------

def _csv_response(rows: list[list[str]], name: str) -> HttpResponse:
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerows(rows)
    return response


@login_required
def national(request: HttpRequest) -> HttpResponse:
    from . import charts, nre_json, nre_stats

    version = nre_stats.version_for(request.user)
    organization = next(iter(access.admin_organizations_of(request.user)), None)
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if organization is None:
            raise PermissionDenied("Only an organization's admins import the NRE data set.")
        if upload is None:
            messages.error(request, "Choose the NRE CSV file to import.")
        else:
            from .nre_import import nre_import

            report = nre_import(actor=request.user, organization=organization, raw=upload.read(),
                                file_name=upload.name or "nre.csv", dry_run=request.POST.get("dry_run") == "1")
            if report.version:
                messages.success(request, f"Imported as version {report.version.number}: {report.added} added, "
                                          f"{report.changed} changed, {report.removed} removed.")
                version = report.version
    context: dict[str, object] = {"version": version, "can_import": organization is not None, "report": report,
                                  "cautions": nre_stats.CAUTIONS}
    if version is not None:
        filters = nre_stats.Filters.from_query(request.GET)
        figures = nre_stats.national(version, filters)
        if request.GET.get("format") == "csv":
            return _csv_response(nre_json.figures_csv_rows(figures), f"nre-v{version.number}-figures.csv")
        context.update(filters=filters, figures=figures, charts=[
            charts.bar_chart("Contributing factors (% of exonerations)",
                             [(c, s) for c, _, s in figures.factors] + [("DNA", figures.dna[1])], unit="%"),
            charts.column_chart("Exonerations by year of exoneration", [(y, float(n)) for y, n in figures.by_year]),
            charts.bar_chart("States (top 15)", [(s, float(n)) for s, n in figures.by_state[:15]]),
            charts.bar_chart("Worst crime (top 12)", [(s, float(n)) for s, n in figures.by_crime[:12]]),
            charts.bar_chart("Tags (% of exonerations)", [(t, s) for t, _, s in figures.tags[:15]], unit="%"),
        ])
    return render(request, "reports/national.html", context)


@login_required
def like_this(request: HttpRequest, reference: str) -> HttpResponse:
    from . import nre_stats

    case = case_get_for_user(request.user, reference)
    version = nre_stats.version_for(request.user)
    result = nre_stats.like_this(request.user, case, version) if version else None
    return render(request, "reports/like_this.html", {"case": case, "result": result,
                                                       "cautions": nre_stats.CAUTIONS})


# --- dashboards and funder reports ---------------------------------------------------------

def _range(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    try:
        start = dt.date.fromisoformat(request.GET.get("from") or f"{today.year}-01-01")
        end = dt.date.fromisoformat(request.GET.get("to") or today.isoformat())
    except ValueError:
        raise ValidationError("Dates are written YYYY-MM-DD.") from None
    return start, end


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from . import charts, funder_report
    from .dashboard import organization_report

    organization = access.primary_membership(request.user)
    if organization is None:
        raise PermissionDenied("You belong to no organization.")
    try:
        start, end = _range(request)
        report = organization_report(request.user, organization.organization, start, end)
    except (ValidationError, ValueError) as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain")
    fmt = request.GET.get("format")
    if fmt in ("csv", "pdf"):
        access.require_export_in(request.user, organization.organization)
        made = funder_report.make(actor=request.user, report=report, fmt=fmt)
        response = HttpResponse(made[0], content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{made[1]}"'
        return response
    return render(request, "reports/dashboard.html", {
        "report": report, "charts": funder_report.report_charts(report, charts)})
