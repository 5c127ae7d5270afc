"""Writes of the single window: drafts, sending, the lab's decisions, boost sessions.

Every service checks who asks (`rules`), validates before writing (a `ValidationError`
with a French message, field by field), runs in one transaction, appends to the request's
history (`RequestEvent`) and to the audit trail, and queues its e-mails after commit.

Decisions carry the `version` the decider saw: a decision taken on a page that is no longer
current is refused, not merged (optimistic concurrency on a row locked for the update).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.labs.enums import LabStatus
from labnet.projects.services import project_create

from . import clock, emails, routing
from .enums import (
    ALLOWED_DECISIONS,
    CLOSED_STATUSES,
    WITHDRAWABLE_STATUSES,
    RequestChannel,
    RequestDecision,
    RequestEventKind,
    RequestStatus,
)
from .hooks import request_closed
from .models import BoostSlot, Request, RequestEvent
from .rules import can_decide, can_edit_draft, can_triage, is_request_author

# The guided form: which fields each step fills. Step 6 is the review before sending.
STEP_FIELDS = {
    1: ("title", "problem"),
    2: ("affected_people",),
    3: ("tried",),
    4: ("stakeholders",),
    5: ("organisation", "organisation_name", "region", "department", "themes"),
}
STEP_COUNT = 5
REVIEW_STEP = STEP_COUNT + 1
TEXT_FIELDS = ("title", "problem", "affected_people", "tried", "stakeholders")


def required_messages() -> dict[str, str]:
    """What each required field says when left empty (shared with the forms)."""
    return {
        "title": _("Donnez un titre à votre idée, en quelques mots."),
        "problem": _("Décrivez le problème rencontré ou votre idée."),
        "affected_people": _("Dites qui souffre de ce problème : usagers, agents, partenaires…"),
        "tried": _("Dites ce qui a déjà été essayé, ou « rien pour l'instant »."),
        "stakeholders": _("Dites qui est impliqué : services, partenaires, élus…"),
        "organisation": _(
            "Indiquez votre administration : choisissez-la dans la liste ou saisissez son nom."
        ),
        "region": _("Choisissez la région concernée."),
    }


def _field_error(field: str, message: str, *, code: str = "invalid") -> ValidationError:
    """A message on one field with a stable code (the API returns both)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _stale_error(request: Request) -> ValidationError:
    return ValidationError(
        _("Cette demande a changé entre-temps (%(state)s) : rechargez la page.")
        % {"state": request.get_status_display()},
        code="stale",
    )


def _lock(request: Request) -> Request:
    # `of=self`: lock the request row only, not the lab joined for the permission check.
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("lab", "author")
        .get(pk=request.pk)
    )


def _check_version(locked: Request, version) -> None:
    if version is None or int(version) != locked.version:
        raise _stale_error(locked)


def _event(request, kind, *, actor=None, lab=None, to_lab=None, message="") -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        lab=lab,
        to_lab=to_lab,
        message=message,
    )


# --- drafts ---------------------------------------------------------------------------------


def _step_errors(step: int, data: dict, *, complete: bool) -> dict[str, str]:
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
    errors = _step_errors(step, values, complete=complete)
    if errors:
        raise ValidationError(errors)
    themes = values.pop("themes", None)
    with transaction.atomic():
        if request is None:
            request = Request(author=actor, status=RequestStatus.DRAFT, current_step=1)
            changes = {}
        else:
            request = _lock(request)
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
            _event(request, RequestEventKind.CREATED, actor=actor)
        audit_record(
            actor=actor,
            action="request.create" if created else "request.save_step",
            target=request,
            changes={"step": step, **changes},
            channel=channel,
        )
    return request


def request_create(
    *,
    actor,
    data: dict,
    themes=(),
    submit: bool = False,
    lab=None,
    channel=AuditEntry.Channel.API,
) -> Request:
    """A draft with every field at once (the API); with `submit`, sent in the same go.

    All or nothing: if sending is refused (a missing field, a closed lab), no draft is left.
    """
    fields = set(STEP_FIELDS[1] + STEP_FIELDS[2] + STEP_FIELDS[3] + STEP_FIELDS[4])
    fields |= set(STEP_FIELDS[5]) - {"themes"}
    unknown = set(data) - fields
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    with transaction.atomic():
        request = request_save_step(
            actor=actor,
            step=1,
            data={"title": values.get("title", ""), "problem": values.get("problem", "")},
            complete=False,
            channel=channel,
        )
        errors = _step_errors(5, {**values, "themes": themes}, complete=False)
        if errors:
            raise ValidationError(errors)
        for field, value in values.items():
            setattr(request, field, value)
        request.channel = (
            RequestChannel.API if channel == AuditEntry.Channel.API else RequestChannel.WEB
        )
        request.current_step = _first_incomplete_step(request, themes=themes)
        request.save()
        request.themes.set(themes)
        if submit:
            request = request_submit(
                actor=actor, request=request, lab=lab, version=request.version, channel=channel
            )
    return request


def _first_incomplete_step(request: Request, *, themes=None) -> int:
    data = {field: getattr(request, field) for field in TEXT_FIELDS}
    data |= {
        "organisation": request.organisation,
        "organisation_name": request.organisation_name,
        "region": request.region,
        "department": request.department,
    }
    for step in STEP_FIELDS:
        if _step_errors(step, data, complete=True):
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
        errors |= _step_errors(step, data, complete=True)
    return errors


def request_add_coauthor(
    *, actor, request: Request, email: str, channel=AuditEntry.Channel.WEB
) -> User:
    """Share a draft with a colleague who has a LabNet account; they may edit it too."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Saisissez l'adresse électronique de votre collègue.")})
    with transaction.atomic():
        locked = _lock(request)
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
        _event(
            locked,
            RequestEventKind.COAUTHOR_ADDED,
            actor=actor,
            message=co_author.full_name or co_author.email,
        )
        audit_record(
            actor=actor,
            action="request.add_coauthor",
            target=locked,
            changes={"co_authors": [None, co_author.email]},
            channel=channel,
        )
        emails.send_coauthor_invitation(request=locked, co_author=co_author, invited_by=actor)
    return co_author


# --- sending ----------------------------------------------------------------------------------


def _check_receiving(lab, field="lab") -> None:
    if lab.status != LabStatus.ACTIVE:
        raise ValidationError(
            {
                field: _(
                    "Le laboratoire %(lab)s ne reçoit pas de demandes pour l'instant : "
                    "choisissez-en un autre."
                )
                % {"lab": lab.name}
            }
        )


def request_submit(
    *, actor, request: Request, lab=None, version=None, channel=AuditEntry.Channel.WEB
) -> Request:
    """Send a complete draft to `lab`, or to the lab the platform finds best placed.

    Starts the lab's answer clock (its commitment counted from now), acknowledges to the
    authors and tells the lab's team.
    """
    with transaction.atomic():
        locked = _lock(request)
        if not is_request_author(actor, locked):
            raise PermissionDenied("Only the request's authors send it.")
        if locked.status != RequestStatus.DRAFT:
            raise ValidationError(_("Cette demande a déjà été envoyée."), code="not_draft")
        if version is not None:
            _check_version(locked, version)
        missing = request_missing_fields(locked)
        if missing:
            raise ValidationError(missing)
        routed = lab is None
        if routed:
            lab = routing.best_lab_for(locked)
            if lab is None:
                raise ValidationError(
                    {
                        "lab": _(
                            "Aucun laboratoire en activité ne couvre ce territoire ni ces "
                            "thèmes : choisissez un laboratoire dans la liste."
                        )
                    }
                )
        else:
            _check_receiving(lab)
        now = timezone.now()
        locked.lab = lab
        locked.routed_automatically = routed
        locked.status = RequestStatus.SUBMITTED
        locked.submitted_at = now
        locked.answer_due_at = clock.answer_due_at(lab=lab, submitted_at=now)
        locked.current_step = REVIEW_STEP
        locked.version += 1
        locked.save()
        if routed:
            _event(locked, RequestEventKind.ROUTED, actor=actor, to_lab=lab)
        _event(locked, RequestEventKind.SUBMITTED, actor=actor, to_lab=lab)
        audit_record(
            actor=actor,
            action="request.submit",
            target=locked,
            changes={"status": [RequestStatus.DRAFT, locked.status], "lab": [None, lab.key]},
            channel=channel,
        )
        emails.send_acknowledgement(request=locked)
        emails.send_new_request(request=locked)
    return locked


def request_receive_external(
    *,
    lab,
    channel: str,
    external_ref: str,
    ds_connection,
    author_email: str,
    author_name: str,
    title: str,
    problem: str,
    affected_people: str = "",
    tried: str = "",
    stakeholders: str = "",
    region=None,
    department=None,
) -> tuple[Request, bool]:
    """A request sent from an outside form (Démarches simplifiées) into `lab`'s inbox.

    Idempotent on (ds_connection, external_ref): a repeated delivery returns the existing
    request and False. Otherwise the request is created submitted, its clock started, its
    history begun, and e-mails sent as for `request_submit`. The sender is linked to their
    LabNet account when one has this address, so they can follow it.
    """
    external_ref = str(external_ref).strip()
    if not external_ref:
        raise ValueError("An outside request needs its reference.")
    existing = Request.objects.filter(ds_connection=ds_connection, external_ref=external_ref)
    found = existing.first()
    if found is not None:
        return found, False
    if region is None and department is not None:
        region = department.region
    if department is not None and region is not None and department.region_id != region.pk:
        department = None  # an inconsistent form answer: keep the region, drop the rest
    author = User.objects.filter(email__iexact=author_email, is_active=True).first()
    try:
        with transaction.atomic():
            now = timezone.now()
            request = Request.objects.create(
                status=RequestStatus.SUBMITTED,
                channel=channel,
                author=author,
                author_email=author_email,
                author_name=author_name,
                title=(title or "").strip()[:200] or _("Demande sans titre"),
                problem=problem or "",
                affected_people=affected_people or "",
                tried=tried or "",
                stakeholders=stakeholders or "",
                region=region or lab.region,
                department=department,
                lab=lab,
                current_step=REVIEW_STEP,
                submitted_at=now,
                answer_due_at=clock.answer_due_at(lab=lab, submitted_at=now),
                ds_connection=ds_connection,
                external_ref=external_ref,
            )
            _event(request, RequestEventKind.SUBMITTED, to_lab=lab)
            audit_record(
                actor=None,
                action="request.receive_external",
                target=request,
                changes={"channel": channel, "external_ref": external_ref, "lab": lab.key},
                channel=AuditEntry.Channel.IMPORT,
            )
            emails.send_acknowledgement(request=request)
            emails.send_new_request(request=request)
    except IntegrityError:
        # The same dossier delivered twice at once: the other delivery created it.
        found = existing.first()
        if found is None:
            raise
        return found, False
    return request, True


def request_receive_from_call(
    *,
    actor,
    lab,
    author,
    co_authors=(),
    title: str,
    problem: str,
    call_title: str,
    channel=AuditEntry.Channel.WEB,
) -> Request:
    """An accepted answer to a call, sent as a request into `lab`'s inbox.

    The call's owner already decided (with the calls' own rule), so no permission is
    checked here. The request arrives submitted with its clock started and the lab's team
    told; its authors hear of the acceptance from the call's own e-mail.
    """
    _check_receiving(lab)
    with transaction.atomic():
        now = timezone.now()
        request = Request.objects.create(
            status=RequestStatus.SUBMITTED,
            channel=RequestChannel.API if channel == AuditEntry.Channel.API else RequestChannel.WEB,
            author=author,
            author_email=author.email,
            author_name=author.full_name,
            title=(title or "").strip()[:200] or _("Demande sans titre"),
            problem=problem,
            region=lab.region,
            lab=lab,
            current_step=REVIEW_STEP,
            submitted_at=now,
            answer_due_at=clock.answer_due_at(lab=lab, submitted_at=now),
        )
        if co_authors:
            request.co_authors.set(co_authors)
        _event(
            request,
            RequestEventKind.SUBMITTED,
            actor=actor,
            to_lab=lab,
            message=_("Réponse acceptée à l'appel « %(call)s ».") % {"call": call_title},
        )
        audit_record(
            actor=actor,
            action="request.receive_from_call",
            target=request,
            changes={"lab": lab.key, "call": call_title},
            channel=channel,
        )
        emails.send_new_request(request=request)
    return request


# --- the lab's decisions ----------------------------------------------------------------------


def _decision_error(locked: Request, decision: str) -> ValidationError:
    return ValidationError(
        _("« %(decision)s » n'est pas possible pour une demande %(status)s.")
        % {
            "decision": RequestDecision(decision).label,
            "status": locked.get_status_display(),
        },
        code="invalid_transition",
    )


def _first_answer(locked: Request, now: datetime) -> None:
    # Measured once, against the commitment of the lab that answered first.
    if locked.first_answered_at is None:
        locked.first_answered_at = now
        locked.first_answer_lab = locked.lab
        locked.first_answer_commitment_hours = locked.lab.first_answer_hours


def _free_slots(lab, now):
    return BoostSlot.objects.filter(lab=lab, request__isnull=True, starts_at__gt=now)


def request_decide(
    *,
    actor,
    request: Request,
    decision: str,
    version,
    reason: str = "",
    lab=None,
    service: str = "",
    message: str = "",
    channel=AuditEntry.Channel.WEB,
) -> Request:
    """The lab's answer to a request, one of `RequestDecision`.

    - accept: a project is created in accompaniment, led by the lab, from the request;
    - boost: a "coup de pouce" session; the author books one of the lab's free slots;
    - redirect_lab: the request moves, with its history, to `lab`, whose clock starts;
    - redirect_out: the author is pointed to `service`, outside the network;
    - ask_info: `message` asks the author a question; the request waits on them;
    - decline: with a `reason`, sent to the author.
    The first decision of a lab records the time to first answer.
    """
    if decision not in RequestDecision.values:
        raise _field_error(
            "decision",
            _("Décision inconnue : « %(value)s ».") % {"value": decision},
            code="invalid_choice",
        )
    reason, service, message = (
        (reason or "").strip(),
        (service or "").strip(),
        (message or "").strip(),
    )
    with transaction.atomic():
        locked = _lock(request)
        _check_version(locked, version)
        if not can_decide(actor, locked):
            raise PermissionDenied(
                _("Seule l'équipe du laboratoire de la demande peut y répondre.")
            )
        if decision not in ALLOWED_DECISIONS.get(locked.status, set()):
            raise _decision_error(locked, decision)
        now = timezone.now()
        deciding_lab, before = locked.lab, locked.status
        # Before any change of lab: the first answer is measured against this lab's word.
        _first_answer(locked, now)
        event = {"kind": None, "lab": deciding_lab, "to_lab": None, "message": message}
        changes = {}
        project = None

        if decision == RequestDecision.ACCEPT:
            project = project_create(
                actor=actor,
                lead_lab=deciding_lab,
                title=locked.title,
                objective=locked.problem,
                region=locked.region,
                themes=list(locked.themes.all()),
                organisations=[locked.organisation] if locked.organisation_id else [],
                channel=channel,
            )
            locked.project = project
            locked.status = RequestStatus.ACCEPTED
            event["kind"] = RequestEventKind.ACCEPTED
            changes["project"] = [None, project.key]
        elif decision == RequestDecision.BOOST:
            if not _free_slots(deciding_lab, now).exists():
                raise _field_error(
                    "decision",
                    _(
                        "Publiez d'abord au moins un créneau de coup de pouce libre : "
                        "l'auteur en choisira un."
                    ),
                    code="no_free_slot",
                )
            locked.status = RequestStatus.BOOST_OFFERED
            event["kind"] = RequestEventKind.BOOST_OFFERED
        elif decision == RequestDecision.REDIRECT_LAB:
            if lab is None:
                raise ValidationError(
                    {"lab": _("Choisissez le laboratoire auquel transmettre la demande.")}
                )
            if lab.pk == deciding_lab.pk:
                raise ValidationError({"lab": _("La demande est déjà dans ce laboratoire.")})
            _check_receiving(lab)
            locked.lab = lab
            locked.status = RequestStatus.SUBMITTED
            # The new lab's commitment counts from now, not from the first sending.
            locked.answer_due_at = clock.answer_due_at(lab=lab, submitted_at=now)
            event.update(kind=RequestEventKind.REDIRECTED_LAB, to_lab=lab)
            changes["lab"] = [deciding_lab.key, lab.key]
        elif decision == RequestDecision.REDIRECT_OUT:
            if not service:
                raise ValidationError(
                    {"service": _("Indiquez le service vers lequel réorienter l'auteur.")}
                )
            locked.redirect_service = service[:300]
            locked.status = RequestStatus.REDIRECTED
            event.update(
                kind=RequestEventKind.REDIRECTED_OUT,
                message=f"{service}\n\n{message}" if message else service,
            )
        elif decision == RequestDecision.ASK_INFO:
            if not message:
                raise ValidationError({"message": _("Écrivez la question à poser à l'auteur.")})
            locked.status = RequestStatus.WAITING_AUTHOR
            event["kind"] = RequestEventKind.INFO_REQUESTED
        elif decision == RequestDecision.DECLINE:
            if not reason:
                raise ValidationError(
                    {"reason": _("Indiquez le motif du refus : il sera transmis à l'auteur.")}
                )
            locked.decline_reason = reason
            locked.status = RequestStatus.DECLINED
            event.update(kind=RequestEventKind.DECLINED, message=reason)

        locked.version += 1
        locked.save()
        _event(
            locked,
            event["kind"],
            actor=actor,
            lab=event["lab"],
            to_lab=event["to_lab"],
            message=event["message"],
        )
        audit_record(
            actor=actor,
            action=f"request.{decision}",
            target=locked,
            changes={"status": [before, locked.status], **changes},
            channel=channel,
        )
        emails.send_decision(
            request=locked,
            decision=decision,
            lab=deciding_lab,
            message=message if decision != RequestDecision.DECLINE else "",
        )
        if decision == RequestDecision.REDIRECT_LAB:
            emails.send_new_request(request=locked, passed_on_by=deciding_lab, message=message)
        if locked.status in CLOSED_STATUSES:
            # Later domains act on a closed request (labnet.impact sends its survey).
            request_closed.fire(request=locked, status=locked.status)
    return locked


# --- the author's side after sending ----------------------------------------------------------


def request_provide_info(
    *, actor, request: Request, message: str, version, channel=AuditEntry.Channel.WEB
) -> Request:
    """The author answers the lab's question; the request waits on the lab again."""
    message = (message or "").strip()
    with transaction.atomic():
        locked = _lock(request)
        _check_version(locked, version)
        if not is_request_author(actor, locked):
            raise PermissionDenied("Only the request's authors answer the lab.")
        if locked.status != RequestStatus.WAITING_AUTHOR:
            raise ValidationError(
                _("Le laboratoire n'attend pas de précisions sur cette demande."),
                code="invalid_transition",
            )
        if not message:
            raise ValidationError({"message": _("Écrivez votre réponse au laboratoire.")})
        now = timezone.now()
        locked.status = RequestStatus.SUBMITTED
        # The lab owes its next answer within its commitment, counted from this reply.
        locked.answer_due_at = clock.answer_due_at(lab=locked.lab, submitted_at=now)
        locked.version += 1
        locked.save()
        _event(locked, RequestEventKind.INFO_PROVIDED, actor=actor, lab=locked.lab, message=message)
        audit_record(
            actor=actor,
            action="request.provide_info",
            target=locked,
            changes={"status": [RequestStatus.WAITING_AUTHOR, RequestStatus.SUBMITTED]},
            channel=channel,
        )
        emails.send_lab_notice(request=locked, kind=RequestEventKind.INFO_PROVIDED, message=message)
    return locked


def request_withdraw(
    *, actor, request: Request, version, reason: str = "", channel=AuditEntry.Channel.WEB
) -> Request:
    """The author takes back a request the lab has not settled yet."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(request)
        _check_version(locked, version)
        if not is_request_author(actor, locked):
            raise PermissionDenied("Only the request's authors withdraw it.")
        if locked.status not in WITHDRAWABLE_STATUSES:
            raise ValidationError(
                _("Cette demande ne peut plus être retirée : le laboratoire y a déjà répondu."),
                code="invalid_transition",
            )
        before = locked.status
        locked.status = RequestStatus.WITHDRAWN
        locked.version += 1
        locked.save()
        _event(locked, RequestEventKind.WITHDRAWN, actor=actor, lab=locked.lab, message=reason)
        audit_record(
            actor=actor,
            action="request.withdraw",
            target=locked,
            changes={"status": [before, RequestStatus.WITHDRAWN]},
            channel=channel,
        )
        emails.send_lab_notice(request=locked, kind=RequestEventKind.WITHDRAWN, message=reason)
        request_closed.fire(request=locked, status=locked.status)
    return locked


# --- boost sessions ---------------------------------------------------------------------------


def boost_slot_create(
    *,
    actor,
    lab,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    channel=AuditEntry.Channel.WEB,
) -> BoostSlot:
    """The lab publishes a time its team offers for a "coup de pouce" session."""
    if not can_triage(actor, lab):
        raise PermissionDenied("Only the lab's team publishes its boost slots.")
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("L'heure de fin doit être après l'heure de début.")
    if starts_at <= timezone.now():
        errors["starts_at"] = _("Ce créneau est déjà passé : choisissez une date à venir.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        slot = BoostSlot.objects.create(
            lab=lab,
            starts_at=starts_at,
            ends_at=ends_at,
            location=(location or "").strip()[:300],
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="boost_slot.create",
            target=slot,
            changes={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
            channel=channel,
        )
    return slot


def boost_slot_delete(*, actor, slot: BoostSlot, channel=AuditEntry.Channel.WEB) -> None:
    """Withdraw a slot nobody booked."""
    if not can_triage(actor, slot.lab):
        raise PermissionDenied("Only the lab's team manages its boost slots.")
    with transaction.atomic():
        locked = BoostSlot.objects.select_for_update().get(pk=slot.pk)
        if locked.request_id is not None:
            raise ValidationError(
                _("Ce créneau est réservé : il ne peut plus être supprimé."), code="booked"
            )
        audit_record(actor=actor, action="boost_slot.delete", target=locked, channel=channel)
        locked.delete()


def boost_slot_book(
    *, actor, request: Request, slot: BoostSlot, version=None, channel=AuditEntry.Channel.WEB
) -> BoostSlot:
    """The author books one of the free slots of the lab that offered a boost.

    The slot is locked while it is checked and taken: two authors cannot book it both.
    """
    with transaction.atomic():
        locked = _lock(request)
        if not is_request_author(actor, locked):
            raise PermissionDenied("Only the request's authors book its boost session.")
        if version is not None:
            _check_version(locked, version)
        if locked.status == RequestStatus.BOOST_BOOKED:
            raise _field_error(
                "slot",
                _("Vous avez déjà réservé un créneau pour cette demande."),
                code="already_booked",
            )
        if locked.status != RequestStatus.BOOST_OFFERED:
            raise _field_error(
                "slot",
                _("Aucun coup de pouce n'est proposé pour cette demande."),
                code="invalid_transition",
            )
        taken = BoostSlot.objects.select_for_update().get(pk=slot.pk)
        if taken.lab_id != locked.lab_id:
            raise ValidationError(
                {"slot": _("Ce créneau n'est pas proposé par le laboratoire de votre demande.")}
            )
        if taken.request_id is not None:
            raise _field_error(
                "slot",
                _("Ce créneau vient d'être réservé : choisissez-en un autre."),
                code="slot_taken",
            )
        if taken.starts_at <= timezone.now():
            raise ValidationError(
                {"slot": _("Ce créneau est déjà passé : choisissez-en un autre.")}
            )
        taken.request = locked
        taken.save(update_fields=["request"])
        locked.status = RequestStatus.BOOST_BOOKED
        locked.version += 1
        locked.save()
        when = timezone.localtime(taken.starts_at, clock.lab_timezone(locked.lab)).strftime(
            "%d/%m/%Y %H:%M"
        )
        _event(
            locked,
            RequestEventKind.BOOST_BOOKED,
            actor=actor,
            lab=locked.lab,
            message=f"{when} — {taken.location}" if taken.location else when,
        )
        audit_record(
            actor=actor,
            action="request.book_boost",
            target=locked,
            changes={
                "status": [RequestStatus.BOOST_OFFERED, RequestStatus.BOOST_BOOKED],
                "slot": taken.pk,
            },
            channel=channel,
        )
        emails.send_boost_confirmation(request=locked, slot=taken)
        emails.send_lab_notice(request=locked, kind=RequestEventKind.BOOST_BOOKED, slot=taken)
    return taken
