"""The case archive carries every record of a case (issue 10, "Complete case archives").

The fictional demo case LIC-DEMO-001, given every kind of record the product makes
(statements, claims, identification procedures, viewing conditions, an interrogation,
an informant and a benefit, findings confirmed, dismissed and made by hand, people merged
and split, tagged excerpts, the intake history of the application it came from, with a
letter as received), is exported, imported into a fresh organization, exported again,
and the two archives are compared record by record with ids normalised. A broken
section rolls the whole import back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

#: Sections whose records the round trip compares field by field.
SECTIONS = ("documents", "people", "intake", "witnesses", "findings")


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["search.index", "people.extract"]


@pytest.fixture
def drain() -> Any:
    from innocence.jobs.queue import run_until_empty

    return run_until_empty


def _fill(drain: Any) -> Any:
    """The demo, and every kind of record the demo does not make on LIC-DEMO-001."""
    from innocence.cases.demo import load_demo
    from innocence.documents import services as documents
    from innocence.documents.models import Page
    from innocence.findings import services as findings
    from innocence.findings.models import Finding
    from innocence.findings.registry import CitationDraft
    from innocence.intake import letters, screening
    from innocence.intake import services as intake
    from innocence.intake.models import Application, ScreeningCriterion
    from innocence.people import decisions
    from innocence.people.models import Person, ResolvedName
    from innocence.witnesses.services import witness_record_save

    demo = load_demo()
    drain()
    case = demo.cases["LIC-DEMO-001"]
    attorney, intake_user = demo.users["attorney"], demo.users["intake"]

    # An excerpt with tags.
    page = Page.objects.filter(document__case=case).exclude(text="").order_by("document_id", "number").first()
    assert page is not None
    quote = " ".join(page.text.split()[:4])
    quote = re.search(r"\s+".join(map(re.escape, quote.split())), page.text).group(0)  # type: ignore[union-attr]
    documents.excerpt_create(actor=attorney, page=page, quote=quote, note="fictional note", tags=["key", "id"])

    # A hand correction of a page's text.
    last = Page.objects.filter(document__case=case).exclude(pk=page.pk).order_by("-document_id", "-number").first()
    assert last is not None
    documents.page_correct(actor=attorney, page=last, text=last.text + "\n[fictional correction]")

    # Witness records the demo lacks: an interrogation, a statement of a person with no role.
    hale = demo.people["hale"]
    witness_record_save(actor=attorney, case=case, kind="interrogation", values={
        "suspect": hale, "date": dt.date(1994, 6, 13), "interrogators": "Det. Kessler (fictional)",
        "duration_hours": "6.5", "recorded_in_full": False, "confession": False, "miranda_waived": None,
        "document": page.document, "page_number": page.number, "quote": quote,
    })
    bystander = Person.objects.create(
        organization=case.organization, full_name="Ona Bystander-Fictional", is_fictional=True
    )
    witness_record_save(actor=attorney, case=case, kind="statement", values={
        "witness": bystander, "kind": "written_statement", "date": dt.date(1994, 6, 20),
        "summary": "Fictional: a bystander saw a man run east.",
    })

    # Findings: recomputed, one confirmed, one dismissed, one made by hand.
    findings.findings_recompute(case=case, actor=attorney)
    rule_findings = list(Finding.objects.filter(case=case, origin="rule").order_by("id"))
    assert len(rule_findings) >= 2
    findings.finding_confirm(actor=attorney, finding=rule_findings[0], note="checked against the record")
    findings.finding_dismiss(actor=attorney, finding=rule_findings[1], reason="fictional: a later report explains it")
    findings.finding_create(
        actor=attorney, case=case, lens="witness", title="Fictional hand-made finding",
        text="The clerk's first description omits the mustache.", nre_factors=["MWID"],
        citations=[CitationDraft(document_id=page.document_id, document_title=page.document.title,
                                 page_number=page.number, quote=quote)],
    )

    # People: a split and a merge made on this case.
    names = list(ResolvedName.objects.filter(case=case).values_list("person_id", "name_key"))
    by_person: dict[int, list[str]] = {}
    for person_id, key in names:
        by_person.setdefault(person_id, []).append(key)
    several = next((p for p, keys in sorted(by_person.items()) if len(keys) >= 2), None)
    if several is not None:
        decisions.person_split(
            actor=attorney, case=case, person=Person.objects.get(pk=several),
            move_keys=sorted(by_person[several])[-1:], note="fictional: two different men",
        )
    mergeable = sorted(p for p in by_person if p != several and not Person.objects.get(pk=p).case_roles.exists())
    if len(mergeable) >= 2:
        decisions.persons_merge(
            actor=attorney, keep=Person.objects.get(pk=mergeable[0]), other=Person.objects.get(pk=mergeable[1]),
            case=case, note="fictional: the same man",
        )

    # Intake: the application the case came from, with its whole history.
    screening.ensure_default_criteria(case.organization)
    application = intake.application_create(
        actor=intake_user, organization=case.organization, received_on=dt.date(2024, 1, 8), is_fictional=True,
        applicant_name="Marcus Delano Hale", inmate_number="D-448210", conviction_state="LA",
        offense="Second-degree murder", conviction_year=1995, conviction_basis="trial",
        claim="Fictional: I was not at the store.", identity_at_issue="yes", victims=["Fictional Victim"],
        facility="Harrow Bend Correctional Center (fictional)",
        named_people=[{"name": "Curtis Bell", "role": "witness"}],  # the informant of the case: a conflict
    )
    other = Application.objects.exclude(pk=application.pk).filter(organization=case.organization).first()
    assert other is not None
    intake.file_attach(
        actor=intake_user, application=application, name="letter.txt",
        content=b"Fictional letter from Marcus Hale asking for help.\n", content_type="text/plain",
    )
    intake.facility_move(actor=intake_user, application=application, facility="Pine Hollow Unit (fictional)",
                         since=dt.date(2024, 3, 1), note="transferred")
    criterion = ScreeningCriterion.objects.filter(organization=case.organization).order_by("position").first()
    assert criterion is not None
    screening.screening_save(actor=intake_user, application=application, answers={criterion.pk: ("yes", "fictional")})
    intake.match_review(actor=intake_user, application=application, target_kind="person", target_id=hale.pk,
                        decision="linked", note="same person")
    intake.match_review(actor=intake_user, application=application, target_kind="application",
                        target_id=other.pk, decision="dismissed", note="a different man")
    intake.conflict_decide(actor=demo.users["admin"], application=application, outcome="waived",
                           reason="fictional: the named witness is the case's own informant")
    intake.application_transition(actor=intake_user, application=application, to_stage="acknowledged")
    letters.letter_send(actor=intake_user, application=application, kind="acknowledgement")
    letters.correspondence_log_incoming(actor=intake_user, application=application,
                                        subject="Questionnaire returned", received_on=dt.date(2024, 2, 2))
    from innocence.intake.models import Referral

    Referral.objects.create(application=application, to_organization="Fictional Partner Project", by=intake_user)
    # The demo case predates intake: link the application to it as acceptance would, and
    # file its letter on the case.
    Application.objects.filter(pk=application.pk).update(case=case, stage="accepted")
    for app_file in application.files.exclude(document=None):
        type(app_file.document).objects.filter(pk=app_file.document_id).update(case=case)
    drain()
    return demo


def _counts(case: Any) -> dict[str, int]:
    """Rows of every model the archive sections carry, for one case."""
    from django.apps import apps

    from innocence.core.extensions import registry

    counts = {}
    for section in registry().archive_sections():
        for label in section.models:
            model = apps.get_model(label)
            rows = model._default_manager.filter(**{_path_to_case(model): case})
            if label == "findings.RecordCitation":
                rows = rows.filter(other_case=None)  # other cases' records never leave with this one
            counts[label] = rows.count()
    return counts


def _path_to_case(model: Any, depth: int = 0) -> str:
    from django.db import models as m

    for f in model._meta.concrete_fields:
        if isinstance(f, m.ForeignKey) and f.related_model._meta.label == "cases.Case" and f.name != "other_case":
            return f.name
    for f in model._meta.concrete_fields:
        if isinstance(f, m.ForeignKey) and depth < 3 and f.related_model._meta.label != "core.Organization":
            try:
                return f"{f.name}__{_path_to_case(f.related_model, depth + 1)}"
            except LookupError:
                continue
    raise LookupError(model)


# --- normalising an archive ---------------------------------------------------------------


def _namespaces() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str, str], tuple[str, str]], dict[str, str]]:
    """model label → (member, list) of its records; (member, list, field) → the namespace
    its ids point at; finding subject prefixes."""
    from innocence.cases.archive import installed_sections

    by_label: dict[str, tuple[str, str]] = {
        "documents.Document": ("documents/documents.json", "documents"),
        "documents.Page": ("documents/documents.json", "pages"),
        "documents.Excerpt": ("documents/documents.json", "excerpts"),
    }
    modules = [(name, module) for name, module in installed_sections() if hasattr(module, "SPECS")]
    for name, module in modules:
        for spec in module.SPECS:
            by_label[spec.label] = (f"{name}/{module.INDEX}", spec.key)
    refs: dict[tuple[str, str, str], tuple[str, str]] = {
        ("documents/documents.json", "documents", "parent"): by_label["documents.Document"],
        ("documents/documents.json", "excerpts", "document"): by_label["documents.Document"],
    }
    subjects: dict[str, str] = {}
    for name, module in modules:
        subjects.update(getattr(module, "FINDING_SUBJECTS", {}))
        for spec in module.SPECS:
            for field, label in spec.references().items():
                if label in by_label:
                    refs[(f"{name}/{module.INDEX}", spec.key, field)] = by_label[label]
    return by_label, refs, subjects


class Normaliser:
    def __init__(self, members: dict[str, Any]) -> None:
        self.by_label, self.refs, self.subjects = _namespaces()
        self.ordinal: dict[tuple[str, str], dict[Any, int]] = {}
        self.persons: dict[str, str] = {}
        self.others: dict[str, dict[str, int]] = {}
        for member, data in sorted(members.items()):
            self._collect(member, data, "")

    def _collect(self, member: str, node: Any, key: str) -> None:
        if isinstance(node, list):
            for item in node:
                if isinstance(item, dict) and "id" in item:
                    table = self.ordinal.setdefault((member, key), {})
                    table.setdefault(item["id"], len(table))
                self._collect(member, item, key)
        elif isinstance(node, dict):
            for k, v in node.items():
                self._collect(member, v, k)

    def person(self, key: str) -> str:
        return self.persons.setdefault(key, f"person#{len(self.persons)}")

    def _id(self, namespace: tuple[str, str], value: Any) -> Any:
        if value is None:
            return None
        table = self.ordinal.get(namespace, {})
        return f"{namespace[1]}#{table[value]}" if value in table else f"{namespace[1]}#missing:{value}"

    def _pk(self, label: str, value: str) -> str:
        if label == "people.Person":
            return self.person(f"person-{value}")
        if label in self.by_label and value.isdigit():
            return str(self._id(self.by_label[label], int(value)))
        # A model of a section that does not use the record codec: by first appearance.
        table = self.others.setdefault(label, {})
        return f"{label}#{table.setdefault(value, len(table))}"

    def walk(self, member: str, node: Any, key: str = "") -> Any:
        if isinstance(node, list):
            return [self.record(member, key, item) if isinstance(item, dict) else self.walk(member, item, key)
                    for item in node]
        if isinstance(node, dict):
            return {k: self.walk(member, v, k) for k, v in node.items()}
        if isinstance(node, str) and re.fullmatch(r"person-\d+", node):
            return self.person(node)
        return node

    def record(self, member: str, key: str, item: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for field, value in item.items():
            namespace = self.refs.get((member, key, field))
            if field == "id" and (member, key) in self.ordinal:
                out[field] = self._id((member, key), value)
            elif namespace is not None and isinstance(value, int):
                out[field] = self._id(namespace, value)
            elif field == "source_pk" and item.get("source_model") and value:
                out[field] = self._pk(item["source_model"], str(value))
            elif field == "subject_key" and isinstance(value, str):
                parts = value.split(":")
                for i in range(0, len(parts) - 1, 2):
                    if not parts[i + 1].isdigit():
                        break
                    parts[i + 1] = self._pk(self.subjects.get(parts[i]) or f"subject {parts[i]}", parts[i + 1])
                out[field] = ":".join(parts)
            elif field in ("facts_digest", "reviewed_digest") and member.startswith("findings/"):
                # Digests are over the (translated) ids: compare what they say, not the hash;
                # test_a_rerun_of_the_rules_after_import_keeps_every_review checks them.
                out[field] = "(same as facts)" if value and value == item.get("facts_digest") else bool(value)
            elif field == "target_id" and member.startswith("intake/"):
                out[field] = "(see target)" if item.get("target") is not None else value
            elif field == "target" and isinstance(value, int):
                out[field] = self._id(self.by_label["intake.Application"], value)
            else:
                out[field] = self.walk(member, value, field)
        return out


def _read(path: Path) -> dict[str, Any]:
    members: dict[str, Any] = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name == "manifest.json":
                continue
            data = zf.read(name)
            members[name] = json.loads(data) if name.endswith(".json") else hashlib.sha256(data).hexdigest()
    return members


def _normalised(path: Path) -> dict[str, Any]:
    members = _read(path)
    members["case.json"]["case"]["reference"] = "(reference)"
    for application in members.get("intake/intake.json", {}).get("applications", []):
        application["reference"] = "(receipt number)"
    normaliser = Normaliser({k: v for k, v in members.items() if isinstance(v, dict | list)})
    return {name: normaliser.walk(name, data) for name, data in sorted(members.items())}


# --- the round trip -------------------------------------------------------------------------


def _fresh_org(make_org: Any, demo: Any) -> Any:
    """A new organization with the same staff (the clinic moving to a new installation)."""
    from innocence.core.models import Membership

    fresh = make_org("fresh-clinic", prefix="FRC")
    for membership in Membership.objects.filter(organization=demo.organization).select_related("user"):
        Membership.objects.create(user=membership.user, organization=fresh, role=membership.role)
    return fresh


def test_every_record_survives_a_round_trip(drain: Any, make_org: Any, tmp_path: Path) -> None:
    from innocence.cases.archive import export_case, import_case

    demo = _fill(drain)
    case = demo.cases["LIC-DEMO-001"]
    attorney = demo.users["attorney"]
    before = _counts(case)
    from innocence.core.extensions import registry

    must_have = [
        label
        for section in registry().archive_sections()
        if section.name in ("people", "intake", "witnesses", "findings")
        for label in section.models
    ] + ["documents.Document", "documents.Page", "documents.PageCorrection", "documents.Excerpt"]
    empty = [label for label in must_have if not before[label]]
    assert not empty, f"the demo case lacks records of {empty}"
    assert before["people.ResolutionDecision"] >= 1

    first = tmp_path / "first.zip"
    result = export_case(actor=attorney, case=case, destination=first)
    assert set(SECTIONS) <= set(result.sections)

    fresh = _fresh_org(make_org, demo)
    imported = import_case(actor=attorney, organization=fresh, source=first, reference="FRC-2026-0001")
    copy = imported.case
    copy.refresh_from_db()  # (the returned object predates the restored created_at)
    assert copy.organization == fresh
    assert any("renumbered" in w for w in imported.warnings)  # the receipt number is taken here
    after = _counts(copy)
    assert after == before, {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)}

    second = tmp_path / "second.zip"
    export_case(actor=attorney, case=copy, destination=second)
    a, b = _normalised(first), _normalised(second)
    assert sorted(a) == sorted(b)
    for member in sorted(a):
        if member.split("/")[0] not in ("case.json", *SECTIONS):
            continue  # other lenses' sections: compared by their own tests
        if a[member] == b[member]:
            continue
        if isinstance(a[member], dict):
            for key in sorted(set(a[member]) | set(b[member])):
                left, right = a[member].get(key), b[member].get(key)
                if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
                    for i, (x, y) in enumerate(zip(left, right, strict=True)):
                        assert x == y, f"{member} {key}[{i}] differs: {x}"
                assert left == right, f"{member} {key} differs"
        assert a[member] == b[member], member

    # The imported records point at the imported case's own rows, never the source's.
    from innocence.findings.models import Finding, RecordCitation
    from innocence.intake.models import Application, ApplicationFile
    from innocence.witnesses.models import Statement

    assert not Statement.objects.filter(case=copy).exclude(witness__organization=fresh).exists()
    assert not RecordCitation.objects.filter(finding__case=copy).exclude(document=None).exclude(
        document__case=copy).exists()
    reviewed = Finding.objects.filter(case=copy).exclude(review_state="unreviewed")
    assert reviewed.count() == Finding.objects.filter(case=case).exclude(review_state="unreviewed").count()
    [application] = Application.objects.filter(case=copy)
    [letter] = ApplicationFile.objects.filter(application=application)
    with letter.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == letter.sha256
    reviews = {(r.target_kind, r.target_id) for r in application.match_reviews.all()}
    hale_copy = copy.applicant
    assert ("person", hale_copy.pk) in reviews  # the link to the applicant travels
    assert any(kind == "source-application" for kind, _ in reviews)  # a record left behind is never linked


def test_a_rerun_of_the_rules_after_import_keeps_every_review(drain: Any, make_org: Any, tmp_path: Path) -> None:
    from innocence.cases.archive import export_case, import_case
    from innocence.findings.models import Finding
    from innocence.findings.services import findings_recompute

    demo = _fill(drain)
    case = demo.cases["LIC-DEMO-001"]
    path = tmp_path / "case.zip"
    export_case(actor=demo.users["attorney"], case=case, destination=path)
    fresh = _fresh_org(make_org, demo)
    copy = import_case(actor=demo.users["attorney"], organization=fresh, source=path, reference="FRC-2026-0002").case

    def reviews(c: Any) -> set[tuple[str, str, str, bool]]:
        return {
            (f.rule_id, f.status, f.review_state, f.facts_changed_since_review)
            for f in Finding.objects.filter(case=c).exclude(review_state="unreviewed")
        }

    expected = reviews(case)
    result = findings_recompute(case=copy)
    assert not result.created and not result.removed and not result.flagged, result.as_dict()
    assert reviews(copy) == expected


# --- all or nothing -------------------------------------------------------------------------


def _rewrite(source: Path, target: Path, member: str, change: Any) -> None:
    """Copy the archive with one member changed, the manifest's checksums made to match
    (so that only the section's own checks can catch it)."""
    with zipfile.ZipFile(source) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    data = json.loads(members[member])
    change(data)
    members[member] = json.dumps(data).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["members"][member] = {"sha256": hashlib.sha256(members[member]).hexdigest(), "size": len(members[member])}
    members["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    target.write_bytes(buffer.getvalue())


def _all_rows() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.label != "core.AuditEntry"}


@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        # Caught by the findings section's import, after every other section was written.
        ("findings/findings.json", lambda d: d["citations"][0].update(document=987654321), "does not hold"),
        # Caught while importing witnesses (a person that is nowhere in the archive).
        ("witnesses/witnesses.json", lambda d: d["statements"][0].update(witness="person-987654321"), "no person"),
        # Caught before anything is written (schema).
        ("intake/intake.json", lambda d: d["applications"][0].update(claim="bad\x00claim"), "NUL"),
        ("witnesses/witnesses.json", lambda d: d["claims"][0].update(statement=987654321), "no statements"),
        ("people/people.json", lambda d: d["decisions"][0].update(action="obliterate"), "unknown action"),
    ],
)
def test_a_broken_section_imports_nothing(
    drain: Any, make_org: Any, tmp_path: Path, member: str, change: Any, message: str
) -> None:
    from innocence.cases.archive import ArchiveError, export_case, import_case

    demo = _fill(drain)
    case = demo.cases["LIC-DEMO-001"]
    good = tmp_path / "good.zip"
    export_case(actor=demo.users["attorney"], case=case, destination=good)
    bad = tmp_path / "bad.zip"
    _rewrite(good, bad, member, change)
    fresh = _fresh_org(make_org, demo)
    rows = _all_rows()
    with pytest.raises(ArchiveError, match=message):
        import_case(actor=demo.users["attorney"], organization=fresh, source=bad, reference="FRC-2026-0003")
    assert _all_rows() == rows
    # The intact archive still imports.
    import_case(actor=demo.users["attorney"], organization=fresh, source=good, reference="FRC-2026-0003")


def test_system_check_names_no_pending_archive_models() -> None:
    from innocence.core.extensions import registry

    mine = ("people", "findings", "intake", "witnesses")
    assert not [label for label in registry().archive_pending() if label.split(".")[0] in mine]
