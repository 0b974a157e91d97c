"""REST: the workspaces a user is on, and the small matching service of a network (an
admin token exports its organization's encoded index, or posts another member's index and
reads back the matches: opaque ids and similarities, never a name of theirs)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router

from innocence.core import access

from . import matching, selectors

router = Router(tags=["partners"])


@router.get("/partners", summary="Joint workspaces the user is on")
def partnerships(request: HttpRequest) -> list[dict[str, Any]]:
    rows = []
    for p in selectors.partnerships_for(request.user):
        side = selectors.side_of(request.user, p)
        rows.append(
            {
                "id": p.pk,
                "status": p.status,
                "side": side or "invited",
                "host": p.host_organization.name,
                "partner": p.partner_organization.name,
                # the host's case is named only to the host's side
                "case": p.host_case.reference if side == "host" else None,
            }
        )
    return rows


def _admin_org(request: HttpRequest) -> Any:
    organization = access.admin_organizations_of(request.user).order_by("pk").first()
    if organization is None:
        raise Http404("Not found.")
    return organization


@router.get("/matching/index", summary="This organization's encoded actor index")
def index_export(request: HttpRequest) -> HttpResponse:
    organization = _admin_org(request)
    try:
        data = matching.export_index(actor=request.user, organization=organization)
    except ValidationError as exc:
        return HttpResponse(
            f'{{"detail": "{" ".join(exc.messages)}"}}', status=409, content_type="application/json"
        )
    return HttpResponse(data, content_type="application/json")


@router.post("/matching/index", summary="Compare another member's encoded index with ours")
def index_import(request: HttpRequest) -> Any:
    organization = _admin_org(request)
    try:
        index = matching.import_index(
            actor=request.user, organization=organization, data=request.body, channel="api"
        )
    except ValidationError as exc:
        return HttpResponse(
            json.dumps({"detail": " ".join(exc.messages)}), status=422, content_type="application/json"
        )
    except PermissionDenied as exc:
        raise Http404("Not found.") from exc
    return {
        "from": index.source_label,
        "matches": [
            {
                "our_person_id": m.person_id,
                "their_actor": m.their_actor,
                "similarity": m.similarity,
                "role_agrees": m.role_agrees,
                "state_agrees": m.state_agrees,
            }
            for m in matching.matches_for(request.user, organization).filter(index=index)
        ],
    }
