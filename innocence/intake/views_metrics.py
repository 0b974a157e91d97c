from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.core.views import bad_request

from . import metrics
from .views import intake_organization


@login_required
def metrics_page(request: HttpRequest) -> HttpResponse:
    organization = intake_organization(request)
    year_param = request.GET.get("year", "").strip()
    year = None
    if year_param:
        # isdigit() alone lets '²' and a nine-digit year through to int() and the date lookup.
        if not (year_param.isascii() and year_param.isdigit() and 1 <= int(year_param) <= 9999):
            return bad_request(request, "Give the year as four digits, for example 2024.")
        year = int(year_param)
    result = metrics.compute(request.user, year=year)
    if request.GET.get("format") == "csv":
        audit.record(AuditAction.EXPORT, actor=request.user, organization=organization,
                     object_repr="intake metrics (CSV)", changes={"year": year})
        response = HttpResponse(metrics.to_csv(result), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="intake-metrics.csv"'
        return response
    audit.record(AuditAction.VIEW, actor=request.user, organization=organization, object_repr="intake metrics",
                 changes={"year": year})
    return render(request, "intake/metrics.html", {
        "m": result,
        "year": year,
        "charts": [result.per_month, result.by_stage, result.by_state, result.by_channel, result.decline_reasons,
                   result.days_to_decide_by_state, result.days_to_decide_by_channel],
    })
