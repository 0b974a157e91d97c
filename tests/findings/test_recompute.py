"""Re-running rules keeps human decisions; facts that change under a reviewed finding flag it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db


def _procedure(lens: Any, **values: Any) -> Any:
    return lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array",
                     date=dt.date(2001, 3, 4), **values)


def test_dismissal_survives_rerun_and_flags_changed_facts(lens: Any) -> None:
    from innocence.findings import services
    from innocence.findings.models import Finding

    procedure = _procedure(lens, administration="non_blind")
    finding = lens.finding("eyewitness.blind_administration")
    services.finding_dismiss(actor=lens.actor, finding=finding, reason="administrator was in another room")
    result = services.findings_recompute(case=lens.case, lens="witness")
    finding.refresh_from_db()
    assert finding.status == "dismissed" and finding.review_state == "dismissed"
    assert finding.review_reason == "administrator was in another room"
    assert not finding.facts_changed_since_review
    assert not result.changed
    # The facts change: the decision stays, the finding is flagged.
    lens.save("procedure", instance=procedure, administration="", notes="x")
    finding.refresh_from_db()
    assert finding.status == "dismissed" and finding.rule_status == "not_recorded"
    assert finding.facts_changed_since_review
    # Back to the reviewed facts: the flag clears by itself.
    lens.save("procedure", instance=procedure, administration="non_blind")
    finding.refresh_from_db()
    assert finding.status == "dismissed" and not finding.facts_changed_since_review
    assert Finding.objects.filter(case=lens.case, rule_id="eyewitness.blind_administration").count() == 1


def test_confirmation_survives_and_reopen_restores_rule_status(lens: Any) -> None:
    from innocence.findings import services

    _procedure(lens, video_recorded=False)
    finding = lens.finding("eyewitness.video_recording")
    services.finding_confirm(actor=lens.actor, finding=finding)
    services.findings_recompute(case=lens.case)
    finding.refresh_from_db()
    assert finding.review_state == "confirmed" and finding.status == "present"
    services.finding_reopen(actor=lens.actor, finding=finding)
    finding.refresh_from_db()
    assert finding.review_state == "unreviewed" and finding.status == "present"


def test_dismiss_needs_a_reason_and_a_writer(lens: Any) -> None:
    from innocence.findings import services

    _procedure(lens, video_recorded=False)
    finding = lens.finding("eyewitness.video_recording")
    with pytest.raises(ValidationError):
        services.finding_dismiss(actor=lens.actor, finding=finding, reason="  ")
    with pytest.raises(PermissionDenied):
        services.finding_dismiss(actor=lens.world.viewer, finding=finding, reason="no")
    with pytest.raises(PermissionDenied):
        services.finding_dismiss(actor=lens.world.off_team, finding=finding, reason="no")


def test_deleted_record_removes_unreviewed_and_retires_reviewed(lens: Any) -> None:
    from innocence.findings import services
    from innocence.findings.models import Finding
    from innocence.witnesses.services import witness_record_delete

    procedure = _procedure(lens, video_recorded=False, administration="non_blind")
    reviewed = lens.finding("eyewitness.video_recording")
    services.finding_dismiss(actor=lens.actor, finding=reviewed, reason="checked the tape log")
    witness_record_delete(actor=lens.actor, instance=procedure)
    assert not Finding.objects.filter(case=lens.case, rule_id="eyewitness.blind_administration").exists()
    reviewed.refresh_from_db()
    assert reviewed.retired and reviewed.facts_changed_since_review and reviewed.status == "dismissed"


def test_manual_finding_is_untouched_by_reruns(lens: Any) -> None:
    from innocence.findings import services

    manual = services.finding_create(actor=lens.actor, case=lens.case, lens="witness", title="Tip not followed",
                                     text="A caller named another man.", nre_factors=["OM"])
    services.findings_recompute(case=lens.case)
    manual.refresh_from_db()
    assert manual.origin == "person" and manual.status == "present"
    with pytest.raises(ValidationError):
        services.finding_create(actor=lens.actor, case=lens.case, lens="witness", title="x", text="y",
                                nre_factors=["SCORE"])


def test_indicators_list_findings_never_a_score(lens: Any) -> None:
    from innocence.findings import services
    from innocence.findings.selectors import indicators_for_case

    _procedure(lens, video_recorded=False)
    indicators = {i.factor.code: i for i in indicators_for_case(lens.actor, lens.case)}
    assert set(indicators) == {"MWID", "FC", "P/FA", "F/MFE", "OM", "ILD"}
    assert indicators["MWID"].indicated and not indicators["FC"].indicated
    only = indicators["MWID"].findings
    for view in list(only):
        services.finding_dismiss(actor=lens.actor, finding=view.finding, reason="reviewed")
    indicators = {i.factor.code: i for i in indicators_for_case(lens.actor, lens.case)}
    assert not indicators["MWID"].indicated  # dismissed findings are not indicators


def test_recompute_is_audited(lens: Any) -> None:
    from innocence.core.models import AuditEntry

    _procedure(lens)
    assert AuditEntry.objects.filter(case_id_ref=lens.case.pk, changes__findings_recomputed="witness").exists()
