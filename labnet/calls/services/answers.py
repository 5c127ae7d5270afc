"""Answers to a call: drafts, co-authors, attachments, sending, withdrawing."""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import User
from labnet.calls.audit import CallsAction
from labnet.core.links import site_url
from labnet.core.mail import email_from_template
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.documents import validate_upload

from ..enums import (
    ANSWER_MAX_LENGTH,
    MAX_ATTACHMENTS,
    WITHDRAWABLE_STATUSES,
    AnswerStatus,
    CallPhase,
    QuestionKind,
)
from ..models import (
    Answer,
    AnswerAttachment,
    Call,
)
from ..rules import (
    can_edit_answer,
    is_answer_author,
)
from .base import lock_answer, mail_authors, paris_time


def _closed_error(call: Call) -> ValidationError:
    phase = call.phase
    if phase == CallPhase.DRAFT:
        return ValidationError(
            _("Cet appel n'est pas encore publié : il ne reçoit pas de réponses."),
            code="call_closed",
        )
    if phase == CallPhase.UPCOMING:
        message = _("Cet appel ouvre le %(date)s : revenez à cette date pour y répondre.") % {
            "date": paris_time(call.opens_at)
        }
    else:
        message = _(
            "Cet appel est clos depuis le %(date)s : les réponses ne sont plus acceptées. "
            "Votre texte n'est pas perdu, mais il ne peut plus être envoyé."
        ) % {"date": paris_time(call.closed_at or call.closes_at)}
    return ValidationError(message, code="call_closed")


def _clean_responses(call: Call, responses: dict) -> tuple[dict, dict]:
    """({str(question id): text} for this call's questions, {q_<id>: message})."""
    responses = {str(k).removeprefix("q_"): v for k, v in (responses or {}).items()}
    cleaned, errors = {}, {}
    for question in call.questions.all():
        text = responses.get(str(question.pk))
        if text is None:
            continue
        text = str(text).strip()
        limit = ANSWER_MAX_LENGTH.get(question.kind, ANSWER_MAX_LENGTH[QuestionKind.LONG_TEXT])
        if len(text) > limit:
            errors[question.field_name] = _(
                "Votre réponse compte %(count)s caractères : %(max)s au plus."
            ) % {"count": len(text), "max": limit}
        cleaned[str(question.pk)] = text
    return cleaned, errors


def answer_save_draft(
    *,
    actor,
    call: Call,
    answer: Answer | None = None,
    title: str | None = None,
    responses: dict | None = None,
    channel=AuditEntry.Channel.WEB,
) -> Answer:
    """Create (while the call is open) or update a draft answer. Nothing is required yet:
    required questions are checked when it is sent."""
    if not (actor and actor.is_authenticated):
        raise PermissionDenied(_("Connectez-vous pour répondre à un appel."))
    if answer is None:
        if not call.is_open:
            raise _closed_error(call)
    elif not can_edit_answer(actor, answer) or answer.call_id != call.pk:
        raise PermissionDenied(_("Seuls les auteurs d'un brouillon le modifient."))
    cleaned, errors = _clean_responses(call, responses or {})
    title = (title if title is not None else (answer.title if answer else "")).strip()
    if len(title) > 200:
        errors["title"] = _("Le titre tient en 200 caractères au plus.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if answer is None:
            answer = Answer.objects.create(call=call, author=actor, title=title, responses=cleaned)
            action, changes = CallsAction.ANSWER_CREATE, {"call": call.key}
        else:
            answer = lock_answer(answer)
            if answer.status != AnswerStatus.DRAFT:
                raise ValidationError(_("Cette réponse a déjà été envoyée."), code="not_draft")
            merged = {**answer.responses, **cleaned}
            changes = {}
            if title != answer.title:
                changes["title"] = [answer.title, title]
            changed_questions = sorted(k for k in merged if merged[k] != answer.responses.get(k))
            if changed_questions:
                changes["questions"] = changed_questions
            answer.title, answer.responses = title, merged
            answer.save(update_fields=["title", "responses", "updated_at"])
            action = CallsAction.ANSWER_SAVE_DRAFT
        audit_record(actor=actor, action=action, target=answer, changes=changes, channel=channel)
    return answer


def answer_add_coauthor(
    *, actor, answer: Answer, email: str, channel=AuditEntry.Channel.WEB
) -> User:
    """Share a draft with a colleague who has a LabNet account (found by e-mail)."""
    if not can_edit_answer(actor, answer):
        raise PermissionDenied(_("Seuls les auteurs d'un brouillon y ajoutent des co-auteurs."))
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("Indiquez l'adresse électronique du co-auteur.")})
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    already = user is not None and (
        user.pk == answer.author_id or answer.co_authors.filter(pk=user.pk).exists()
    )
    if user is None or already:
        # One message for an unknown address and a refusal: the form must not reveal
        # whether an address has a LabNet account.
        raise ValidationError(
            {
                "email": _(
                    "Impossible d'ajouter cette personne : vérifiez l'adresse ; elle doit avoir "
                    "un compte LabNet et ne pas être déjà autrice de la réponse."
                )
            }
        )
    with transaction.atomic():
        answer.co_authors.add(user)
        audit_record(
            actor=actor,
            action=CallsAction.ANSWER_ADD_COAUTHOR,
            target=answer,
            changes={"co_author": str(user.pk)},
            channel=channel,
        )
    email_from_template(
        template="calls/emails/coauthor_invited.txt",
        context={
            "answer": answer,
            "inviter": actor.full_name or actor.email,
            "url": site_url(answer.get_absolute_url()),
        },
        subject=_("LabNet : %(name)s vous invite à co-écrire une réponse à « %(call)s »")
        % {"name": actor.full_name or actor.email, "call": answer.call.title},
        to=[user.email],
    )
    return user


def answer_attach(
    *, actor, answer: Answer, file, channel=AuditEntry.Channel.WEB
) -> AnswerAttachment:
    """Attach a file to a draft, checked for size and real type like a project's documents."""
    if not can_edit_answer(actor, answer):
        raise PermissionDenied(_("Seuls les auteurs d'un brouillon y joignent des fichiers."))
    if file is None:
        raise ValidationError({"file": _("Choisissez le fichier à joindre.")})
    if answer.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "file": _("Une réponse porte %(max)s pièces jointes au plus.")
                % {"max": MAX_ATTACHMENTS}
            }
        )
    content_type = validate_upload(file)
    name = os.path.basename(file.name)[:200]
    with transaction.atomic():
        attachment = AnswerAttachment(
            answer=answer,
            name=name,
            content_type=content_type,
            size=file.size,
            uploaded_by=actor,
        )
        attachment.file.save(name, file, save=False)
        try:
            attachment.save()
            audit_record(
                actor=actor,
                action=CallsAction.ANSWER_ATTACH,
                target=answer,
                changes={"file": name, "content_type": content_type, "size": file.size},
                channel=channel,
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def answer_attachment_delete(
    *, actor, attachment: AnswerAttachment, channel=AuditEntry.Channel.WEB
) -> None:
    answer = attachment.answer
    if not can_edit_answer(actor, answer):
        raise PermissionDenied(_("Seuls les auteurs d'un brouillon en retirent des fichiers."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=CallsAction.ANSWER_ATTACHMENT_DELETE,
            target=answer,
            changes={"file": attachment.name},
            channel=channel,
        )
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def answer_missing_fields(answer: Answer) -> dict[str, str]:
    """What must still be filled before sending: the title and the required questions."""
    missing = {}
    if not answer.title.strip():
        missing["title"] = _("Donnez un titre à votre réponse.")
    for question in answer.call.questions.all():
        if question.required and not answer.response_to(question).strip():
            missing[question.field_name] = _("Répondez à cette question : elle est obligatoire.")
    return missing


def answer_submit(*, actor, answer: Answer, channel=AuditEntry.Channel.WEB) -> Answer:
    """Send a complete draft while the call is open; its authors get an acknowledgement."""
    with transaction.atomic():
        locked = lock_answer(answer)
        if not is_answer_author(actor, locked):
            raise PermissionDenied(_("Seuls les auteurs d'une réponse l'envoient."))
        if locked.status != AnswerStatus.DRAFT:
            raise ValidationError(_("Cette réponse a déjà été envoyée."), code="not_draft")
        if not locked.call.is_open:
            raise _closed_error(locked.call)
        missing = answer_missing_fields(locked)
        if missing:
            raise ValidationError(
                {
                    field: ValidationError(message, code="required")
                    for field, message in missing.items()
                }
            )
        locked.status = AnswerStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(
            actor=actor,
            action=CallsAction.ANSWER_SUBMIT,
            target=locked,
            changes={"status": [AnswerStatus.DRAFT, AnswerStatus.SUBMITTED]},
            channel=channel,
        )
        mail_authors(
            locked,
            template="calls/emails/answer_submitted.txt",
            context={
                "answer": locked,
                "date": paris_time(locked.submitted_at),
                "url": site_url(locked.get_absolute_url()),
            },
            subject=_("LabNet : votre réponse à « %(call)s » est envoyée")
            % {"call": locked.call.title},
        )
    return locked


def answer_withdraw(*, actor, answer: Answer, channel=AuditEntry.Channel.WEB) -> Answer:
    with transaction.atomic():
        locked = lock_answer(answer)
        if not is_answer_author(actor, locked):
            raise PermissionDenied(_("Seuls les auteurs d'une réponse la retirent."))
        if locked.status not in WITHDRAWABLE_STATUSES:
            raise ValidationError(
                _("Cette réponse est déjà %(status)s : elle ne peut plus être retirée.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        before = locked.status
        locked.status = AnswerStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=CallsAction.ANSWER_WITHDRAW,
            target=locked,
            changes={"status": [before, AnswerStatus.WITHDRAWN]},
            channel=channel,
        )
    return locked
