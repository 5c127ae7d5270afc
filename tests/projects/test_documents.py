"""Uploads: allowed types by their real bytes, size limit, French errors, nothing stored on
refusal."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from labnet.core.models import AuditEntry
from labnet.projects.documents import document_delete, document_upload
from labnet.projects.enums import DocumentKind
from labnet.projects.models import ProjectDocument

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODT_BYTES = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
DOCX_BYTES = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
XLSX_BYTES = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _upload(actor, project, file, **overrides):
    data = {"kind": DocumentKind.REPORT, "title": "Compte rendu de l'atelier", "file": file}
    return document_upload(actor=actor, project=project, **(data | overrides))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("cr.pdf", PDF_BYTES, "application/pdf"),
        ("photo.PNG", PNG_BYTES, "image/png"),
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("note.odt", ODT_BYTES, "application/vnd.oasis.opendocument.text"),
        (
            "note.docx",
            DOCX_BYTES,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            XLSX_BYTES,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("liste.csv", "nom;rôle\nAgnès;agente\n".encode("cp1252"), "text/csv"),
        ("lisez-moi.txt", "Délais : 12 jours\r\n".encode(), "text/plain"),
    ],
)
def test_allowed_files_are_stored_with_the_detected_type(
    project, lab_member, name, content, content_type
):
    document = _upload(lab_member, project, upload(name, content))

    assert document.content_type == content_type
    assert document.size == len(content)
    assert document.uploaded_by == lab_member
    assert document.file.name.startswith(f"projects/{project.pk}/")
    assert default_storage.open(document.file.name).read() == content
    assert AuditEntry.objects.get(action="projects.document_upload").changes["size"] == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "setup.exe",
            b"MZ\x90\x00",
            "Ce type de fichier n'est pas accepté. Formats acceptés : csv, docx, jpeg, jpg, "
            "odp, ods, odt, pdf, png, pptx, txt, xlsx.",
        ),
        (
            "sans-extension",
            PDF_BYTES,
            "Ce type de fichier n'est pas accepté. Formats acceptés : csv, docx, jpeg, jpg, "
            "odp, ods, odt, pdf, png, pptx, txt, xlsx.",
        ),
        (
            "faux.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00",
            "Le contenu du fichier ne correspond pas à son extension « .pdf » : enregistrez-le "
            "à nouveau dans ce format ou choisissez le bon fichier.",
        ),
        (
            "image.png",
            JPEG_BYTES,
            "Le contenu du fichier ne correspond pas à son extension « .png » : enregistrez-le "
            "à nouveau dans ce format ou choisissez le bon fichier.",
        ),
        (
            "binaire.csv",
            b"a;b\n\x00\x01\x02",
            "Le contenu du fichier ne correspond pas à son extension « .csv » : enregistrez-le "
            "à nouveau dans ce format ou choisissez le bon fichier.",
        ),
        (
            "archive.docx",
            _zip({"readme.txt": b"hello"}),
            "Le contenu du fichier ne correspond pas à son extension « .docx » : enregistrez-le "
            "à nouveau dans ce format ou choisissez le bon fichier.",
        ),
        (
            "tableur.odt",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "Le contenu du fichier ne correspond pas à son extension « .odt » : enregistrez-le "
            "à nouveau dans ce format ou choisissez le bon fichier.",
        ),
        ("vide.txt", b"", "Le fichier est vide."),
    ],
)
def test_wrong_files_are_refused_in_french_and_nothing_is_stored(
    project, lab_member, name, content, message
):
    with pytest.raises(ValidationError) as exc:
        _upload(lab_member, project, upload(name, content))

    assert exc.value.message_dict == {"file": [message]}
    assert not ProjectDocument.objects.exists()
    assert not AuditEntry.objects.filter(action="projects.document_upload").exists()


def test_size_limit_comes_from_the_setting(project, lab_member, settings):
    settings.LABNET_MAX_UPLOAD_MB = 1
    big = PDF_BYTES + b"0" * (1024 * 1024)

    with pytest.raises(ValidationError) as exc:
        _upload(lab_member, project, upload("gros.pdf", big))

    assert exc.value.message_dict == {
        "file": ["Le fichier pèse 1,1 Mo : la taille maximale est de 1 Mo."]
    }
    settings.LABNET_MAX_UPLOAD_MB = 2
    assert _upload(lab_member, project, upload("gros.pdf", big)).size == len(big)


def test_default_limit_is_ten_megabytes(project, lab_member, settings):
    if hasattr(settings, "LABNET_MAX_UPLOAD_MB"):
        del settings.LABNET_MAX_UPLOAD_MB
    with pytest.raises(ValidationError) as exc:
        _upload(lab_member, project, upload("gros.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024)))
    assert "la taille maximale est de 10 Mo" in exc.value.messages[0]


def test_missing_title_and_kind_are_reported_with_the_file_error(project, lab_member):
    with pytest.raises(ValidationError) as exc:
        _upload(lab_member, project, upload("x.exe", b"MZ"), kind="", title="")
    assert set(exc.value.message_dict) == {"kind", "title", "file"}


def test_only_the_project_teams_upload_and_delete(project, partner_member, outsider):
    with pytest.raises(PermissionDenied):
        _upload(outsider, project, upload("cr.pdf", PDF_BYTES))
    document = _upload(partner_member, project, upload("cr.pdf", PDF_BYTES))
    with pytest.raises(PermissionDenied):
        document_delete(actor=outsider, document=document)


def test_delete_removes_the_row_and_then_the_file(
    project, lab_member, django_capture_on_commit_callbacks
):
    document = _upload(lab_member, project, upload("cr.pdf", PDF_BYTES))
    name = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        document_delete(actor=lab_member, document=document)

    assert not ProjectDocument.objects.exists()
    assert not default_storage.exists(name)
    assert AuditEntry.objects.filter(action="projects.document_delete").count() == 1
