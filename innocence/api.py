"""The REST API: one NinjaAPI, one router per app, token authentication.

Each router goes through the same selectors as the web UI, so permissions match.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from innocence.core.api_errors import install as install_error_handlers
from innocence.core.api_input import install as install_input_checks
from innocence.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if record is None or not record.user.is_active:
            return None
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        request.user = record.user
        return record.user


api = NinjaAPI(
    title="Innocence Files API",
    version="1",
    description="Cases, people, roles, notes and tasks. Authenticate with 'Authorization: Bearer <token>' "
    "(create one with `innocence token create`). You see exactly what you see in the web app.",
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Invalid data.", "errors": detail}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "A valid API token is required."}, status=401)


def _register_routers() -> None:
    from innocence.core.extensions import registry, resolve

    # Each app declares its router(s) in its extensions.py; all define full paths.
    for dotted in registry().api_routers():
        api.add_router("/", resolve(dotted))


_register_routers()
install_error_handlers(api)
install_input_checks(api)
