"""The project's documents: uploads checked for size and real type, served only to the
project's lab teams (through a view, never from MEDIA_URL).

The type is decided from the file's first bytes (and, for office files, from the archive's
own manifest), not from its name alone: a renamed executable is refused even if it ends in
".pdf". The stored content type is the one we detected, never the browser's claim.
"""

import math
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.core.text import BIDI_CONTROLS, CONTROL_CHARACTERS
from labnet.projects.audit import ProjectsAction

from .enums import DocumentKind
from .models import Project, ProjectDocument
from .rules import require_can_manage_documents

DEFAULT_MAX_UPLOAD_MB = 10
SNIFF_BYTES = 8192

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
CSV = "text/csv"
TXT = "text/plain"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# Extension -> the content type the file's bytes must show.
ALLOWED_EXTENSIONS: dict[str, str] = {
    "pdf": PDF,
    "odt": ODT,
    "ods": ODS,
    "odp": ODP,
    "docx": DOCX,
    "xlsx": XLSX,
    "pptx": PPTX,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "csv": CSV,
    "txt": TXT,
}
# The folder an Office Open XML package keeps its main part in.
_OOXML_FOLDERS = {DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "LABNET_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024


def allowed_extensions_label() -> str:
    return ", ".join(sorted(ALLOWED_EXTENSIONS))


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return head


def _looks_like_text(head: bytes) -> bool:
    # CSV and text exports come as UTF-8 or Windows-1252: either way no NUL byte and no
    # control character but tab, line breaks and form feed.
    allowed_controls = {9, 10, 12, 13}
    return all(b >= 32 or b in allowed_controls for b in head)


def _zip_manifest(file) -> tuple[str, set[str]] | None:
    """(the ODF `mimetype` entry's text, the archive's names), or None if not a zip."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            mimetype = ""
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
            return mimetype, names
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


def sniff(file, expected: str) -> bool:
    """Whether the bytes of `file` are those of `expected` (a content type)."""
    head = _read_head(file)
    if expected == PDF:
        return head.startswith(b"%PDF-")
    if expected == PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if expected == JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if expected in (CSV, TXT):
        return bool(head) and _looks_like_text(head)
    if not head.startswith(b"PK\x03\x04"):
        return False
    manifest = _zip_manifest(file)
    if manifest is None:
        return False
    mimetype, names = manifest
    if expected in (ODT, ODS, ODP):
        return mimetype == expected
    folder = _OOXML_FOLDERS[expected]
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def validate_upload(file) -> str:
    """The file's detected content type, or a ValidationError (French, on `file`)."""
    name = os.path.basename(getattr(file, "name", "") or "")
    found = CONTROL_CHARACTERS.search(name) or BIDI_CONTROLS.search(name)
    if found:
        # U+202E turns "rapport\u202efdp.exe" into "rapportexe.pdf" on the page: the name is
        # shown and offered on download, so it is refused like any typed name.
        raise ValidationError(
            {
                "file": _(
                    "Le nom de ce fichier contient un caractère non autorisé (U+%(code)s) : "
                    "renommez le fichier, puis joignez-le à nouveau."
                )
                % {"code": f"{ord(found.group()):04X}"}
            }
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("Ce type de fichier n'est pas accepté. Formats acceptés : %(formats)s.")
                % {"formats": allowed_extensions_label()}
            }
        )
    limit = max_upload_bytes()
    if file.size > limit:
        raise ValidationError(
            {
                "file": _("Le fichier pèse %(size)s Mo : la taille maximale est de %(max)s Mo.")
                % {
                    # Rounded up, so that the size shown is always above the limit.
                    "size": f"{math.ceil(file.size * 10 / (1024 * 1024)) / 10:.1f}".replace(
                        ".", ","
                    ),
                    "max": limit // (1024 * 1024),
                }
            }
        )
    if file.size == 0:
        raise ValidationError({"file": _("Le fichier est vide.")})
    expected = ALLOWED_EXTENSIONS[extension]
    if not sniff(file, expected):
        raise ValidationError(
            {
                "file": _(
                    "Le contenu du fichier ne correspond pas à son extension « .%(ext)s » : "
                    "enregistrez-le à nouveau dans ce format ou choisissez le bon fichier."
                )
                % {"ext": extension}
            }
        )
    return expected


def document_upload(
    *,
    actor,
    project: Project,
    kind: str,
    title: str,
    file,
    channel: str = AuditEntry.Channel.WEB,
) -> ProjectDocument:
    """Store a document for the project's teams after checking its size and real type."""
    require_can_manage_documents(actor, project)
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Choisissez la nature du document.")]
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Donnez un titre au document.")]
    elif len(title) > 200:
        errors["title"] = [_("Le titre tient en 200 caractères au plus.")]
    content_type = ""
    if file is None:
        errors["file"] = [_("Choisissez le fichier à déposer.")]
    else:
        try:
            content_type = validate_upload(file)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        document = ProjectDocument(
            project=project,
            kind=kind,
            title=title,
            content_type=content_type,
            size=file.size,
            uploaded_by=actor if actor.is_authenticated else None,
        )
        document.file.save(os.path.basename(file.name), file, save=False)
        # If the row cannot be written, the stored file must not stay behind unreferenced.
        try:
            document.save()
            audit_record(
                actor=actor,
                action=ProjectsAction.DOCUMENT_UPLOAD,
                target=document,
                changes={"project": project.key, "content_type": content_type, "size": file.size},
                channel=channel,
            )
        except Exception:
            document.file.delete(save=False)
            raise
    return document


def document_delete(
    *, actor, document: ProjectDocument, channel: str = AuditEntry.Channel.WEB
) -> None:
    require_can_manage_documents(actor, document.project)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=ProjectsAction.DOCUMENT_DELETE,
            target=document,
            changes={"project": document.project.key, "title": document.title},
            channel=channel,
        )
        storage, name = document.file.storage, document.file.name
        document.delete()
        # The file goes only once the row is gone for good.
        transaction.on_commit(lambda: storage.delete(name))
