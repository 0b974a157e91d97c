"""Every Prosecution-lens rule for present, absent and not recorded, on fictional records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from innocence.findings.services import findings_recompute
from innocence.prosecution import services

from .conftest import DEFENSE_COPY, MEMO_PAGE, POLICE_REPORT, TRIAL_PAGE

pytestmark = pytest.mark.django_db

NO_ID = "did not identify anyone"


def _recompute(pros: Any) -> None:
    findings_recompute(case=pros.case, lens="prosecution")


def _item(pros: Any, **values: Any) -> Any:
    base = {"document": pros.police, "page_number": 2, "quote": "viewed a photo array of six photographs and\n"
            "did not identify anyone.", "category": "non_identification", "favorable": "exculpatory",
            "held_by": "police"}
    return services.brady_item_save(actor=pros.actor, case=pros.case, values={**base, **values})


def _to_defense(pros: Any, **values: Any) -> Any:
    return services.production_save(actor=pros.actor, case=pros.case, values={
        "title": "State's discovery response (fictional)", "kind": "discovery", "producer": "prosecutor",
        "recipient": "defense", "date": dt.date(2001, 3, 1), **values,
    })


# --- candidate undisclosed material ---------------------------------------------------------


def test_candidate_not_recorded_without_anything_the_defense_received(pros: Any) -> None:
    _recompute(pros)
    f = pros.finding("prosecution.candidate_undisclosed")
    assert f.status == "not_recorded"
    assert "cannot be compared" in f.text


def test_candidate_present_for_the_page_missing_from_the_ocr_noisy_defense_copy(pros: Any) -> None:
    pros.make_document(pros.case, DEFENSE_COPY, title="Defense trial file copy (fictional)", provenance="defense_file")
    _recompute(pros)
    f = pros.finding("prosecution.candidate_undisclosed")
    assert f.status == "present" and f.subject_key == f"document:{pros.police.pk}"
    pages = [(c.document_id, c.page_number) for c in f.citations.all()]
    assert pages == [(pros.police.pk, 2)]  # page 1 was found in the defense copy despite the OCR noise
    assert f.citations.get().quote == "SUPPLEMENTAL REPORT - Det. Cass Orrin (fictional)"


def test_candidate_absent_when_a_production_to_the_defense_held_every_page(pros: Any) -> None:
    production = _to_defense(pros)
    services.production_assign(actor=pros.actor, production=production, documents=[pros.police])
    _recompute(pros)
    assert pros.finding("prosecution.candidate_undisclosed").status == "absent"


def test_a_production_to_someone_else_is_not_disclosure(pros: Any) -> None:
    pros.make_document(pros.case, DEFENSE_COPY, title="Defense copy (fictional)", provenance="defense_file")
    release = services.production_save(actor=pros.actor, case=pros.case, values={
        "title": "Records release (fictional)", "kind": "records_release", "producer": "police",
        "recipient": "organization", "date": dt.date(2019, 5, 1)})
    services.production_assign(actor=pros.actor, production=release, documents=[pros.police])
    _recompute(pros)
    assert pros.finding("prosecution.candidate_undisclosed").status == "present"


# --- Brady, with Strickler's elements ---------------------------------------------------------


def test_brady_not_recorded_when_disclosure_is_not_recorded(pros: Any) -> None:
    pros.make_document(pros.case, DEFENSE_COPY, title="Defense copy (fictional)", provenance="defense_file")
    item = _item(pros)
    f = pros.finding("prosecution.brady_suppression", f"brady:{item.pk}")
    assert f.status == "not_recorded"
    assert "Suppressed: not recorded" in f.text
    assert "No copy of this page was found in the defense file" in f.text  # the matrix's hint
    assert "Prejudice: not recorded" in f.text


def test_brady_present_with_the_three_elements_and_the_authorities(pros: Any) -> None:
    item = _item(pros, disclosure="not_disclosed", prejudice=True,
                 prejudice_reason="The only eyewitness case; a non-identification by a second witness.")
    f = pros.finding("prosecution.brady_suppression", f"brady:{item.pk}")
    assert f.status == "present"
    assert "Favorable: supported" in f.text and "Suppressed: supported" in f.text and "Prejudice: supported" in f.text
    assert "Kyles imputes police knowledge to the prosecutor" in f.text
    assert {"brady1963", "kyles1995", "strickler1999", "bagley1985", "agurs1976"} <= set(f.authority_keys)
    assert "OM" in f.nre_factors
    page = f.citations.filter(page_number=2, source_model="").get()
    assert page.document_id == pros.police.pk and NO_ID in page.quote


def test_brady_absent_when_the_production_proves_disclosure(pros: Any) -> None:
    production = _to_defense(pros)
    item = _item(pros, disclosure="disclosed", disclosure_production=production)
    f = pros.finding("prosecution.brady_suppression", f"brady:{item.pk}")
    assert f.status == "absent" and "Suppressed: missing" in f.text
    assert f.citations.filter(source_model="prosecution.Production").exists()


def test_brady_not_recorded_when_the_holder_is_not_recorded(pros: Any) -> None:
    item = _item(pros, held_by="", disclosure="not_disclosed")
    assert pros.finding("prosecution.brady_suppression", f"brady:{item.pk}").status == "not_recorded"


def test_a_production_that_went_elsewhere_cannot_prove_disclosure(pros: Any) -> None:
    release = services.production_save(actor=pros.actor, case=pros.case, values={
        "title": "Records release (fictional)", "kind": "records_release", "producer": "police",
        "recipient": "organization"})
    with pytest.raises(services.ValidationError) as exc:
        _item(pros, disclosure="disclosed", disclosure_production=release)
    assert "did not go to the defense" in str(exc.value)


# --- Giglio -----------------------------------------------------------------------------------


def test_giglio_present_absent_not_recorded(pros: Any) -> None:
    memo = pros.make_document(pros.case, [MEMO_PAGE], title="DA memo (fictional)", provenance="prosecutor_file")
    quote = "We agreed to recommend a reduced sentence on his theft charge in exchange for his\ntestimony"
    item = _item(pros, document=memo, page_number=1, quote=quote, category="witness_benefit", favorable="impeaching",
                 held_by="prosecutor", witness=pros.informant)
    f = pros.finding("prosecution.giglio_benefit", f"brady:{item.pk}")
    assert f.status == "not_recorded" and f.subject_person_id == pros.informant.pk
    services.brady_item_save(actor=pros.actor, case=pros.case, instance=item, values={"disclosure": "not_disclosed"})
    f = pros.finding("prosecution.giglio_benefit", f"brady:{item.pk}")
    assert f.status == "present" and "giglio1972" in f.authority_keys
    production = _to_defense(pros)
    services.brady_item_save(actor=pros.actor, case=pros.case, instance=item,
                             values={"disclosure": "disclosed", "disclosure_production": production})
    assert pros.finding("prosecution.giglio_benefit", f"brady:{item.pk}").status == "absent"
    assert not pros.case.findings.filter(rule_id="prosecution.brady_suppression").exists()


# --- Kyles: cumulative ---------------------------------------------------------------------------


def test_kyles_lists_what_was_suppressed_together(pros: Any) -> None:
    _recompute(pros)
    assert pros.finding("prosecution.kyles_cumulative").status == "not_recorded"
    first = _item(pros, disclosure="not_disclosed")
    _item(pros, quote="An anonymous caller stated that a man named Rolf Dagget bragged", category="alternative_suspect",
          disclosure="not_disclosed")
    f = pros.finding("prosecution.kyles_cumulative")
    assert f.status == "present" and f.text.startswith("2 favorable item(s)")
    assert f.citations.count() == 2
    services.brady_item_save(actor=pros.actor, case=pros.case, instance=first, values={"disclosure": ""})
    assert "Disclosure of 1 other item(s) is not recorded" in pros.finding("prosecution.kyles_cumulative").text


def test_kyles_absent_when_everything_was_disclosed(pros: Any) -> None:
    _item(pros, disclosure="disclosed", disclosure_production=_to_defense(pros))
    assert pros.finding("prosecution.kyles_cumulative").status == "absent"


# --- Napue ------------------------------------------------------------------------------------------


def _conflict(pros: Any, **values: Any) -> Any:
    trial = pros.make_document(pros.case, [TRIAL_PAGE], title="Trial transcript (fictional)", provenance="court_file")
    memo = pros.make_document(pros.case, [MEMO_PAGE], title="DA memo (fictional)", provenance="prosecutor_file")
    base = {"witness": pros.informant, "summary": "the DA's memo records an agreement to recommend a reduced sentence.",
            "testimony_document": trial, "testimony_page": 1, "testimony_quote": "A. No. Nobody promised me nothing.",
            "document": memo, "page_number": 1, "quote": "We agreed to recommend a reduced sentence"}
    return services.conflict_save(actor=pros.actor, case=pros.case, values={**base, **values})


def test_napue_present_when_the_state_knew(pros: Any) -> None:
    conflict = _conflict(pros, state_knew=True, corrected=False)
    f = pros.finding("prosecution.napue_false_testimony", f"conflict:{conflict.pk}")
    assert f.status == "present" and "It was not corrected" in f.text
    cited = {(c.document_title, c.page_number) for c in f.citations.all() if c.page_number}
    assert cited == {("Trial transcript (fictional)", 1), ("DA memo (fictional)", 1)}
    assert {"napue1959", "glossip2025"} <= set(f.authority_keys)


def test_napue_not_recorded_then_absent(pros: Any) -> None:
    conflict = _conflict(pros)
    assert pros.finding("prosecution.napue_false_testimony").status == "not_recorded"
    services.conflict_save(actor=pros.actor, case=pros.case, instance=conflict, values={"state_knew": True,
                                                                                         "corrected": True})
    assert pros.finding("prosecution.napue_false_testimony").status == "absent"


def test_a_testimony_quote_must_be_on_its_page(pros: Any) -> None:
    with pytest.raises(services.ValidationError) as exc:
        _conflict(pros, testimony_quote="I was promised a lighter sentence.")
    assert "testimony_quote" in exc.value.message_dict


# --- OM roll-up ----------------------------------------------------------------------------------------


def test_findings_roll_up_to_the_om_subtypes(pros: Any) -> None:
    from innocence.findings.selectors import findings_for_case, present_findings
    from innocence.prosecution.rollup import om_rollup

    _item(pros, disclosure="not_disclosed")
    _conflict(pros, state_knew=True)
    views = present_findings(pros.world.admin, list(findings_for_case(pros.case, lens="prosecution")))
    rolled = {s.key: [v.finding.rule_id for v in s.findings] for s in om_rollup(views)}
    assert "prosecution.brady_suppression" in rolled["concealing_exculpatory"]
    assert rolled["misconduct_at_trial"] == ["prosecution.napue_false_testimony"]
    assert rolled["witness_tampering"] == []


def test_police_report_fixture_pages_are_what_the_rules_read() -> None:
    assert NO_ID in POLICE_REPORT[1].replace("\n", " ")
