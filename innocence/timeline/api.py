"""REST endpoints of the Timeline app: a case's chronology, its events (create, change,
review, delete), its litigation history, its deadlines, and the deadlines across the user's
cases. Same access rule and services as the web UI."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Body, Router, Status

from innocence.cases.models import Case
from innocence.cases.selectors import case_get_for_user
from innocence.core import audit
from innocence.core.models import AuditAction

from . import deadlines as deadline_rules
from . import selectors, serialize, services
from .models import Event
from .sources import event_entry

router = Router(tags=["timeline"])
_R = "/cases/{reference}"


def _case(request: HttpRequest, reference: str, viewed: str = "") -> Case:
    case = case_get_for_user(request.user, reference)
    if viewed:
        audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": f"{viewed} (api)"})
    return case


def _event(request: HttpRequest, case: Case, event_id: int) -> Event:
    event = selectors.event_get_for_user(request.user, event_id)
    if event.case_id != case.pk:
        raise Http404("No such event.")
    return event


def _as_id(raw: Any) -> int | None:
    """A record id, or None for anything that is not one (text, a bool, past 2^63)."""
    text = str(raw)
    return int(text) if not isinstance(raw, bool) and text.isascii() and text.isdigit() and len(text) < 19 else None


def _values(user: Any, case: Case, payload: dict[str, Any]) -> dict[str, Any]:
    """Ids to records of this case (documents) or people the user may see in its
    organization; any other id reads as 'no such id' (one message, so that an id from a case
    the user cannot see is no existence oracle). Unknown keys are refused with their name."""
    from innocence.documents.selectors import documents_for_case
    from innocence.people.selectors import people_nameable

    allowed = set(services.EVENT_FIELDS) | set(services.STEP_FIELDS) | set(services.PROCEEDING_FIELDS) | {
        "date", "document_id", "person_id", "due_on"}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in payload.items():
        if key not in allowed:
            errors[key] = "Unknown field."
        elif key in ("document", "document_id"):
            pk = _as_id(raw)
            values["document"] = documents_for_case(case).filter(pk=pk).first() if pk else None
            if raw and values["document"] is None:
                errors[key] = f"No document with id {raw}."
        elif key in ("person", "person_id"):
            pk = _as_id(raw)
            values["person"] = people_nameable(user, case.organization).filter(pk=pk).first() if pk else None
            if raw and values["person"] is None:
                errors[key] = f"No person with id {raw}."
        elif key == "time" and raw:
            try:
                values["time"] = dt.time.fromisoformat(str(raw))
            except ValueError:
                errors[key] = "Give the time as HH:MM."
        else:
            values[key] = raw
    if errors:
        raise ValidationError(errors)
    return values


@router.get(f"{_R}/timeline", summary="A case's chronology (filters: kind, person, document, status)")
def chronology(request: HttpRequest, reference: str, kind: str = "", person: int | None = None,
               document: int | None = None, status: str = "") -> list[dict[str, Any]]:
    case = _case(request, reference, "timeline")
    filters = selectors.Filters(kind=kind, person=person, document=document, status=status)
    return [serialize.entry(e) for e in selectors.chronology(case, filters)]


@router.post(f"{_R}/timeline/events", response={201: dict}, summary="Add an event (date as the record gives it)")
def event_create(request: HttpRequest, reference: str, payload: dict[str, Any] = Body(...)  # noqa: B008
                 ) -> Status[Any]:
    case = _case(request, reference)
    event = services.event_save(actor=request.user, case=case, values=_values(request.user, case, payload))
    return Status(201, serialize.entry(event_entry(event)))


@router.patch(f"{_R}/timeline/events/{{event_id}}", summary="Change an event")
def event_update(request: HttpRequest, reference: str, event_id: int,
                 payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    case = _case(request, reference)
    event = services.event_save(actor=request.user, case=case, values=_values(request.user, case, payload),
                                instance=_event(request, case, event_id))
    return serialize.entry(event_entry(event))


@router.post(f"{_R}/timeline/events/{{event_id}}/review", summary="Confirm or reject a proposed event")
def event_review(request: HttpRequest, reference: str, event_id: int,
                 payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    case = _case(request, reference)
    event = _event(request, case, event_id)
    action = payload.pop("action", None)
    if action not in ("confirm", "reject"):
        raise ValidationError({"action": "Give 'confirm' or 'reject'."})
    event = services.event_review(actor=request.user, event=event, accept=action == "confirm",
                                  values=_values(request.user, case, payload))
    return serialize.entry(event_entry(event))


@router.delete(f"{_R}/timeline/events/{{event_id}}", response={204: None}, summary="Delete an event")
def event_delete(request: HttpRequest, reference: str, event_id: int) -> Status[Any]:
    case = _case(request, reference)
    services.event_delete(actor=request.user, event=_event(request, case, event_id))
    return Status(204, None)


@router.post(f"{_R}/timeline/propose", summary="Propose events from the dates on the case's pages")
def propose(request: HttpRequest, reference: str) -> dict[str, int]:
    case = _case(request, reference)
    return services.events_propose(case=case, actor=request.user)


@router.get(f"{_R}/proceedings", summary="The litigation history of a case")
def proceedings(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    case = _case(request, reference, "litigation history")
    return [serialize.proceeding(p) for p in selectors.proceedings_for_case(case)]


@router.post(f"{_R}/proceedings", response={201: dict}, summary="Add a proceeding")
def proceeding_create(request: HttpRequest, reference: str, payload: dict[str, Any] = Body(...)  # noqa: B008
                      ) -> Status[Any]:
    case = _case(request, reference)
    proceeding = services.proceeding_save(actor=request.user, case=case, values=_values(request.user, case, payload))
    return Status(201, serialize.proceeding(proceeding))


@router.post(f"{_R}/proceedings/{{proceeding_id}}/steps", response={201: dict},
             summary="Add a filing, ruling or other step to a proceeding")
def step_create(request: HttpRequest, reference: str, proceeding_id: int,
                payload: dict[str, Any] = Body(...)) -> Status[Any]:  # noqa: B008
    case = _case(request, reference)
    proceeding = selectors.proceeding_get_for_user(request.user, proceeding_id)
    if proceeding.case_id != case.pk:
        raise Http404("No such proceeding.")
    services.step_save(actor=request.user, proceeding=proceeding, values=_values(request.user, case, payload))
    return Status(201, serialize.proceeding(proceeding))


@router.get(f"{_R}/deadlines", summary="Deadlines computed for a case, with inputs, tolling, arithmetic and rules")
def case_deadlines(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    case = _case(request, reference, "deadlines")
    return [c.as_dict() for c in deadline_rules.computations_for_case(case)]


@router.get("/deadlines", summary="Deadlines, calendar items and tasks across the cases you are on")
def my_deadlines(request: HttpRequest, due_within: int | None = None) -> list[dict[str, Any]]:
    today = dt.date.today()
    calendar = selectors.calendar_for_user(request.user, today=today)
    audit.record(AuditAction.VIEW, actor=request.user, changes={"viewed": "deadlines (api)"})
    items = calendar.due
    if due_within is not None:
        items = [d for d in items if d.date <= today + dt.timedelta(days=due_within)]
    return [serialize.due(d, today) for d in items]
