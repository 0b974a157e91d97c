"""`innocence evidence --case REF --as USER`: a case's evidence inventory, custody, tests,
the lens's present findings and the DNA-testing worksheet. Reads go through the same access
rule as the web app and are audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import audit, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.core.models import AuditAction
from innocence.evidence.selectors import items_for_case, tests_for_case
from innocence.evidence.worksheet import worksheet_for_case
from innocence.findings.selectors import findings_for_case, present_findings


class Command(BaseCommand):
    help = "A case's evidence inventory, tests, findings and DNA-testing worksheet (--json for machine output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", dest="reference", required=True, help="Case reference, e.g. LIC-DEMO-002.")
        add_acting_user_argument(parser)
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            user = acting_user(options)
            try:
                case = case_get_for_user(user, options["reference"])
            except Http404:
                raise CommandError(f"No case '{options['reference']}' that {user.username} may see.") from None
            audit.record(AuditAction.VIEW, actor=user, obj=case, changes={"viewed": "evidence (cli)"})
            data = self._data(user, case)
            if options["json"]:
                self.stdout.write(json.dumps(data, indent=2))
                return
            self._print(data)

    def _data(self, user: Any, case: Any) -> dict[str, Any]:
        findings = [f for f in present_findings(user, list(findings_for_case(case, lens="evidence", status="present")))
                    if f.finding.review_state != "dismissed"]
        sheet = worksheet_for_case(case)
        return {
            "case": case.reference,
            "items": [{
                "id": r.item.pk, "depth": r.depth, "description": r.item.description, "category": r.item.category,
                "status": r.item.status, "testing": r.testing, "candidate_for_dna_testing": r.candidate,
                "numbers": [f"{n.get_kind_display()} {n.number}" for n in r.item.numbers.all()],
                "custody": [{"kind": e.kind, "date": e.date.isoformat() if e.date else None, "from": e.source,
                             "to": e.destination, "page": e.page_number} for e in r.item.custody_events.order_by("date", "id")],
                "source": {"document": r.item.document.title if r.item.document else None, "page": r.item.page_number},
            } for r in items_for_case(case)],
            "tests": [{"id": t.pk, "method": t.method, "label": str(t), "lab": t.lab,
                       "analyst": str(t.analyst) if t.analyst else None, "conclusion": t.conclusion,
                       "testimony": t.testimony_quote, "testimony_page": t.testimony_page} for t in tests_for_case(case)],
            "findings": [{"rule": f.finding.rule_id, "title": f.finding.title, "text": f.finding.text,
                          "citations": [{"document": c.citation.document_title, "page": c.citation.page_number,
                                         "quote": c.citation.quote, "field": c.citation.source_field} for c in f.citations],
                          "authorities": [a.short for a in f.authorities]} for f in findings],
            "dna_worksheet": [{"statute": v.statute.name, "verification": v.statute.verification,
                               "elements": [{"text": e.element.text, "status": e.status, "explanation": e.explanation}
                                            for e in v.elements]} for v in sheet.statutes],
        }

    def _print(self, data: dict[str, Any]) -> None:
        out = self.stdout.write
        out(f"Evidence of {data['case']}")
        for item in data["items"]:
            flag = "  [candidate for DNA testing]" if item["candidate_for_dna_testing"] else ""
            out(f"{'  ' * (item['depth'] + 1)}#{item['id']} {item['description']} — {item['status']}, {item['testing']}{flag}")
        out("Tests:")
        for t in data["tests"]:
            out(f"  {t['label']} — {t['lab'] or 'lab not recorded'}, {t['analyst'] or 'analyst not recorded'}")
        out("Findings (present):")
        for f in data["findings"]:
            pages = "; ".join(f"{c['document']} p. {c['page']}" for c in f["citations"] if c["page"])
            out(f"  [{f['rule']}] {f['text']}" + (f" ({pages})" if pages else ""))
        for sheet in data["dna_worksheet"]:
            out(f"DNA-testing worksheet — {sheet['statute']}" + ("" if sheet["verification"] == "V" else " [UNVERIFIED]"))
            for e in sheet["elements"]:
                out(f"  {e['status']:>12}  {e['text']}")
