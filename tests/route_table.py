"""Every URL pattern and API operation, with who may reach it — the table the access and
audit walks run over (tests/cases/test_access_web.py, tests/api/test_access.py,
tests/core/test_audit_walk.py).

A route that is in the URLconf or the OpenAPI schema but not here fails
``test_every_route_has_an_access_test``: adding a view means adding its line here, which
puts it under the access rule's tests (outsiders 404 and write nothing) and the audit
walk (a read writes one row, a refusal writes one row).

The data is the fictional demo, loaded once per module, plus an attorney off the case's
team and an admin walled off it.

Scopes:
- ``case``: belongs to one case (LIC-DEMO-001). On its team → served; off the team,
  walled off, another organization → 404, and nothing written.
- ``intake``: the organization's admins and intake coordinators only; others → 404.
- ``admin``: the organization's admins only; others → 404.
- ``member``: any signed-in member; shows only what the member may see (lists, search).
- ``public``: no sign-in needed (sign-in, the public application form).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

CASE = "LIC-DEMO-001"


@dataclass(frozen=True)
class Route:
    key: str  # URL name ("cases:case_detail") or API operation ("GET /api/cases/{reference}")
    scope: str
    args: Callable[[Any], dict[str, Any]] = field(default=lambda e: {})
    method: str = "GET"
    data: Callable[[Any], Any] = field(default=lambda e: None)
    #: a GET that shows case data: audited once per request
    read: bool = False
    #: the writer on the case's team gets one of these statuses
    ok: tuple[int, ...] = (200,)
    query: Callable[[Any], str] = field(default=lambda e: "")

    @property
    def is_api(self) -> bool:
        return " /api/" in self.key


def _case(e: Any) -> dict[str, Any]:
    return {"reference": CASE}


def _doc(e: Any) -> dict[str, Any]:
    return {"pk": e.document.pk}


def _page(e: Any) -> dict[str, Any]:
    return {"pk": e.document.pk, "number": 1}


def _statement(e: Any) -> dict[str, Any]:
    return {"reference": CASE, "kind": "statement", "pk": e.statement.pk}


def _app(e: Any) -> dict[str, Any]:
    return {"reference": e.application.reference}


def _evidence_item(e: Any) -> int:
    from innocence.evidence.models import EvidenceItem

    return EvidenceItem.objects.filter(case__reference=CASE).order_by("pk").values_list("pk", flat=True).first() or 0


def _evidence_proposal(e: Any) -> int:
    from innocence.evidence.models import EvidenceProposal

    found = EvidenceProposal.objects.filter(case__reference=CASE, status="proposed").order_by("pk").first()
    return found.pk if found else 0


def _item(e: Any) -> dict[str, Any]:
    return {"reference": CASE, "kind": "item", "pk": _evidence_item(e)}


def _pros(e: Any, model: str, **filters: Any) -> int:
    from django.apps import apps

    found = apps.get_model("prosecution", model).objects.filter(case__reference=CASE, **filters).order_by("pk").first()
    return found.pk if found else 0


def _entry(e: Any) -> int:
    from innocence.prosecution.models import MisconductRecord

    found = MisconductRecord.objects.filter(organization=e.organization, case__isnull=True).order_by("pk").first()
    return found.pk if found else 0


def _tl(e: Any, model: str, **filters: Any) -> int:
    from django.apps import apps

    manager = apps.get_model("timeline", model).objects
    path = "proceeding__case__reference" if model == "ProceedingStep" else "case__reference"
    found = manager.filter(**{path: CASE}, **filters).order_by("pk").first()
    return found.pk if found else 0


def _tl_step(e: Any) -> dict[str, Any]:
    from innocence.timeline.models import ProceedingStep

    step = ProceedingStep.objects.filter(proceeding__case__reference=CASE).order_by("pk").first()
    return {"reference": CASE, "proceeding_pk": step.proceeding_id if step else 0, "pk": step.pk if step else 0}


def _ws(e: Any) -> dict[str, Any]:
    from innocence.partners.models import Partnership

    found = Partnership.objects.filter(host_case__reference=CASE).order_by("pk").first()
    return {"pk": found.pk if found else 0}


def _share(e: Any) -> dict[str, Any]:
    from innocence.partners.models import Share

    found = Share.objects.filter(partnership__host_case__reference=CASE, withdrawn_at__isnull=True).order_by("pk").first()
    return {"pk": found.partnership_id if found else 0, "share_pk": found.pk if found else 0}


def _agenda(e: Any) -> dict[str, Any]:
    from innocence.partners.models import AgendaItem

    found = AgendaItem.objects.filter(partnership__host_case__reference=CASE).order_by("pk").first()
    return {"pk": found.partnership_id if found else 0, "item_pk": found.pk if found else 0}


def _actor_match(e: Any) -> int:
    from innocence.partners.models import ActorMatch

    found = ActorMatch.objects.filter(index__organization=e.organization).order_by("pk").first()
    return found.pk if found else 0


def _pair(e: Any) -> dict[str, Any]:
    """The demo's detective and a person known only from the route case: a pair edge that
    only someone who may see that case reaches."""
    from innocence.people.models import Person

    kessler = Person.objects.filter(full_name="Raymond Kessler", organization=e.organization).first()
    return {"a": e.person.pk, "b": kessler.pk if kessler else 0}


def _student_membership(e: Any) -> dict[str, Any]:
    from innocence.core.models import Membership

    return {"pk": Membership.objects.get(user=e.users["student"], organization=e.organization).pk}


def _invitation(e: Any) -> dict[str, Any]:
    """A pending invitation of the organization (made, or made pending again, when the walk
    needs one: a walk that withdraws it comes back to it)."""
    import datetime as dt

    from django.utils import timezone

    from innocence.core.models import Invitation

    found, _ = Invitation.objects.update_or_create(
        token_hash=Invitation.hash_token("route-walk-token"),
        defaults={
            "organization": e.organization,
            "email": "route.walk@demo.invalid",
            "role": "student",
            "expires_at": timezone.now() + dt.timedelta(days=7),
            "revoked_at": None,
        },
    )
    return {"pk": found.pk}


REDIRECT = (200, 302)

WEB: list[Route] = [
    # core
    Route("core:login", "public"),
    Route("core:health", "public"),
    Route("core:accounts_login", "public", ok=(302,)),
    Route("core:verify", "member", ok=REDIRECT),
    Route("core:logout", "member", method="POST", ok=(302,)),
    Route("core:two_factor_setup", "member", ok=REDIRECT),
    Route("core:organization", "admin"),
    Route("core:audit_log", "admin"),
    Route("core:invitation_create", "admin", method="POST", ok=(302,)),
    Route("core:invitation_revoke", "admin", _invitation, method="POST", ok=(302,)),
    Route("core:member_role", "admin", _student_membership, method="POST", ok=(302,)),
    Route("core:member_deactivate", "admin", _student_membership, method="POST", ok=(302,)),
    Route("core:member_reactivate", "admin", _student_membership, method="POST", ok=(302,)),
    Route("core:invitation_accept", "public", lambda e: {"token": "no-such-invitation"}, ok=(404,)),
    Route("core:password_change", "member"),
    Route("core:password_reset", "public"),
    Route("core:password_reset_done", "public"),
    Route("core:password_reset_confirm", "public", lambda e: {"uidb64": "MA", "token": "no-such-token"}),
    Route("core:password_reset_complete", "public"),
    Route("core:audit_log_export", "admin"),
    # cases
    Route("cases:dashboard", "member"),
    Route("cases:case_list", "member"),
    Route("cases:case_create", "member"),
    Route("cases:case_detail", "case", _case, read=True),
    Route("cases:case_edit", "case", _case, read=True),
    Route("cases:case_tab", "case", lambda e: {"reference": CASE, "tab": "notes"}, read=True),
    Route("cases:case_export", "case", _case, method="POST", ok=(200,)),
    Route("cases:case_stage", "case", _case, method="POST", ok=REDIRECT),
    Route("cases:note_add", "case", _case, method="POST", ok=REDIRECT),
    Route("cases:note_delete", "case", lambda e: {"reference": CASE, "note_id": e.note.pk}, method="POST", ok=REDIRECT),
    Route("cases:task_add", "case", _case, method="POST", ok=REDIRECT),
    Route("cases:task_toggle", "case", lambda e: {"reference": CASE, "task_id": e.task.pk}, method="POST", ok=REDIRECT),
    Route("people:role_add", "case", _case, method="POST", ok=REDIRECT),
    Route("people:role_remove", "case", lambda e: {"reference": CASE, "role_id": e.role.pk}, method="POST", ok=REDIRECT),
    Route("cases:team_add", "case", _case, method="POST", ok=(302, 403)),
    Route("cases:team_remove", "case", lambda e: {"reference": CASE, "user_id": e.users["student"].pk}, method="POST", ok=(302, 403)),
    Route("cases:wall_add", "case", _case, method="POST", ok=(302, 403)),
    Route("cases:wall_lift", "case", lambda e: {"reference": CASE, "user_id": e.walled_admin.pk}, method="POST", ok=(302, 403)),
    # people
    Route("people:person_lookup", "case", lambda e: {}, read=True, query=lambda e: f"case={CASE}&q=ha"),
    Route("people:person_detail", "case", lambda e: {"pk": e.person.pk}, read=True),
    Route("people:person_edit", "case", lambda e: {"pk": e.person.pk}, read=True),
    Route("people:case_extracted", "case", _case, read=True),
    Route("people:case_extracted_csv", "case", _case, read=True),
    Route("people:case_add_role", "case", _case, method="POST", ok=(200, 302, 400, 404)),
    Route("people:case_split", "case", lambda e: {"reference": CASE, "pk": e.person.pk}, method="POST", ok=REDIRECT),
    Route("people:case_extract", "case", _case, method="POST", ok=REDIRECT),
    Route("people:review", "member"),
    Route("people:review_link", "member", lambda e: {"pk": 0, "action": "confirm"}, method="POST", ok=(404,)),
    Route("people:review_attachment", "member", method="POST", ok=REDIRECT),
    Route("people:auto_link_undo", "case", lambda e: {"reference": CASE, "pk": e.person.pk}, method="POST", ok=REDIRECT),
    Route("people:merge", "member", method="POST", data=lambda e: {"keep": e.person.pk, "other": e.person.pk}, ok=REDIRECT),
    Route("people:actors", "member"),
    Route("people:actor", "case", lambda e: {"pk": e.person.pk}, read=True),
    # documents
    Route("documents:upload", "case", _case, method="POST", ok=REDIRECT),
    Route("documents:case_status", "case", _case, read=True),
    Route("documents:bulk", "case", _case, method="POST", ok=REDIRECT),
    Route("documents:detail", "case", _doc, read=True),
    Route("documents:status", "case", _doc, read=True),
    Route("documents:reprocess", "case", _doc, method="POST", ok=REDIRECT),
    Route("documents:reocr", "case", _doc, method="POST", ok=REDIRECT),
    Route("documents:delete", "case", _doc, method="POST", ok=REDIRECT),
    Route("documents:original", "case", _doc, read=True),
    Route("documents:searchable_pdf", "case", _doc, read=True, ok=(200, 404)),
    Route("documents:viewer", "case", _doc, read=True),
    Route("documents:page_image", "case", _page, read=True),
    Route("documents:page_correct", "case", _page, method="POST", ok=REDIRECT),
    Route("documents:excerpt_add", "case", _page, method="POST", ok=REDIRECT),
    Route("documents:excerpt_delete", "case", lambda e: {"pk": e.excerpt.pk}, method="POST", ok=REDIRECT),
    # search
    Route("search:search", "member"),
    Route("search:batch", "member", method="POST", ok=REDIRECT),
    # intake
    Route("intake:queue", "intake"),
    Route("intake:new", "intake"),
    Route("intake:metrics", "intake"),
    Route("intake:letters_batch", "intake", method="POST", ok=REDIRECT),
    Route("intake:settings", "intake"),
    Route("intake:criterion_add", "intake", method="POST", ok=(302, 403)),
    Route("intake:criterion_edit", "intake", lambda e: {"criterion_id": e.criterion.pk}, method="POST", ok=(302, 403)),
    Route("intake:facility_add", "intake", method="POST", ok=(302, 403)),
    Route("intake:template_edit", "intake", lambda e: {"kind": "acknowledgment"}, ok=(200, 403, 404)),
    Route("intake:public_apply", "public", lambda e: {"slug": e.organization.slug}, ok=(200, 404)),
    Route("intake:public_received", "public", lambda e: {"slug": e.organization.slug}, ok=(200, 404)),
    Route("intake:detail", "intake", _app),
    Route("intake:edit", "intake", _app),
    Route("intake:transition", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:assign", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:facility_move", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:file_upload", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:file_download", "intake", lambda e: {**_app(e), "file_id": e.app_file_id}, ok=(200, 404)),
    Route("intake:letter_send", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:letter_download", "intake", lambda e: {**_app(e), "entry_id": e.letter_id, "fmt": "txt"}, ok=(200, 404)),
    Route("intake:incoming_log", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:match_review", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:conflict_decision", "intake", _app, method="POST", ok=REDIRECT),
    Route("intake:screening_save", "intake", _app, method="POST", ok=REDIRECT),
    # findings
    Route("findings:case_findings", "case", _case, read=True),
    Route("findings:finding_review", "case", lambda e: {"reference": CASE, "pk": e.finding.pk}, method="POST", ok=REDIRECT),
    Route("findings:finding_add", "case", _case, method="POST", ok=REDIRECT),
    Route("findings:findings_recompute", "case", _case, method="POST", ok=REDIRECT),
    # witnesses
    Route("witnesses:record_add", "case", lambda e: {"reference": CASE, "kind": "statement"}, read=True),
    Route("witnesses:record_edit", "case", _statement, read=True),
    Route("witnesses:record_delete", "case", _statement, method="POST", ok=REDIRECT),
    Route("witnesses:claims_propose", "case", lambda e: {"reference": CASE, "pk": e.statement.pk}, method="POST", ok=REDIRECT),
    Route("witnesses:claim_review", "case", lambda e: {"reference": CASE, "pk": e.claim.pk}, method="POST", ok=REDIRECT),
    Route("witnesses:witness_print", "case", lambda e: {"reference": CASE, "person_pk": e.witness.pk}, read=True),
    # prosecution
    Route("prosecution:record_add", "case", lambda e: {"reference": CASE, "kind": "production"}, read=True),
    Route("prosecution:record_edit", "case", lambda e: {"reference": CASE, "kind": "production", "pk": _pros(e, "Production")}, read=True),
    Route("prosecution:record_delete", "case", lambda e: {"reference": CASE, "kind": "conflict", "pk": _pros(e, "TestimonyConflict")}, method="POST", ok=REDIRECT),
    Route("prosecution:production_assign", "case", lambda e: {"reference": CASE, "pk": _pros(e, "Production")}, method="POST", ok=REDIRECT),
    Route("prosecution:production_assign_selected", "case", _case, method="POST", ok=REDIRECT),
    Route("prosecution:item_review", "case", lambda e: {"reference": CASE, "pk": _pros(e, "BradyItem", status="proposed")}, method="POST", ok=REDIRECT),
    Route("prosecution:matrix_csv", "case", _case, read=True),
    Route("prosecution:signatures_run", "case", _case, method="POST", ok=REDIRECT),
    Route("prosecution:signatures_progress", "case", _case, read=True),
    Route("prosecution:registry", "member"),
    Route("prosecution:registry_csv", "member"),
    Route("prosecution:registry_add", "member", ok=(200, 403)),
    Route("prosecution:registry_edit", "member", lambda e: {"pk": _entry(e)}, ok=(200, 403, 404)),
    Route("prosecution:registry_review", "member", lambda e: {"pk": _entry(e)}, method="POST", ok=(302, 403, 404)),
    Route("prosecution:registry_import", "member", ok=(200, 403)),
    Route("prosecution:dossier", "case", lambda e: {"pk": e.person.pk}, read=True),
    # evidence
    Route("evidence:inventory", "case", _case, read=True),
    Route("evidence:item_detail", "case", lambda e: {"reference": CASE, "pk": _evidence_item(e)}, read=True),
    Route("evidence:record_add", "case", lambda e: {"reference": CASE, "kind": "item"}, read=True),
    Route("evidence:record_edit", "case", _item, read=True),
    Route("evidence:record_delete", "case", _item, method="POST", ok=REDIRECT),
    Route("evidence:proposals_run", "case", _case, method="POST", ok=REDIRECT),
    Route("evidence:proposal_review", "case", lambda e: {"reference": CASE, "pk": _evidence_proposal(e)}, method="POST", ok=REDIRECT),
    Route("evidence:csv_import", "case", _case, read=True),
    Route("evidence:csv_export", "case", _case, read=True),
    Route("evidence:worksheet", "case", _case, read=True),
    Route("evidence:worksheet_docx", "case", _case, read=True),
    Route("evidence:worksheet_pdf", "case", _case, read=True),
    Route("evidence:summary", "case", _case, read=True),
    # timeline
    Route("timeline:event_add", "case", _case, read=True),
    Route("timeline:event_edit", "case", lambda e: {"reference": CASE, "pk": _tl(e, "Event")}, read=True),
    Route("timeline:event_review", "case", lambda e: {"reference": CASE, "pk": _tl(e, "Event", status="proposed")}, method="POST", data=lambda e: {"action": "reject"}, ok=REDIRECT),
    Route("timeline:event_delete", "case", lambda e: {"reference": CASE, "pk": _tl(e, "Event")}, method="POST", ok=REDIRECT),
    Route("timeline:propose", "case", _case, method="POST", ok=REDIRECT),
    Route("timeline:proceeding_add", "case", _case, read=True),
    Route("timeline:proceeding_edit", "case", lambda e: {"reference": CASE, "pk": _tl(e, "Proceeding")}, read=True),
    Route("timeline:proceeding_delete", "case", lambda e: {"reference": CASE, "pk": _tl(e, "Proceeding")}, method="POST", ok=REDIRECT),
    Route("timeline:step_add", "case", lambda e: {"reference": CASE, "proceeding_pk": _tl(e, "Proceeding")}, read=True),
    Route("timeline:step_edit", "case", _tl_step, read=True),
    Route("timeline:step_delete", "case", _tl_step, method="POST", ok=REDIRECT),
    Route("timeline:item_add", "case", _case, read=True),
    Route("timeline:item_edit", "case", lambda e: {"reference": CASE, "pk": _tl(e, "CalendarItem")}, read=True),
    Route("timeline:item_delete", "case", lambda e: {"reference": CASE, "pk": _tl(e, "CalendarItem")}, method="POST", ok=REDIRECT),
    Route("timeline:export_csv", "case", _case, read=True),
    Route("timeline:export_ics", "case", _case, read=True),
    Route("timeline:deadlines", "member"),
    Route("timeline:feed_create", "member", method="POST", ok=REDIRECT),
    Route("timeline:feed_revoke", "member", lambda e: {"pk": 0}, method="POST", ok=(404,)),
    Route("timeline:feed", "public", lambda e: {"secret": "not-a-feed-secret"}, ok=(404,)),
    # partners: the joint workspace as the host's team reaches it (the partner organization's
    # walk is tests/partners/test_partner_walk.py), and actor matching (admins)
    Route("partners:list", "member"),
    Route("partners:invite", "case", _case, ok=(403,)),  # admins invite; the team attorney is refused
    Route("partners:workspace", "case", _ws, read=True),
    Route("partners:answer", "case", _ws, method="POST", ok=(404,)),  # only the invited admins answer
    Route("partners:end", "case", _ws, method="POST", ok=(403,)),  # an access decision: admins
    Route("partners:share", "case", _ws, method="POST", data=lambda e: {"kind": "event", "object_id": _tl(e, "Event")}, ok=REDIRECT),
    Route("partners:shared_item", "case", _share, read=True),
    Route("partners:withdraw", "case", _share, method="POST", ok=REDIRECT),
    Route("partners:note_add", "case", _ws, method="POST", data=lambda e: {"body": "Fictional note", "for_partner": "no"}, ok=REDIRECT),
    Route("partners:agenda_add", "case", _ws, method="POST", data=lambda e: {"title": "Fictional item"}, ok=REDIRECT),
    Route("partners:agenda_status", "case", _agenda, method="POST", data=lambda e: {"status": "done"}, ok=REDIRECT),
    Route("partners:team_add", "case", _ws, method="POST", ok=(404,)),  # the host's team is the case's
    Route("partners:log_csv", "case", _ws, read=True),
    Route("partners:matching", "admin"),
    Route("partners:matching_export", "admin"),
    Route("partners:matching_import", "admin", method="POST", ok=REDIRECT),
    Route("partners:matching_contact", "admin", lambda e: {"match_pk": _actor_match(e)}, method="POST", ok=REDIRECT),
    # reports (the memo, the national picture, the dashboard)
    Route("reports:memo", "case", _case, read=True),
    Route("reports:like_this", "case", _case, read=True),
    Route("reports:memo_template", "admin"),
    Route("reports:national", "member"),
    Route("reports:dashboard", "member"),
    # the actor network
    Route("network:graph", "member"),
    Route("network:export", "member", query=lambda e: "format=gexf"),
    Route("network:case_graph", "case", _case, read=True),
    Route("network:case_export", "case", _case, read=True, query=lambda e: "format=graphml"),
    Route("network:appearance", "case", lambda e: {"person_id": e.person.pk, "reference": CASE}, read=True),
    Route("network:pair", "case", _pair, read=True),
    # single sign-on (public: the sign-in itself; tests/sso walks the flow on a real provider)
    Route("sso:choose", "public"),
    Route("sso:start", "public", lambda e: {"slug": e.organization.slug}, ok=(302, 404)),
    Route("sso:callback", "public", lambda e: {"slug": e.organization.slug}, ok=(400, 404)),
    # the API's own pages
    Route("api:openapi-json", "public"),
    Route("api:openapi-view", "public"),
]

# API operations, keyed "METHOD /api/path{param}" as in the OpenAPI schema.
_R = "/api/cases/{reference}"
API: list[Route] = [
    Route(f"GET {_R}", "case", read=True),
    Route(f"PATCH {_R}", "case", data=lambda e: {"county": "Lakeside Parish (fictional)"}),
    Route("GET /api/cases", "member"),
    Route("POST /api/cases", "member", data=lambda e: {"title": "State v. Route (fictional)"}, ok=(201, 403, 422)),
    Route(f"POST {_R}/stage", "case", data=lambda e: {"to_stage": "investigation"}, ok=(200, 201, 422)),
    Route(f"GET {_R}/notes", "case", read=True),
    Route(f"POST {_R}/notes", "case", data=lambda e: {"body": "Fictional note"}, ok=(201,)),
    Route(f"GET {_R}/notes/{{note_id}}", "case", read=True),
    Route(f"PATCH {_R}/notes/{{note_id}}", "case", data=lambda e: {"body": "Edited"}),
    Route(f"DELETE {_R}/notes/{{note_id}}", "case", ok=(204,)),
    Route(f"GET {_R}/tasks", "case", read=True),
    Route(f"POST {_R}/tasks", "case", data=lambda e: {"title": "Fictional task"}, ok=(201,)),
    Route(f"GET {_R}/tasks/{{task_id}}", "case", read=True),
    Route(f"PATCH {_R}/tasks/{{task_id}}", "case", data=lambda e: {"done": True}),
    Route(f"DELETE {_R}/tasks/{{task_id}}", "case", ok=(204,)),
    Route(f"GET {_R}/roles", "case", read=True),
    Route(f"POST {_R}/roles", "case", data=lambda e: {"person_id": e.person.pk, "role": "family"}, ok=(201, 422)),
    Route(f"GET {_R}/roles/{{role_id}}", "case", read=True),
    Route(f"DELETE {_R}/roles/{{role_id}}", "case", ok=(204,)),
    Route(f"GET {_R}/team", "case", read=True),
    Route("GET /api/people", "member"),
    Route("POST /api/people", "member", data=lambda e: {"full_name": "Route Person (fictional)"}, ok=(201, 403, 422)),
    Route("GET /api/people/{person_id}", "case", read=True),
    Route("PATCH /api/people/{person_id}", "case", data=lambda e: {"notes": "fictional"}),
    Route("GET /api/mentions", "member"),
    Route(f"GET {_R}/people-extracted", "case", read=True),
    Route(f"POST {_R}/extract", "case", ok=(200, 201, 202)),
    Route(f"POST {_R}/people/{{person_id}}/split", "case", data=lambda e: {"move_keys": []}, ok=(200, 201, 422)),
    Route(f"POST {_R}/roles-from-record", "case", data=lambda e: {"person": e.person.pk, "role": "family"}, ok=(200, 201, 422)),
    Route("POST /api/people/merge", "member", data=lambda e: {}, ok=(200, 404, 422)),
    Route("GET /api/actors", "member"),
    Route("GET /api/actors/{person_id}", "case", read=True),
    Route(f"POST {_R}/documents", "case", data=lambda e: {"__files__": "fictional.txt"}, ok=(201, 422)),
    Route(f"GET {_R}/documents", "case", read=True),
    Route("GET /api/documents/{document_id}", "case", read=True),
    Route("PATCH /api/documents/{document_id}", "case", data=lambda e: {"title": "Renamed (fictional)"}),
    Route("DELETE /api/documents/{document_id}", "case", query=lambda e: "reason=fictional", ok=(204, 403)),
    Route("POST /api/documents/{document_id}/reprocess", "case", data=lambda e: {}, ok=(200, 202)),
    Route("GET /api/documents/{document_id}/pages", "case", read=True),
    Route("GET /api/documents/{document_id}/pages/{number}", "case", read=True),
    Route("GET /api/document-batches/{batch_id}", "member", ok=(200, 404)),
    Route("GET /api/search", "member", ok=(200, 400, 422)),
    Route("GET /api/intake/applications", "intake"),
    Route("POST /api/intake/applications", "intake", data=lambda e: {"applicant_name": "Route Applicant (fictional)"}, ok=(201, 422)),
    Route("GET /api/intake/applications/{reference}", "intake"),
    Route("POST /api/intake/applications/{reference}/transition", "intake", data=lambda e: {"to_stage": "screening"}, ok=(200, 422)),
    Route("POST /api/intake/applications/{reference}/conflict-decisions", "intake",
          data=lambda e: {"outcome": "cleared", "reason": "Not the same people (fictional)."}, ok=(201, 403, 422)),
    Route(f"GET {_R}/findings", "case", read=True),
    Route(f"POST {_R}/findings/{{finding_id}}/review", "case", data=lambda e: {"action": "confirm"}, ok=(200, 422)),
    Route(f"POST {_R}/findings/recompute", "case", ok=(200,)),
    Route(f"GET {_R}/witness-records", "case", read=True),
    Route(f"GET {_R}/witness-records/{{kind}}", "case", read=True),
    Route(f"POST {_R}/witness-records/{{kind}}", "case", data=lambda e: {}, ok=(201, 422)),
    Route(f"GET {_R}/witness-records/{{kind}}/{{pk}}", "case", read=True),
    Route(f"PATCH {_R}/witness-records/{{kind}}/{{pk}}", "case", data=lambda e: {}, ok=(200, 422)),
    Route(f"DELETE {_R}/witness-records/{{kind}}/{{pk}}", "case", ok=(204,)),
    Route(f"GET {_R}/prosecution", "case", read=True),
    Route(f"GET {_R}/productions", "case", read=True),
    Route(f"POST {_R}/productions", "case", data=lambda e: {}, ok=(201, 422)),
    Route(f"POST {_R}/productions/{{production_id}}/documents", "case", data=lambda e: {"document_ids": []}, ok=(200, 422)),
    Route(f"GET {_R}/brady-items", "case", read=True),
    Route(f"POST {_R}/brady-items", "case", data=lambda e: {}, ok=(201, 422)),
    Route(f"PATCH {_R}/brady-items/{{item_id}}", "case", data=lambda e: {}, ok=(200, 422)),
    Route("GET /api/misconduct", "member"),
    Route("POST /api/misconduct", "member", data=lambda e: {}, ok=(201, 403, 422)),
    Route("GET /api/actors/{person_id}/dossier", "case", read=True),
    Route(f"GET {_R}/evidence-records", "case", read=True),
    Route(f"GET {_R}/evidence-records/{{record_kind}}", "case", read=True),
    Route(f"POST {_R}/evidence-records/{{record_kind}}", "case", data=lambda e: {}, ok=(201, 422)),
    Route(f"GET {_R}/evidence-records/{{record_kind}}/{{record_id}}", "case", read=True),
    Route(f"PATCH {_R}/evidence-records/{{record_kind}}/{{record_id}}", "case", data=lambda e: {}, ok=(200, 422)),
    Route(f"DELETE {_R}/evidence-records/{{record_kind}}/{{record_id}}", "case", ok=(204,)),
    Route(f"GET {_R}/dna-worksheet", "case", read=True),
    Route(f"GET {_R}/evidence-proposals", "case", read=True),
    Route(f"POST {_R}/evidence-proposals/run", "case", ok=(201,)),
    Route(f"POST {_R}/evidence-proposals/{{proposal_id}}/review", "case", data=lambda e: {"action": "reject"}, ok=(200,)),
    Route(f"GET {_R}/timeline", "case", read=True),
    Route(f"POST {_R}/timeline/events", "case", data=lambda e: {"title": "Route event (fictional)", "date": "1994", "source_field": "fictional"}, ok=(201,)),
    Route(f"PATCH {_R}/timeline/events/{{event_id}}", "case", data=lambda e: {"title": "Changed (fictional)"}),
    Route(f"POST {_R}/timeline/events/{{event_id}}/review", "case", data=lambda e: {"action": "reject"}),
    Route(f"DELETE {_R}/timeline/events/{{event_id}}", "case", ok=(204,)),
    Route(f"POST {_R}/timeline/propose", "case", ok=(200,)),
    Route(f"GET {_R}/proceedings", "case", read=True),
    Route(f"POST {_R}/proceedings", "case", data=lambda e: {"kind": "clemency"}, ok=(201,)),
    Route(f"POST {_R}/proceedings/{{proceeding_id}}/steps", "case", data=lambda e: {"kind": "hearing", "label": "Hearing (fictional)", "date": "2030-01-02", "source_field": "fictional"}, ok=(201, 422)),
    Route(f"GET {_R}/deadlines", "case", read=True),
    Route("GET /api/deadlines", "member"),
    Route("GET /api/network", "member"),
    Route("GET /api/network/export", "member", query=lambda e: "format=nodes.csv"),
    Route(f"GET {_R}/network", "case", read=True),
    Route("GET /api/network/edges/{a}/{b}", "case", read=True),
    Route("GET /api/network/edges/{person_id}/case/{reference}", "case", read=True),
    Route("GET /api/partners", "member"),
    Route("GET /api/matching/index", "admin"),
    Route("POST /api/matching/index", "admin", data=lambda e: {"format": "not an index"}, ok=(422,)),
    Route(f"GET {_R}/memo", "case", read=True),
    Route(f"GET {_R}/like-this", "case", read=True),
    Route("GET /api/nre/stats", "member", ok=(200, 404)),
    Route("POST /api/nre/import", "admin", data=lambda e: {"content": "not,a,table"}, ok=(400, 403, 404, 422)),
    Route("GET /api/reports/organization", "member"),
]

ROUTES = {r.key: r for r in WEB + API}


def api_path(route: Route, e: Any) -> str:
    """The route's path with the estate's ids in place of its parameters."""
    values = {
        "reference": e.application.reference if route.scope == "intake" else CASE,
        "note_id": e.note.pk,
        "task_id": e.task.pk,
        "role_id": e.role.pk,
        "person_id": e.person.pk,
        "document_id": e.document.pk,
        "number": 1,
        "batch_id": e.batch_id,
        "finding_id": e.finding.pk,
        "kind": "statement",
        "pk": e.statement.pk,
        "record_kind": "item",
        "record_id": _evidence_item(e),
        "proposal_id": _evidence_proposal(e),
        "production_id": _pros(e, "Production"),
        "item_id": _pros(e, "BradyItem"),
        "event_id": _tl(e, "Event"),
        "proceeding_id": _tl(e, "Proceeding"),
        **_pair(e),
    }
    query = route.query(e)
    return route.key.split(" ", 1)[1].format(**values) + (f"?{query}" if query else "")


def web_path(route: Route, e: Any) -> str:
    from django.urls import reverse

    query = route.query(e)
    return reverse(route.key, kwargs=route.args(e)) + (f"?{query}" if query else "")


# --- enumerating what exists ------------------------------------------------------------


def url_names() -> set[str]:
    """Every named URL pattern of the site, the staff admin and the API's operations aside."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: set[str] = set()

    def walk(patterns: Any, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("staff-admin"):
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                if namespace == "api" and pattern.name not in ("openapi-json", "openapi-view"):
                    continue  # the API's operations are walked from its schema
                names.add(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))

    walk(get_resolver().url_patterns, "")
    return names


def api_operations() -> set[str]:
    from innocence.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


# --- the data ----------------------------------------------------------------------------


def build_estate(django_db_blocker: Any) -> Any:
    """The demo, once per module, rolled back at its end (the `estate` fixture of
    tests/conftest.py)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import override_settings

    from innocence.cases import services as case_services
    from innocence.cases.demo import load_demo
    from innocence.core.models import ApiToken, Membership, Role

    # The hasher every test runs with (tests/conftest.py): a module-scoped fixture is set
    # up before the function-scoped settings, and Argon2 for the demo's users and these
    # two cost ~1.9 s of every module's build.
    fast_hashers = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic():
        with fast_hashers:
            ctx = load_demo()
            from innocence.documents import services as document_services
            from innocence.documents.models import Document

            first = Document.objects.filter(case=ctx.cases[CASE]).order_by("pk").first()
            page = first.pages.get(number=1)
            document_services.excerpt_create(
                actor=ctx.users["attorney"], page=page, quote=page.text.split("\n")[0][:40], note="fictional"
            )
            e = _estate_from(ctx)
            User = get_user_model()
            e.off_team = User.objects.create_user(username="route_off_team", password="x-route-9")
            Membership.objects.create(user=e.off_team, organization=ctx.organization, role=Role.ATTORNEY)
            e.walled_admin = User.objects.create_user(username="route_walled_admin", password="x-route-9")
            Membership.objects.create(user=e.walled_admin, organization=ctx.organization, role=Role.ADMIN)
            case_services.wall_off(
                actor=ctx.users["admin"], case=e.case, user=e.walled_admin, reason="fictional conflict"
            )
            e.tokens = {}
            for name, user in {**ctx.users, "off_team": e.off_team, "walled_admin": e.walled_admin}.items():
                e.tokens[name] = ApiToken.issue(user=user, name="route walk")[1]
        yield e
        transaction.set_rollback(True)


def _estate_from(ctx: Any) -> Any:
    from innocence.cases.models import Note, Task
    from innocence.documents.models import Document, Excerpt, UploadBatch
    from innocence.findings.models import Finding
    from innocence.intake.models import Application, ApplicationFile, Correspondence, ScreeningCriterion
    from innocence.people.models import CaseRole
    from innocence.witnesses.models import Statement, StatementClaim

    case = ctx.cases[CASE]
    statement = Statement.objects.filter(case=case).first()
    # a person known only from this case (someone walled off it must not see them)
    only_here = [
        r
        for r in CaseRole.objects.filter(case=case).select_related("person").order_by("pk")
        if not CaseRole.objects.filter(person=r.person).exclude(case=case).exists()
        and not r.person.mentions.exclude(case=case).exists()
    ]
    role = only_here[0] if only_here else None
    application = Application.objects.filter(organization=ctx.organization).first()
    app_file = ApplicationFile.objects.filter(application=application).first()
    letter = Correspondence.objects.filter(application=application).first()
    batch = UploadBatch.objects.filter(organization=ctx.organization).first()
    witness_role = next((r for r in only_here if r.role == "witness"), None)
    e = SimpleNamespace(
        ctx=ctx,
        organization=ctx.organization,
        users=ctx.users,
        case=case,
        note=Note.objects.filter(case=case).first(),
        task=Task.objects.filter(case=case).first(),
        role=role,
        person=role.person if role else None,
        witness=witness_role.person if witness_role else None,
        document=Document.objects.filter(case=case).order_by("pk").first(),
        excerpt=Excerpt.objects.filter(case=case).first(),
        finding=Finding.objects.filter(case=case).first(),
        statement=statement,
        claim=StatementClaim.objects.filter(statement__case=case).first(),
        application=application,
        app_file_id=app_file.pk if app_file else 0,
        letter_id=letter.pk if letter else 0,
        batch_id=batch.pk if batch else 0,
        criterion=ScreeningCriterion.objects.filter(organization=ctx.organization).first(),
    )
    missing = [k for k, v in vars(e).items() if v is None]
    assert not missing, f"the demo lacks {missing}: the route walk needs one of each"
    return e
