"""Template helpers for showing record citations."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from innocence.documents.citations import PageRef

from ..selectors import indicators_for_case

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """``duration_seconds`` → ``duration seconds``."""
    return str(name or "").replace("_", " ")


@register.simple_tag
def page_link(document_id: int | None, page_number: int | None, quote: str = "") -> str:
    """URL of the documents viewer at a page (empty when there is no viewer or no document)."""
    return PageRef(document_id, page_number, quote).url


@register.inclusion_tag("findings/_indicators.html", takes_context=True)
def nre_indicators(context: template.Context, case: Any) -> dict[str, Any]:
    """The NRE indicators panel of a case, for the user viewing the page. A template tag, so
    that the case overview shows it without ``cases`` importing ``findings``."""
    request = getattr(context, "request", None) or context.get("request")
    user = getattr(request, "user", None)
    return {
        "indicators": indicators_for_case(user, case),
        "findings_base": reverse("findings:case_findings", args=[case.reference]),
    }


#: The knowledge base's verification marks (innocence/knowledge/authorities.yaml), in words.
VERIFICATION_WORDS = {"V": "checked against the source", "P": "partly checked", "U": "to be confirmed"}


@register.filter
def verification_words(mark: str) -> str:
    """``P`` → ``partly checked``: a reader never has to know the abbreviation."""
    return VERIFICATION_WORDS.get(str(mark or "").strip().upper(), "")


@register.filter
def marks_in_words(text: str) -> str:
    """A knowledge-base statement's inline ``[U]`` / ``[P]`` / ``[V]`` spelled out."""
    out = str(text or "")
    for mark, words in VERIFICATION_WORDS.items():
        out = out.replace(f"[{mark}]", f"({words})")
    return out
