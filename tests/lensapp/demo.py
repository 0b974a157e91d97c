from typing import Any

from .models import Sighting


def load(context: Any) -> None:
    case = context.cases.get("LIC-DEMO-001")
    if case is not None and not Sighting.objects.filter(case=case).exists():
        Sighting.objects.create(case=case, what="a fictional blue sedan", corroborated=None)
        context.created.append("lensapp sighting")
