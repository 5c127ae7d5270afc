"""Fast inserts for the generator: millions of rows without building model instances.

`bulk_create` builds one model instance per row and one INSERT per batch; for the
2,000,000 journal entries that alone takes minutes. Here rows are plain tuples:
PostgreSQL receives them through `COPY ... FROM STDIN` (psycopg's `Copy.write_row`, which
adapts dates, UUIDs and decimals itself), SQLite through `executemany` with the values
adapted once per field kind as Django would store them. Fields a row does not give take
the model field's default (called per row when it is a callable, as `uuid.uuid4`), so
NOT NULL columns without a database default are never left out.
"""

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

BATCH = 20_000


def _adapter(field):
    """How the database receives a value of this field (what `get_db_prep_save` would
    give); None when the value goes as it is."""
    ops = connection.ops
    if connection.vendor == "postgresql":
        if isinstance(field, models.JSONField):
            from psycopg.types.json import Jsonb

            return Jsonb
        return None
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.UUIDField):
        return lambda value: value.hex if isinstance(value, uuid.UUID) else value
    if isinstance(field, models.DecimalField):
        return lambda value: None if value is None else str(value)
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value)
    return None


def _defaults(model, given: Sequence[str]):
    """(column, default value or callable) of every concrete field the rows do not give."""
    now = timezone.now()
    missing = []
    for field in model._meta.concrete_fields:
        if field.attname in given or (field.primary_key and field.auto_created):
            continue
        if isinstance(field, models.AutoField):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            missing.append((field, now))
        elif field.has_default() and callable(field.default):
            missing.append((field, field.default))
        elif (value := field.get_default()) is not None or field.null:
            missing.append((field, value))
        else:
            raise ValueError(f"{model.__name__}.{field.name}: no value and no default")
    return missing


def insert_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `fields`, attnames such as `project_id`)
    into `model`'s table; returns how many. Primary keys come from the database."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    given = [by_attname[name] for name in fields]
    missing = _defaults(model, fields)
    columns = [f.column for f in given] + [f.column for f, _ in missing]
    constant = [None if callable(v) else v for _, v in missing]
    makers = [(i, v) for i, (_, v) in enumerate(missing) if callable(v)]
    table = connection.ops.quote_name(meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    postgres = connection.vendor == "postgresql"
    adapters = [_adapter(f) for f in given] + [_adapter(f) for f, _ in missing]
    if not any(adapters):
        adapters = None

    def complete(row):
        tail = list(constant)
        for i, make in makers:
            tail[i] = make()
        full = (*row, *tail)
        if adapters is None:
            return full
        return tuple(
            value if adapt is None or value is None else adapt(value)
            for value, adapt in zip(full, adapters, strict=True)
        )

    count = 0
    with connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(complete(row))
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608 (model meta)
        batch = []
        for row in rows:
            batch.append(complete(row))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def ids(model, **filters) -> list[int]:
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


__all__ = ["Decimal", "at", "ids", "insert_rows"]
