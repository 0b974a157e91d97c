"""`innocence prosecution --case REF --as USER [--json]`: a case's Prosecution lens —
candidate undisclosed material, the disclosure matrix, Brady/Giglio items, Napue conflicts,
findings and the actors elsewhere — through the same access rule as the web app."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.test import RequestFactory

from innocence.cases.selectors import case_get_for_user
from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.findings.selectors import findings_for_case
from innocence.prosecution import api


class Command(BaseCommand):
    help = "Show a case's Prosecution lens (candidate undisclosed material, matrix, items, findings, actors)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", dest="reference", required=True, help="Case reference, e.g. LIC-DEMO-001.")
        add_acting_user_argument(parser)
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            user = acting_user(options)
            try:
                case = case_get_for_user(user, options["reference"])
            except Http404:
                raise CommandError(f"No case '{options['reference']}' that {user.username} may see.") from None
            request = RequestFactory().get("/")
            request.user = user
            data = api.summary(request, case.reference)  # audited as a view, like the API
            data["findings"] = [
                {"rule_id": f.rule_id, "status": f.status, "title": f.title, "text": f.text,
                 "citations": [{"document": c.document_title, "page": c.page_number, "quote": c.quote}
                               for c in f.citations.all() if c.page_number]}
                for f in findings_for_case(case, lens="prosecution")
            ]
            if options["json"]:
                self.stdout.write(json.dumps(data, indent=2, default=str))
                return
            self.stdout.write(f"{case.reference} · {case.title}")
            self.stdout.write("Candidate undisclosed material:")
            if not data["defense_material_recorded"]:
                self.stdout.write("  not compared: no defense file or production to the defense is recorded")
            for c in data["candidate_undisclosed"] or []:
                self.stdout.write(f"  {c['document']}: page(s) {', '.join(map(str, c['pages']))}")
            self.stdout.write(f"Productions: {len(data['productions'])} · Brady/Giglio items: "
                              f"{sum(1 for i in data['brady_items'] if i['status'] == 'confirmed')} confirmed, "
                              f"{sum(1 for i in data['brady_items'] if i['status'] == 'proposed')} proposed")
            self.stdout.write("Findings:")
            for f in data["findings"]:
                self.stdout.write(f"  [{f['status']}] {f['title']}")
                for c in f["citations"][:3]:
                    self.stdout.write(f"      {c['document']} p. {c['page']}: “{' '.join(c['quote'].split())[:100]}”")
            self.stdout.write("Actors elsewhere:")
            for a in data["actors_elsewhere"]:
                entries = "; ".join(f"{m['status_label']} {m['kind_label'].lower()}" for m in a["misconduct"])
                self.stdout.write(f"  {a['name']} ({', '.join(a['roles_here'])}): {', '.join(a['other_cases'])}"
                                  + (f" — {entries}" if entries else ""))
