"""Keeping the search index in step with projects (docs/adr/0003-search.md).

`project_index_update` is called by every service that creates or changes a project,
inside its transaction, so the index commits or rolls back with the change. These are
not user actions (no actor, no audit entry): the service that calls them is audited.
"""

from django.db import transaction

from labnet.projects.models import Project

from .backends import backend
from .documents import project_document, project_documents
from .models import ProjectSearchDocument

REINDEX_BATCH = 2_000


def project_index_update(*, project: Project) -> None:
    """(Re)index one project from its current title, themes and public sheet."""
    title, text = project_document(project)
    with transaction.atomic():
        backend().write([(project.pk, title, text)])


def project_index_remove(*, project_id: int) -> None:
    """Take a project out of the index (deleting the project does it too)."""
    with transaction.atomic():
        # The document's deletion takes its index row with it (trigger or same row).
        ProjectSearchDocument.objects.filter(project_id=project_id).delete()


def projects_reindex(*, batch_size: int = REINDEX_BATCH, progress=None) -> int:
    """Rebuild the whole index from the projects, in batches; returns how many.

    One transaction: readers keep the previous index until the new one is complete, and
    running it twice gives the same index.
    """
    search = backend()
    count = 0
    with transaction.atomic():
        search.rebuild_start()
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            rows = project_documents(ids[start : start + batch_size])
            search.write(rows, fresh=True)
            count += len(rows)
            if progress:
                progress(count, len(ids))
        search.rebuild_finish()
    return count


def memory_index_update(*, kind: str, rows) -> None:
    """(Re)index `rows` of (object_id, title, text) of one `kind` (e.g. "roadmap_item")."""
    from labnet.search.text import stems

    from .models import MemoryDocument

    rows = list(rows)
    if not rows:
        return
    with transaction.atomic():
        MemoryDocument.objects.filter(kind=kind, object_id__in=[r[0] for r in rows]).delete()
        MemoryDocument.objects.bulk_create(
            [
                MemoryDocument(
                    kind=kind,
                    object_id=object_id,
                    title=title,
                    terms=" " + " ".join(stems(f"{title}\n{text}")) + " ",
                )
                for object_id, title, text in rows
            ]
        )


def memory_index_remove(*, kind: str, object_ids) -> None:
    from .models import MemoryDocument

    MemoryDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
