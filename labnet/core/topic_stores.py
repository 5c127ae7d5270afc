"""Where the topic versions live (`core.topics`, docs/adr/0048-cache-public-pages.md): as
widely shared as the data itself, and no wider than needed, because every cached answer
reads them.

- `cache`: Redis (`LABNET_REDIS_URL`), shared by every server;
- `file`: one small file per topic next to the SQLite database (`LABNET_TOPIC_DIR`),
  shared by every worker of the one machine that can use that database;
- `database`: `core.TopicVersion` rows, for PostgreSQL without Redis (several servers may
  share the database, and its connections persist, so a read is one quick query).

A bump happens after the write's commit and only has to make the version differ from the
one any earlier reader saw: an increment two bumps race on may be counted once, never
undone.
"""

import os
import secrets
import tempfile

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F

KEY_PREFIX = "labnet:topic:"


class CacheStore:
    def read(self, names: list[str]) -> dict[str, int]:
        keys = {name: KEY_PREFIX + name for name in names}
        found = cache.get_many(keys.values())
        versions = {}
        for name, key in keys.items():
            if key not in found:
                # Never set, or lost (a Redis restart): start from a random value, never
                # from a number an older cached page may carry in its key.
                cache.add(key, secrets.randbits(48), timeout=None)
                found[key] = cache.get(key)
            versions[name] = found[key]
        return versions

    def bump(self, names: list[str]) -> None:
        for name in names:
            try:
                cache.incr(KEY_PREFIX + name)
            except ValueError:  # not set yet: any fresh value differs from the old keys
                cache.add(KEY_PREFIX + name, secrets.randbits(48), timeout=None)


class FileStore:
    """Plain `os` calls on string paths: a cached answer reads one small file per topic,
    and this is most of what it costs beyond the framework's floor."""

    @staticmethod
    def _path(directory: str, name: str) -> str:
        if not name.isidentifier():
            raise ValueError(f"not a topic name: {name!r}")
        return os.path.join(directory, name)

    @staticmethod
    def _read_one(path: str) -> int:
        try:
            with open(path, "rb") as file:
                return int(file.read() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def read(self, names: list[str]) -> dict[str, int]:
        directory = str(settings.LABNET_TOPIC_DIR)
        return {name: self._read_one(self._path(directory, name)) for name in names}

    def bump(self, names: list[str]) -> None:
        directory = str(settings.LABNET_TOPIC_DIR)
        os.makedirs(directory, exist_ok=True)
        for name in names:
            path = self._path(directory, name)
            # Written aside then renamed: a reader sees the old number or the new one.
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
            with os.fdopen(handle, "w") as file:
                file.write(str(self._read_one(path) + 1))
            os.replace(temporary, path)


class DatabaseStore:
    """`core.TopicVersion` rows, one per topic ever bumped (a few dozen at most: the app
    labels). Every cached answer reads them, so the read is one constant statement over
    the whole small table through Django's cursor (counted like any query, inside the
    request's transaction state), without building a queryset: the ORM's compilation cost
    as much as the round trip itself and took about a tenth of a cached answer's CPU."""

    def read(self, names: list[str]) -> dict[str, int]:
        from .models import TopicVersion

        table = connection.ops.quote_name(TopicVersion._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT name, version FROM {table}")  # noqa: S608 - our own table
            found = dict(cursor.fetchall())
        return {name: found.get(name, 0) for name in names}

    def bump(self, names: list[str]) -> None:
        from .models import TopicVersion

        if TopicVersion.objects.filter(name__in=names).update(version=F("version") + 1) < len(
            names
        ):
            # First bump of some topic: create it at 1 (0 is what it was read as until now).
            TopicVersion.objects.bulk_create(
                [TopicVersion(name=name, version=1) for name in names], ignore_conflicts=True
            )


STORES = {"cache": CacheStore(), "file": FileStore(), "database": DatabaseStore()}


def topic_store():
    return STORES[settings.LABNET_TOPIC_STORE]
