"""Writes of the calls domain: calls, answers, reviews and decisions.

Every service checks who asks (`rules`), validates before writing (a `ValidationError`
with French messages keyed by field; answers to questions are keyed `q_<id>`, scores
`c_<id>`), runs in one transaction, is audited and queues its e-mails after commit.
"""

import os
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labnet.accounts.models import User
from labnet.core.french import de
from labnet.core.links import site_url
from labnet.core.mail import email_enqueue
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.intake.services import request_receive_from_call
from labnet.labs.services import lab_contributor_add
from labnet.projects.documents import validate_upload

from .enums import (
    ANSWER_MAX_LENGTH,
    MAX_ATTACHMENTS,
    WITHDRAWABLE_STATUSES,
    AnswerDecision,
    AnswerStatus,
    CallKind,
    CallPhase,
    CallStatus,
    QuestionKind,
)
from .models import (
    Answer,
    AnswerAttachment,
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    Review,
    ReviewScore,
)
from .rules import (
    can_create_call,
    can_decide,
    can_edit_answer,
    can_edit_call,
    can_review,
    is_answer_author,
    is_call_owner,
)

CALL_FIELDS = (
    "title",
    "kind",
    "owner_lab",
    "challenge_organisation",
    "summary",
    "eligibility",
    "opens_at",
    "closes_at",
)
MAX_WEIGHT = 10
MAX_SCORE_LIMIT = 100
SCORE_SCALE = Decimal(20)


# --- helpers ------------------------------------------------------------------------------------


def _paris(value) -> str:
    with timezone.override("Europe/Paris"):
        return formats.date_format(timezone.localtime(value), "j F Y à H:i")


def _answer_recipients(answer: Answer) -> list[str]:
    seen, result = set(), []
    for user in [answer.author, *answer.co_authors.all()]:
        if user.is_active and user.email.lower() not in seen:
            seen.add(user.email.lower())
            result.append(user.email)
    return result


def _mail_authors(answer: Answer, *, subject: str, body: str) -> None:
    to = _answer_recipients(answer)
    if to:
        email_enqueue(subject=subject, body=body, to=to)


# Keys the call pages' own addresses use (/appels/nouveau/...): never a call's key.
RESERVED_KEYS = {"nouveau", "mes-appels", "mes-reponses", "reponses"}


def _unique_key(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "appel"
    key, n = base, 2
    while key in RESERVED_KEYS or Call.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def _lock_answer(answer: Answer) -> Answer:
    return (
        Answer.objects.select_for_update(of=("self",))
        .select_related("call", "call__owner_lab", "author")
        .get(pk=answer.pk)
    )


# --- calls --------------------------------------------------------------------------------------


def _call_errors(data: dict) -> dict[str, str]:
    errors = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = _("Donnez un titre à l'appel.")
    elif len(title) > 200:
        errors["title"] = _("Le titre tient en 200 caractères au plus.")
    if data.get("kind") not in CallKind.values:
        errors["kind"] = _("Choisissez la nature de l'appel.")
    if not (data.get("summary") or "").strip():
        errors["summary"] = _("Présentez l'appel : son objet, ce qui est attendu.")
    opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
    if opens_at is None:
        errors["opens_at"] = _("Indiquez la date d'ouverture.")
    if closes_at is None:
        errors["closes_at"] = _("Indiquez la date de clôture.")
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = _("La clôture doit venir après l'ouverture.")
    if data.get("kind") == CallKind.CHALLENGE and data.get("challenge_organisation") is None:
        errors["challenge_organisation"] = _(
            "Un défi est posé par une administration : choisissez-la."
        )
    return errors


def _rows_errors(questions: list[dict], criteria: list[dict]) -> dict[str, str]:
    errors = {}
    for question in questions:
        if not question["label"].strip():
            errors["questions"] = _("Une question ne peut pas être vide.")
        elif len(question["label"]) > 300:
            errors["questions"] = _("Chaque question tient en 300 caractères au plus.")
    for criterion in criteria:
        if not criterion["label"].strip() or len(criterion["label"]) > 200:
            errors["criteria"] = _("Chaque critère a un libellé de 200 caractères au plus.")
        elif not 1 <= criterion["weight"] <= MAX_WEIGHT:
            errors["criteria"] = _("Le coefficient d'un critère va de 1 à %(max)s.") % {
                "max": MAX_WEIGHT
            }
        elif not 1 <= criterion["max_score"] <= MAX_SCORE_LIMIT:
            errors["criteria"] = _("La note maximale d'un critère va de 1 à %(max)s.") % {
                "max": MAX_SCORE_LIMIT
            }
    return errors


def _resolve_reviewers(emails) -> tuple[list[User], str]:
    """The accounts behind `emails`, and a message naming the addresses with none."""
    wanted = []
    for email in emails:
        email = email.strip()
        if email and email.lower() not in (e.lower() for e in wanted):
            wanted.append(email)
    users = {u.email.lower(): u for u in User.objects.filter(is_active=True, email__in=wanted)}
    # email__in is case-sensitive on PostgreSQL: look the others up one by one.
    missing = []
    for email in wanted:
        if email.lower() in users:
            continue
        user = User.objects.filter(is_active=True, email__iexact=email).first()
        if user is None:
            missing.append(email)
        else:
            users[email.lower()] = user
    if missing:
        return [], _(
            "Aucun compte LabNet n'utilise ces adresses : %(emails)s. Les évaluateurs doivent "
            "d'abord créer leur compte."
        ) % {"emails": ", ".join(missing)}
    return [users[e.lower()] for e in wanted], ""


def _sync_rows(call: Call, model, rows: list[dict]) -> None:
    """Rewrite a call's questions or criteria in order, keeping the rows' ids by position
    (answers and scores refer to them)."""
    existing = list(model.objects.filter(call=call).order_by("order", "pk"))
    for position, row in enumerate(rows):
        if position < len(existing):
            item = existing[position]
            for field, value in row.items():
                setattr(item, field, value)
            item.order = position
            item.save()
        else:
            model.objects.create(call=call, order=position, **row)
    for item in existing[len(rows) :]:
        item.delete()


def _clean_questions(questions) -> list[dict]:
    return [
        {
            "label": (q.get("label") or "").strip(),
            "help_text": (q.get("help_text") or "").strip()[:300],
            "required": bool(q.get("required", True)),
            "kind": q.get("kind")
            if q.get("kind") in QuestionKind.values
            else QuestionKind.LONG_TEXT,
        }
        for q in questions
    ]


def _clean_criteria(criteria) -> list[dict]:
    return [
        {
            "label": (c.get("label") or "").strip(),
            "weight": int(c.get("weight") or 1),
            "max_score": int(c.get("max_score") or 5),
        }
        for c in criteria
    ]


def _check_owner_lab(actor, data: dict) -> None:
    if not can_create_call(actor, data.get("owner_lab")):
        if data.get("owner_lab") is None:
            raise ValidationError(
                {"owner_lab": _("Seule la coordination nationale ouvre un appel national.")}
            )
        raise PermissionDenied(_("Seule l'équipe du laboratoire ouvre un appel en son nom."))


def call_create(
    *,
    actor,
    data: dict,
    questions=(),
    criteria=(),
    reviewer_emails=(),
    channel=AuditEntry.Channel.WEB,
) -> Call:
    """A call in draft: the owner publishes it once its questions and criteria are set."""
    _check_owner_lab(actor, data)
    data = {field: data.get(field) for field in CALL_FIELDS}
    questions, criteria = _clean_questions(questions), _clean_criteria(criteria)
    errors = {**_call_errors(data), **_rows_errors(questions, criteria)}
    reviewers, missing = _resolve_reviewers(reviewer_emails)
    if missing:
        errors["reviewers"] = missing
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        call = Call.objects.create(
            key=_unique_key(data["title"]),
            created_by=actor,
            **{
                **data,
                "title": data["title"].strip(),
                "eligibility": data.get("eligibility") or "",
                "challenge_organisation": data["challenge_organisation"]
                if data["kind"] == CallKind.CHALLENGE
                else None,
            },
        )
        _sync_rows(call, CallQuestion, questions)
        _sync_rows(call, CallCriterion, criteria)
        CallReviewer.objects.bulk_create([CallReviewer(call=call, user=u) for u in reviewers])
        audit_record(
            actor=actor,
            action="call.create",
            target=call,
            changes={
                "kind": call.kind,
                "owner_lab": call.owner_lab.key if call.owner_lab else None,
                "questions": len(questions),
                "criteria": len(criteria),
                "reviewers": [u.email for u in reviewers],
            },
            channel=channel,
        )
    return call


def call_update(
    *,
    actor,
    call: Call,
    data: dict,
    questions=None,
    criteria=None,
    reviewer_emails=None,
    channel=AuditEntry.Channel.WEB,
) -> Call:
    """Change a call (not once decided). Questions may be reworded or added but not removed
    once answers exist; criteria are frozen once a review is written."""
    if not can_edit_call(actor, call):
        raise PermissionDenied(_("Seuls les porteurs de l'appel le modifient, avant décision."))
    data = {field: data.get(field, getattr(call, field)) for field in CALL_FIELDS}
    if data["owner_lab"] != call.owner_lab:
        _check_owner_lab(actor, data)
    errors = _call_errors(data)
    if questions is not None:
        questions = _clean_questions(questions)
        if len(questions) < call.questions.count() and call.answers.exists():
            errors["questions"] = _(
                "Des réponses existent déjà : vous pouvez reformuler ou ajouter des questions, "
                "pas en retirer."
            )
    if criteria is not None:
        criteria = _clean_criteria(criteria)
        before = [(c.weight, c.max_score) for c in call.criteria.all()]
        after = [(c["weight"], c["max_score"]) for c in criteria]
        if before != after and Review.objects.filter(answer__call=call).exists():
            errors["criteria"] = _(
                "Des évaluations sont déjà enregistrées : vous pouvez reformuler les critères, "
                "pas en ajouter, en retirer ni changer leurs coefficients ou notes."
            )
    errors.update(_rows_errors(questions or [], criteria or []))
    reviewers = None
    if reviewer_emails is not None:
        reviewers, missing = _resolve_reviewers(reviewer_emails)
        if missing:
            errors["reviewers"] = missing
    if errors:
        raise ValidationError(errors)
    if data["kind"] != CallKind.CHALLENGE:
        data["challenge_organisation"] = None
    data["eligibility"] = data.get("eligibility") or ""
    data["title"] = data["title"].strip()
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        changes = model_changes(locked, data)
        for field, value in data.items():
            setattr(locked, field, value)
        locked.save()
        if questions is not None:
            _sync_rows(locked, CallQuestion, questions)
            changes["questions"] = len(questions)
        if criteria is not None:
            _sync_rows(locked, CallCriterion, criteria)
            changes["criteria"] = len(criteria)
        if reviewers is not None:
            before = set(locked.reviewer_links.values_list("user_id", flat=True))
            after = {u.pk for u in reviewers}
            if before != after:
                locked.reviewer_links.exclude(user_id__in=after).delete()
                CallReviewer.objects.bulk_create(
                    [CallReviewer(call=locked, user=u) for u in reviewers if u.pk not in before]
                )
                changes["reviewers"] = [u.email for u in reviewers]
        audit_record(
            actor=actor, action="call.update", target=locked, changes=changes, channel=channel
        )
    return locked


def call_open(*, actor, call: Call, channel=AuditEntry.Channel.WEB) -> Call:
    """Publish a draft call: it opens to answers at its opening date."""
    if not can_edit_call(actor, call):
        raise PermissionDenied(_("Seuls les porteurs de l'appel le publient."))
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.status != CallStatus.DRAFT:
            raise ValidationError(_("Cet appel est déjà publié."), code="not_draft")
        errors = {}
        if not locked.questions.exists():
            errors["questions"] = _("Posez au moins une question avant de publier l'appel.")
        if not locked.criteria.exists():
            errors["criteria"] = _(
                "Donnez au moins un critère d'évaluation avant de publier l'appel."
            )
        if locked.closes_at <= timezone.now():
            errors["closes_at"] = _(
                "La date de clôture est passée : repoussez-la avant de publier l'appel."
            )
        if errors:
            raise ValidationError(errors)
        locked.status = CallStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="call.open",
            target=locked,
            changes={"status": [CallStatus.DRAFT, CallStatus.PUBLISHED]},
            channel=channel,
        )
    return locked


def call_close(*, actor, call: Call, channel=AuditEntry.Channel.WEB) -> Call:
    """Stop answers before the closing date (answers already sent stay to be decided)."""
    if not is_call_owner(actor, call):
        raise PermissionDenied(_("Seuls les porteurs de l'appel le closent."))
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.status != CallStatus.PUBLISHED:
            raise ValidationError(_("Seul un appel publié peut être clos."), code="not_published")
        now = timezone.now()
        locked.status = CallStatus.CLOSED
        locked.closed_at = now
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="call.close",
            target=locked,
            changes={"status": [CallStatus.PUBLISHED, CallStatus.CLOSED]},
            channel=channel,
        )
    return locked


# --- answers ------------------------------------------------------------------------------------


def _closed_error(call: Call) -> ValidationError:
    phase = call.phase
    if phase == CallPhase.DRAFT:
        return ValidationError(
            _("Cet appel n'est pas encore publié : il ne reçoit pas de réponses."),
            code="call_closed",
        )
    if phase == CallPhase.UPCOMING:
        message = _("Cet appel ouvre le %(date)s : revenez à cette date pour y répondre.") % {
            "date": _paris(call.opens_at)
        }
    else:
        message = _(
            "Cet appel est clos depuis le %(date)s : les réponses ne sont plus acceptées. "
            "Votre texte n'est pas perdu, mais il ne peut plus être envoyé."
        ) % {"date": _paris(call.closed_at or call.closes_at)}
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
            action, changes = "answer.create", {"call": call.key}
        else:
            answer = _lock_answer(answer)
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
            action = "answer.update"
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
            action="answer.add_coauthor",
            target=answer,
            changes={"co_author": str(user.pk)},
            channel=channel,
        )
    email_enqueue(
        subject=_("LabNet : %(name)s vous invite à co-écrire une réponse à « %(call)s »")
        % {"name": actor.full_name or actor.email, "call": answer.call.title},
        body=_(
            "Bonjour,\n\n%(name)s vous a ajouté comme co-auteur de sa réponse à l'appel "
            "« %(call)s ». Vous pouvez la compléter ici :\n%(url)s\n\nL'équipe LabNet"
        )
        % {
            "name": actor.full_name or actor.email,
            "call": answer.call.title,
            "url": site_url(answer.get_absolute_url()),
        },
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
                action="answer.attach",
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
            action="answer.detach",
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
        locked = _lock_answer(answer)
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
            action="answer.submit",
            target=locked,
            changes={"status": [AnswerStatus.DRAFT, AnswerStatus.SUBMITTED]},
            channel=channel,
        )
        _mail_authors(
            locked,
            subject=_("LabNet : votre réponse à « %(call)s » est envoyée")
            % {"call": locked.call.title},
            body=_(
                "Bonjour,\n\nVotre réponse « %(title)s » à l'appel « %(call)s » a bien été "
                "envoyée le %(date)s. Vous suivez son statut ici :\n%(url)s\n\nL'équipe LabNet"
            )
            % {
                "title": locked.title,
                "call": locked.call.title,
                "date": _paris(locked.submitted_at),
                "url": site_url(locked.get_absolute_url()),
            },
        )
    return locked


def answer_withdraw(*, actor, answer: Answer, channel=AuditEntry.Channel.WEB) -> Answer:
    with transaction.atomic():
        locked = _lock_answer(answer)
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
            action="answer.withdraw",
            target=locked,
            changes={"status": [before, AnswerStatus.WITHDRAWN]},
            channel=channel,
        )
    return locked


# --- reviews and decisions ----------------------------------------------------------------------


def _weighted_total(criteria, scores: dict[int, int]) -> Decimal:
    weights = sum(c.weight for c in criteria)
    raw = sum(Decimal(c.weight) * Decimal(scores[c.pk]) / Decimal(c.max_score) for c in criteria)
    return (raw / Decimal(weights) * SCORE_SCALE).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def review_save(
    *, actor, answer: Answer, scores: dict, comment: str = "", channel=AuditEntry.Channel.WEB
) -> Review:
    """A reviewer's scores on every criterion of the call (0 to its maximum) and their
    private comment; saving again replaces them."""
    if not can_review(actor, answer):
        raise PermissionDenied(
            _("Seuls les évaluateurs de l'appel notent ses réponses envoyées, jamais les leurs.")
        )
    criteria = list(answer.call.criteria.all())
    scores = {int(str(k).removeprefix("c_")): v for k, v in (scores or {}).items()}
    errors, clean = {}, {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        bounds = {"max": criterion.max_score}
        if value in (None, ""):
            errors[criterion.field_name] = _("Notez ce critère, de 0 à %(max)s.") % bounds
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[criterion.field_name] = (
                _("La note est un nombre entier de 0 à %(max)s.") % bounds
            )
            continue
        if not 0 <= value <= criterion.max_score:
            errors[criterion.field_name] = _("La note va de 0 à %(max)s.") % bounds
            continue
        clean[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    if not criteria:
        raise ValidationError(_("Cet appel n'a pas de critère d'évaluation."), code="no_criteria")
    total = _weighted_total(criteria, clean)
    comment = (comment or "").strip()
    with transaction.atomic():
        review, created = Review.objects.select_for_update().get_or_create(
            answer=answer, reviewer=actor, defaults={"comment": comment, "total": total}
        )
        if not created:
            review.comment, review.total = comment, total
            review.save(update_fields=["comment", "total", "updated_at"])
            review.scores.all().delete()
        ReviewScore.objects.bulk_create(
            [
                ReviewScore(review=review, criterion_id=pk, score=value)
                for pk, value in clean.items()
            ]
        )
        audit_record(
            actor=actor,
            action="review.save",
            target=answer,
            changes={"scores": {str(k): v for k, v in clean.items()}, "total": str(total)},
            channel=channel,
        )
    return review


def _decision_lab(call: Call, lab):
    """The lab an accepted answer goes to: the call's own lab, else the one chosen."""
    return call.owner_lab if call.owner_lab_id is not None else lab


# Lazy: evaluated in the request's language, not at import time.
OWN_ANSWER_DECISION = gettext_lazy(
    "Vous êtes auteur ou co-auteur de cette réponse : un autre membre de l'équipe qui porte "
    "l'appel en décide."
)


def answer_decide(
    *,
    actor,
    answer: Answer,
    decision: str,
    message: str = "",
    lab=None,
    channel=AuditEntry.Channel.WEB,
) -> Answer:
    """The owner's decision. Accepting an answer to a call for projects (or to a challenge
    with a lab) sends it as a request into the lab's inbox; accepting an answer to a call
    for contributors puts its authors in the lab's pool. The authors are told either way."""
    message = (message or "").strip()
    with transaction.atomic():
        locked = _lock_answer(answer)
        call = locked.call
        if not is_call_owner(actor, call):
            raise PermissionDenied(_("Seuls les porteurs de l'appel décident des réponses."))
        if is_answer_author(actor, locked):
            raise PermissionDenied(OWN_ANSWER_DECISION)
        if not can_decide(actor, locked):
            raise ValidationError(
                _("Cette réponse est %(status)s : elle n'attend plus de décision.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        if decision not in AnswerDecision.values:
            raise ValidationError({"decision": _("Choisissez d'accepter ou de refuser.")})
        if decision == AnswerDecision.REJECT and not message:
            raise ValidationError(
                {"message": _("Expliquez le refus : ce message est envoyé aux auteurs.")}
            )
        target_lab = _decision_lab(call, lab)
        needs_lab = call.kind in (CallKind.PROJECTS, CallKind.CONTRIBUTORS)
        if decision == AnswerDecision.ACCEPT and needs_lab and target_lab is None:
            raise ValidationError(
                {
                    "lab": _(
                        "Choisissez le laboratoire qui accueille cette réponse : un appel "
                        "national n'a pas de laboratoire porteur."
                    )
                }
            )
        co_authors = list(locked.co_authors.all())
        now = timezone.now()
        locked.decided_at, locked.decided_by, locked.decision_message = now, actor, message
        changes = {"decision": decision}
        if decision == AnswerDecision.REJECT:
            locked.status = AnswerStatus.REJECTED
        else:
            locked.status = AnswerStatus.ACCEPTED
            locked.decision_lab = target_lab
            if target_lab is not None:
                changes["lab"] = target_lab.key
            if call.kind == CallKind.CONTRIBUTORS:
                for person in [locked.author, *co_authors]:
                    lab_contributor_add(
                        actor=actor,
                        lab=target_lab,
                        user=person,
                        reason=_("Réponse acceptée à l'appel « %(call)s »") % {"call": call.title},
                        channel=channel,
                        check=False,
                    )
            elif target_lab is not None:
                locked.request = request_receive_from_call(
                    actor=actor,
                    lab=target_lab,
                    author=locked.author,
                    co_authors=co_authors,
                    title=locked.title,
                    problem=_answer_as_text(locked),
                    call_title=call.title,
                    channel=channel,
                )
                changes["request"] = str(locked.request.public_id)
        locked.save()
        audit_record(
            actor=actor, action="answer.decide", target=locked, changes=changes, channel=channel
        )
        _close_decided_call(actor, call, channel)
        _mail_decision(locked)
    return locked


def _answer_as_text(answer: Answer) -> str:
    """The answer's questions and texts, as the request's description in the lab's inbox."""
    parts = [
        f"{question.label}\n{answer.response_to(question)}"
        for question in answer.call.questions.all()
        if answer.response_to(question)
    ]
    return "\n\n".join(parts)


def _close_decided_call(actor, call: Call, channel) -> None:
    """A closed call whose every sent answer is decided is itself decided."""
    if (
        call.phase != CallPhase.CLOSED
        or call.answers.filter(status=AnswerStatus.SUBMITTED).exists()
    ):
        return
    before = call.status
    call.status = CallStatus.DECIDED
    call.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="call.decide",
        target=call,
        changes={"status": [before, CallStatus.DECIDED]},
        channel=channel,
    )


def _mail_decision(answer: Answer) -> None:
    call = answer.call
    if answer.status == AnswerStatus.ACCEPTED:
        subject = _("LabNet : votre réponse à « %(call)s » est acceptée") % {"call": call.title}
        if call.kind == CallKind.CONTRIBUTORS:
            outcome = _("Vous rejoignez les contributeurs %(of_lab)s.") % {
                "of_lab": de(answer.decision_lab.name)
            }
        elif answer.request_id is not None:
            outcome = _("Elle est transmise comme demande à %(lab)s, qui vous recontactera.") % {
                "lab": answer.decision_lab.name
            }
        else:
            outcome = ""
    else:
        subject = _("LabNet : votre réponse à « %(call)s » n'est pas retenue") % {
            "call": call.title
        }
        outcome = ""
    body = _(
        "Bonjour,\n\nVotre réponse « %(title)s » à l'appel « %(call)s » est %(status)s.\n"
        "%(outcome)s\n\n%(message)s\n\nVotre réponse : %(url)s\n\nL'équipe LabNet"
    ) % {
        "title": answer.title,
        "call": call.title,
        "status": answer.get_status_display(),
        "outcome": outcome,
        "message": answer.decision_message,
        "url": site_url(answer.get_absolute_url()),
    }
    _mail_authors(answer, subject=subject, body=body)
