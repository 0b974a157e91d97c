"""Fictional findings for the memo tests: made here, never read from ../shared."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

QUOTES = {
    "present": "The witness said: I think it's him, but I am not sure.",
    "second": "Detective Quill stood behind the witness during the array.",
    "open": "No record of the lineup instructions appears in the file.",
    "dismissed": "A dismissed passage that must stay out of the memo.",
}


def add_finding(case: Any, *, lens: str, rule_id: str, status: str, title: str, quotes: list[tuple[str, int, str]],
                factors: list[str] | None = None, authorities: list[str] | None = None,
                review_state: str = "unreviewed") -> Any:
    from innocence.findings.models import Finding, RecordCitation

    finding = Finding.objects.create(
        case=case, lens=lens, rule_id=rule_id, subject_key=f"test:{rule_id}:{title[:20]}", status=status,
        rule_status=status, title=title, text=f"{title} (fictional test finding).",
        nre_factors=factors or [], authority_keys=authorities or [], review_state=review_state,
    )
    for position, (document, page, quote) in enumerate(quotes):
        RecordCitation.objects.create(finding=finding, position=position, document_title=document,
                                      page_number=page, quote=quote)
    return finding


@pytest.fixture
def memo_case(world: Any) -> Any:
    case = world.case
    case.conviction_date = dt.date(1995, 3, 17)
    case.court = "Fictional District Court"
    case.sentence = "Life"
    case.summary = "A fictional case for the memo tests."
    case.save()
    add_finding(case, lens="witness", rule_id="eyewitness.blind_administration", status="present",
                title="Procedure not administered blind", factors=["MWID", "OM"], authorities=["wells2020"],
                quotes=[("Incident report (fictional)", 2, QUOTES["present"]),
                        ("Trial transcript day 2 (fictional)", 14, QUOTES["second"])])
    add_finding(case, lens="witness", rule_id="eyewitness.instructions", status="not_recorded",
                title="Pre-lineup instructions not recorded", factors=["MWID"],
                quotes=[("Case file index (fictional)", 7, QUOTES["open"])])
    add_finding(case, lens="evidence", rule_id="evidence.dismissed_one", status="present",
                title="A finding the reviewer dismissed", factors=["F/MFE"], review_state="dismissed",
                quotes=[("Lab report (fictional)", 3, QUOTES["dismissed"])])
    return case
