"""Writes of the shared library: propose, amend, publish or refuse, link to projects.

Every function checks its rule, validates with French messages keyed by field, runs in
one transaction, records an audit entry and queues its e-mails after commit.
"""

import os
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.keys import unique_key
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.documents import validate_upload
from labnet.projects.rules import can_view_project
from labnet.resources.audit import ResourcesAction

from . import emails
from .enums import Licence, ResourceKind, ResourceStatus, ReviewDecision
from .models import Resource, ResourceTag
from .rules import (
    can_credit_lab,
    can_link_resource_to_project,
    require_can_edit_proposal,
    require_can_propose_resource,
    require_can_review_resources,
)

MAX_TAGS = 10
TAG_MAX_LENGTH = 50
# Keys the library's own pages use as path segments: a resource cannot take them.
RESERVED_KEYS = frozenset({"proposer", "mes-propositions", "a-relire"})
_TAG_SEPARATORS = re.compile(r"[,;]")


def required_messages() -> dict[str, str]:
    """What to say when a required field is empty: shared with the forms, so the page and
    the API say the same thing."""
    return {
        "title": _("Donnez un titre à la ressource."),
        "kind": _("Choisissez la nature de la ressource."),
        "summary": _("Présentez la ressource en quelques lignes : à quoi elle sert."),
        "licence": _("Choisissez la licence sous laquelle la ressource est partagée."),
        "url": _("Indiquez l'adresse web de la ressource ou déposez son fichier (l'un des deux)."),
    }


def normalise_tags(raw) -> list[str]:
    """Free tags as typed ("Design, facilitation; design") -> ["design", "facilitation"]."""
    items = _TAG_SEPARATORS.split(raw) if isinstance(raw, str) else list(raw or [])
    tags: list[str] = []
    for item in items:
        tag = " ".join(str(item).split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _check_tags(tags: list[str], errors: dict) -> None:
    too_long = [t for t in tags if len(t) > TAG_MAX_LENGTH]
    if too_long:
        errors["tags"] = [
            _("Un mot-clé tient en %(max)d caractères au plus : « %(tag)s ».")
            % {"max": TAG_MAX_LENGTH, "tag": too_long[0]}
        ]
    elif len(tags) > MAX_TAGS:
        errors["tags"] = [_("%(max)d mots-clés au plus.") % {"max": MAX_TAGS}]


def _validated(*, actor, data: dict, tags, file, has_file: bool) -> tuple[dict, list[str], str]:
    """Clean a proposal's fields; ValidationError with every problem at once."""
    errors: dict[str, list[str]] = {}
    required = required_messages()
    cleaned = {
        "title": (data.get("title") or "").strip(),
        "kind": data.get("kind") or "",
        "summary": (data.get("summary") or "").strip(),
        "url": (data.get("url") or "").strip(),
        "licence": data.get("licence") or "",
        "lab": data.get("lab"),
    }
    if not cleaned["title"]:
        errors["title"] = [required["title"]]
    elif len(cleaned["title"]) > 200:
        errors["title"] = [_("Le titre tient en 200 caractères au plus.")]
    if cleaned["kind"] not in ResourceKind.values:
        errors["kind"] = [required["kind"]]
    if not cleaned["summary"]:
        errors["summary"] = [required["summary"]]
    if cleaned["licence"] not in Licence.values:
        errors["licence"] = [required["licence"]]
    if cleaned["url"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["url"])
        except ValidationError:
            errors["url"] = [
                _("Cette adresse web n'est pas valide : elle commence par https:// ou http://.")
            ]
        else:
            if len(cleaned["url"]) > 500:
                errors["url"] = [_("L'adresse web tient en 500 caractères au plus.")]
    content_type = ""
    if file is not None:
        try:
            content_type = validate_upload(file)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not cleaned["url"] and file is None and not has_file and "url" not in errors:
        errors["url"] = [required["url"]]
    if cleaned["lab"] is not None and not can_credit_lab(actor, cleaned["lab"]):
        errors["lab"] = [_("Vous ne pouvez créditer qu'un laboratoire dont vous êtes membre.")]
    tags = normalise_tags(tags)
    _check_tags(tags, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned, tags, content_type


def _set_tags(resource: Resource, tags: list[str]) -> None:
    existing = {t.name: t for t in ResourceTag.objects.filter(name__in=tags)}
    missing = [ResourceTag(name=name) for name in tags if name not in existing]
    ResourceTag.objects.bulk_create(missing, ignore_conflicts=True)
    resource.tags.set(ResourceTag.objects.filter(name__in=tags))


def _store_file(resource: Resource, file, content_type: str) -> None:
    resource.file.save(os.path.basename(file.name), file, save=False)
    resource.content_type = content_type
    resource.size = file.size


def resource_propose(
    *,
    actor,
    data: dict,
    tags="",
    themes=(),
    file=None,
    channel: str = AuditEntry.Channel.WEB,
) -> Resource:
    """A network member proposes a resource; it waits for the coordination's review."""
    require_can_propose_resource(actor)
    cleaned, tags, content_type = _validated(
        actor=actor, data=data, tags=tags, file=file, has_file=False
    )
    with transaction.atomic():
        resource = Resource(
            key=unique_key(Resource, cleaned["title"], default="ressource", reserved=RESERVED_KEYS),
            status=ResourceStatus.PROPOSED,
            proposed_by=actor,
            **cleaned,
        )
        if file is not None:
            _store_file(resource, file, content_type)
        try:
            resource.save()
            resource.themes.set(themes)
            _set_tags(resource, tags)
            audit_record(
                actor=actor,
                action=ResourcesAction.RESOURCE_PROPOSE,
                target=resource,
                changes={"kind": resource.kind, "licence": resource.licence, "tags": tags},
                channel=channel,
            )
            emails.proposal_received(resource)
        except Exception:
            # A row that cannot be written must not leave its file behind.
            if resource.file:
                resource.file.delete(save=False)
            raise
    return resource


def resource_update(
    *,
    actor,
    resource: Resource,
    data: dict,
    tags="",
    themes=(),
    file=None,
    remove_file: bool = False,
    channel: str = AuditEntry.Channel.WEB,
) -> Resource:
    """The proposer amends a proposal until the coordination decides on it."""
    require_can_edit_proposal(actor, resource)
    keeps_file = bool(resource.file) and not remove_file
    cleaned, tags, content_type = _validated(
        actor=actor, data=data, tags=tags, file=file, has_file=keeps_file
    )
    old_file = resource.file.name if resource.file and (file is not None or remove_file) else ""
    with transaction.atomic():
        changes = {
            name: [str(getattr(resource, name) or ""), str(value or "")]
            for name, value in cleaned.items()
            if getattr(resource, name) != value
        }
        for name, value in cleaned.items():
            setattr(resource, name, value)
        if remove_file and file is None:
            resource.file, resource.content_type, resource.size = "", "", None
        if file is not None:
            _store_file(resource, file, content_type)
            changes["file"] = [old_file, resource.file.name]
        resource.save()
        resource.themes.set(themes)
        _set_tags(resource, tags)
        audit_record(
            actor=actor,
            action=ResourcesAction.RESOURCE_UPDATE,
            target=resource,
            changes={**changes, "tags": tags},
            channel=channel,
        )
        if old_file:
            storage = resource.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return resource


def resource_review(
    *,
    actor,
    resource: Resource,
    decision: str,
    message: str = "",
    channel: str = AuditEntry.Channel.WEB,
) -> Resource:
    """The coordination publishes a proposal or refuses it with a message to the proposer."""
    require_can_review_resources(actor)
    message = (message or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in ReviewDecision.values:
        errors["decision"] = [_("Choisissez de publier ou de refuser la ressource.")]
    elif decision == ReviewDecision.REFUSE and not message:
        errors["message"] = [_("Expliquez au proposant pourquoi la ressource n'est pas publiée.")]
    if resource.status != ResourceStatus.PROPOSED and "decision" not in errors:
        errors["decision"] = [
            _("Cette ressource est déjà %(status)s : il n'y a plus de décision à prendre.")
            % {"status": resource.get_status_display()}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Locked and re-read: two coordinators deciding at once cannot both win.
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        if locked.status != ResourceStatus.PROPOSED:
            raise ValidationError(
                {"decision": [_("Cette ressource vient d'être relue par quelqu'un d'autre.")]}
            )
        now = timezone.now()
        resource.review_message = message
        resource.reviewed_at = now
        if decision == ReviewDecision.PUBLISH:
            resource.status = ResourceStatus.PUBLISHED
            resource.published_by = actor
            resource.published_at = now
        else:
            resource.status = ResourceStatus.REFUSED
        resource.save(
            update_fields=[
                "status",
                "review_message",
                "reviewed_at",
                "published_by",
                "published_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action=(
                ResourcesAction.RESOURCE_PUBLISH
                if decision == ReviewDecision.PUBLISH
                else ResourcesAction.RESOURCE_REFUSE
            ),
            target=resource,
            changes={"status": [ResourceStatus.PROPOSED, resource.status], "message": message},
            channel=channel,
        )
        emails.proposal_decided(resource)
    return resource


def _link_check(actor, resource: Resource, project) -> None:
    if not can_view_project(actor, project) or not can_link_resource_to_project(actor, project):
        raise PermissionDenied(
            _(
                "Seules les équipes des laboratoires du projet et la coordination nationale "
                "indiquent les ressources qu'il a utilisées."
            )
        )
    if not resource.is_published:
        raise ValidationError(
            {"project": [_("Seule une ressource publiée peut être rattachée à un projet.")]}
        )


def resource_link_project(
    *, actor, resource: Resource, project, channel: str = AuditEntry.Channel.WEB
) -> None:
    """A project's team says the project used this resource."""
    _link_check(actor, resource, project)
    with transaction.atomic():
        resource.projects.add(project)
        audit_record(
            actor=actor,
            action=ResourcesAction.RESOURCE_LINK_PROJECT,
            target=resource,
            changes={"project": project.key},
            channel=channel,
        )


def resource_unlink_project(
    *, actor, resource: Resource, project, channel: str = AuditEntry.Channel.WEB
) -> None:
    _link_check(actor, resource, project)
    with transaction.atomic():
        resource.projects.remove(project)
        audit_record(
            actor=actor,
            action=ResourcesAction.RESOURCE_UNLINK_PROJECT,
            target=resource,
            changes={"project": project.key},
            channel=channel,
        )
