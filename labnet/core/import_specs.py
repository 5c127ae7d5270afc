"""The network dataset's sources.csv: the documents every other row cites."""

from labnet.core.importing import Column, Date, FileSpec, ImportFile, Key, Text, max_len

from .models import Source

SOURCES = FileSpec(
    name="sources",
    model=Source,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de source connue.",
    columns=(
        Column("key", Key(max_len(Source, "key")), required=True),
        Column("title", Text(max_len(Source, "title")), required=True),
        Column("published_on", Date()),
        Column("publisher", Text(max_len(Source, "publisher"))),
        Column("kind", Text(max_len(Source, "kind")), required=True),
        Column("file_name", Text(max_len(Source, "file_name"))),
    ),
)

IMPORT_FILES = (ImportFile(SOURCES),)
