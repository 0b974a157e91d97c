"""The Partners tab of a case: its joint workspaces with other organizations, and (for the
organization's admins) the invitation of a partner."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case
from innocence.core import access

from .models import Partnership


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {
        "partnerships": Partnership.objects.filter(host_case=case).select_related("partner_organization"),
        "can_invite": access.can_invite_partner(request.user, case),
    }
