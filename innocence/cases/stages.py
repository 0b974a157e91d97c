"""The case workflow: stages and the moves allowed between them.

Kept as a table so that the workflow can be read (and tested) in one place.
"""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    INTAKE = "intake", "Intake"
    SCREENING = "screening", "Screening"
    INVESTIGATION = "investigation", "Investigation"
    LITIGATION = "litigation", "Litigation"
    EXONERATED = "closed_exonerated", "Closed: exonerated"
    RELIEF_GRANTED = "closed_relief_granted", "Closed: relief granted"
    DENIED = "closed_denied", "Closed: relief denied"
    DECLINED = "closed_declined", "Closed: declined"
    WITHDRAWN = "closed_withdrawn", "Closed: withdrawn"
    REFERRED = "closed_referred", "Closed: referred"


OPEN_STAGES = (Stage.INTAKE, Stage.SCREENING, Stage.INVESTIGATION, Stage.LITIGATION)
CLOSED_STAGES = tuple(s for s in Stage if s not in OPEN_STAGES)

_CLOSE_EARLY = (Stage.DECLINED, Stage.WITHDRAWN, Stage.REFERRED)

ALLOWED_TRANSITIONS: dict[Stage, tuple[Stage, ...]] = {
    Stage.INTAKE: (Stage.SCREENING, *_CLOSE_EARLY),
    Stage.SCREENING: (Stage.INTAKE, Stage.INVESTIGATION, *_CLOSE_EARLY),
    Stage.INVESTIGATION: (Stage.SCREENING, Stage.LITIGATION, *_CLOSE_EARLY),
    Stage.LITIGATION: (
        Stage.INVESTIGATION,
        Stage.EXONERATED,
        Stage.RELIEF_GRANTED,
        Stage.DENIED,
        Stage.WITHDRAWN,
        Stage.REFERRED,
    ),
    # A closed case can be reopened where it left off: new evidence, a new law.
    Stage.EXONERATED: (),
    Stage.RELIEF_GRANTED: (Stage.LITIGATION,),
    Stage.DENIED: (Stage.INVESTIGATION, Stage.LITIGATION),
    Stage.DECLINED: (Stage.SCREENING,),
    Stage.WITHDRAWN: (Stage.SCREENING, Stage.INVESTIGATION),
    Stage.REFERRED: (Stage.SCREENING,),
}


def allowed_next(stage: str) -> tuple[Stage, ...]:
    return ALLOWED_TRANSITIONS.get(Stage(stage), ())


def is_open(stage: str) -> bool:
    return stage in OPEN_STAGES
