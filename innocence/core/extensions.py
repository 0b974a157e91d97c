"""The one registry of what each app contributes to the product.

Every app declares its contributions in ``innocence/<app>/extensions.py`` as one
``EXTENSION = Extension(...)``: the tab it adds to a case page, its demo records, its
section of the case archive, the consumers of changed page text, its finding rules, its
API router, its URLs and what it does when two persons are merged. The core apps use the
same hooks as a new lens would (the way Datasette builds its own features on its plugin
hooks), so nothing is special-cased and ``cases`` imports no other app to assemble itself.

Names are ``"package.module:attribute"`` strings so that declaring costs no import; the
system check in :mod:`innocence.core.checks` imports every one of them at start-up and fails
on an unknown or unimportable name, an archive section whose module cannot export or
import, and a model holding case data that no archive section covers. A misspelling is an
error, never a silent skip.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CaseTab:
    """A tab of the case page. ``context`` is ``"module:function"`` called as
    ``function(request, case) -> dict`` for ``template``."""

    slug: str
    label: str
    template: str
    context: str
    order: int = 100


@dataclass(frozen=True)
class ArchiveSection:
    """A folder of the case archive. ``module`` defines ``export(case, writer)``,
    ``import_(case, reader, ctx)`` and optionally ``validate(reader)``; ``models`` are the
    labels (``"app.Model"``) of the case data it carries. Sections import in ``order``."""

    name: str
    module: str
    models: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class DemoLoader:
    """``function`` is ``"module:function"`` called as ``function(context: DemoContext)``;
    loaders run in ``order`` across all apps (documents before what reads their pages)."""

    function: str
    order: int = 100


@dataclass(frozen=True)
class PageTextConsumer:
    """Receives the ids of pages whose text was written, corrected or deleted (the
    "page text changed" event), through the job queue. ``function`` is called as
    ``function(page_ids: list[int])`` and must be idempotent. ``warm_up``, if given, is
    called with no arguments and loads what ``function`` reads on every call (patterns,
    vocabularies) without touching the database: a worker that forks a process per job
    (RQ) calls it once before forking, so that no job loads them again."""

    name: str
    function: str
    order: int = 100
    warm_up: str = ""


#: The fictional page a consumer's ``warm_up`` reads: it reaches every pattern family the
#: consumers have (a titled name, an agency, a date, an evidence item, a lab).
WARM_UP_PAGE = (
    "Fictional: Det. John Roe of the Lakeside Parish Sheriff's Office interviewed the witness on "
    "03/14/1987. Item 4, a red jacket, was sent to the crime lab for hair comparison."
)


@dataclass(frozen=True)
class Lens:
    """A lens whose rules produce findings: its slug (``Finding.lens``), its label and
    the case tab that shows its findings."""

    slug: str
    label: str
    tab: str
    order: int = 100


@dataclass(frozen=True)
class MemoCitation:
    """A record citation in a memo section: the document, the page and the verbatim quote."""

    document_title: str
    page_number: int | None = None
    quote: str = ""


@dataclass(frozen=True)
class MemoBlock:
    """One piece of a memo section, in plain data so that any app can contribute without
    knowing how the memo is written: a ``heading``, a paragraph (``text``, with its
    ``citations`` as pinpoint footnotes) or a table (``columns`` and ``rows``)."""

    text: str = ""
    heading: str = ""
    citations: tuple[MemoCitation, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class MemoSection:
    """A section of the case memo (``innocence.reports``) that an app writes. ``function``
    is ``"module:function"`` called as ``function(case, user) -> list[MemoBlock]`` for a case
    the user may see; an empty list leaves the section out. Sections sit in ``order``
    among the memo's own (summary 10, people 20, lenses 40, open questions 80)."""

    slug: str
    title: str
    function: str
    order: int = 50


@dataclass(frozen=True)
class Extension:
    app: str  # the app label
    case_tabs: tuple[CaseTab, ...] = ()
    lenses: tuple[Lens, ...] = ()
    #: ``"module:function"`` called as ``function(context: DemoContext)``.
    demo: str = ""
    demo_order: int = 100
    #: More demo loaders of the app when it has several steps at different times.
    demo_loaders: tuple[DemoLoader, ...] = ()
    archive_sections: tuple[ArchiveSection, ...] = ()
    #: Modules that write and read keys of case.json itself (``KEYS``, ``export(case)``,
    #: ``parse(data, applicant=)``, ``import_(case, parsed, ctx)``): the people app carries
    #: the case's persons and roles there without the cases app importing it.
    case_json_parts: tuple[str, ...] = ()
    #: Case data models deliberately left out of the archive, with the reason.
    not_archived: tuple[tuple[str, str], ...] = ()
    #: Case data models that an archive section must carry but does not yet: reported as
    #: a warning by the system check until a section carries them.
    archive_pending: tuple[str, ...] = ()
    page_text_consumers: tuple[PageTextConsumer, ...] = ()
    #: Modules whose import registers finding rules (``innocence.findings.registry.rule``).
    rule_modules: tuple[str, ...] = ()
    #: ``"module:router"`` django-ninja routers mounted at ``/api/`` (full paths).
    api_routers: tuple[str, ...] = ()
    #: ``(prefix, "module")``: URLconf modules included at ``prefix`` ("" for the root).
    urls: tuple[tuple[str, str], ...] = ()
    #: ``"module:function"`` called as ``function(from_person=, to_person=)`` inside the
    #: merge's transaction, before ``from_person`` is deleted.
    person_merge: tuple[str, ...] = ()
    #: ``"module:function"`` called as ``function(case_ids: list[int])`` after the people of
    #: these cases changed (a resolution run, a case role added or removed), inside the
    #: writer's transaction: it should only queue work (the actor network's edges).
    case_people_changed: tuple[str, ...] = ()
    #: ``"module:function"`` returning an ``innocence.core.diagnostics.Check`` for the
    #: configuration report (``innocence check``).
    diagnostics: tuple[str, ...] = ()
    #: Extra packages holding knowledge-base YAML files (rules, authorities) for an app
    #: that lives outside ``innocence`` (a plugin); in-tree apps use innocence/knowledge.
    knowledge_packages: tuple[str, ...] = ()
    #: Sections this app writes into the case memo (``innocence.reports``).
    memo_sections: tuple[MemoSection, ...] = ()
    #: Order among apps where order matters and nothing else says it (URLs, routers).
    order: int = 100


def resolve(dotted: str) -> Any:
    """``"package.module:attribute"`` (or ``"package.module"``) → the object. Raises
    ImproperlyConfigured naming the string when it cannot be imported."""
    module_name, _, attribute = dotted.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ImproperlyConfigured(f"'{dotted}' cannot be imported: {exc}") from exc
    if not attribute:
        return module
    try:
        return getattr(module, attribute)
    except AttributeError as exc:
        raise ImproperlyConfigured(f"'{dotted}': {module_name} has no '{attribute}'.") from exc


class Registry:
    def __init__(self, extensions: Iterable[Extension]) -> None:
        self.extensions = sorted(extensions, key=lambda e: (e.order, e.app))

    def case_tabs(self) -> list[CaseTab]:
        return sorted((t for e in self.extensions for t in e.case_tabs), key=lambda t: t.order)

    def lenses(self) -> list[Lens]:
        return sorted((lens for e in self.extensions for lens in e.lenses), key=lambda lens: lens.order)

    def lens(self, slug: str) -> Lens | None:
        return next((lens for lens in self.lenses() if lens.slug == slug), None)

    def demo_loaders(self) -> list[tuple[str, str]]:
        found = [(e.demo_order, e.app, e.demo) for e in self.extensions if e.demo]
        found += [(d.order, e.app, d.function) for e in self.extensions for d in e.demo_loaders]
        return [(app, demo) for _, app, demo in sorted(found)]

    def archive_sections(self) -> list[ArchiveSection]:
        return sorted((s for e in self.extensions for s in e.archive_sections), key=lambda s: s.order)

    def case_json_parts(self) -> list[str]:
        return [m for e in self.extensions for m in e.case_json_parts]

    def not_archived(self) -> dict[str, str]:
        return {label: reason for e in self.extensions for label, reason in e.not_archived}

    def archive_pending(self) -> list[str]:
        return [label for e in self.extensions for label in e.archive_pending]

    def page_text_consumers(self) -> list[PageTextConsumer]:
        return sorted(
            (c for e in self.extensions for c in e.page_text_consumers), key=lambda c: (c.order, c.name)
        )

    def rule_modules(self) -> list[str]:
        return [m for e in self.extensions for m in e.rule_modules]

    def api_routers(self) -> list[str]:
        return [r for e in self.extensions for r in e.api_routers]

    def urls(self) -> list[tuple[str, str]]:
        return [u for e in self.extensions for u in e.urls]

    def diagnostics(self) -> list[str]:
        return [d for e in self.extensions for d in e.diagnostics]

    def knowledge_packages(self) -> list[str]:
        return [k for e in self.extensions for k in e.knowledge_packages]

    def memo_sections(self) -> list[MemoSection]:
        return sorted((m for e in self.extensions for m in e.memo_sections), key=lambda m: (m.order, m.slug))

    def person_merge_hooks(self) -> list[Callable[..., Any]]:
        return [resolve(h) for e in self.extensions for h in e.person_merge]

    def case_people_changed_hooks(self) -> list[Callable[..., Any]]:
        return [resolve(h) for e in self.extensions for h in e.case_people_changed]

    def all_names(self) -> list[tuple[str, str, str]]:
        """(app, what, dotted name) for every name declared: what the system check imports."""
        names: list[tuple[str, str, str]] = []
        for e in self.extensions:
            names += [(e.app, f"case tab '{t.slug}'", t.context) for t in e.case_tabs]
            if e.demo:
                names.append((e.app, "demo loader", e.demo))
            names += [(e.app, "demo loader", d.function) for d in e.demo_loaders]
            names += [(e.app, f"archive section '{s.name}'", s.module) for s in e.archive_sections]
            names += [(e.app, "case.json part", m) for m in e.case_json_parts]
            names += [(e.app, f"page-text consumer '{c.name}'", c.function) for c in e.page_text_consumers]
            names += [(e.app, f"warm-up of '{c.name}'", c.warm_up) for c in e.page_text_consumers if c.warm_up]
            names += [(e.app, "rule module", m) for m in e.rule_modules]
            names += [(e.app, "API router", r) for r in e.api_routers]
            names += [(e.app, f"URLconf at '{p}'", m) for p, m in e.urls]
            names += [(e.app, "person-merge hook", h) for h in e.person_merge]
            names += [(e.app, "case-people-changed hook", h) for h in e.case_people_changed]
            names += [(e.app, "knowledge package", k) for k in e.knowledge_packages]
            names += [(e.app, "diagnostic check", d) for d in e.diagnostics]
            names += [(e.app, f"memo section '{m.slug}'", m.function) for m in e.memo_sections]
        return names


def _discover() -> list[Extension]:
    found: list[Extension] = []
    for config in apps.get_app_configs():
        # Our own apps, and any other app that opts in (a plugin or a test app); other
        # third-party apps may have an unrelated "extensions" module (django-csp has).
        if not (config.name.startswith("innocence.") or getattr(config, "innocence_extensions", False)):
            continue
        module_name = f"{config.name}.extensions"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # an app that contributes nothing
            raise
        extension = getattr(module, "EXTENSION", None)
        if not isinstance(extension, Extension):
            raise ImproperlyConfigured(f"{module_name} must define EXTENSION = Extension(...).")
        if extension.app != config.label:
            raise ImproperlyConfigured(
                f"{module_name} declares app '{extension.app}' but belongs to '{config.label}'."
            )
        found.append(extension)
    return found


@cache
def registry() -> Registry:
    return Registry(_discover())


def consumer_names() -> list[str]:
    return [c.name for c in registry().page_text_consumers()]


#: The core app's own contributions (this module is also its ``extensions.py``).
EXTENSION = Extension(app="core", order=0, urls=(("", "innocence.core.urls"),))
