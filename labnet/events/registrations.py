"""Registrations to events: places, the waiting list, confirmation and cancellation.

Every write here locks the event row (`select_for_update`) inside one transaction before
counting places, so that people registering at the same moment are served one after the
other: the capacity is never exceeded and the waiting list keeps the order in which they
got the lock. (On SQLite a write transaction already serialises writers.)

A signed-in person gets a place at once (or a rank on the waiting list). A visitor gives a
name and an e-mail and confirms by the link sent to that address: until then the
registration is PENDING and holds no place, so that invented addresses cannot fill an
event. At confirmation (under the event lock) the visitor gets a free place, or the next
rank on the waiting list. A link not used within `CONFIRMATION_DELAY` expires: the pending
registration is cancelled. `Registration.confirmed_at` records that the person's address is
known to be theirs (an account, or a clicked link); only such people are on the waiting
list, so a promotion always gives a place."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.events.audit import EventsAction

from . import emails
from .enums import EventStatus, RegistrationStatus
from .models import Event, Registration
from .rules import can_manage_event, can_register, owns_registration

CONFIRMATION_DELAY = timedelta(hours=48)


LIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
)


class LinkExpired(Exception):
    """A confirmation link used after its deadline: the registration is gone, register again."""

    def __init__(self, registration):
        super().__init__("expired")
        self.registration = registration


def _field_error(field: str, message: str, *, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def holding_place_filter(prefix: str = "") -> Q:
    """Registrations that occupy a place: confirmed ones only (a pending visitor holds none)."""
    return Q(**{f"{prefix}status": RegistrationStatus.CONFIRMED})


def places_taken(event: Event) -> int:
    return event.registrations.filter(holding_place_filter()).count()


def places_left(event: Event) -> int | None:
    """None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - places_taken(event), 0)


def _is_full(event: Event) -> bool:
    return event.capacity is not None and places_taken(event) >= event.capacity


def _next_rank(event: Event) -> int:
    last = event.registrations.filter(status=RegistrationStatus.WAITING).aggregate(
        last=Max("position")
    )["last"]
    return (last or 0) + 1


def lock_event(event: Event) -> Event:
    # `of=self`: lock only the event row, not the rows joined for display.
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _expired_pending(now: datetime):
    return Registration.objects.filter(status=RegistrationStatus.PENDING, token_expires_at__lte=now)


def _cancel_expired(event: Event, now: datetime) -> int:
    """Pending registrations whose link expired are cancelled (history kept; no place was
    held, so nobody moves up). Returns how many."""
    return (
        _expired_pending(now)
        .filter(event=event)
        .update(status=RegistrationStatus.CANCELLED, cancelled_at=now, position=None)
    )


def renumber_waiting(event: Event) -> None:
    """Keep the waiting list numbered 1..n in its order, so a rank reads as a rank."""
    waiting = list(
        event.registrations.filter(status=RegistrationStatus.WAITING).order_by("position", "pk")
    )
    changed = []
    for rank, registration in enumerate(waiting, start=1):
        if registration.position != rank:
            registration.position = rank
            changed.append(registration)
    if changed:
        Registration.objects.bulk_update(changed, ["position"])


def promote_waiting(event: Event, now: datetime, *, actor=None) -> list[Registration]:
    """Fill free places from the head of the waiting list; each promoted person is told.

    Everyone on the list has a known address (an account or a confirmed link), so the
    place is theirs at once. Call it with the event row locked.
    """
    promoted = []
    if event.status != EventStatus.PUBLISHED or event.ends_at <= now:
        return promoted
    free = None if event.capacity is None else event.capacity - places_taken(event)
    waiting = event.registrations.filter(
        status=RegistrationStatus.WAITING, confirmed_at__isnull=False
    ).order_by("position", "pk")
    if free is not None:
        waiting = waiting[: max(free, 0)]
    for registration in waiting:
        registration.position = None
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "position"])
        audit_record(
            actor=actor,
            action=EventsAction.PROMOTE_WAITING,
            target=registration,
            changes={"status": [RegistrationStatus.WAITING, registration.status]},
        )
        emails.send_promoted(registration=registration)
        promoted.append(registration)
    if promoted:
        renumber_waiting(event)
    return promoted


def _clean_visitor(full_name: str, email: str) -> tuple[str, str]:
    errors = {}
    full_name = (full_name or "").strip()
    email = (email or "").strip()
    if not full_name:
        errors["full_name"] = ValidationError(_("Indiquez vos prénom et nom."), code="required")
    if not email:
        errors["email"] = ValidationError(
            _("Indiquez votre adresse électronique : le lien de confirmation y sera envoyé."),
            code="required",
        )
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ValidationError(
                _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
                code="invalid",
            )
    if errors:
        raise ValidationError(errors)
    return full_name, email


def _duplicate_error() -> ValidationError:
    return _field_error(
        "email",
        _(
            "Cette adresse est déjà inscrite à cet événement (ou sur sa liste d'attente) : "
            "retrouvez le lien d'annulation dans le courriel reçu."
        ),
        code="duplicate",
    )


def registration_create(
    *,
    actor,
    event: Event,
    full_name: str = "",
    email: str = "",
    organisation_name: str = "",
    now: datetime | None = None,
    channel: str = AuditEntry.Channel.WEB,
) -> Registration:
    """Register a signed-in person (confirmed at once) or a visitor (pending until the link).

    When the event is full a signed-in person takes the next rank on the waiting list. A
    visitor's pending registration holds no place: it is given (or a rank) at confirmation.
    """
    signed_in = bool(actor and actor.is_authenticated)
    if signed_in:
        full_name = actor.full_name or actor.email
        email = actor.email
    else:
        full_name, email = _clean_visitor(full_name, email)
    organisation_name = (organisation_name or "").strip()[:200]
    with transaction.atomic():
        now = now or timezone.now()
        locked = lock_event(event)
        if not can_register(locked):
            raise ValidationError(
                _("Les inscriptions à cet événement sont fermées."), code="closed"
            )
        _cancel_expired(locked, now)
        duplicate = locked.registrations.filter(status__in=LIVE_STATUSES).filter(
            Q(email__iexact=email) | (Q(user=actor) if signed_in else Q(pk__in=[]))
        )
        if duplicate.exists():
            raise _duplicate_error()
        registration = Registration(
            event=locked,
            user=actor if signed_in else None,
            full_name=full_name,
            email=email,
            organisation_name=organisation_name,
        )
        if not signed_in:
            registration.status = RegistrationStatus.PENDING
            registration.token_expires_at = now + CONFIRMATION_DELAY
        elif _is_full(locked):
            registration.status = RegistrationStatus.WAITING
            registration.position = _next_rank(locked)
            registration.confirmed_at = now
        else:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            # The unique constraint is the last line: same address, different case...
            raise _duplicate_error() from exc
        audit_record(
            actor=actor,
            action=EventsAction.REGISTRATION_CREATE,
            target=registration,
            changes={"status": [None, registration.status], "event": locked.key},
            channel=channel,
        )
        emails.send_registered(registration=registration)
    return registration


def registration_by_token(token) -> Registration:
    """The registration a link points to (raises Registration.DoesNotExist)."""
    return Registration.objects.select_related(
        "event",
        "event__organiser_lab",
        "event__organiser_organisation",
        "event__region",
        "event__department",
    ).get(token=token)


def registration_confirm(*, token, now: datetime | None = None) -> Registration:
    """The visitor confirmed by the link sent to their address (a POST, never a GET).

    Under the event lock, PENDING becomes CONFIRMED when a place is free, WAITING with the
    next rank otherwise (the e-mail and the page say which). A registration already on
    the waiting list keeps its rank. A pending registration whose link expired is
    cancelled and `LinkExpired` is raised after that is committed.
    """
    expired = None
    with transaction.atomic():
        now = now or timezone.now()
        registration = registration_by_token(token)
        event = lock_event(registration.event)
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.CANCELLED:
            if registration.confirmed_at is None:
                expired = registration  # released earlier, unconfirmed
            else:
                raise ValidationError(_("Cette inscription a été annulée."), code="cancelled")
        elif registration.confirmed_at is not None:
            return registration  # a second click changes nothing
        elif registration.status == RegistrationStatus.PENDING and (
            registration.token_expires_at is not None and registration.token_expires_at <= now
        ):
            _cancel_expired(event, now)
            registration.refresh_from_db()
            expired = registration
        elif registration.status == RegistrationStatus.PENDING and not can_register(event):
            # The place is given now, not at registering: a closed, cancelled or past
            # event gives none.
            raise ValidationError(
                _("Les inscriptions à cet événement sont fermées."), code="closed"
            )
        else:
            previous = registration.status
            registration.confirmed_at = now
            if registration.status == RegistrationStatus.PENDING:
                if _is_full(event):
                    registration.status = RegistrationStatus.WAITING
                    registration.position = _next_rank(event)
                else:
                    registration.status = RegistrationStatus.CONFIRMED
            registration.save(update_fields=["status", "position", "confirmed_at"])
            audit_record(
                actor=None,
                action=EventsAction.REGISTRATION_CONFIRM,
                target=registration,
                changes={"status": [previous, registration.status]},
            )
            emails.send_confirmed(registration=registration)
    if expired is not None:
        raise LinkExpired(expired)
    return registration


def registration_cancel(
    *,
    actor=None,
    registration: Registration | None = None,
    token=None,
    now=None,
    channel: str = AuditEntry.Channel.WEB,
) -> Registration:
    """Cancel by the link (token) or, signed in, one's own registration (or as organiser).

    A freed place goes at once to the first person waiting, in the same transaction.
    """
    with transaction.atomic():
        now = now or timezone.now()
        if token is not None:
            registration = registration_by_token(token)
        elif registration is None:
            raise ValueError("registration or token is required")
        elif not (
            owns_registration(actor, registration) or can_manage_event(actor, registration.event)
        ):
            raise PermissionDenied(_("Vous ne pouvez annuler que vos propres inscriptions."))
        event = lock_event(registration.event)
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.CANCELLED:
            return registration  # already done: the link is harmless twice
        if event.ends_at <= now:
            raise ValidationError(
                _("Cet événement est passé : l'inscription ne peut plus être annulée."),
                code="past",
            )
        previous = registration.status
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.position = None
        registration.save(update_fields=["status", "cancelled_at", "position"])
        audit_record(
            actor=actor,
            action=EventsAction.REGISTRATION_CANCEL,
            target=registration,
            changes={"status": [previous, RegistrationStatus.CANCELLED]},
            channel=channel,
        )
        emails.send_cancelled(registration=registration)
        renumber_waiting(event)
        promote_waiting(event, now, actor=actor)
    return registration


def expired_pending_cancel(*, now: datetime | None = None) -> int:
    """Hourly: cancel the pending registrations whose confirmation link expired, so that the
    organisers' list shows them as such and the address may register again (each write
    does it for its own event; this catches the quiet events). Returns how many.

    Pending registrations hold no place: nobody moves up the waiting list here.
    """
    now = now or timezone.now()
    event_ids = sorted(
        set(_expired_pending(now).filter(event__ends_at__gt=now).values_list("event_id", flat=True))
    )
    cancelled = 0
    for event in Event.objects.filter(pk__in=event_ids).order_by("pk"):
        with transaction.atomic():
            cancelled += _cancel_expired(lock_event(event), now)
    return cancelled
