"""Web views for search. Thin: read the form, call the selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.core.selectors import primary_membership

from .batch import TermListError, batch_csv, batch_search, terms_from_text, terms_from_upload
from .forms import BatchForm, SearchForm
from .selectors import search_pages

HITS_PER_PAGE = 25


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form, "result": None}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        result = search_pages(
            request.user,
            data["q"],
            case=data["case"] or None,
            doc_types=data["type"],
            provenances=data["provenance"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            tags=[data["tag"].strip()] if data["tag"].strip() else [],
            limit=HITS_PER_PAGE,
            offset=(page - 1) * HITS_PER_PAGE,
        )
        query = request.GET.copy()
        query.pop("page", None)
        filters = query.copy()
        filters.pop("q", None)
        context.update(
            result=result,
            page=page,
            first=result.offset + 1,
            last=result.offset + len(result.hits),
            has_previous=page > 1,
            has_next=result.offset + len(result.hits) < result.total,
            query_string=query.urlencode(),
            filters_query=filters.urlencode(),  # the variant links keep the filters
        )
    template = "search/_results.html" if getattr(request, "htmx", False) else "search/search.html"
    return render(request, template, context)


def _batch_terms(request: HttpRequest, form: BatchForm) -> list[str]:
    terms = terms_from_text(form.cleaned_data["terms"] or "")
    upload = form.cleaned_data.get("file")
    if upload is not None:
        for term in terms_from_upload(upload.name, upload.read(1024 * 1024 + 1)):
            if term not in terms:
                terms.append(term)
    return terms


@login_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, request.FILES or None, user=request.user)
    context: dict[str, Any] = {"form": form, "results": None, "error": ""}
    if request.method == "POST" and form.is_valid():
        try:
            terms = _batch_terms(request, form)
            if not terms:
                raise TermListError(
                    "The list is empty: paste names or terms, one per line, or upload a file."
                )
            results = batch_search(
                request.user,
                terms,
                case=form.cleaned_data["case"] or None,
                fuzzy=bool(form.cleaned_data.get("fuzzy")),
            )
        except TermListError as exc:
            context["error"] = str(exc)
        else:
            if "export" in request.POST:
                return _csv_response(request, results, form.cleaned_data["case"] or None, terms)
            context.update(results=results, terms_text="\n".join(terms))
    return render(request, "search/batch.html", context, status=400 if context["error"] else 200)


def _csv_response(request: HttpRequest, results: Any, case: str | None, terms: list[str]) -> HttpResponse:
    membership = primary_membership(request.user)
    audit.record(
        AuditAction.EXPORT,
        actor=request.user,
        organization=membership.organization if membership else None,
        changes={"kind": "batch search CSV", "terms": terms, "case": case},
        object_repr=f"batch search export: {len(terms)} terms",
    )
    body = batch_csv(results, base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="batch-search-{stamp}.csv"'
    return response
