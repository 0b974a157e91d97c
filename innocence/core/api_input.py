"""What the API refuses before any endpoint sees it: values no field can truly hold.

- NUL characters (U+0000) in any text of a JSON body or a query parameter. The web forms
  refuse them already (Django's ProhibitNullCharactersValidator on every CharField); the API
  took them into titles and notes, where PostgreSQL then refuses the row and SQLite stores
  text that search, exports and the memo cannot handle.
- NaN and infinite numbers in a JSON body (``NaN``, ``Infinity``: Python's json accepts
  them, JSON itself does not), e.g. a confidence of NaN.

The answer is a 400 whose ``detail`` says what and where, the same words for every route.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja.errors import HttpError
from ninja.parser import Parser


class InputRefused(ValueError):
    """A request value that cannot be true; the message is shown as it is."""


def _where(path: list[str]) -> str:
    return "".join(path) or "the body"


def refuse_impossible(data: Any, *, what: str = "the request body") -> None:
    """Raise InputRefused when ``data`` (parsed JSON) holds a NUL character in a string or key."""
    stack: list[tuple[Any, list[str]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise InputRefused(
                    f"{_where(path)} in {what} contains a NUL character (U+0000), which no text may hold."
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and "\x00" in key:
                    raise InputRefused(f"A key in {what} contains a NUL character (U+0000).")
                stack.append((item, [*path, f".{key}" if path else str(key)]))
        elif isinstance(value, list):
            stack.extend((item, [*path, f"[{index}]"]) for index, item in enumerate(value))


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        def not_a_number(token: str) -> Any:
            raise InputRefused(f"The request body holds {token}, which is not a number any field can hold.")

        data = json.loads(request.body, parse_constant=not_a_number)
        refuse_impossible(data)
        return cast(dict[str, Any], data)

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            for value in values:
                if isinstance(value, str) and "\x00" in value:
                    raise HttpError(
                        400,
                        f"The parameter '{key}' contains a NUL character (U+0000), which no text may hold.",
                    )
        return super().parse_querydict(data, list_fields, request)


def install(api: Any) -> None:
    api.parser = StrictParser()

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja wraps any parser error as "Cannot parse request body"; ours carry words.
        cause = exc.__cause__
        detail = str(cause) if isinstance(cause, InputRefused) else str(exc)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)
