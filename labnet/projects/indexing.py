"""Keeping indexes of projects up to date, without projects knowing who indexes them.

Every service that writes a project calls `project_written(project)` inside its
transaction. The search app registers its indexer from `SearchConfig.ready()`
(`labnet.search.apps`): search builds on projects, so projects never imports search
(the layers of docs/architecture.md, checked by import-linter).
"""

from collections.abc import Callable

_indexers: list[Callable] = []


def indexer_register(indexer: Callable) -> None:
    """Call `indexer(project=...)` after every write of a project (idempotent)."""
    if indexer not in _indexers:
        _indexers.append(indexer)


def project_written(project) -> None:
    for indexer in _indexers:
        indexer(project=project)
