"""Many rows in one ``executemany``, for the hot paths of ingest.

Django's ``bulk_create`` prepares every value of every row through its field (a call chain
per value) and compiles a new multi-row statement per batch: for the people mentions of a
page chunk, that was a fifth of the extraction's CPU. Here the statement is built once and
only the values that need converting for the database (JSON, dates and times, decimals) go
through their field; the others are passed as they are. No signals, no primary keys back:
use it only where nothing needs either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict

#: Field types whose Python values the database driver cannot take as they are.
_CONVERTED = (models.JSONField, models.DateTimeField, models.DateField, models.TimeField, models.DecimalField,
              models.UUIDField, models.DurationField, models.BinaryField)
#: Of those, the types whose values cannot change: a row that holds the very object the row
#: before held (the one ``now`` of a batch) takes its converted value again, unconverted.
_IMMUTABLE = (models.DateTimeField, models.DateField, models.TimeField, models.DecimalField, models.UUIDField,
              models.DurationField)


def _prepared(field: models.Field[Any, Any], value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def _json(encoder: Any, value: Any) -> Any:
    # What JSONField.get_db_prep_value ends in for a plain value (a dict, a list, a string):
    # its other steps are for expressions and lazy strings, which no hot path inserts.
    if value is None or hasattr(value, "resolve_expression"):
        return value
    return connection.ops.adapt_json_value(value, encoder)


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        return partial(_json, field.encoder)
    return partial(_prepared, field) if isinstance(field, _CONVERTED) else None


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]],
                batch_size: int = 1000, *, ignore_conflicts: bool = False) -> int:
    """INSERT ``rows`` (one value per name in ``fields``, a foreign key by its field name and
    given as the id) into ``model``'s table. Returns the number of rows given (with
    ``ignore_conflicts``, a row that breaks a unique constraint is skipped, as
    ``bulk_create(ignore_conflicts=True)`` skips it). Django's defaults are not applied:
    every column without a database default must be named."""
    meta = model._meta
    columns: list[models.Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, models.Field):
            raise TypeError(f"{model.__name__}.{name} is not a column")
        columns.append(field)
    prepare = [_converter(field) for field in columns]
    quote = connection.ops.quote_name
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    sql = (
        f"{connection.ops.insert_statement(on_conflict=on_conflict)} {quote(meta.db_table)} "
        f"({', '.join(quote(str(field.column)) for field in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    suffix = connection.ops.on_conflict_suffix_sql(columns, on_conflict, [], [])  # type: ignore[arg-type]
    if suffix:
        sql = f"{sql} {suffix}"
    converted = [(index, step, isinstance(columns[index], _IMMUTABLE)) for index, step in enumerate(prepare)
                 if step is not None]
    last: dict[int, tuple[Any, Any]] = {}
    written = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for index, step, immutable in converted:
                value = values[index]
                if immutable:
                    seen = last.get(index)
                    if seen is not None and seen[0] is value:
                        values[index] = seen[1]
                        continue
                    values[index] = step(value)
                    last[index] = (value, values[index])
                else:
                    values[index] = step(value)
            batch.append(values)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
