"""Services, consumers and the registry of the Prosecution lens: bad input gets clear
messages and nothing half-written; consumers are idempotent and treat a missing page id as
a deleted page; registry entries show only as far as the user may see their case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innocence.prosecution import services
from innocence.prosecution.consumers import favorable_for_pages
from innocence.prosecution.models import BradyItem, MisconductRecord, PageSignature, ProductionItem

pytestmark = pytest.mark.django_db


def _production(pros: Any, **values: Any) -> Any:
    return services.production_save(actor=pros.actor, case=pros.case, values={
        "title": "Discovery (fictional)", "kind": "discovery", "producer": "prosecutor", "recipient": "defense",
        **values})


# --- proposals (a page-text consumer) ---------------------------------------------------------------


def test_the_page_pass_proposes_favorable_passages_with_their_page(pros: Any) -> None:
    proposals = BradyItem.objects.filter(case=pros.case, status="proposed", document=pros.police, page_number=2)
    kinds = {p.pattern_id for p in proposals}
    assert {"non_identification", "alternative_suspect"} <= kinds
    no_id = proposals.get(pattern_id="non_identification")
    assert "did not identify anyone" in no_id.quote and no_id.held_by == "police"
    assert no_id.quote in pros.police.pages.get(number=2).text  # verbatim


def test_proposals_are_idempotent_and_human_decisions_stay(pros: Any) -> None:
    page = pros.police.pages.get(number=2)
    before = BradyItem.objects.filter(case=pros.case).count()
    favorable_for_pages([page.pk])
    assert BradyItem.objects.filter(case=pros.case).count() == before
    rejected = BradyItem.objects.get(document=pros.police, pattern_id="alternative_suspect")
    services.brady_item_review(actor=pros.actor, item=rejected, accept=False)
    favorable_for_pages([page.pk])
    assert BradyItem.objects.filter(document=pros.police, pattern_id="alternative_suspect").count() == 1


def test_a_missing_page_id_is_a_deleted_page(pros: Any) -> None:
    page = pros.police.pages.get(number=2)
    confirmed = BradyItem.objects.get(document=pros.police, pattern_id="non_identification")
    services.brady_item_review(actor=pros.actor, item=confirmed, accept=True)
    page_id = page.pk
    page.delete()
    favorable_for_pages([page_id])
    assert not BradyItem.objects.filter(source_page_id=page_id, status="proposed").exists()
    assert BradyItem.objects.filter(pk=confirmed.pk).exists()  # a human's item is never withdrawn


def test_consumers_run_through_the_job_queue(pros: Any, settings: Any) -> None:
    from innocence.documents.models import Page
    from innocence.documents.pipeline.events import page_text_changed
    from innocence.jobs.queue import run_until_empty

    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["prosecution.signatures", "prosecution.favorable"]
    doc = pros.make_document(pros.case, ["A fictional note. The lab report says the suspect was excluded as a "
                                         "possible contributor of the hair found at the scene, page one."],
                             title="Lab note (fictional)", provenance="prosecutor_file", consume=False)
    page = Page.objects.get(document=doc)
    page_text_changed(doc.pk, [page.pk])
    run_until_empty()
    assert PageSignature.objects.filter(page=page).exclude(hashvalues=b"").exists()
    assert BradyItem.objects.filter(document=doc, pattern_id="lab_exclusion", status="proposed").exists()


# --- productions: bad input ------------------------------------------------------------------------


def test_overlapping_bates_ranges_are_refused_with_the_other_production_named(pros: Any) -> None:
    _production(pros, bates_start="ORR-000010", bates_end="ORR-000020")
    with pytest.raises(ValidationError) as exc:
        _production(pros, title="Late disclosure (fictional)", bates_start="ORR-000015", bates_end="ORR-000030")
    assert "overlaps 'Discovery (fictional)'" in str(exc.value)
    _production(pros, title="Other prefix (fictional)", bates_start="XYZ-000015", bates_end="XYZ-000030")


def test_unreadable_or_backwards_bates_and_future_dates(pros: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _production(pros, bates_start="ORR-000020", bates_end="ORR-000010")
    assert "ends (ORR-000010) before it starts" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        _production(pros, date=dt.date.today() + dt.timedelta(days=3))
    assert "in the future" in str(exc.value)


def test_a_production_dated_before_the_crime_is_refused_naming_both_dates(pros: Any) -> None:
    pros.case.offense_date = dt.date(1994, 6, 12)
    pros.case.save(update_fields=["offense_date"])
    with pytest.raises(ValidationError) as exc:
        _production(pros, date=dt.date(1984, 11, 2))
    message = exc.value.message_dict["date"][0]
    assert "1984-11-02" in message and "1994-06-12" in message and "before the offense" in message
    assert not pros.case.productions.filter(date=dt.date(1984, 11, 2)).exists()  # nothing written
    # The day of the crime itself is allowed, and so is an edit that keeps a good date;
    # moving a saved production before the crime is refused and leaves it as it was.
    kept = _production(pros, date=dt.date(1994, 6, 12))
    with pytest.raises(ValidationError):
        services.production_save(actor=pros.actor, case=pros.case, instance=kept, values={"date": dt.date(1990, 1, 1)})
    kept.refresh_from_db()
    assert kept.date == dt.date(1994, 6, 12)


def test_without_an_offense_date_an_early_production_is_not_refused(pros: Any) -> None:
    # "Not recorded" is not a rule broken: the case simply has no crime date to compare with.
    assert pros.case.offense_date is None
    assert _production(pros, date=dt.date(1950, 1, 1)).pk


def test_a_production_cannot_hold_a_document_written_after_it(pros: Any) -> None:
    later = pros.make_document(pros.case, ["Fictional letter written in 2005."], title="Letter (fictional)",
                               doc_date=dt.date(2005, 1, 1))
    production = _production(pros, date=dt.date(2001, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.production_assign(actor=pros.actor, production=production, documents=[pros.police, later])
    assert "'Letter (fictional)' is dated 2005-01-01, after the production" in str(exc.value)
    assert not ProductionItem.objects.filter(production=production).exists()  # nothing half-written


def test_page_ranges_are_checked(pros: Any) -> None:
    production = _production(pros)
    with pytest.raises(ValidationError) as exc:
        services.production_assign(actor=pros.actor, production=production, documents=[pros.police],
                                   page_start=2, page_end=9)
    assert "has 2 page(s); there is no page 9" in str(exc.value)


def test_a_viewer_cannot_write(pros: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.production_save(actor=pros.world.viewer, case=pros.case, values={
            "title": "x", "kind": "discovery", "producer": "police", "recipient": "defense"})


def test_every_write_is_audited(pros: Any) -> None:
    from innocence.core.models import AuditEntry

    production = _production(pros)
    assert AuditEntry.objects.filter(object_type="prosecution.Production", object_id=str(production.pk),
                                     action="create").exists()


# --- the misconduct registry -----------------------------------------------------------------------


def _entry(pros: Any, **values: Any) -> Any:
    base = {"person": pros.officer, "kind": "witness_tampering", "status": "alleged", "source_kind": "news",
            "source_title": "Fictional Gazette, 2010", "source_url": "https://example.invalid/gazette"}
    return services.misconduct_save(actor=pros.world.admin, organization=pros.world.north, values={**base, **values})


def test_every_entry_needs_a_source(pros: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _entry(pros, source_title="", source_url="")
    assert "Every entry needs a source" in str(exc.value)


def test_an_entry_from_a_case_the_user_may_not_see_shows_only_its_own_source(pros: Any) -> None:
    from innocence.prosecution.selectors import misconduct_visible_to

    internal = _entry(pros, source_kind="own_case", case=pros.case, document=pros.police, page_number=2,
                      quote="This tip was not followed up.", description="Our allegation about the tip.",
                      source_title="", source_url="")
    public = _entry(pros, case=pros.case, description="The Gazette's account (fictional).")
    for entry in (internal, public):
        services.misconduct_review(actor=pros.world.admin, record=entry)
    on_team = {v.record.pk: v for v in misconduct_visible_to(pros.world.on_team)}
    assert on_team[internal.pk].case_visible and on_team[internal.pk].as_dict()["quote"]
    off_team = {v.record.pk: v for v in misconduct_visible_to(pros.world.off_team)}
    assert internal.pk not in off_team  # no source of its own: nothing to show
    shown = off_team[public.pk].as_dict()
    assert shown["case"] is None and shown["description"] == "" and shown["source_title"] == "Fictional Gazette, 2010"
    assert misconduct_visible_to(pros.world.outsider) == []


def test_unreviewed_entries_stay_off_other_cases(pros: Any) -> None:
    from innocence.cases import services as case_services
    from innocence.people.models import CaseRole
    from innocence.prosecution.selectors import actors_elsewhere

    other = case_services.case_create(actor=pros.world.admin, organization=pros.world.north, title="State v. Other")
    CaseRole.objects.create(case=other, person=pros.officer, role="officer")
    entry = _entry(pros, status="sustained", source_kind="disciplinary")
    here = actors_elsewhere(pros.world.admin, other)
    assert all(not a.misconduct for a in here)
    services.misconduct_review(actor=pros.world.admin, record=entry)
    here = actors_elsewhere(pros.world.admin, other)
    assert [v.record.status for a in here for v in a.misconduct] == ["sustained"]
    assert [c.case.reference for a in here for c in a.other_cases] == [pros.case.reference]
    services.misconduct_save(actor=pros.world.admin, organization=pros.world.north, instance=entry,
                             values={"description": "changed"})
    entry.refresh_from_db()
    assert entry.reviewed is False  # a changed entry is reviewed again


# --- CSV import ----------------------------------------------------------------------------------------

CSV = (
    "officer,agency,allegation,disposition,date\n"
    "Det. Cass Orrin,Fictional County Sheriff,Coached a witness during a lineup,Sustained,3/4/2011\n"
    "Pat Nobody,Fictional PD,Untruthful report,Unfounded,2012-13-40\n"
    "Lee Quarry,Fictional PD,Withheld a Brady tip,Pending,2014-05-01\n"
)


def test_csv_dry_run_reports_rows_and_proposes_matches(pros: Any) -> None:
    from innocence.prosecution.registry_import import import_plan

    plan = import_plan(pros.world.north, CSV)
    assert not plan.errors
    first, second, third = plan.rows
    assert first.matches and first.matches[0][0] == pros.officer and first.values["status"] == "sustained"
    assert first.values["kind"] == "witness_tampering"
    assert "'2012-13-40' is not a date" in second.errors[0]
    assert third.values["kind"] == "concealing_exculpatory" and third.values["status"] == "alleged"
    assert MisconductRecord.objects.count() == 0  # a dry run writes nothing


def test_csv_unknown_columns_refuse_the_file(pros: Any) -> None:
    from innocence.prosecution.registry_import import import_plan

    plan = import_plan(pros.world.north, "officer,badge_colour,allegation,disposition\nA,B,C,Sustained\n")
    assert plan.errors and "Unknown column(s): badge_colour" in plan.errors[0]


def test_csv_commit_is_all_or_nothing_and_matches_are_chosen_not_forced(pros: Any) -> None:
    from innocence.prosecution.registry_import import import_commit

    with pytest.raises(ValidationError):
        import_commit(actor=pros.world.admin, organization=pros.world.north, data=CSV,
                      choices={2: str(pros.officer.pk), 3: "new"}, source_title="Fictional Brady list 2020")
    assert MisconductRecord.objects.count() == 0
    created = import_commit(actor=pros.world.admin, organization=pros.world.north, data=CSV,
                            choices={2: str(pros.officer.pk), 4: "new"}, source_title="Fictional Brady list 2020")
    assert [r.person.full_name for r in created] == ["Det. Cass Orrin", "Lee Quarry"]
    assert all(not r.reviewed and r.source_title == "Fictional Brady list 2020" for r in created)
