"""Rules and what they return.

A rule is a small function registered for a lens. It takes a case and its knowledge entry
and returns :class:`FindingDraft` objects; it reads thresholds and citations from the
knowledge entry, never from constants in code. Lenses put their rules in
``innocence/<lens app>/rules`` (a module or package), listed in :data:`RULE_MODULES`.

Honesty rule: a rule that lacks the fact it needs returns ``not_recorded``, never ``absent``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from .knowledge import RuleEntry, knowledge_base
from .models import FindingStatus


@dataclass
class CitationDraft:
    document_id: int | None = None
    document_title: str = ""
    page_number: int | None = None
    quote: str = ""
    source_model: str = ""
    source_pk: str = ""
    source_field: str = ""
    source_value: str = ""
    label: str = ""
    other_case_id: int | None = None

    def key(self) -> tuple[Any, ...]:
        return (
            self.document_id, self.page_number, self.quote, self.source_model,
            self.source_pk, self.source_field, self.source_value, self.other_case_id,
        )


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z%]+", " ", text.lower().replace("’", "'")).strip()


def _on_page(document: Any, page_number: int | None, passage: str) -> bool:
    if document is None or not page_number:
        return False
    page = document.pages.filter(number=page_number).first()
    return page is not None and _squash(passage) in _squash(page.text)


def cite_field(record: models.Model, field_name: str, *, label: str = "", quote: str = "") -> CitationDraft:
    """Cite one field of a structured record. When the record names the page it comes from
    (``document``, ``page_number``, ``quote``), the citation carries that page too, with
    ``quote`` (e.g. the witness's words) as the passage if it is on that page, else the record's."""
    value = getattr(record, field_name, None)
    if hasattr(record, f"get_{field_name}_display") and value not in (None, ""):
        shown = str(getattr(record, f"get_{field_name}_display")())
    elif value is None:
        shown = "not recorded"
    elif isinstance(value, bool):
        shown = "yes" if value else "no"
    else:
        shown = str(value)
    document = getattr(record, "document", None)
    page_number = getattr(record, "page_number", None) if document is not None else None
    if quote and not _on_page(document, page_number, quote):
        quote = ""  # only a passage really on the cited page is offered as verbatim
    return CitationDraft(
        document_id=getattr(document, "pk", None),
        document_title=str(getattr(document, "title", "") or ""),
        page_number=page_number,
        quote=quote or (str(getattr(record, "quote", "") or "") if document is not None else ""),
        source_model=record._meta.label,
        source_pk=str(record.pk),
        source_field=field_name,
        source_value=shown,
        label=label or str(record),
    )


@dataclass
class FindingDraft:
    subject_key: str
    status: str
    text: str
    citations: list[CitationDraft] = field(default_factory=list)
    subject_person_id: int | None = None
    title: str = ""
    extra_authorities: tuple[str, ...] = ()
    research: str = ""

    def __post_init__(self) -> None:
        # A quoted passage that ends a sentence already carries its full stop.
        self.text = re.sub(r"([.!?])”\.", r"\1”", self.text)
        if self.status not in (FindingStatus.PRESENT, FindingStatus.ABSENT, FindingStatus.NOT_RECORDED):
            raise ValueError(f"A rule may only return present, absent or not_recorded, not {self.status!r}.")

    def digest(self) -> str:
        payload = json.dumps(
            [self.status, self.text, sorted(repr(c.key()) for c in self.citations)], sort_keys=True, default=str
        )
        return hashlib.sha256(payload.encode()).hexdigest()


RuleFunction = Callable[[Any, RuleEntry], Iterable[FindingDraft]]


@dataclass(frozen=True)
class RegisteredRule:
    rule_id: str
    lens: str
    function: RuleFunction

    @property
    def entry(self) -> RuleEntry:
        return knowledge_base().rule(self.rule_id)


_RULES: dict[str, RegisteredRule] = {}


def rule(rule_id: str, *, lens: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        _RULES[rule_id] = RegisteredRule(rule_id, lens, function)
        return function

    return register


def load_rule_modules() -> None:
    """Import every rule module the apps declare (``rule_modules`` in extensions.py)."""
    from innocence.core.extensions import registry, resolve

    for module_name in registry().rule_modules():
        resolve(module_name)


def registered_rules(lens: str | None = None) -> list[RegisteredRule]:
    load_rule_modules()
    return [r for r in _RULES.values() if lens is None or r.lens == lens]
