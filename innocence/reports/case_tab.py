"""The Memo tab of a case: choose sections, include dismissed findings or not, download
the memo as DOCX or PDF (each download is recorded in the audit log)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case

from .memo_content import available_sections


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"memo_sections": available_sections()}
