"""Every form and API field of the Evidence, Prosecution and Timeline lenses that takes an id
names only what the caller may see — the rule the Witness lens follows
(tests/witnesses/test_id_fields.py). For each field, an id of a record of another
organization, of a case of the same organization the caller is not on, of another case
(for case records), and an id that exists nowhere all answer with the same words (no
existence oracle), write nothing, and never show the hidden record's name.

The fields are not listed here: the API's are read from each lens's field specs (its
``KINDS`` and ``*_FIELDS``) for every POST/PATCH operation the OpenAPI schema has under the
lens's tag, and an operation the walk cannot place fails the test; the forms' are every
``ModelChoiceField`` of every form page of tests/route_table.py in those apps."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django import forms as django_forms
from django.db import models

from tests.route_table import API, CASE, WEB, api_path, web_path

LENS_APPS = ("evidence", "prosecution", "timeline")
HIDDEN_NAME = "Hidden Walker Fictional"
HIDDEN_TITLE = "Hidden walk exhibit (fictional)"
NOWHERE = 10**9
NOT_AN_ID = "12abc"


# --- the ids the attorney of LIC-DEMO-001 may not name -----------------------------------


def _clone_into(obj: models.Model, case: Any, title: str) -> models.Model:
    """A copy of a case record filed on another case (for models the demo has none of there)."""
    obj.pk = None
    obj.id = None  # type: ignore[attr-defined]
    obj._state.adding = True
    obj.case = case  # type: ignore[attr-defined]
    if hasattr(obj, "organization_id"):
        obj.organization = case.organization  # type: ignore[attr-defined]
    if hasattr(obj, "title") and title:
        obj.title = title  # type: ignore[attr-defined]
    obj.save()
    return obj


class Foreign:
    """Per related model, the ids to try, each with what it is."""

    def __init__(self, estate: Any) -> None:
        from innocence.cases import services as case_services
        from innocence.cases.models import Case
        from innocence.cases.selectors import cases_visible_to
        from innocence.people import services as people_services
        from innocence.people.models import Person

        self.estate = estate
        attorney = estate.users["attorney"]
        admin = estate.users["admin"]
        self.hidden_case = case_services.case_create(
            actor=admin, organization=estate.organization, title="State v. Hidden Walk (fictional)"
        )
        self.hidden_person = people_services.person_create(
            actor=admin, organization=estate.organization, full_name=HIDDEN_NAME
        )
        people_services.case_role_add(actor=admin, case=self.hidden_case, person=self.hidden_person, role="witness")
        other_org = estate.ctx.other_organization
        self.other_case = Case.objects.filter(organization=other_org).first()
        self.other_person = Person.objects.filter(organization=other_org).first() or Person.objects.create(
            organization=other_org, full_name="Other Org Walker Fictional"
        )
        visible = cases_visible_to(attorney)
        self.visible_other = visible.exclude(reference=CASE).first()  # a case the attorney is on, not this one
        self.cases = {"hidden": self.hidden_case, "other organization": self.other_case}
        assert not visible.filter(pk=self.hidden_case.pk).exists()

    def ids(self, label: str, *, case_scoped: bool = True) -> dict[str, Any]:
        """Ids of ``label`` records the caller may not name; with ``case_scoped`` (a field of
        a case record) also one of another case the caller is on."""
        from django.apps import apps

        from innocence.cases.models import Case

        if label == "people.Person":
            return {"hidden": self.hidden_person.pk, "other organization": self.other_person.pk, "nowhere": NOWHERE, "not a number": NOT_AN_ID}
        if label == "cases.Case":
            return {"hidden": self.hidden_case.pk, "other organization": self.other_case.pk, "nowhere": NOWHERE, "not a number": NOT_AN_ID}
        model = apps.get_model(label)
        here = model._default_manager.filter(case__reference=CASE).order_by("pk").first()
        found: dict[str, int] = {}
        places = {**self.cases, **({"another case": self.visible_other} if self.visible_other and case_scoped else {})}
        for what, case in places.items():
            record = model._default_manager.filter(case=case).first()
            if record is None and here is not None:
                record = _clone_into(model._default_manager.get(pk=here.pk), case,
                                     "" if what == "another case" else HIDDEN_TITLE)
            if record is not None:
                found[what] = record.pk
        assert set(self.cases) <= set(found), (label, found, "the demo has none to copy")
        assert isinstance(Case, type)
        return {**found, "nowhere": NOWHERE, "not a number": NOT_AN_ID}


@pytest.fixture
def foreign(estate: Any) -> Foreign:
    return Foreign(estate)


def _same_words(answers: dict[str, str], ids: dict[str, Any]) -> set[str]:
    """The messages with the ids taken out. Text that is no id at all may say so; every
    real id the caller may not name must read the same."""
    return {message.replace(str(ids[what]), "N") for what, message in answers.items() if what != "not a number"}


# --- the API ------------------------------------------------------------------------------


def _relations(model: type[models.Model], names: Any) -> list[tuple[str, str, bool]]:
    """(field name, related model label, many) for the relation fields among names."""
    found = []
    for name in names:
        if name not in {f.name for f in model._meta.get_fields()}:
            continue  # a key the API takes for another record kind
        field = model._meta.get_field(name)
        if isinstance(field, models.ForeignKey | models.ManyToManyField):
            found.append((name, field.related_model._meta.label, isinstance(field, models.ManyToManyField)))
    return found


def _api_fields() -> list[tuple[str, str, str, str, bool, str]]:
    """(operation, record kind, field, related label, many, key) for every id-taking field
    of every write operation of the lens routers."""
    from innocence.evidence.services import KINDS
    from innocence.prosecution import services as pros
    from innocence.prosecution.models import BradyItem, MisconductRecord, Production
    from innocence.timeline import services as tl
    from innocence.timeline.models import Event, Proceeding, ProceedingStep
    from tests.route_table import api_operations

    def timeline(model: type[models.Model], names: Any) -> list[tuple[str, str, bool]]:
        # the timeline API takes document/person ids for every write (one _values)
        return _relations(model, names)

    specs: dict[str, list[tuple[str, list[tuple[str, str, bool]]]]] = {
        "POST /api/cases/{reference}/evidence-records/{record_kind}": [
            (kind, _relations(spec.model, spec.fields)) for kind, spec in KINDS.items()],
        "PATCH /api/cases/{reference}/evidence-records/{record_kind}/{record_id}": [
            ("item", _relations(KINDS["item"].model, KINDS["item"].fields))],
        "POST /api/cases/{reference}/productions": [("", _relations(Production, pros.PRODUCTION_FIELDS))],
        "POST /api/cases/{reference}/productions/{production_id}/documents": [
            ("", [("document_ids", "documents.Document", True)])],
        "POST /api/cases/{reference}/brady-items": [("", _relations(BradyItem, pros.ITEM_FIELDS))],
        "PATCH /api/cases/{reference}/brady-items/{item_id}": [("", _relations(BradyItem, pros.ITEM_FIELDS))],
        "POST /api/misconduct": [("", _relations(MisconductRecord, pros.MISCONDUCT_FIELDS))],
        "POST /api/cases/{reference}/timeline/events": [("", timeline(Event, tl.EVENT_FIELDS))],
        "PATCH /api/cases/{reference}/timeline/events/{event_id}": [("", timeline(Event, tl.EVENT_FIELDS))],
        "POST /api/cases/{reference}/timeline/events/{event_id}/review": [("", timeline(Event, tl.EVENT_FIELDS))],
        "POST /api/cases/{reference}/proceedings": [
            ("", timeline(Proceeding, tl.PROCEEDING_FIELDS) + timeline(Event, tl.EVENT_FIELDS))],
        "POST /api/cases/{reference}/proceedings/{proceeding_id}/steps": [
            ("", timeline(ProceedingStep, tl.STEP_FIELDS) + timeline(Event, ("person",)))],
    }
    #: write operations that take no id in their body
    no_ids = {
        "POST /api/cases/{reference}/evidence-proposals/run",
        "POST /api/cases/{reference}/evidence-proposals/{proposal_id}/review",
        "POST /api/cases/{reference}/timeline/propose",
    }
    from innocence.api import api

    schema = api.get_openapi_schema()
    lens_ops = {
        f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method, op in ops.items()
        if method in ("post", "patch", "put") and set(op.get("tags", [])) & set(LENS_APPS)
    }
    unplaced = lens_ops - set(specs) - no_ids
    assert not unplaced, f"write operations the id walk does not know: {sorted(unplaced)}"
    assert set(specs) <= api_operations()
    rows = []
    for op, kinds in specs.items():
        for kind, fields in kinds:
            for name, label, many in fields:
                key = name if many else f"{name}_id"
                rows.append((op, kind, name, label, many, key))
    return rows


API_FIELDS = _api_fields()


@pytest.mark.django_db
@pytest.mark.parametrize(("op", "kind", "name", "label", "many", "key"), API_FIELDS,
                         ids=[f"{o.split('/')[-1] or o} {k} {n}" for o, k, n, *_ in API_FIELDS])
def test_an_api_id_field_names_only_what_the_caller_sees(client, estate, foreign, op, kind, name, label, many, key):
    from django.apps import apps

    route = next(r for r in API if r.key == op)
    method, _ = op.split(" ", 1)
    path = api_path(route, estate)
    if kind:
        path = path.replace("/evidence-records/item", f"/evidence-records/{kind}")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens['attorney']}"}
    ids = foreign.ids(label, case_scoped="{reference}" in op)  # before counting: it may file copies
    counts = {m: m._default_manager.count() for m in apps.get_app_config(op_app(op)).get_models()}
    answers: dict[str, str] = {}
    extra = {"action": "reject"} if op.endswith("/review") else {}
    for what, raw in ids.items():
        body = {**extra, key: [raw] if many else raw}
        response = getattr(client, method.lower())(path, data=json.dumps(body), content_type="application/json",
                                                    **headers)
        assert response.status_code == 422, (op, kind, name, what, response.status_code, response.content[:300])
        text = response.content.decode()
        assert HIDDEN_NAME not in text and HIDDEN_TITLE not in text, (op, name, what)
        answers[what] = response.json()["errors"][key][0]
    assert len(_same_words(answers, ids)) == 1, answers  # one message: no existence oracle
    assert counts == {m: m._default_manager.count() for m in counts}


def op_app(op: str) -> str:
    if "evidence" in op:
        return "evidence"
    if "timeline" in op or "proceedings" in op:
        return "timeline"
    return "prosecution"


# --- the forms ----------------------------------------------------------------------------


def _kinds(app: str) -> list[str]:
    if app == "evidence":
        from innocence.evidence.services import KINDS

        return list(KINDS)
    from innocence.prosecution.forms import FORMS

    return list(FORMS)


def _form_pages() -> list[tuple[str, str]]:
    """(route key, kind) of every form page (a GET) of the lens apps."""
    pages = []
    for route in WEB:
        app = route.key.split(":")[0]
        if app not in LENS_APPS or route.method != "GET" or not route.key.endswith(("_add", "_edit")):
            continue
        if route.key in ("evidence:record_add", "prosecution:record_add"):
            pages += [(route.key, kind) for kind in _kinds(app)]
        else:
            pages.append((route.key, ""))
    return pages


FORM_PAGES = _form_pages()


def _url(estate: Any, key: str, kind: str) -> str:
    from django.urls import reverse

    route = next(r for r in WEB if r.key == key)
    if not kind:
        return web_path(route, estate)
    return reverse(key, kwargs={**route.args(estate), "kind": kind})


def test_the_walk_finds_the_lens_forms() -> None:
    keys = {k for k, _ in FORM_PAGES}
    assert {"evidence:record_add", "prosecution:record_add", "prosecution:registry_add", "timeline:event_add",
            "timeline:step_add", "timeline:item_add"} <= keys


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "kind"), FORM_PAGES, ids=[f"{k} {c}".strip() for k, c in FORM_PAGES])
def test_a_form_offers_and_takes_only_what_the_caller_sees(client, estate, foreign, key, kind):
    from django.apps import apps

    client.force_login(estate.users["attorney"])
    url = _url(estate, key, kind)
    page = client.get(url)
    assert page.status_code == 200, (key, kind, page.status_code)
    assert HIDDEN_NAME not in page.content.decode(), f"{key} {kind} offers a person of a case the user is not on"
    assert HIDDEN_TITLE not in page.content.decode()
    form = page.context["form"]
    choice_fields = {n: f for n, f in form.fields.items() if isinstance(f, django_forms.ModelChoiceField)}
    case_scoped = "reference" in next(r for r in WEB if r.key == key).args(estate)
    all_ids = {n: foreign.ids(f.queryset.model._meta.label, case_scoped=case_scoped) for n, f in choice_fields.items()}
    counts = {m: m._default_manager.count() for m in apps.get_app_config(key.split(":")[0]).get_models()}
    for name in choice_fields:
        ids = all_ids[name]
        answers = {}
        for what, raw in ids.items():
            response = client.post(url, {name: raw})
            assert response.status_code == 200, (key, kind, name, what, response.status_code)
            text = response.content.decode()
            assert HIDDEN_NAME not in text and HIDDEN_TITLE not in text, (key, name, what)
            errors = response.context["form"].errors.get(name)
            assert errors, (key, kind, name, what, "took an id the user may not name")
            answers[what] = errors[0]
        assert len(_same_words(answers, ids)) == 1, (key, name, answers)
    assert counts == {m: m._default_manager.count() for m in counts}


@pytest.mark.django_db
def test_the_registry_import_matches_only_people_the_importer_sees(estate, foreign):
    """The import's dry run proposes existing persons by name, and its commit takes their
    ids: a person known only from a case the importer is not on is neither proposed nor taken."""
    from django.core.exceptions import ValidationError

    from innocence.prosecution.registry_import import import_commit, import_plan

    csv_text = f"officer,agency,allegation,disposition,date\n{HIDDEN_NAME},Fictional PD,Untruthful report,Sustained,2011-03-04\n"
    attorney = estate.users["attorney"]
    plan = import_plan(estate.organization, csv_text, attorney)
    assert [p for p, _score in plan.rows[0].matches if p.pk == foreign.hidden_person.pk] == []
    assert [p for p, _ in import_plan(estate.organization, csv_text).rows[0].matches
            if p.pk == foreign.hidden_person.pk], "the application on its own still matches everyone"
    with pytest.raises(ValidationError, match="not in your organization"):
        import_commit(actor=attorney, organization=estate.organization, data=csv_text,
                      choices={2: str(foreign.hidden_person.pk)}, source_title="Fictional list")
