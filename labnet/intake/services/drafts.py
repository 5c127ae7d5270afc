"""Drafts of the guided form: saving a step, what is still missing, co-authors."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.intake.audit import IntakeAction

from .. import emails
from ..enums import (
    RequestEventKind,
    RequestStatus,
)
from ..models import Request
from ..rules import can_edit_draft, is_request_author
from .base import (
    REVIEW_STEP,
    STEP_FIELDS,
    TEXT_FIELDS,
    history_event,
    lock_request,
    required_messages,
)


def step_errors(step: int, data: dict, *, complete: bool) -> dict[str, str]:
    messages = required_messages()
    errors = {}
    if complete:
        for field in STEP_FIELDS[step]:
            if field in TEXT_FIELDS and not (data.get(field) or "").strip():
                errors[field] = messages[field]
        if step == 5:
            if (
                data.get("organisation") is None
                and not (data.get("organisation_name") or "").strip()
            ):
                errors["organisation"] = messages["organisation"]
            if data.get("region") is None:
                errors["region"] = messages["region"]
    department, region = data.get("department"), data.get("region")
    if department is not None and region is not None and department.region_id != region.pk:
        errors["department"] = _("Ce département n'est pas dans la région choisie.")
    return errors


def request_save_step(
    *,
    actor,
    request: Request | None = None,
    step: int,
    data: dict,
    complete: bool = True,
    channel=AuditEntry.Channel.WEB,
) -> Request:
    """Save one step of the guided form; the first step of a new idea creates the draft.

    `complete=False` (the "Précédent" button) keeps what was typed without requiring the
    step's fields, so going back never loses text; `complete=True` requires them and opens
    the next step.
    """
    if step not in STEP_FIELDS:
        raise ValueError(f"Unknown step {step}")
    unknown = set(data) - set(STEP_FIELDS[step])
    if unknown:
        raise ValueError(f"Not in step {step}: {sorted(unknown)}")
    if not (actor and actor.is_authenticated):
        raise PermissionDenied("Only a signed-in agent writes a request.")
    if request is None and step != 1:
        raise ValueError("A new request starts at step 1.")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    errors = step_errors(step, values, complete=complete)
    if errors:
        raise ValidationError(errors)
    themes = values.pop("themes", None)
    with transaction.atomic():
        if request is None:
            request = Request(author=actor, status=RequestStatus.DRAFT, current_step=1)
            changes = {}
        else:
            request = lock_request(request)
            if not is_request_author(actor, request):
                raise PermissionDenied("Only the request's authors edit it.")
            if not can_edit_draft(actor, request):
                raise ValidationError(
                    _("Cette demande a déjà été envoyée : elle ne peut plus être modifiée."),
                    code="not_draft",
                )
            changes = model_changes(request, values)
        created = request.pk is None
        for field, value in values.items():
            setattr(request, field, value)
        if complete:
            request.current_step = max(request.current_step, step + 1)
        if not created:
            request.version += 1
        request.save()
        if themes is not None:
            before = sorted(request.themes.values_list("key", flat=True)) if not created else []
            after = sorted(theme.key for theme in themes)
            if before != after:
                request.themes.set(themes)
                changes["themes"] = [before, after]
        if created:
            history_event(request, RequestEventKind.CREATED, actor=actor)
        audit_record(
            actor=actor,
            action=IntakeAction.REQUEST_CREATE if created else IntakeAction.REQUEST_SAVE_STEP,
            target=request,
            changes={"step": step, **changes},
            channel=channel,
        )
    return request


def first_incomplete_step(request: Request, *, themes=None) -> int:
    data = {field: getattr(request, field) for field in TEXT_FIELDS}
    data |= {
        "organisation": request.organisation,
        "organisation_name": request.organisation_name,
        "region": request.region,
        "department": request.department,
    }
    for step in STEP_FIELDS:
        if step_errors(step, data, complete=True):
            return step
    return REVIEW_STEP


def request_missing_fields(request: Request) -> dict[str, str]:
    """What still keeps a draft from being sent, field by field (empty when complete)."""
    data = {field: getattr(request, field) for field in TEXT_FIELDS}
    data |= {
        "organisation": request.organisation,
        "organisation_name": request.organisation_name,
        "region": request.region,
        "department": request.department,
    }
    errors = {}
    for step in STEP_FIELDS:
        errors |= step_errors(step, data, complete=True)
    return errors


def request_add_coauthor(
    *, actor, request: Request, email: str, channel=AuditEntry.Channel.WEB
) -> User:
    """Share a draft with a colleague who has a LabNet account; they may edit it too."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Saisissez l'adresse électronique de votre collègue.")})
    with transaction.atomic():
        locked = lock_request(request)
        if not is_request_author(actor, locked):
            raise PermissionDenied("Only the request's authors share it.")
        if locked.status != RequestStatus.DRAFT:
            raise ValidationError(
                {"email": _("Seul un brouillon peut être partagé avec des co-auteurs.")}
            )
        co_author = User.objects.filter(email__iexact=email, is_active=True).first()
        if co_author is None:
            # Worded so that it does not tell whether the address has an account: any
            # signed-in person with a draft could otherwise test addresses one by one.
            raise ValidationError(
                {
                    "email": _(
                        "Impossible de partager le brouillon avec cette adresse : vérifiez-la ; "
                        "votre collègue doit avoir un compte LabNet."
                    )
                }
            )
        if co_author.pk == locked.author_id or locked.co_authors.filter(pk=co_author.pk).exists():
            raise ValidationError({"email": _("Cette personne écrit déjà cette demande.")})
        locked.co_authors.add(co_author)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        history_event(
            locked,
            RequestEventKind.COAUTHOR_ADDED,
            actor=actor,
            message=co_author.full_name or co_author.email,
        )
        audit_record(
            actor=actor,
            action=IntakeAction.REQUEST_ADD_COAUTHOR,
            target=locked,
            changes={"co_authors": [None, co_author.email]},
            channel=channel,
        )
        emails.send_coauthor_invitation(request=locked, co_author=co_author, invited_by=actor)
    return co_author
