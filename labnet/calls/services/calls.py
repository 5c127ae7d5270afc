"""Calls: creating and editing one (questions, criteria, reviewers), opening, closing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import User
from labnet.calls.audit import CallsAction
from labnet.core.keys import unique_key
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes

from ..enums import (
    CallKind,
    CallStatus,
    QuestionKind,
)
from ..models import (
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    Review,
)
from ..rules import (
    can_create_call,
    can_edit_call,
    is_call_owner,
    require_can_edit_call,
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


# Keys the call pages' own addresses use (/appels/nouveau/...): never a call's key.
RESERVED_KEYS = {"nouveau", "mes-appels", "mes-reponses", "reponses"}


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
            key=unique_key(Call, data["title"], default="appel", reserved=RESERVED_KEYS),
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
            action=CallsAction.CALL_CREATE,
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
    require_can_edit_call(actor, call)
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
            actor=actor,
            action=CallsAction.CALL_UPDATE,
            target=locked,
            changes=changes,
            channel=channel,
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
            action=CallsAction.CALL_OPEN,
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
            action=CallsAction.CALL_CLOSE,
            target=locked,
            changes={"status": [CallStatus.PUBLISHED, CallStatus.CLOSED]},
            channel=channel,
        )
    return locked
