"""Files joined to a request at the single window: an agent's draft often exists as a
file ("dès qu'il dispose d'un brouillon de projet").

The same checks as the workspace documents (`projects.documents.validate_upload`: the type
read from the bytes, the size limit); the authors add and remove them while the request is
a draft or waits for their answer; the lab's team and the coordination read them through
a view that checks who asks; an accepted request's files become the project's documents.
"""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.intake.audit import IntakeAction
from labnet.projects.audit import ProjectsAction
from labnet.projects.documents import validate_upload
from labnet.projects.enums import DocumentKind
from labnet.projects.models import ProjectDocument

from .enums import RequestStatus
from .models import Request, RequestAttachment
from .rules import is_request_author, visible_requests_filter

MAX_ATTACHMENTS = 5
EDITABLE_STATUSES = (RequestStatus.DRAFT, RequestStatus.WAITING_AUTHOR)


def can_attach(user, request: Request) -> bool:
    return is_request_author(user, request) and request.status in EDITABLE_STATUSES


def _refused() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Seuls les auteurs de la demande joignent ou retirent des fichiers, tant qu'elle "
            "est en brouillon ou attend leurs précisions."
        )
    )


def attachment_add(
    *, actor, request: Request, file, title: str = "", channel=AuditEntry.Channel.WEB
) -> RequestAttachment:
    if not can_attach(actor, request):
        raise _refused()
    errors: dict[str, list[str]] = {}
    title = (title or "").strip() or os.path.basename(getattr(file, "name", "") or "")
    if len(title) > 200:
        errors["title"] = [_("Le titre tient en 200 caractères au plus.")]
    content_type = ""
    if file is None:
        errors["file"] = [_("Choisissez le fichier à joindre.")]
    else:
        try:
            content_type = validate_upload(file)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                {
                    "file": _(
                        "Une demande a au plus %(max)d pièces jointes : retirez-en une d'abord."
                    )
                    % {"max": MAX_ATTACHMENTS}
                }
            )
        attachment = RequestAttachment(
            request=locked,
            title=title,
            content_type=content_type,
            size=file.size,
            uploaded_by=actor,
        )
        attachment.file.save(os.path.basename(file.name), file, save=False)
        try:
            attachment.save()
            audit_record(
                actor=actor,
                action=IntakeAction.ATTACHMENT_ADD,
                target=locked,
                changes={"title": title, "content_type": content_type, "size": file.size},
                channel=channel,
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, actor, attachment: RequestAttachment, channel=AuditEntry.Channel.WEB):
    if not can_attach(actor, attachment.request):
        raise _refused()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=IntakeAction.ATTACHMENT_REMOVE,
            target=attachment.request,
            changes={"title": attachment.title},
            channel=channel,
        )
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def attachment_get_visible(*, user, public_id, pk) -> RequestAttachment:
    """One attachment if `user` may read its request (authors, the lab's team, the
    coordination); RequestAttachment.DoesNotExist otherwise (hidden looks like absent)."""
    visible = Request.objects.filter(visible_requests_filter(user), public_id=public_id)
    return RequestAttachment.objects.select_related("request").get(request__in=visible, pk=pk)


def attachments_to_project(*, actor, request: Request, project) -> list[ProjectDocument]:
    """Called inside the acceptance: each file of the request becomes a document of the
    project, for the lab's team (the request keeps its copy and a link)."""
    documents = []
    for attachment in request.attachments.all():
        document = ProjectDocument(
            project=project,
            kind=DocumentKind.OTHER,
            title=attachment.title,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by=attachment.uploaded_by,
        )
        with attachment.file.open("rb") as source:
            document.file.save(os.path.basename(attachment.file.name), source, save=False)
        document.save()
        attachment.project_document = document
        attachment.save(update_fields=["project_document"])
        audit_record(
            actor=actor,
            action=ProjectsAction.DOCUMENT_UPLOAD,
            target=document,
            changes={
                "project": project.key,
                "from_request": str(request.public_id),
                "content_type": document.content_type,
                "size": document.size,
            },
        )
        documents.append(document)
    return documents
