"""REST endpoints of the Reports app: the case memo, the NRE data set and its national
figures, "exonerations like this one", the organization report. Same access rule and
services as the web UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import File, Router
from ninja.files import UploadedFile

from innocence.cases.selectors import case_get_for_user

from . import services

router = Router(tags=["reports"])


@router.get("/cases/{reference}/memo", summary="The case memo as DOCX or PDF (audited)")
def case_memo(request: HttpRequest, reference: str, format: str = "pdf", include_dismissed: bool = False,
              sections: str = "") -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if format not in ("pdf", "docx"):
        raise ValidationError({"format": "Choose pdf or docx."})
    made = services.memo_make(actor=request.user, case=case, fmt=format, include_dismissed=include_dismissed,
                              sections=[s for s in sections.split(",") if s] or None)
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.file_name}"'
    return response


@router.get("/nre/stats", summary="National figures of the latest (or a given) NRE version, with the cautions")
def nre_stats_view(request: HttpRequest, version: int | None = None, state: str = "", crime: str = "",
                   factor: str = "", tag: str = "") -> dict[str, Any]:
    from django.http import Http404

    from .nre_json import figures_dict
    from .nre_stats import Filters, national, version_for

    found = version_for(request.user, version)
    if found is None:
        raise Http404("No NRE data imported in your organization.")
    return figures_dict(found, national(found, Filters(state=state, crime=crime, factor=factor, tag=tag)))


@router.post("/nre/import", summary="Import a copy of the NRE data (admins); dry_run validates only")
def nre_import_view(request: HttpRequest, file: UploadedFile = File(...), dry_run: bool = False,  # noqa: B008
                    layout: str | None = None) -> dict[str, Any]:
    from innocence.core import access

    from .nre_import import nre_import

    organization = next(iter(access.admin_organizations_of(request.user)), None)
    if organization is None:
        raise PermissionError("Only an organization's admins import the NRE data set.")
    report = nre_import(actor=request.user, organization=organization, raw=file.read(),
                        file_name=file.name or "nre.csv", layout=layout, dry_run=dry_run)
    return report.as_dict()


@router.get("/cases/{reference}/like-this", summary="Exonerations like this one: counts and NRE fields (context)")
def like_this_view(request: HttpRequest, reference: str) -> dict[str, Any]:
    from .nre_stats import like_this, version_for

    case = case_get_for_user(request.user, reference)
    found = version_for(request.user)
    if found is None:  # the case is there; the data set to compare it with is not (yet)
        return {"case": case.reference, "version": None, "counts": [], "exonerations": [], "cautions": [],
                "detail": "No NRE data imported in your organization: an admin imports a copy on the national page."}
    result = like_this(request.user, case, found)
    return {
        "case": case.reference, "version": found.number, "state": result.state, "crime": result.crime,
        "indicated_factors": result.factors, "counts": [{"label": lbl, "count": n} for lbl, n in result.counts],
        "exonerations": [{"last_name": r.last_name, "first_name": r.first_name, "state": r.state, "county": r.county,
                          "worst_crime": r.worst_crime, "sentence": r.sentence, "factors": r.factors, "dna": r.dna,
                          "tags": r.tags, "convicted_on": r.convicted_on, "exonerated_on": r.exonerated_on}
                         for r in result.records],
        "cautions": list(result.cautions),
    }


@router.get("/reports/organization", summary="The organization report for a date range (counts respect access)")
def organization_report_view(request: HttpRequest, date_from: str, date_to: str, format: str = "json") -> Any:
    import datetime as dt

    from innocence.core import access

    from . import funder_report
    from .dashboard import organization_report

    membership = access.primary_membership(request.user)
    if membership is None:
        raise PermissionError("You belong to no organization.")
    try:
        start, end = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
        report = organization_report(request.user, membership.organization, start, end)
    except ValueError as exc:
        raise ValidationError({"date_from": f"{exc} (dates are YYYY-MM-DD)"}) from None
    if format in ("pdf", "csv"):
        content, name = funder_report.make(actor=request.user, report=report, fmt=format)
        response = HttpResponse(content, content_type="application/pdf" if format == "pdf" else "text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return {"rows": report.csv_rows()}
