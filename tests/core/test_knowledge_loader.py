"""One loader for every data file of innocence/knowledge (and the few that ship beside an app):
found as package data, parsed once, and a broken file named in the error."""

from __future__ import annotations

import pathlib
import re

import pytest

from innocence.knowledge import loader

ROOT = pathlib.Path(__file__).resolve().parents[2] / "innocence"


def test_every_data_file_of_the_knowledge_base_loads() -> None:
    folders = ["", "people", "intake", "documents", "timeline"]
    found = [name for folder in folders for name in loader.names(folder)]
    assert "eyewitness.yaml" in found
    assert "people/titles.yaml" in found and "intake/decline_reasons.yaml" in found
    assert "documents/doc_types.yaml" in found
    for name in found:
        assert isinstance(loader.load(name), dict), name
    on_disk = {
        str(p.relative_to(ROOT / "knowledge")) for p in (ROOT / "knowledge").rglob("*.yaml")
    }
    assert on_disk == set(found), "a data file in a folder the loader is not asked about"


def test_the_apps_read_through_it() -> None:
    from innocence.documents.classify import suggest_type
    from innocence.intake.reference_data import decline_reasons, default_letters
    from innocence.people.extraction.vocabulary import vocabulary

    assert suggest_type("Fictional REPORTER'S TRANSCRIPT. DIRECT EXAMINATION. THE WITNESS: yes.") == "transcript"
    assert decline_reasons() and default_letters()
    assert vocabulary() is not None


def test_a_missing_or_broken_file_is_named(tmp_path, monkeypatch) -> None:
    with pytest.raises(loader.KnowledgeError, match=r"innocence/knowledge/nope\.yaml is missing"):
        loader.load("nope.yaml")
    package = tmp_path / "fictional_plugin_knowledge"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "broken.yaml").write_text("rules: [unclosed\n")
    (package / "list.yaml").write_text("- a\n- b\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(loader.KnowledgeError, match=r"fictional_plugin_knowledge/broken\.yaml is not valid YAML"):
        loader.load("broken.yaml", package="fictional_plugin_knowledge")
    with pytest.raises(loader.KnowledgeError, match="must hold a mapping"):
        loader.load("list.yaml", package="fictional_plugin_knowledge")


def test_no_app_parses_yaml_on_its_own() -> None:
    readers = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if re.search(r"\byaml\.(safe_)?load\b", p.read_text(encoding="utf-8"))
    )
    assert readers == ["knowledge/loader.py"], readers


def test_the_c_parser_reads_every_file_as_the_python_one_does() -> None:
    """The loader parses with libyaml's safe loader when PyYAML has it (a tenth of the CPU):
    every data file must come out exactly as ``yaml.safe_load`` reads it."""
    import yaml

    folders = ["", "people", "intake", "documents", "timeline"]
    found = [name for folder in folders for name in loader.names(folder)]
    assert found
    for name in found:
        text = (ROOT / "knowledge" / name).read_text(encoding="utf-8")
        assert yaml.load(text, Loader=loader._SAFE_LOADER) == yaml.safe_load(text), name  # noqa: S506
    if getattr(yaml, "__with_libyaml__", False):
        assert loader._SAFE_LOADER is yaml.CSafeLoader
