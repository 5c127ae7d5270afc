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
call `topics_changed` themselves.

The in-process cache is not shared by gunicorn's workers, so the versions live elsewhere:
in Redis when there is one, in files next to a SQLite database, in the PostgreSQL database
otherwise (`core.topic_stores`, `LABNET_TOPIC_STORE`).
"""

from collections.abc import Iterable
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .topic_stores import topic_store

# Apps whose rows no public page shows: writing them bumps nothing.
SILENT_APPS = frozenset({"core", "imports", "webhooks"})


def known_topics() -> list[str]:
    """Every name a page may declare: the labels of LabNet's apps."""
    return sorted(
        config.label for config in apps.get_app_configs() if config.name.startswith("labnet.")
    )


def topic_versions(names: Iterable[str]) -> dict[str, int]:
    """The current version of each topic (0 for one never bumped), in one read."""
    names = sorted(set(names))
    return topic_store().read(names) if names else {}


def topics_bump_now(names: Iterable[str]) -> None:
    """Bump the versions at once. Use `topics_changed` inside a write's transaction."""
    names = sorted(set(names))
    if names:
        topic_store().bump(names)


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
