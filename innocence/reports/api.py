"""REST endpoints of the Reports app: the case memo, the NRE data set and its national
figures, "exonerations like this one", the organization report. Same access rule and
services as the web UI."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Router

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
