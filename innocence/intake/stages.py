"""The intake workflow: stages of an application and the moves allowed between them.

Kept as a table so the workflow can be read (and tested) in one place. An accepted
application becomes a case; the case's own workflow (innocence.cases.stages) takes over.
"""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    QUESTIONNAIRE_SENT = "questionnaire_sent", "Questionnaire sent"
    QUESTIONNAIRE_RECEIVED = "questionnaire_received", "Questionnaire received"
    UNDER_REVIEW = "under_review", "Under review"
    MORE_INFO = "more_info", "More information requested"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REFERRED = "referred", "Referred"


#: Stages where a decision has been made (the clock "to decide" stops here).
DECIDED_STAGES = (Stage.ACCEPTED, Stage.DECLINED, Stage.REFERRED)
OPEN_STAGES = tuple(s for s in Stage if s not in DECIDED_STAGES)

_DECIDE_EARLY = (Stage.MORE_INFO, Stage.DECLINED, Stage.REFERRED)

ALLOWED_TRANSITIONS: dict[Stage, tuple[Stage, ...]] = {
    Stage.NEW: (Stage.ACKNOWLEDGED, Stage.UNDER_REVIEW, *_DECIDE_EARLY),
    Stage.ACKNOWLEDGED: (Stage.QUESTIONNAIRE_SENT, Stage.UNDER_REVIEW, *_DECIDE_EARLY),
    Stage.QUESTIONNAIRE_SENT: (Stage.QUESTIONNAIRE_RECEIVED, *_DECIDE_EARLY),
    Stage.QUESTIONNAIRE_RECEIVED: (Stage.UNDER_REVIEW, *_DECIDE_EARLY),
    Stage.UNDER_REVIEW: (Stage.ACCEPTED, *_DECIDE_EARLY),
    Stage.MORE_INFO: (Stage.QUESTIONNAIRE_RECEIVED, Stage.UNDER_REVIEW, Stage.DECLINED, Stage.REFERRED),
    # A decision can be reconsidered (new information arrives); acceptance cannot be
    # undone here: the case exists and follows its own workflow.
    Stage.ACCEPTED: (),
    Stage.DECLINED: (Stage.UNDER_REVIEW,),
    Stage.REFERRED: (Stage.UNDER_REVIEW,),
}

#: The letter a move usually calls for (offered, never sent automatically).
LETTER_FOR_STAGE: dict[Stage, str] = {
    Stage.ACKNOWLEDGED: "acknowledgement",
    Stage.QUESTIONNAIRE_SENT: "questionnaire_cover",
    Stage.MORE_INFO: "request_info",
    Stage.DECLINED: "decline",
    Stage.REFERRED: "referral",
}


def allowed_next(stage: str) -> tuple[Stage, ...]:
    return ALLOWED_TRANSITIONS.get(Stage(stage), ())


def is_open(stage: str) -> bool:
    return stage in OPEN_STAGES
