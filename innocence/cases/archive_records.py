"""One way for archive sections to carry the rows of a model: every concrete field, with
its references translated, checked by a schema derived from the model itself.

A section describes each model it carries as a :class:`RecordSpec` (its key in the
section's JSON, the model, its parent in the section). The codec then

* **exports** every concrete field of each row: the case and the organization are implied,
  users travel by username, persons by their key in the archive (``person-<id>``, the key
  case.json uses), other foreign keys by the referenced row's id in the source;
* **validates** with a pydantic schema built from the model's fields (types, lengths,
  choices, nullability, no NUL characters), that in-section references resolve, and that
  the model's unique constraints hold, before anything is written;
* **imports** the rows in order, mapping every reference through ``ctx.ids`` (old id →
  new object, filled by the sections imported before) and ``ctx.people``, and records its
  own old → new map in ``ctx.ids[label]`` for the sections after it. Timestamps
  (``auto_now``/``auto_now_add``) are restored as exported.

A field added to a model is carried without touching the section: the codec reads the
model. Persons a section's rows name that case.json does not carry (case.json carries the
people with a role in the case and the applicant) travel in the section's own ``people``
list and are created once, shared with later sections through ``ctx.people``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator
from pydantic import ValidationError as SchemaError

from .archive import ArchiveError, ImportContext

CASE_LABEL = "cases.Case"
ORGANIZATION_LABEL = "core.Organization"
PERSON_LABEL = "people.Person"


def label_of(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def person_key(person_id: int) -> str:
    """The key of a person in an archive (the one case.json uses)."""
    return f"person-{person_id}"


def _user_label() -> str:
    return str(settings.AUTH_USER_MODEL)


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


@dataclass(frozen=True)
class RecordSpec:
    """How one model travels in a section."""

    key: str  # the list's name in the section's JSON
    model: type[models.Model]
    #: Fields left out (handled by the section itself, or not case data).
    exclude: tuple[str, ...] = ()
    #: Extra JSON fields the section adds and reads itself: name → (type, default).
    extra: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    #: Fields whose model choices are not the whole truth (the section checks them).
    open_choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return label_of(self.model)

    def fields(self) -> list[models.Field[Any, Any]]:
        return [
            f
            for f in self.model._meta.concrete_fields
            if not f.primary_key and f.name not in self.exclude
        ]

    def references(self) -> dict[str, str]:
        """Foreign-key field name → label of the model it points at (cases, organizations,
        users and persons are handled apart)."""
        refs = {}
        for f in self.fields():
            if f.is_relation and f.related_model is not None:
                refs[f.name] = label_of(f.related_model)  # type: ignore[arg-type]
        return refs


# --- export --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def export_rows(spec: RecordSpec, rows: Iterable[models.Model], persons: set[int]) -> list[dict[str, Any]]:
    """The rows as JSON records. ``persons`` collects the ids of the persons they name."""
    user_label = _user_label()
    out = []
    refs = spec.references()
    fields = spec.fields()
    users: dict[int, str] = {}
    for row in rows:
        record: dict[str, Any] = {"id": row.pk}
        for f in fields:
            if f.name in refs:
                target = refs[f.name]
                value = getattr(row, f.attname)
                if target in (CASE_LABEL, ORGANIZATION_LABEL):
                    continue  # implied by where the row is imported
                if target == user_label:
                    if value is not None and value not in users:
                        users[value] = getattr(row, f.name).get_username()
                    record[f.name] = users.get(value) if value is not None else None
                elif target == PERSON_LABEL:
                    if value is not None:
                        persons.add(value)
                    record[f.name] = person_key(value) if value is not None else None
                else:
                    record[f.name] = value
            else:
                record[f.name] = _plain(f.value_from_object(row))
        out.append(record)
    return out


# --- schema --------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _annotation(f: models.Field[Any, Any], refs: dict[str, str]) -> tuple[Any, Any]:
    """(type, pydantic Field) for one model field."""
    null = bool(f.null)
    kwargs: dict[str, Any] = {}
    if f.name in refs:
        target = refs[f.name]
        base: Any = str if target in (_user_label(), PERSON_LABEL) else int
        if target == _user_label():
            kwargs["max_length"] = 150
        return base | None, Field(None, **kwargs)
    if isinstance(f, models.BooleanField):
        base = bool
    elif isinstance(f, models.DateTimeField):
        base = dt.datetime
    elif isinstance(f, models.DateField):
        base = dt.date
    elif isinstance(f, models.DecimalField):
        base = decimal.Decimal
        kwargs.update(max_digits=f.max_digits, decimal_places=f.decimal_places, allow_inf_nan=False)
    elif isinstance(f, models.FloatField):
        base = float
        kwargs["allow_inf_nan"] = False
    elif isinstance(f, models.PositiveIntegerField | models.PositiveBigIntegerField | models.PositiveSmallIntegerField):
        base = int
        kwargs.update(ge=0, le=2**31 - 1)
    elif isinstance(f, models.IntegerField):  # BigIntegerField too
        base = int
        kwargs.update(ge=-(2**63), le=2**63 - 1)
    elif isinstance(f, models.JSONField):
        base = Any
    elif isinstance(f, models.CharField | models.TextField):
        base = str
        if getattr(f, "max_length", None):
            kwargs["max_length"] = f.max_length
    else:
        base = Any
    auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    if null or auto:
        return base | None, Field(None, **kwargs)
    if f.has_default():
        default = f.get_default()
        if isinstance(default, list | dict):
            return base, Field(default_factory=type(default), **kwargs)
        return base, Field(default, **kwargs)
    if isinstance(f, models.CharField | models.TextField) and f.blank:
        return base, Field("", **kwargs)
    return base, Field(..., **kwargs)


_SCHEMAS: dict[tuple[str, tuple[str, ...], tuple[str, ...]], type[BaseModel]] = {}


def schema_for(spec: RecordSpec) -> type[BaseModel]:
    cache_key = (spec.label, (*spec.exclude, "|", *spec.open_choices), tuple(sorted(spec.extra)))
    if cache_key in _SCHEMAS:
        return _SCHEMAS[cache_key]
    refs = spec.references()
    definitions: dict[str, Any] = {"id": (int, Field(..., ge=-(2**63), le=2**63 - 1))}
    validators: dict[str, Any] = {}
    for f in spec.fields():
        if f.name in refs and refs[f.name] in (CASE_LABEL, ORGANIZATION_LABEL):
            continue
        definitions[f.name] = _annotation(f, refs)
        if f.choices and f.name not in refs and f.name not in spec.open_choices:
            allowed = {str(value) for value, _ in f.flatchoices}
            blank_ok = f.blank

            def check(value: Any, _allowed: set[str] = allowed, _blank: bool = blank_ok, _name: str = f.name) -> Any:
                if value in (None, "") and _blank:
                    return value
                if str(value) not in _allowed:
                    raise ValueError(f"unknown {_name} '{value}'")
                return value

            validators[f"_choice_{f.name}"] = field_validator(f.name)(check)
    for name, (annotation, default) in spec.extra.items():
        definitions[name] = (annotation, default)
    validators["_no_nul"] = field_validator("*")(_no_nul)
    schema = create_model(  # type: ignore[call-overload]
        f"{spec.model._meta.object_name}In", __base__=_Strict, __validators__=validators, **definitions
    )
    _SCHEMAS[cache_key] = schema
    return schema  # type: ignore[no-any-return]


class PersonIn(_Strict):
    key: str = Field(min_length=1, max_length=60)
    full_name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = []
    date_of_birth: dt.date | None = None
    notes: str = ""
    is_fictional: bool = False
    #: The person was made by the people extraction (not by a user).
    machine_made: bool = False

    _nul = field_validator("*")(_no_nul)


def _problems(exc: SchemaError) -> str:
    problems = []
    for error in exc.errors()[:8]:
        where = ".".join(str(p) for p in error["loc"]) or "(top level)"
        problems.append(f"{where}: {error['msg']}")
    more = f" (and {exc.error_count() - 8} more)" if exc.error_count() > 8 else ""
    return "; ".join(problems) + more


@dataclass
class Parsed:
    """A section's JSON, checked: ``rows[key]`` are the parsed records of each spec."""

    version: int
    rows: dict[str, list[Any]]
    people: list[PersonIn]
    raw: dict[str, Any]


def parse_section(
    where: str,
    data: Any,
    specs: list[RecordSpec],
    *,
    version: int,
    inside: dict[str, str] | None = None,
    other_keys: Iterable[str] = (),
) -> Parsed:
    """Check a section's JSON: its version, every record against its model's schema,
    references to rows of the section itself, and the models' unique constraints.
    ``inside`` maps a field name to the spec key its ids must be found in (by default
    every foreign key to a model the section carries). ``other_keys`` are top-level keys
    the section reads itself."""
    if not isinstance(data, dict):
        raise ArchiveError(f"{where} must be a JSON object.")
    known = {"version", "people", *(s.key for s in specs), *other_keys}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ArchiveError(f"{where}: unknown entry '{unknown[0]}'.")
    found = data.get("version", 1)
    if not isinstance(found, int) or isinstance(found, bool) or found < 1:
        raise ArchiveError(f"{where}: version must be a whole number.")
    if found > version:
        raise ArchiveError(f"{where}: version {found} is newer than this installation reads ({version}).")
    rows: dict[str, list[Any]] = {}
    for spec in specs:
        items = data.get(spec.key, [])
        if not isinstance(items, list):
            raise ArchiveError(f"{where}: '{spec.key}' must be a list.")
        schema = schema_for(spec)
        parsed: list[Any] = []
        for i, item in enumerate(items):
            try:
                parsed.append(schema.model_validate(item))
            except SchemaError as exc:
                raise ArchiveError(
                    f"{where}: {spec.key}[{i}] does not match the archive format: {_problems(exc)}"
                ) from exc
        ids = [p.id for p in parsed]
        if len(ids) != len(set(ids)):
            raise ArchiveError(f"{where}: an id appears twice in '{spec.key}'.")
        rows[spec.key] = parsed
    people_raw = data.get("people", [])
    if not isinstance(people_raw, list):
        raise ArchiveError(f"{where}: 'people' must be a list.")
    try:
        people = [PersonIn.model_validate(p) for p in people_raw]
    except SchemaError as exc:
        raise ArchiveError(f"{where}: people do not match the archive format: {_problems(exc)}") from exc
    by_label = {s.label: s.key for s in specs}
    for spec in specs:
        refs = {
            name: by_label[target] for name, target in spec.references().items() if target in by_label
        }
        refs.update({k: v for k, v in (inside or {}).items() if k in schema_for(spec).model_fields})
        for name, target_key in refs.items():
            present = {r.id for r in rows[target_key]}
            for i, row in enumerate(rows[spec.key]):
                value = getattr(row, name, None)
                if value is not None and value not in present:
                    raise ArchiveError(f"{where}: {spec.key}[{i}].{name}: no {target_key} with id {value}.")
        _check_unique(where, spec, rows[spec.key])
    return Parsed(found, rows, people, data)


def _check_unique(where: str, spec: RecordSpec, rows: list[Any]) -> None:
    groups: list[tuple[str, ...]] = [
        tuple(c.fields) for c in spec.model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    groups += [tuple(g) for g in spec.model._meta.unique_together]
    if not rows:
        return
    present = type(rows[0]).model_fields
    for group in groups:
        names = [n for n in group if n not in ("case", "organization")]
        if not names or any(n not in present for n in names):
            continue
        seen: set[tuple[Any, ...]] = set()
        for i, row in enumerate(rows):
            value = tuple(getattr(row, n) for n in names)
            if value in seen:
                raise ArchiveError(
                    f"{where}: {spec.key}[{i}] repeats {', '.join(names)} = {value!r}, which must be unique."
                )
            seen.add(value)


# --- import --------------------------------------------------------------------------


def person_of(ctx: ImportContext, key: str | None, where: str) -> Any:
    if key is None:
        return None
    person = ctx.people.get(key)
    if person is None:
        raise ArchiveError(f"{where}: no person '{key}' in case.json or in the section's people.")
    return person


def new_id(ctx: ImportContext, label: str, old: Any, where: str, *, required: bool = True) -> Any:
    """The new object for an old id of a model imported earlier (None when ``old`` is None)."""
    if old is None:
        return None
    found = ctx.ids.get(label, {}).get(old)
    if found is None and required:
        raise ArchiveError(f"{where}: it refers to {label} {old}, which the archive does not hold.")
    return found


def import_rows(
    spec: RecordSpec,
    rows: list[Any],
    ctx: ImportContext,
    *,
    case: Any,
    where: str,
    values: Callable[[Any], dict[str, Any]] | None = None,
    optional_refs: Iterable[str] = (),
) -> dict[int, models.Model]:
    """Create the rows; return (and record in ``ctx.ids``) old id → new row. ``values``
    may override or add field values for one row (a section's own translations).
    References in ``optional_refs`` that do not resolve become empty (SET_NULL fields
    whose target was deleted in the source)."""
    label = spec.label
    made: dict[int, models.Model] = ctx.ids.setdefault(label, {})
    refs = spec.references()
    optional = set(optional_refs)
    stamps = [
        f.name
        for f in spec.fields()
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for i, row in enumerate(rows):
        here = f"{where}: {spec.key}[{i}]"
        kwargs: dict[str, Any] = {}
        for f in spec.fields():
            if f.name in stamps:
                continue
            if f.name in refs:
                target = refs[f.name]
                if target == CASE_LABEL:
                    kwargs[f.name] = case
                elif target == ORGANIZATION_LABEL:
                    kwargs[f.name] = ctx.organization
                elif target == _user_label():
                    kwargs[f.name] = ctx.user(getattr(row, f.name))
                elif target == PERSON_LABEL:
                    kwargs[f.name] = person_of(ctx, getattr(row, f.name), here)
                else:
                    kwargs[f.name] = new_id(
                        ctx, target, getattr(row, f.name), f"{here}.{f.name}", required=f.name not in optional
                    )
                continue
            value = getattr(row, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                raise ArchiveError(f"{here}.{f.name}: not a finite number.")
            kwargs[f.name] = value
        if values is not None:
            kwargs.update(values(row))
        manager: Any = spec.model._default_manager
        obj = manager.create(**kwargs)
        restore = {name: getattr(row, name) for name in stamps if getattr(row, name, None) is not None}
        if restore:
            manager.filter(pk=obj.pk).update(**restore)
        made[row.id] = obj
    return made
