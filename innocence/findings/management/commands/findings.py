"""`innocence findings`: list a case's findings (status, rule, citations, authorities), or
re-run the rules. Reads go through the same access rule as the web app (``--as USER``)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.models import Case
from innocence.cases.selectors import case_get_for_user
from innocence.core import audit, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.core.extensions import registry
from innocence.core.models import AuditAction
from innocence.findings.selectors import findings_for_case, indicators_for_case, present_findings
from innocence.findings.services import findings_recompute


class Command(BaseCommand):
    help = "List a case's findings with status, rule and citations, or re-run the rules (--recompute)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", dest="reference", help="Case reference, e.g. LIC-2026-0001.")
        add_acting_user_argument(parser)
        parser.add_argument("--lens", choices=[lens.slug for lens in registry().lenses()])
        parser.add_argument("--status", choices=["present", "absent", "not_recorded", "dismissed"])
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")
        parser.add_argument("--recompute", action="store_true", help="Re-run the rules first (keeps human decisions).")
        parser.add_argument(
            "--all-cases", action="store_true",
            help="With --recompute and no --as: re-run the rules on every case (operator maintenance).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            if options["all_cases"]:
                if not options["recompute"] or options["as_user"] or options["reference"]:
                    raise CommandError("--all-cases goes with --recompute alone (no --case, no --as).")
                for case in Case.objects.order_by("reference"):
                    result = findings_recompute(case=case, lens=options["lens"])
                    self.stdout.write(f"{case.reference}: " + ", ".join(
                        f"{k} {len(v)}" for k, v in result.as_dict().items()))
                return
            if not options["reference"]:
                raise CommandError("Give --case REF and --as USERNAME (or --recompute --all-cases).")
            user = acting_user(options)
            try:
                case = case_get_for_user(user, options["reference"])
            except Http404:
                raise CommandError(f"No case '{options['reference']}' that {user.username} may see.") from None
            if options["recompute"]:
                try:
                    findings_recompute(case=case, lens=options["lens"], actor=user)
                except Exception as exc:  # a permission problem or a malformed knowledge file
                    raise CommandError(str(exc)) from exc
            views = present_findings(user, list(findings_for_case(case, lens=options["lens"],
                                                                  status=options["status"])))
            audit.record(AuditAction.VIEW, actor=user, obj=case, changes={"viewed": "findings (cli)"})
            if options["json"]:
                self.stdout.write(json.dumps(self._as_json(user, case, views, options["lens"]), indent=2))
                return
            self._print(case, views)

    def _as_json(self, user: Any, case: Case, views: list[Any], lens: str | None) -> dict[str, Any]:
        return {
            "case": case.reference,
            "findings": [finding_dict(v) for v in views],
            "nre_indicators": [
                {"code": ind.factor.code, "name": ind.factor.name, "indicated": ind.indicated,
                 "findings": [v.finding.pk for v in ind.findings]}
                for ind in indicators_for_case(user, case, lens=lens)
            ],
        }

    def _print(self, case: Case, views: list[Any]) -> None:
        self.stdout.write(f"{case.reference} {case.title}: {len(views)} finding(s)")
        for view in views:
            f = view.finding
            flags = []
            if f.review_state != "unreviewed":
                flags.append(f.get_review_state_display().lower())
            if f.facts_changed_since_review:
                flags.append("facts changed since review")
            self.stdout.write(f"\n[{f.get_status_display()}] {f.title}  ({f.rule_id} v{f.rule_version}"
                              + (f"; {', '.join(flags)}" if flags else "") + ")")
            self.stdout.write(f"  {f.text}")
            if f.review_reason:
                self.stdout.write(f"  reviewer: {f.review_reason}")
            for c in view.citations:
                self.stdout.write(f"  record: {citation_text(c.citation)}")
            for a in view.authorities:
                self.stdout.write(f"  authority: {a.short}" + (f" — {a.link}" if a.link else ""))


def citation_text(c: Any) -> str:
    parts = []
    if c.document_id or c.document_title:
        parts.append(f"{c.document_title}, p. {c.page_number}" + (f": “{c.quote}”" if c.quote else ""))
    if c.source_model:
        parts.append(f"{c.label} · {c.source_field} = {c.source_value}")
    return " | ".join(parts)


def finding_dict(view: Any) -> dict[str, Any]:
    f = view.finding
    return {
        "id": f.pk,
        "lens": f.lens,
        "rule_id": f.rule_id,
        "rule_version": f.rule_version,
        "subject_key": f.subject_key,
        "subject_person": f.subject_person.full_name if f.subject_person else None,
        "status": f.status,
        "rule_status": f.rule_status,
        "title": f.title,
        "text": f.text,
        "research": f.research,
        "origin": f.origin,
        "review_state": f.review_state,
        "review_reason": f.review_reason,
        "reviewed_by": f.reviewed_by.username if f.reviewed_by else None,
        "reviewed_at": f.reviewed_at.isoformat() if f.reviewed_at else None,
        "facts_changed_since_review": f.facts_changed_since_review,
        "retired": f.retired,
        "nre_factors": f.nre_factors,
        "citations": [
            {
                "document_id": c.citation.document_id, "document_title": c.citation.document_title,
                "page_number": c.citation.page_number, "quote": c.citation.quote,
                "source_model": c.citation.source_model, "source_pk": c.citation.source_pk,
                "source_field": c.citation.source_field, "source_value": c.citation.source_value,
                "label": c.citation.label, "url": c.url,
            }
            for c in view.citations
        ],
        "authorities": [
            {"key": a.key, "short": a.short, "citation": a.citation, "url": a.link, "verification": a.verification}
            for a in view.authorities
        ],
    }
