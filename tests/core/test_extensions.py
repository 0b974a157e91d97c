"""The extension registry: a new lens is one app folder (tests/lensapp, fictional) that the
registry picks up on its own, and every misspelled name is an error, never a silent skip."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from innocence.core.checks import case_data_models, check_extensions, registry_errors
from innocence.core.extensions import ArchiveSection, CaseTab, Extension, PageTextConsumer, Registry, registry


def test_the_real_registry_passes_its_own_system_check() -> None:
    errors = [m for m in check_extensions() if m.level >= 40]
    assert errors == []


def test_every_app_of_the_project_declares_itself() -> None:
    apps = {e.app for e in registry().extensions}
    assert {"core", "cases", "people", "documents", "search", "intake", "findings", "witnesses"} <= apps
    assert "lensapp" in apps  # the fictional test lens, found without touching any other app


def test_the_test_lens_contributes_through_every_hook() -> None:
    reg = registry()
    assert "sightings" in [t.slug for t in reg.case_tabs()]
    assert ("lensapp", "tests.lensapp.demo:load") in reg.demo_loaders()
    assert "sightings" in [s.name for s in reg.archive_sections()]
    assert "lensapp.count" in [c.name for c in reg.page_text_consumers()]
    assert "tests.lensapp.rules" in reg.rule_modules()


def _broken(**changes: Any) -> list[str]:
    extension = next(e for e in registry().extensions if e.app == "lensapp")
    others = [e for e in registry().extensions if e.app != "lensapp"]
    return [m.msg for m in registry_errors(Registry([*others, dataclasses.replace(extension, **changes)]))]


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"case_tabs": (CaseTab("sightings", "S", "lensapp/tab.html", "tests.lensapp.views:tabb"),)}, "no 'tabb'"),
        ({"demo": "tests.lensapp.dem:load"}, "tests.lensapp.dem:load"),
        ({"archive_sections": (ArchiveSection("sightings", "tests.lensapp.case_archiv", ("lensapp.Sighting",)),)},
         "tests.lensapp.case_archiv"),
        ({"page_text_consumers": (PageTextConsumer("lensapp.count", "tests.lensapp.consumers:cont"),)}, "no 'cont'"),
        ({"rule_modules": ("tests.lensapp.rulez",)}, "tests.lensapp.rulez"),
        ({"api_routers": ("tests.lensapp.api:router",)}, "tests.lensapp.api"),
        ({"urls": (("sightings/", "tests.lensapp.url"),)}, "tests.lensapp.url"),
        ({"person_merge": ("tests.lensapp.views:merge",)}, "no 'merge'"),
        ({"knowledge_packages": ("tests.lensapp.knowledg",)}, "tests.lensapp.knowledg"),
    ],
)
def test_a_misspelled_name_of_any_kind_fails_the_check(changes: dict[str, Any], expected: str) -> None:
    assert any(expected in msg for msg in _broken(**changes))


def test_an_archive_section_that_writes_nothing_fails() -> None:
    messages = _broken(archive_sections=(ArchiveSection("sightings", "tests.lensapp.views", ("lensapp.Sighting",)),))
    assert any("writes nothing" in m for m in messages)


def test_a_model_with_case_data_and_no_archive_section_fails() -> None:
    assert "lensapp.Sighting" in case_data_models()
    assert any("lensapp.Sighting holds case data" in m for m in _broken(archive_sections=()))


def test_an_archive_section_naming_no_model_fails() -> None:
    section = ArchiveSection("sightings", "tests.lensapp.case_archive", ("lensapp.Sightings",))
    assert any("'lensapp.Sightings', which is not a model" in m for m in _broken(archive_sections=(section,)))


def test_two_apps_declaring_one_tab_fails() -> None:
    assert any("case tab 'overview'" in m for m in _broken(case_tabs=(CaseTab("overview", "O", "x.html", "tests.lensapp.views:tab"),)))


def test_extension_module_must_name_its_own_app() -> None:
    assert Extension(app="x").app == "x"  # dataclass is plain data; discovery checks the label
    from innocence.core import extensions

    source = Path(extensions.__file__).read_text()
    assert "declares app" in source


@pytest.mark.django_db
def test_the_test_lens_works_end_to_end_through_the_registry(client: Any, tmp_path: Path) -> None:
    from innocence.cases.archive import export_case, import_case
    from innocence.cases.demo import load_demo
    from innocence.core.models import Organization
    from innocence.findings.models import Finding
    from innocence.findings.services import findings_recompute
    from tests.lensapp.models import Sighting

    context = load_demo()
    case = context.cases["LIC-DEMO-001"]
    assert Sighting.objects.filter(case=case).count() == 1  # its demo loader ran
    client.force_login(context.users["attorney"])
    page = client.get(f"/cases/{case.reference}/sightings/")
    assert page.status_code == 200 and b"a fictional blue sedan" in page.content  # its tab
    findings_recompute(case=case, lens="lensapp")
    finding = Finding.objects.get(case=case, rule_id="lensapp.uncorroborated_sighting")
    assert finding.status == "not_recorded"  # its rule ran, from its own knowledge file
    result = export_case(actor=context.users["attorney"], case=case, destination=tmp_path / "c.zip")
    assert "sightings" in result.sections  # its archive section
    other = Organization.objects.get(slug="riverbend")
    imported = import_case(actor=context.users["outsider"], organization=other, source=tmp_path / "c.zip",
                           reference="RB-COPY-1")
    assert [s.what for s in Sighting.objects.filter(case=imported.case)] == ["a fictional blue sedan"]
