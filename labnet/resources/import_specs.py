"""The library's file of the network dataset (data/network/resources.csv): its columns,
checks and loader, declared in IMPORT_FILES for the importer to discover.

Rows are resources the source documents name (publications, methods, good practices);
the coordination transcribed them, so a new row is published on import.
"""

from django.utils import timezone

from labnet.core.importing import (
    Choice,
    Column,
    Counts,
    FileSpec,
    ImportFile,
    Invalid,
    Key,
    LoadContext,
    Text,
    Url,
    ValidatedFile,
    free_text,
    max_len,
    upsert,
)
from labnet.core.models import Source
from labnet.labs.import_specs import themes_column
from labnet.labs.models import Lab
from labnet.projects.models import Project

from .enums import Licence, ResourceKind, ResourceStatus
from .models import Resource, ResourceTag
from .services import TAG_MAX_LENGTH, normalise_tags


class Tag:
    """A free keyword: stored lowercase with single spaces, like the site's form does."""

    empty = ""
    schema_type = "string"

    def __call__(self, raw: str) -> str:
        tag = normalise_tags([raw])[0] if raw.strip() else ""
        if len(tag) > TAG_MAX_LENGTH:
            raise Invalid(
                f"mot-clé trop long : {len(tag)} caractères pour {TAG_MAX_LENGTH} au plus."
            )
        return tag


RESOURCES = FileSpec(
    name="resources",
    model=Resource,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de ressource connue.",
    name_column="title",
    columns=(
        Column("key", Key(max_len(Resource, "key")), required=True),
        Column("title", Text(max_len(Resource, "title")), required=True),
        Column("kind", Choice.of(ResourceKind), required=True),
        Column("summary", free_text(Resource, "summary"), required=True),
        # The documents often name a publication without a link: the source then says
        # where it was announced.
        Column("url", Url(max_len(Resource, "url"))),
        Column("licence", Choice.of(Licence), required=True),
        Column("tags", Tag(), many=True, lookup="name"),
        themes_column(),
        Column("lab_key", Key(max_len(Lab, "key")), attr="lab", ref="labs"),
        Column(
            "project_keys",
            Key(max_len(Project, "key")),
            attr="projects",
            many=True,
            ref="projects",
        ),
        Column("source", Key(max_len(Source, "key")), required=True, ref="sources"),
        # Transcribed by the coordination: published unless the file says otherwise.
        Column(
            "status", Choice.of(ResourceStatus), optional=True, default=ResourceStatus.PUBLISHED
        ),
    ),
)


def load_resources(validated: ValidatedFile, context: LoadContext) -> Counts:
    """Create the free tags the file names, then upsert the resources with their links."""
    names = sorted({tag for row in validated.rows for tag in row.values.get("tags", [])})
    existing = set(ResourceTag.objects.filter(name__in=names).values_list("name", flat=True))
    ResourceTag.objects.bulk_create(
        [ResourceTag(name=name) for name in names if name not in existing]
    )
    counts = upsert(validated, context)
    # A published resource has a publication date; the import is when it was published.
    Resource.objects.filter(status=ResourceStatus.PUBLISHED, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    return counts


IMPORT_FILES = (ImportFile(RESOURCES, loader=load_resources),)
