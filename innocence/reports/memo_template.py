"""The memo template an organization edits: its marking, preface and closing, in a
sandbox like the letters' (Django template syntax, a short list of tags, no loading of
other templates, and plain-string variables named in :data:`MEMO_VARIABLES`)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType

from innocence.cases.models import Case
from innocence.core import access, audit
from innocence.core.models import AuditAction, Organization
from innocence.knowledge import loader

from .models import MemoTemplate

MEMO_VARIABLES: dict[str, str] = {
    "organization": "Your organization's name",
    "reference": "The case reference",
    "case_title": "The case title, e.g. State v. Doe",
    "court": "The court of conviction",
    "author": "Who made the memo",
    "today": "The date the memo was made",
}
FIELDS = ("marking", "preface", "closing")
ALLOWED_TAGS = frozenset({"if", "elif", "else", "endif", "with", "endwith", "comment", "endcomment", "firstof"})
_UNKNOWN = "\x00unknown:%s\x00"
_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False,
                 builtins=["django.template.defaulttags", "django.template.defaultfilters"],
                 string_if_invalid=_UNKNOWN)
_KEYWORDS = {"and", "or", "not", "is", "None", "True", "False", "in"}


@cache
def defaults() -> dict[str, str]:
    data = loader.load("default_memo.yaml", package="innocence.reports")
    return {name: " ".join(str(data.get(name, "")).split()) for name in FIELDS}


def check(source: str, field: str = "preface") -> None:
    problems: list[str] = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if bits and bits[0] not in ALLOWED_TAGS:
                problems.append(f"the tag '{{% {bits[0]} %}}' is not allowed in a memo template")
            for name in re.findall(r"(?<![\w.\"'|])([A-Za-z_]\w*)", " ".join(bits[1:])):
                if name not in MEMO_VARIABLES and name not in _KEYWORDS:
                    problems.append(f"'{name}' is not a memo variable")
        elif token.token_type == TokenType.VAR:
            root = re.split(r"[.|\s]", token.contents.strip(), maxsplit=1)[0]
            if root and root not in MEMO_VARIABLES and not root.startswith(("'", '"')):
                problems.append(f"'{root}' is not a memo variable")
    if problems:
        raise ValidationError({field: f"{'; '.join(dict.fromkeys(problems))}. "
                                      f"Variables you can use: {', '.join(MEMO_VARIABLES)}."})
    try:
        _ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise ValidationError({field: f"The template has a syntax error: {exc}"}) from exc


def render(source: str, variables: dict[str, str]) -> str:
    check(source)
    text = _ENGINE.from_string(source).render(Context(variables, autoescape=False))
    return re.sub(r"\x00unknown:.*?\x00", "", text).strip()


def template_for(organization: Organization) -> MemoTemplate:
    found = MemoTemplate.objects.filter(organization=organization).first()
    return found or MemoTemplate(organization=organization, **defaults())


def memo_variables(case: Case, user: Any, at: dt.datetime) -> dict[str, str]:
    author = ""
    if getattr(user, "is_authenticated", False):
        author = user.get_full_name() or user.get_username()
    return {
        "organization": case.organization.name,
        "reference": case.reference,
        "case_title": case.title,
        "court": case.court,
        "author": author or str(user or "the system"),
        "today": at.strftime("%B %-d, %Y"),
    }


@transaction.atomic
def template_update(*, actor: Any, organization: Organization, marking: str, preface: str,
                    closing: str) -> MemoTemplate:
    if not access.can_administer(actor, organization):
        raise PermissionError("Only an admin of the organization may change its memo template.")
    if not marking.strip():
        raise ValidationError({"marking": "A memo needs a marking (e.g. attorney work product)."})
    values = {"marking": marking.strip(), "preface": preface.replace("\r\n", "\n").strip(),
              "closing": closing.replace("\r\n", "\n").strip()}
    for name, value in values.items():
        check(value, name)
    template = template_for(organization)
    before = {name: getattr(template, name) for name in FIELDS} if template.pk else {}
    for name, value in values.items():
        setattr(template, name, value)
    template.updated_by = access.user_of(actor)
    template.save()
    audit.record(AuditAction.UPDATE if before else AuditAction.CREATE, actor=actor, obj=template,
                 organization=organization, changes=audit.diff(before, values))
    return template
