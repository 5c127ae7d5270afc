"""Roadmap items in the network's memory: planned items (not yet projects) are indexed
by labnet.search (its MemoryDocument) and found beside similar projects; an item linked
to a project leaves the index, the project is found instead."""

from labnet.search.services import memory_index_remove, memory_index_update

from .models import Item

KIND = "roadmap_item"


def items_index(*, item_ids) -> None:
    """(Re)index the given items, in two queries whatever their number."""
    items = list(Item.objects.filter(pk__in=list(item_ids)).select_related("group__axis__roadmap"))
    planned = [i for i in items if i.project_id is None]
    memory_index_remove(kind=KIND, object_ids=[i.pk for i in items if i.project_id])
    memory_index_update(
        kind=KIND,
        rows=[
            (
                i.pk,
                i.title,
                "\n".join(
                    p
                    for p in (
                        i.description,
                        i.group.title,
                        i.group.axis.title,
                        i.group.axis.roadmap.title,
                    )
                    if p
                ),
            )
            for i in planned
        ],
    )


def items_unindex(*, item_ids) -> None:
    """Take deleted items out of the memory index (call before deleting them)."""
    memory_index_remove(kind=KIND, object_ids=list(item_ids))
