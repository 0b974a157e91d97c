"""What the documents commands share: the documents a command line names, through the
access rule (``--document ID`` repeatable, ``--case REF``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.http import Http404

from innocence.cases.selectors import case_get_for_user

from . import selectors
from .models import Document


def named_documents(
    user: Any,
    options: dict[str, Any],
    *,
    of_case: Callable[[QuerySet[Document]], QuerySet[Document]] = lambda documents: documents,
) -> list[Document]:
    """The documents given by id, then those of the case (narrowed by ``of_case``), as the
    user may see them; a command error names what the user cannot see."""
    if not options["document"] and not options["case"]:
        raise CommandError("Name the documents: --document ID (repeatable) or --case REF.")
    try:
        documents = [selectors.document_get_for_user(user, pk) for pk in options["document"]]
        if options["case"]:
            case = case_get_for_user(user, options["case"])
            documents += list(of_case(selectors.documents_for_case(case)).order_by("id"))
    except Http404 as exc:
        raise CommandError(f"{exc} ({user.get_username()} cannot see it).") from exc
    return documents
