"""What the library holds about a person: the resources they proposed."""

from django.db import transaction

from labnet.core.services import audit_forget

from .enums import ResourceStatus
from .models import Resource


def proposals_export(user) -> list[dict]:
    return [
        {
            "key": r.key,
            "title": r.title,
            "kind": r.kind,
            "summary": r.summary,
            "url": r.url,
            "file": r.file.name if r.file else "",
            "licence": r.licence,
            "tags": [t.name for t in r.tags.all()],
            "lab": r.lab.key if r.lab else None,
            "status": r.status,
            "review_message": r.review_message,
            "proposed_at": r.created_at.isoformat(),
            "published_at": r.published_at.isoformat() if r.published_at else None,
        }
        for r in Resource.objects.filter(proposed_by=user)
        .select_related("lab")
        .prefetch_related("tags")
        .order_by("created_at", "pk")
    ]


def proposals_erase(user) -> None:
    """Published resources belong to the network: they stay, no longer tied to the person.
    Proposals never published were only the person's: they go, with their files."""
    Resource.objects.filter(proposed_by=user, status=ResourceStatus.PUBLISHED).update(
        proposed_by=None
    )
    unpublished = list(Resource.objects.filter(proposed_by=user))
    files = [(r.file.storage, r.file.name) for r in unpublished if r.file]
    Resource.objects.filter(proposed_by=user).delete()
    # Their audit entries stay (who did what), without the proposals' titles nor changes.
    audit_forget(Resource, [r.pk for r in unpublished])
    for storage, name in files:
        # Files go only once the erasure is committed for good.
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
