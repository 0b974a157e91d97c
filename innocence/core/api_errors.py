"""Under /api/ every answer is JSON, errors included: a bad number or a query nested too
deep is a 400 with words, anything unforeseen a 500 whose body says it was logged (never
Django's HTML page, never a traceback)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DataError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("innocence.api")

TOO_LARGE = "A number in the request is too large (ids, pages and offsets are at most 2^63 - 1)."
TOO_DEEP = "The request is nested too deeply to be read."


def install(api: Any) -> None:
    @api.exception_handler(OverflowError)
    def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        return api.create_response(request, {"detail": TOO_LARGE}, status=400)

    @api.exception_handler(DataError)
    def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # PostgreSQL's "bigint out of range" (SQLite raises OverflowError)
        return api.create_response(request, {"detail": TOO_LARGE}, status=400)

    @api.exception_handler(RecursionError)
    def _recursion(request: HttpRequest, exc: RecursionError) -> HttpResponse:
        return api.create_response(request, {"detail": TOO_DEEP}, status=400)

    @api.exception_handler(PermissionError)
    def _permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
        # a service that refuses with Python's PermissionError rather than Django's PermissionDenied
        return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)

    @api.exception_handler(Exception)
    def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request, {"detail": "Something went wrong on our side; the error was logged."}, status=500
        )
