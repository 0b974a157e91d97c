"""The Evidence tab of a case page: an honest empty state until the lens is built."""

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case

MESSAGE = (
    'The Evidence lens (physical evidence, chain of custody, forensic tests) is not built yet. Nothing here means nothing has been recorded, not that there is no evidence.'
)


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"message": MESSAGE}
