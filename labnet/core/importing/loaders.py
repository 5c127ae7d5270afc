"""Write validated files to the database, matching records on their stable key.

Loaders run inside the import's single transaction and assume validation passed: every
key they resolve exists (in this import or already in the database). They work in bulk
(a few queries per file, never per row) and only write what differs, so re-importing
the same data writes nothing and reports every row as unchanged.

Rows absent from a file are never deleted: the dataset grows by import; a removal is a
decision for a person, not a side effect of a missing line.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

from .columns import Column
from .result import Counts, FileOutcome
from .specs import ValidatedFile

# Rows per INSERT/UPDATE statement; Django lowers it further where SQLite needs.
BATCH_SIZE = 500
# Keys per `IN (...)` lookup: under SQLite's historic limit of 999 parameters.
CHUNK_SIZE = 900
# Links per multi-row INSERT: two parameters each, under SQLite's 999.
LINKS_PER_INSERT = 450
# Files larger than this announce their writing on the progress channel.
PROGRESS_THRESHOLD = 1000


@dataclass
class LoadContext:
    progress: Callable[[str], None] | None = None
    # Rows the importer writes that no file lists (the fixed networks), for the report.
    extra: list[FileOutcome] = field(default_factory=list)

    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)


Loader = Callable[[ValidatedFile, LoadContext], Counts]


def upsert(validated: ValidatedFile, context: LoadContext) -> Counts:
    """Create or update one record per row, then set its many-to-many links exactly."""
    spec, rows = validated.spec, validated.rows
    model = spec.model
    key_name = spec.key_column.field_name
    if len(rows) > PROGRESS_THRESHOLD:
        context.say(f"{validated.label} : écriture de {len(rows):,} lignes…".replace(",", " "))
    plain, foreign, own, many = _split_columns(model, validated.present)
    maps = _KeyMaps()

    existing = _existing_by_key(model, key_name, [row.key for row in rows])
    created: dict[str, models.Model] = {}
    changed: dict[str, models.Model] = {}
    changed_fields: set[str] = set()
    # An optional column missing from the file leaves existing records alone; new ones
    # still get the format's default (e.g. projects are public unless the file says not).
    absent_defaults = {
        column.field_name: column.default
        for column in spec.columns
        if column.has_default and column not in validated.present
    }
    for row in rows:
        wanted: dict[str, Any] = {}
        for column, model_field in plain:
            wanted[model_field.attname] = row.values[column.name]
        for column, model_field in foreign:
            key = row.values[column.name]
            wanted[model_field.attname] = maps.pk(model_field, column, key) if key else None
        instance = existing.get(row.key)
        if instance is None:
            created[row.key] = model(**absent_defaults, **wanted)  # the key is a plain column
            continue
        for attname, value in wanted.items():
            if getattr(instance, attname) != value:
                setattr(instance, attname, value)
                changed_fields.add(model._meta.get_field(attname).name)
                changed[row.key] = instance
    model.objects.bulk_create(list(created.values()), batch_size=BATCH_SIZE)
    if any(instance.pk is None for instance in created.values()):
        # Backends that cannot return ids from a bulk insert: fetch them in one pass.
        ids = _existing_by_key(model, key_name, list(created))
        for key, instance in created.items():
            instance.pk = ids[key].pk
    by_key = {**existing, **created}

    # Links to records of the same file (a parent, a project scaled from another) can
    # only be resolved once every row of the file has an id.
    for column, model_field in own:
        ids = dict(model.objects.values_list(column.lookup, "pk"))
        new_links = []
        for row in rows:
            key = row.values[column.name]
            target = ids[key] if key else None
            instance = by_key[row.key]
            if getattr(instance, model_field.attname) != target:
                setattr(instance, model_field.attname, target)
                if row.key in created:
                    new_links.append((target, instance.pk))
                else:
                    changed_fields.add(model_field.name)
                    changed[row.key] = instance
        _update_column(model, model_field, new_links)

    for column, model_field in many:
        for key in _set_links(model_field, column, rows, by_key, set(created), maps):
            changed[key] = by_key[key]

    # Django's bulk_update skips auto_now: a record changed only through its links
    # still deserves a fresh "updated_at".
    auto_now = {f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
    if changed and auto_now:
        now = timezone.now()
        for instance in changed.values():
            for name in auto_now:
                setattr(instance, name, now)
        changed_fields |= auto_now
    if changed_fields:
        model.objects.bulk_update(
            list(changed.values()), sorted(changed_fields), batch_size=BATCH_SIZE
        )
    return Counts(
        created=len(created),
        updated=len(changed),
        unchanged=len(rows) - len(created) - len(changed),
    )


class _KeyMaps:
    """key -> primary key of related models, loaded once per model and lookup field."""

    def __init__(self):
        self._maps: dict[tuple[type[models.Model], str], dict[str, Any]] = {}

    def get(self, model_field: models.Field, column: Column) -> dict[str, Any]:
        related = model_field.related_model
        cache_key = (related, column.lookup)
        if cache_key not in self._maps:
            self._maps[cache_key] = dict(related.objects.values_list(column.lookup, "pk"))
        return self._maps[cache_key]

    def pk(self, model_field: models.Field, column: Column, key: str):
        return self.get(model_field, column)[key]


def _split_columns(model: type[models.Model], present: Iterable[Column]):
    """Sort a file's columns by how they are written: value, link, link to self, M2M."""
    plain, foreign, own, many = [], [], [], []
    for column in present:
        model_field = model._meta.get_field(column.field_name)
        if model_field.many_to_many:
            many.append((column, model_field))
        elif model_field.many_to_one and model_field.related_model is model:
            own.append((column, model_field))
        elif model_field.many_to_one:
            foreign.append((column, model_field))
        else:
            plain.append((column, model_field))
    return plain, foreign, own, many


def _set_links(model_field, column, rows, by_key, created_keys, maps) -> set[str]:
    """Make each row's M2M links exactly the file's list; return the keys of rows changed."""
    through = model_field.remote_field.through
    source = through._meta.get_field(model_field.m2m_field_name()).attname
    target = through._meta.get_field(model_field.m2m_reverse_field_name()).attname
    targets = maps.get(model_field, column)

    current: dict[Any, dict[Any, Any]] = {}  # record id -> {linked id: link row id}
    old_ids = [by_key[row.key].pk for row in rows if row.key not in created_keys]
    for chunk in _chunks(old_ids):
        links = through.objects.filter(**{f"{source}__in": chunk})
        for link_id, record_id, linked_id in links.values_list("pk", source, target):
            current.setdefault(record_id, {})[linked_id] = link_id

    to_delete, to_add, changed = [], [], set()
    for row in rows:
        record_id = by_key[row.key].pk
        wanted = {targets[key] for key in row.values[column.name]}
        have = current.get(record_id, {})
        gone = [link_id for linked_id, link_id in have.items() if linked_id not in wanted]
        new = wanted - have.keys()
        if gone or new:
            to_delete.extend(gone)
            to_add.extend((record_id, linked) for linked in sorted(new))
            if row.key not in created_keys:
                changed.add(row.key)
    for chunk in _chunks(to_delete):
        through.objects.filter(pk__in=chunk).delete()
    _insert_links(through, source, target, to_add)
    return changed


def _insert_links(through, source: str, target: str, pairs: list[tuple]) -> None:
    """Insert (record id, linked id) rows into an M2M table.

    Building one model instance per link dominated the import time (about 80% of a
    20 000-project import went to Django's per-instance work for 130 000 links), so
    Django's own auto-created link tables, which have no defaults or signals to honour,
    get plain parameterised multi-row INSERTs instead (one statement per few hundred
    links: executemany would still cost a statement per link on PostgreSQL).
    """
    if not pairs:
        return
    if not through._meta.auto_created:
        links = [through(**{source: record_id, target: linked}) for record_id, linked in pairs]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        return
    connection = connections[router.db_for_write(through)]
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    columns = ", ".join(quote(through._meta.get_field(name).column) for name in (source, target))
    with connection.cursor() as cursor:
        for chunk in _chunks(pairs, LINKS_PER_INSERT):
            values = ", ".join(["(%s, %s)"] * len(chunk))
            # Identifiers come from the model's metadata; values are bound parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for pair in chunk for value in pair])


def _update_column(model, model_field, values: list[tuple]) -> None:
    """Set one column for many rows, from (value, primary key) pairs.

    Used for self references of records this import just created: bulk_update would
    build a CASE expression per row, ten times slower for the same result.
    """
    if not values:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(model_field.column)} = %s "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(values, 5000):
            cursor.executemany(sql, chunk)


def _existing_by_key(model, key_name: str, keys: list[str]) -> dict[str, models.Model]:
    found = {}
    for chunk in _chunks(keys):
        for instance in model.objects.filter(**{f"{key_name}__in": chunk}):
            found[getattr(instance, key_name)] = instance
    return found


def _chunks(items: list, size: int = CHUNK_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
