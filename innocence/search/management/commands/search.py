"""`innocence search "QUERY" --as USER`: search page text, with exactly that user's access."""

from __future__ import annotations

import html
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.html import strip_tags

from innocence.cases.selectors import CaseNotFound, case_get_for_user
from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.search.selectors import MAX_LIMIT, search_pages


class Command(BaseCommand):
    help = (
        'Search page text in the cases you can see: words, "phrases", OR, NOT/-word, prefix*, '
        "NEAR(a b, 5), filters case: type: provenance: tag: from: to:."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", help="the search, in quotes")
        add_acting_user_argument(parser)
        parser.add_argument("--case", default="", metavar="REF", help="only this case")
        parser.add_argument("--type", action="append", default=[], help="document type (repeatable)")
        parser.add_argument("--provenance", action="append", default=[], help="provenance (repeatable)")
        parser.add_argument("--tag", action="append", default=[], help="document tag (repeatable)")
        parser.add_argument("--limit", type=int, default=20, help=f"hits to show (at most {MAX_LIMIT})")
        parser.add_argument("--offset", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            case = None
            if options["case"]:
                try:
                    case = case_get_for_user(user, options["case"])
                except CaseNotFound:  # not found and not allowed read the same
                    raise CommandError(f"No case '{options['case']}' that you can see.") from None
            result = search_pages(
                user,
                options["query"],
                case=case,
                doc_types=options["type"],
                provenances=options["provenance"],
                tags=options["tag"],
                limit=options["limit"],
                offset=options["offset"],
            )
        if result.error:
            raise CommandError(f"The search could not be understood: {result.error}")
        if options["json"]:
            self.stdout.write(
                dump_json(
                    {
                        "query": result.query,
                        "total": result.total,
                        "unranked": result.unranked,
                        "offset": result.offset,
                        "hits": [hit.as_dict() for hit in result.hits],
                    }
                )
            )
            return
        shown = len(result.hits)
        if result.unranked:
            self.stdout.write(f"More than {result.total - 1} pages match: too many to rank; newest first.")
        else:
            self.stdout.write(f"{result.total} page(s) match; showing {shown} best first.")
        for n, hit in enumerate(result.hits, result.offset + 1):
            case_ref = hit.case_reference or "intake (no case)"
            self.stdout.write(f"\n{n}. {case_ref} · {hit.document_title} · page {hit.page_number}")
            self.stdout.write(
                "   " + html.unescape(strip_tags(hit.snippet.replace("<mark>", "[").replace("</mark>", "]")))
            )
