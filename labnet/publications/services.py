"""Asking for a publication and building it. A build is a background task queued after the
request's transaction; one build per version of the data and language."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .enums import BuildStatus
from .models import Publication
from .pdf import PublicationUnavailable, draw
from .selectors import data_version


def publication_request(*, kind: str, language: str) -> Publication:
    """The build of `kind` in `language` for the data as it is now, queued if new (or if
    the last try failed)."""
    version = data_version(kind)
    try:
        with transaction.atomic():
            publication, created = Publication.objects.get_or_create(
                kind=kind,
                language=language,
                data_version=version,
                defaults={"status": BuildStatus.QUEUED},
            )
    except IntegrityError:  # two visitors asked at the same moment: one build
        return Publication.objects.get(kind=kind, language=language, data_version=version)
    if created or publication.status == BuildStatus.FAILED:
        if not created:
            # The last error stays shown until a build succeeds.
            Publication.objects.filter(pk=publication.pk).update(status=BuildStatus.QUEUED)
        transaction.on_commit(partial(build_publication.enqueue, publication_id=publication.pk))
    return publication


def publication_build(*, publication_id: int) -> Publication:
    publication = Publication.objects.get(pk=publication_id)
    try:
        drawn = draw(publication.kind, publication.language)
    except PublicationUnavailable as unavailable:
        # Bounded like the field (a library's message could be anything).
        error_max = Publication._meta.get_field("error").max_length
        publication.status, publication.error = BuildStatus.FAILED, str(unavailable)[:error_max]
        publication.save(update_fields=["status", "error"])
        return publication
    publication.pdf = drawn.pdf
    publication.size = len(drawn.pdf)
    publication.pages = drawn.pages
    publication.seconds = drawn.seconds
    publication.status = BuildStatus.READY
    publication.built_at = timezone.now()
    publication.error = ""
    publication.save()
    # Older builds of the same publication and language are no longer served.
    Publication.objects.filter(kind=publication.kind, language=publication.language).exclude(
        pk=publication.pk
    ).filter(built_at__lt=publication.built_at).delete()
    return publication


@task()
def build_publication(*, publication_id: int) -> int:
    """The background build (queued by `publication_request` after its commit)."""
    return publication_build(publication_id=publication_id).pk
