"""The Prosecution tab of a case page: an honest empty state until the lens is built."""

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case

MESSAGE = (
    'The Prosecution lens (misconduct, Brady material, recurring actors) is not built yet.'
)


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"message": MESSAGE}
