"""An officer's function (reporting, arresting, investigating, supervising) read where the
record states it, kept with the passage that says so (issue 13, part 2). FICTIONAL pages."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from innocence.people.extraction.persons import extract_persons


def _functions(text: str) -> dict[str, tuple[str, str]]:
    out = {}
    for m in extract_persons(text):
        if "function" in m.attrs:
            start, end = m.attrs["function_at"]  # type: ignore[misc]
            assert text[start:end] == m.attrs["function_quote"]  # verbatim, with its offsets
            out[m.normalized] = (str(m.attrs["function"]), str(m.attrs["function_quote"]))
    return out


@pytest.mark.parametrize(
    ("text", "name", "function", "quote"),
    [
        (
            "REPORTING OFFICER: Det. R. Kessler\n",
            "R. Kessler",
            "reporting",
            "REPORTING OFFICER: Det. R. Kessler",
        ),
        (
            "ARRESTING OFFICER\nP/O Lyle Brandt\n",
            "Lyle Brandt",
            "arresting",
            "ARRESTING OFFICER\nP/O Lyle Brandt",
        ),
        (
            "Det. Raymond Kessler, the arresting officer, drove.",
            "Raymond Kessler",
            "arresting",
            "Det. Raymond Kessler, the arresting officer",
        ),
        (
            "The lead detective, Sgt. Paula Dunmore, was there.",
            "Paula Dunmore",
            "investigating",
            "lead detective, Sgt. Paula Dunmore",
        ),
        ("His supervisor, Lt. Carl Wendle, signed.", "Carl Wendle", "supervising", "supervisor, Lt. Carl Wendle"),
        (
            "He was arrested by Officer Lyle Brandt.",
            "Lyle Brandt",
            "arresting",
            "arrested by Officer Lyle Brandt",
        ),
    ],
)
def test_function_where_the_record_states_it(text: str, name: str, function: str, quote: str) -> None:
    assert _functions(text)[name] == (function, quote)


def test_no_function_without_a_statement_or_for_a_civilian() -> None:
    found = _functions(
        "Det. Nadia Quill was arrested by Officer Lyle Brandt.\n"  # Quill was arrested: no function
        "Officer Ann Roe wrote the report.\n"
        "VICTIM: Harold Pinwell, the reporting party\n"
    )
    assert found == {"Lyle Brandt": ("arresting", "arrested by Officer Lyle Brandt")}


def test_form_label_above_the_name_over_other_labels_and_numbers() -> None:
    page = "The suspect left.\nREPORTING OFFICER\nBADGE\n1475\nMartin Roe\n"
    assert _functions(page)["Martin Roe"] == ("reporting", "REPORTING OFFICER\nBADGE\n1475\nMartin Roe")
    # running text between the label and the name: not a form field
    assert _functions("ARRESTING OFFICER\nwas not named. Later Det. Martin Roe came.\n") == {}


def test_known_name_pass_reads_the_form_label_too() -> None:
    from innocence.people.known_names import KnownName, find_known_names

    page = "He left.\nREPORTING OFFICER\nBADGE\n1475\nMartin Roe\nhis supervisor, Roe said.\n"
    mention, bare = find_known_names(page, {"roe": KnownName("Roe", frozenset({"martin"}))}, [])
    assert mention.attrs["function"] == "reporting"
    assert mention.attrs["function_quote"] == "REPORTING OFFICER\nBADGE\n1475\nMartin Roe"
    assert "function" not in bare.attrs  # "supervisor" alone does not say the person is an officer


def test_a_civilian_supervisor_is_no_supervising_officer() -> None:
    assert _functions("VICTIM: Harold Pinwell\nHer supervisor, Mr. Carl Wendle, called.\n") == {}


@pytest.mark.django_db
def test_function_is_a_role_detail_with_its_citation(
    world: Any, settings: Any, tmp_path: Path, client: Any
) -> None:
    from innocence.documents import services
    from innocence.jobs.queue import run_until_empty
    from innocence.people import decisions
    from innocence.people.actor_selectors import case_people
    from innocence.people.models import Person

    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["people.extract"]
    services.add_file(
        actor=world.admin,
        organization=world.north,
        case=world.case,
        name="arrest-report-fictional.txt",
        stream=io.BytesIO(
            b"LAKESIDE PARISH SHERIFF (FICTIONAL) - ARREST REPORT\n"
            b"ARRESTING OFFICER: Det. Raymond Kessler\n"
            b"Det. Raymond Kessler and Sgt. Paula Dunmore went to 12 Elm Street.\n"
        ),
    )
    run_until_empty()
    kessler = Person.objects.get(full_name="Raymond Kessler")
    [entry] = case_people(world.case, person_ids=[kessler.pk])
    [function] = entry.functions
    assert function.label == "arresting officer"
    assert function.citation.text == "ARRESTING OFFICER: Det. Raymond Kessler"
    assert function.citation.page_number == 1 and function.citation.url
    assert entry.as_dict()["functions"][0]["function"] == "arresting"
    dunmore = Person.objects.get(full_name="Paula Dunmore")
    assert case_people(world.case, person_ids=[dunmore.pk])[0].functions == []

    client.force_login(world.on_team)
    page = client.get(f"/people/case/{world.case.reference}/extracted/")
    if page.status_code == 404:  # the People tab holds the list
        page = client.get(f"/cases/{world.case.reference}/?tab=people")
    assert "arresting officer" in page.content.decode()

    role = decisions.add_to_case_roles(actor=world.on_team, case=world.case, person=kessler, role="officer")
    assert role.description == "arresting officer (arrest-report-fictional, p. 1)"
