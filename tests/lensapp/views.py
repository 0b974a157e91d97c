from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case

from .models import Sighting


def tab(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"sightings": list(Sighting.objects.filter(case=case).order_by("pk"))}
