"""System checks of the extension registry (run by ``innocence check``, ``migrate``,
``runserver`` and the test suite): a misspelled or missing name is an error at start-up,
never a silent skip."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from .extensions import Registry, registry, resolve

CASE_MODEL = "cases.Case"


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def case_data_models() -> list[str]:
    """Labels of the project's models that hold a case's data: those with a foreign key
    to a case, or to a model that has one (pages of a document of a case, ...)."""
    own = [m for m in apps.get_models() if m.__module__.startswith(("innocence.", "tests."))]
    holding: set[str] = {CASE_MODEL}
    changed = True
    while changed:
        changed = False
        for model in own:
            label = _label(model)
            if label in holding:
                continue
            for f in model._meta.get_fields():
                if (
                    isinstance(f, models.ForeignKey | models.OneToOneField)
                    and not f.auto_created
                    and _label(f.related_model) in holding  # type: ignore[arg-type]
                ):
                    holding.add(label)
                    changed = True
                    break
    return sorted(holding - {CASE_MODEL})


def registry_errors(reg: Registry) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for app, what, dotted in reg.all_names():
        try:
            resolve(dotted)
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(f"{app}: {what}: {exc}", id="innocence.E001"))
    for section in reg.archive_sections():
        try:
            module: Any = resolve(section.module)
        except ImproperlyConfigured:
            continue  # reported above
        if not (callable(getattr(module, "export", None)) and callable(getattr(module, "import_", None))):
            errors.append(
                checks.Error(
                    f"archive section '{section.name}': {section.module} writes nothing "
                    "(it must define export(case, writer) and import_(case, reader, ctx)).",
                    id="innocence.E002",
                )
            )
    known = {_label(m) for m in apps.get_models()}
    declared: dict[str, str] = {}
    for section in reg.archive_sections():
        for label in section.models:
            declared[label] = f"archive section '{section.name}'"
    for label in reg.not_archived():
        declared.setdefault(label, "not_archived")
    for label in reg.archive_pending():
        if label in declared:
            errors.append(
                checks.Error(f"{label} is both archived and pending; remove it from archive_pending.", id="innocence.E007")
            )
            continue
        declared[label] = "archive_pending"
        errors.append(
            checks.Warning(f"{label} holds case data that the case archive does not carry yet.", id="innocence.W004")
        )
    for label, where in sorted(declared.items()):
        if label not in known:
            errors.append(checks.Error(f"{where} names '{label}', which is not a model.", id="innocence.E003"))
    for label in case_data_models():
        if label not in declared:
            errors.append(
                checks.Error(
                    f"{label} holds case data but no archive section carries it: a case export "
                    "would lose it.",
                    hint="Add it to an ArchiveSection's models in its app's extensions.py (and "
                    "export/import it), or to not_archived with the reason.",
                    id="innocence.E004",
                )
            )
    for kind, names in (
        ("case tab", [t.slug for t in reg.case_tabs()]),
        ("archive section", [s.name for s in reg.archive_sections()]),
        ("page-text consumer", [c.name for c in reg.page_text_consumers()]),
        ("lens", [lens.slug for lens in reg.lenses()]),
    ):
        for name, count in Counter(names).items():
            if count > 1:
                errors.append(checks.Error(f"{count} apps declare the {kind} '{name}'.", id="innocence.E005"))
    tabs = {t.slug for t in reg.case_tabs()}
    for lens in reg.lenses():
        if lens.tab not in tabs:
            errors.append(checks.Error(f"lens '{lens.slug}' shows on tab '{lens.tab}', which no app declares.", id="innocence.E008"))
    wanted = getattr(settings, "INNOCENCE_PAGE_TEXT_CONSUMERS", None)
    if wanted is not None:
        declared_consumers = {c.name for c in reg.page_text_consumers()}
        for name in wanted:
            if name not in declared_consumers:
                errors.append(
                    checks.Error(
                        f"INNOCENCE_PAGE_TEXT_CONSUMERS names '{name}', which no app declares "
                        f"(declared: {', '.join(sorted(declared_consumers))}).",
                        id="innocence.E006",
                    )
                )
    return errors


@checks.register()
def check_extensions(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        reg = registry()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="innocence.E000")]
    return registry_errors(reg)
