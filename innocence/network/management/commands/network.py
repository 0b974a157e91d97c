"""`innocence network --as USER [--case REF] [--role officer ...] [--format gexf|graphml|
nodes.csv|edges.csv|json] [--output FILE]`: the actor network through the same access rule
as the web app; without --format, the patterns as text. `--rebuild` recomputes every
case's stored edges (normally kept fresh by the queue)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import access, audit, request_context
from innocence.core.command_line import acting_user, acting_username, add_acting_user_argument
from innocence.core.models import AuditAction
from innocence.network import exports, patterns, services
from innocence.network.selectors import Filters, graph_for_user


class Command(BaseCommand):
    help = "The actor network: who worked with whom across the cases you may see."

    def add_arguments(self, parser: CommandParser) -> None:
        add_acting_user_argument(parser)
        parser.add_argument("--case", dest="reference", default="", help="One case's actors and their other cases.")
        parser.add_argument("--role", action="append", default=[], help="Only persons with this role (repeat).")
        parser.add_argument("--min-shared", type=int, default=2, help="Pairs sharing at least N cases.")
        parser.add_argument("--min-cases", type=int, default=None, help="Persons in at least N cases.")
        parser.add_argument("--format", choices=sorted(exports.FORMATS), default="", help="Write the graph.")
        parser.add_argument("--output", default="", help="File to write (default: standard output).")
        parser.add_argument("--rebuild", action="store_true", help="Recompute every case's stored edges.")

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            if options["rebuild"]:
                done = services.rebuild_all()
                self.stdout.write(f"Recomputed {len(done)} case(s): "
                                  f"{sum(r.appearances for r in done)} appearances, {sum(r.pairs for r in done)} pairs.")
                if not acting_username(options):
                    return
            user = acting_user(options)
            data: dict[str, Any] = {"role": options["role"], "min_shared": options["min_shared"]}
            if options["min_cases"] is not None:
                data["min_cases"] = options["min_cases"]
            case = None
            if options["reference"]:
                try:
                    case = case_get_for_user(user, options["reference"])
                except Http404:
                    raise CommandError(f"No case '{options['reference']}' that {user.username} may see.") from None
            graph = graph_for_user(user, Filters.from_query(data, case_view=case is not None), case=case)
            if options["format"]:
                try:  # a file to take home: the export right, as on the web
                    if case is not None:
                        access.require_export(user, case)
                    else:
                        membership = access.primary_membership(user)
                        access.require_export_in(user, membership.organization if membership else None)
                except PermissionDenied as exc:
                    raise CommandError(str(exc)) from None
                audit.record(AuditAction.EXPORT, actor=user, obj=case,
                             changes={"cli": f"network export ({options['format']})"})
                text = exports.export(graph, options["format"])
                if options["output"]:
                    Path(options["output"]).write_text(text, encoding="utf-8")
                    self.stdout.write(f"Wrote {options['output']}: {len(graph.persons)} persons, "
                                      f"{len(graph.cases)} cases.")
                else:
                    self.stdout.write(text)
                return
            audit.record(AuditAction.VIEW, actor=user, obj=case, changes={"cli": "network"})
            self.stdout.write(f"{len(graph.persons)} person(s), {len(graph.cases)} case(s), "
                              f"{len(graph.pairs)} pair(s) sharing {graph.filters.min_shared}+ cases.")
            for p in patterns.shared_case_pairs(graph, min_cases=max(2, graph.filters.min_shared)):
                self.stdout.write(f"  {p.a.name} and {p.b.name}: {p.edge.weight} cases "
                                  f"({', '.join(c.reference for c in p.cases)}), {p.edge.shared_pages} shared page(s)")
            for i in patterns.indicator_patterns(graph):
                self.stdout.write(f"  {i.sentence}: {', '.join(c.reference for c in i.with_factor)}")
