"""Private actor matching: the claims of the README, tested. Fictional actors only."""

from __future__ import annotations

import json

import pytest

from innocence.partners import linkage

SECRET = "fictional-network-secret-for-tests"
OURS = [
    linkage.Actor("a1", "officer", "LA", ("Raymond Kessler", "Det. R. Kessler", "Ray Kessler")),
    linkage.Actor("a2", "informant", "LA", ("Curtis Bell", "'Smoke' Bell")),
    linkage.Actor("a3", "forensic_analyst", "LA", ("Dr. Helen Prater",)),
]
THEIRS = [
    linkage.Actor("b1", "officer", "MS", ("Det. Raymond Kesler",)),
    linkage.Actor("b2", "prosecutor", "MS", ("Arthur Tully",)),
    linkage.Actor("b3", "forensic_analyst", "LA", ("Prater, Helen",)),
]


def test_matches_reveal_only_opaque_ids_similarity_and_agreement():
    matches = linkage.compare(linkage.encode(SECRET, OURS), linkage.encode(SECRET, THEIRS))
    assert {(m.ours, m.theirs) for m in matches} == {("a1", "b1"), ("a3", "b3")}
    kessler = next(m for m in matches if m.ours == "a1")
    assert kessler.similarity >= linkage.THRESHOLD and kessler.role_agrees and not kessler.state_agrees


def test_encodings_with_another_secret_do_not_match():
    ours = linkage.encode(SECRET, OURS)
    theirs = linkage.encode("another-network-secret-entirely", OURS)  # the very same actors
    assert linkage.compare(ours, theirs, threshold=0.5) == []


def test_an_exported_file_holds_no_plaintext_name_role_or_state():
    data = linkage.index_file(
        secret=SECRET,
        network="Test network (fictional)",
        organization="Org (fictional)",
        contact="x@example.invalid",
        index_id="idx",
        encoded=linkage.encode(SECRET, OURS),
    )
    text = data.decode().lower()
    for actor in OURS:
        for name in actor.names:
            for word in name.lower().replace("'", " ").replace(",", " ").replace(".", " ").split():
                if len(word) > 3:
                    assert word not in text, word
        assert f'"{actor.role}"' not in text
    assert SECRET not in data.decode()
    assert '"la"' not in text


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda b: b"not json at all", "not JSON"),
        (lambda b: json.dumps({"format": "something else"}).encode(), "not an encoded actor index"),
        (lambda b: b.replace(b'"version": 1', b'"version": 99'), "version"),
        (
            lambda b: json.dumps(
                {**json.loads(b), "actors": [{"actor": "x", "role": "r", "state": "s", "clks": ["AAAA"]}]}
            ).encode(),
            "bytes, not",
        ),
        (
            lambda b: json.dumps(
                {**json.loads(b), "actors": [{"actor": "x", "role": "r", "state": "s", "clks": ["%%%"]}]}
            ).encode(),
            "not base64",
        ),
        (lambda b: json.dumps({**json.loads(b), "actors": "many"}).encode(), "must be a list"),
        (lambda b: b + b" " * linkage.MAX_BYTES, "larger than"),
    ],
)
def test_malformed_or_oversized_index_is_refused_with_words(mutate, words):
    good = linkage.index_file(
        secret=SECRET,
        network="n",
        organization="o",
        contact="",
        index_id="i",
        encoded=linkage.encode(SECRET, THEIRS),
    )
    assert len(linkage.parse(good, secret=SECRET).actors) == 3
    with pytest.raises(linkage.IndexError_, match=words):
        linkage.parse(mutate(good), secret=SECRET)


def test_an_index_of_another_network_is_refused():
    other = linkage.index_file(
        secret="another-network-secret-entirely",
        network="n",
        organization="o",
        contact="",
        index_id="i",
        encoded=[],
    )
    with pytest.raises(linkage.IndexError_, match="another network's secret"):
        linkage.parse(other, secret=SECRET)


@pytest.mark.django_db
def test_demo_organizations_each_learn_of_the_others_detective_and_nothing_else(client, estate):
    from innocence.partners.models import ActorMatch, ImportedIndex

    lakeside, riverbend = estate.organization, estate.ctx.other_organization
    for mine, theirs, name in (
        (lakeside, riverbend, "Raymond Kessler"),
        (riverbend, lakeside, "Raymond Kesler"),
    ):
        matches = list(ActorMatch.objects.filter(index__organization=mine).select_related("person", "index"))
        assert [m.person.full_name for m in matches] == [name]
        assert matches[0].index.source_label == theirs.name
        assert matches[0].role_agrees and not matches[0].state_agrees  # LA and MS
        stored = json.dumps(ImportedIndex.objects.get(organization=mine).encodings)
        other_name = "Kesler" if mine == lakeside else "Kessler"
        assert other_name not in stored and "officer" not in stored
    client.force_login(estate.users["admin"])
    page = client.get("/partners/matching/").content.decode()
    assert "Raymond Kessler" in page and "Riverbend" in page and "Kesler" not in page
    assert "RCR-DEMO-001" not in page and "Pell" not in page


@pytest.mark.django_db
def test_matching_reruns_when_our_index_changes(client, estate):
    from innocence.partners import matching
    from innocence.partners.models import ActorMatch
    from innocence.people.models import CaseRole, Person

    riverbend = estate.ctx.other_organization
    assert ActorMatch.objects.filter(index__organization=riverbend).count() == 1
    other_case = estate.ctx.cases.get("RCR-DEMO-001") or riverbend.cases.first()
    bell = Person.objects.create(organization=riverbend, full_name="Curtis Bell", is_fictional=True)
    CaseRole.objects.create(case=other_case, person=bell, role="informant")
    matching.rematch(riverbend)
    assert ActorMatch.objects.filter(index__organization=riverbend).count() == 2


@pytest.mark.django_db
def test_refused_import_is_audited_and_imports_nothing(client, estate):
    from innocence.core.models import AuditEntry
    from innocence.partners.models import ImportedIndex

    client.force_login(estate.users["admin"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = linkage.index_file(
        secret="another-network-secret-entirely",
        network="n",
        organization="Stranger",
        contact="",
        index_id="zzz",
        encoded=[],
    )
    before = ImportedIndex.objects.count()
    response = client.post(
        "/partners/matching/import/", {"file": SimpleUploadedFile("i.json", bad)}, follow=True
    )
    assert "another network" in response.content.decode()
    assert ImportedIndex.objects.count() == before
    row = AuditEntry.objects.filter(action="access_denied", object_repr="encoded actor index refused").first()
    assert row is not None and "another network" in row.changes["reason"]


@pytest.mark.django_db
def test_matching_service_endpoint_exchanges_indexes(client, estate):
    from innocence.core.models import ApiToken

    lakeside = ApiToken.issue(user=estate.users["admin"], name="t")[1]
    riverbend = ApiToken.issue(user=estate.users["outsider"], name="t")[1]
    exported = client.get("/api/matching/index", HTTP_AUTHORIZATION=f"Bearer {riverbend}")
    assert exported.status_code == 200 and b"Kesler" not in exported.content
    response = client.post(
        "/api/matching/index",
        data=exported.content,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {lakeside}",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["from"].startswith("Riverbend") and len(body["matches"]) == 1
    assert set(body["matches"][0]) == {
        "our_person_id",
        "their_actor",
        "similarity",
        "role_agrees",
        "state_agrees",
    }
    refused = client.post(
        "/api/matching/index",
        data=b"{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {lakeside}",
    )
    assert refused.status_code == 422 and "not an encoded actor index" in refused.json()["detail"]
    attorney = ApiToken.issue(user=estate.users["attorney"], name="t")[1]
    assert client.get("/api/matching/index", HTTP_AUTHORIZATION=f"Bearer {attorney}").status_code == 404
