"""Versions of the data public pages show, for the page cache's exact invalidation.

A *topic* is the label of an app whose data a page shows ("labs", "projects", "events"...).
Each topic has a version; a cached page's key holds the versions of the topics it declared,
read before the page is computed. Every committed write bumps its topics' versions once
the transaction has committed (`transaction.on_commit`), so a page computed before the
commit is never found again by a request made after it (docs/adr/0048-cache-public-pages.md).

Bumps come from two places, both here in core so that no app has to remember them:
`audit_record` (every service writes one: the action's app and the target's app) and a
net of model signals (post_save, post_delete, m2m_changed on LabNet's models) for the
writes that are not services (the admin's inlines, imports that save rows one by one).
Bulk writes outside services (`QuerySet.update`, `bulk_create` in a loader or a generator)
call `topics_changed` themselves, or `manage.py topics_bump` afterwards.

Versions live in the shared cache when there is one (Redis, `LABNET_REDIS_URL`), otherwise
in the database (`core.TopicVersion`): the in-process cache is not shared by gunicorn's
workers, so a bump there would not reach the others.
"""

import secrets
from collections.abc import Iterable
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

KEY_PREFIX = "labnet:topic:"
# Apps whose rows no public page shows: writing them bumps nothing.
SILENT_APPS = frozenset({"core", "imports", "webhooks"})


def topics_in_cache() -> bool:
    """True when the versions live in the cache, i.e. the cache is shared (Redis)."""
    return bool(getattr(settings, "LABNET_REDIS_URL", ""))


def known_topics() -> list[str]:
    """Every name a page may declare: the labels of LabNet's apps."""
    return sorted(
        config.label for config in apps.get_app_configs() if config.name.startswith("labnet.")
    )


def topic_versions(names: Iterable[str]) -> dict[str, int]:
    """The current version of each topic (0 for one never bumped), in one read."""
    names = sorted(set(names))
    if not names:
        return {}
    if topics_in_cache():
        return _cache_versions(names)
    from .models import TopicVersion

    found = dict(TopicVersion.objects.filter(name__in=names).values_list("name", "version"))
    return {name: found.get(name, 0) for name in names}


def _cache_versions(names: list[str]) -> dict[str, int]:
    keys = {name: KEY_PREFIX + name for name in names}
    found = cache.get_many(keys.values())
    versions = {}
    for name, key in keys.items():
        if key not in found:
            # Never set, or lost (a Redis restart): start from a random value, never from a
            # number an older cached page may carry in its key.
            cache.add(key, secrets.randbits(48), timeout=None)
            found[key] = cache.get(key)
        versions[name] = found[key]
    return versions


def topics_bump_now(names: Iterable[str]) -> None:
    """Bump the versions at once. Use `topics_changed` inside a write's transaction."""
    names = sorted(set(names))
    if not names:
        return
    if topics_in_cache():
        for name in names:
            try:
                cache.incr(KEY_PREFIX + name)
            except ValueError:  # not set yet: any fresh value differs from the old keys
                cache.add(KEY_PREFIX + name, secrets.randbits(48), timeout=None)
        return
    from .models import TopicVersion

    if TopicVersion.objects.filter(name__in=names).update(version=F("version") + 1) < len(names):
        # First bump of some topic: create it at 1 (0 is what it was read as until now).
        TopicVersion.objects.bulk_create(
            [TopicVersion(name=name, version=1) for name in names], ignore_conflicts=True
        )


def topics_changed(*names: str, using: str | None = None) -> None:
    """Say that a write changed these topics: their versions are bumped once the current
    transaction commits (at once outside a transaction).

    Each call registers its commit callbacks (Django drops those of a rolled-back
    savepoint), and the callbacks of one transaction share a record of what they bumped, so
    a topic written a hundred times in a transaction is bumped once when it commits."""
    # With the page cache off no version is read, so none is kept (the setting must be the
    # same on every server sharing a cache).
    names = {name for name in names if name and name not in SILENT_APPS}
    if not names or not settings.LABNET_PAGE_CACHE:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        topics_bump_now(names)
        return
    # One record per list of commit callbacks: Django starts a new list when the
    # transaction ends or a savepoint rolls back.
    callbacks, bumped = getattr(connection, "_labnet_topics_bumped", (None, set()))
    if callbacks is not connection.run_on_commit:
        bumped = set()
        connection._labnet_topics_bumped = (connection.run_on_commit, bumped)
    for name in sorted(names):
        transaction.on_commit(partial(_bump_once, name, bumped), using=using)


def _bump_once(name: str, bumped: set) -> None:
    if name not in bumped:
        bumped.add(name)
        topics_bump_now([name])


def topic_of_label(label: str) -> str:
    """`"events.registration"` -> `"events"`: a model's or an audit action's app."""
    return label.partition(".")[0]
