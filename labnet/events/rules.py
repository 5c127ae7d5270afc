"""Who may see and manage events and their registrations.

Pure functions of a user and an object; services and selectors call them, templates only
mirror them.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from labnet.accounts.rules import is_coordinator, is_lab_member
from labnet.core.refusals import require

from .enums import EventStatus, RegistrationStatus

PUBLIC_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


def public_events_filter(prefix: str = "") -> Q:
    """Events anyone may see: published ones, and cancelled ones (so a link still explains
    why the event will not take place). `prefix` lets a query start from another model,
    e.g. `public_events_filter("event__")` on registrations."""
    return Q(**{f"{prefix}status__in": PUBLIC_EVENT_STATUSES})


def can_manage_event(user, event) -> bool:
    """The person who proposed it, the organising lab's team, and the coordination."""
    if not (user and user.is_authenticated):
        return False
    if is_coordinator(user):
        return True
    if event.created_by_id is not None and event.created_by_id == user.pk:
        return True
    return event.organiser_lab_id is not None and is_lab_member(user, event.organiser_lab)


def can_see_event(user, event) -> bool:
    """Public events for everyone; drafts and proposals only for those who manage them."""
    return event.is_public or can_manage_event(user, event)


def can_see_registrations(user, event) -> bool:
    """The attendee list holds personal data: organisers only."""
    return can_manage_event(user, event)


def require_event_organiser(user, event, refusal=None) -> None:
    """Refuse with the organisers' rule (core.refusals), or a sentence naming the act."""
    require(
        can_see_registrations(user, event),
        refusal or _("La liste des inscrits est réservée aux organisateurs."),
    )


EDIT_REFUSAL = _lazy("Seuls les organisateurs de l'événement peuvent le modifier.")
CANCEL_REFUSAL = _lazy("Seuls les organisateurs de l'événement peuvent l'annuler.")


def can_register(event) -> bool:
    """Registrations are taken for published, upcoming events whose registration is open."""
    return (
        event.status == EventStatus.PUBLISHED
        and event.registration_open
        and event.ends_at > timezone.now()
    )


def owns_registration(user, registration) -> bool:
    """A signed-in person sees their own registrations (by account)."""
    return (
        bool(user and user.is_authenticated and registration.user_id is not None)
        and registration.user_id == user.pk
    )


def can_see_online_link(user, event, registration=None) -> bool:
    """The connection link of an online event goes to confirmed registrants and organisers
    only, so that an unregistered stranger cannot join the meeting."""
    if can_manage_event(user, event):
        return True
    return registration is not None and registration.status == RegistrationStatus.CONFIRMED
