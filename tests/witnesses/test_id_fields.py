"""Every field of the Witness-lens API that takes an id names only what the caller may see:
a person known only from a case they cannot see, another organization's person or
document, and an id that exists nowhere all answer the same 422 with the same words, and
nothing is written (the old API returned 201 and showed the hidden person's name)."""

from __future__ import annotations

import json

import pytest
from django.db import models

from innocence.witnesses.services import KINDS


def _id_fields() -> list[tuple[str, str, str]]:
    rows = []
    for kind, spec in KINDS.items():
        for name in spec.fields:
            field = spec.model._meta.get_field(name)
            if isinstance(field, models.ForeignKey):
                rows.append((kind, name, field.related_model._meta.label))
    return rows


ID_FIELDS = _id_fields()


@pytest.fixture
def foreign(estate):
    """Ids the attorney may not name: a person and a document of a case they are not on,
    another organization's person, and an id that exists nowhere."""
    from innocence.cases import services as case_services
    from innocence.documents.models import Document
    from innocence.people import services as people_services
    from innocence.people.models import Person

    admin = estate.users["admin"]
    hidden = case_services.case_create(actor=admin, organization=estate.organization, title="State v. Hidden (fictional)")
    secret = people_services.person_create(actor=admin, organization=estate.organization, full_name="Hidden Witness Fictional")
    people_services.case_role_add(actor=admin, case=hidden, person=secret, role="witness")
    other_person = Person.objects.filter(organization=estate.ctx.other_organization).first()
    other_document = Document.objects.exclude(organization=estate.organization).first()
    hidden_document = Document.objects.filter(organization=estate.organization).exclude(case=estate.case).first()
    return {
        "people.Person": [secret.pk, *( [other_person.pk] if other_person else []), 10**9],
        "documents.Document": [d.pk for d in (other_document, hidden_document) if d] + [10**9],
        "*": [10**9],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name", "model"), ID_FIELDS, ids=[f"{k}.{n}" for k, n, _ in ID_FIELDS])
def test_an_id_field_names_only_what_the_caller_sees(client, estate, foreign, kind, name, model):
    spec = KINDS[kind]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens['attorney']}"}
    url = f"/api/cases/{estate.case.reference}/witness-records/{kind}"
    before = spec.model._default_manager.count()
    answers = set()
    for raw in foreign.get(model, foreign["*"]):
        response = client.post(url, data=json.dumps({f"{name}_id": raw}), content_type="application/json", **headers)
        assert response.status_code == 422, (kind, name, raw, response.content[:200])
        body = response.json()
        assert "Hidden Witness Fictional" not in json.dumps(body)
        answers.add(body["errors"][f"{name}_id"][0].replace(str(raw), "N"))
    assert len(answers) == 1, answers  # one message: no existence oracle
    assert spec.model._default_manager.count() == before


@pytest.mark.django_db
def test_the_service_refuses_a_hidden_person_too(estate, foreign):
    from django.core.exceptions import ValidationError

    from innocence.people.models import Person
    from innocence.witnesses.services import witness_record_save

    secret = Person.objects.get(pk=foreign["people.Person"][0])
    with pytest.raises(ValidationError, match="Choose a person"):
        witness_record_save(
            actor=estate.users["attorney"], case=estate.case, kind="statement",
            values={"witness": secret, "summary": "fictional"}, recompute=False,
        )
