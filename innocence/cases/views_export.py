"""Download a case archive from the web UI: the same archive as `innocence export-case`,
for those whose role may export it (innocence.core.access.can_export_case), audited."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from innocence.core.access import can_export_case

from .archive import ArchiveError, export_case
from .selectors import case_get_for_user


@login_required
@require_http_methods(["GET", "POST"])
def case_export(request: HttpRequest, reference: str) -> HttpResponse | FileResponse:
    case = case_get_for_user(request.user, reference)
    if not can_export_case(request.user, case):
        # before any work: a viewer is told no, and nothing is written or audited as an export
        raise PermissionDenied("Exporting a whole case is a right of its own; your role does not have it.")
    workdir = Path(tempfile.mkdtemp(prefix="innocence-export-"))
    path = workdir / f"{case.reference}.zip"
    try:
        export_case(actor=request.user, case=case, destination=path)
    except ArchiveError as exc:
        path.unlink(missing_ok=True)
        workdir.rmdir()
        messages.error(request, f"The case could not be exported: {exc}")
        return redirect("cases:case_detail", reference=case.reference)
    handle = path.open("rb")
    # The open handle keeps the data readable after the names are gone (POSIX), so
    # nothing is left behind in the temporary directory once the download ends.
    path.unlink()
    workdir.rmdir()
    filename = f"{case.reference}-{timezone.now():%Y%m%d}.zip"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")
