"""What organisers change on an event: its places (capacity) and the attendance they note."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.services import audit_record
from labnet.events.audit import EventsAction

from .enums import Attendance, RegistrationStatus
from .models import Event, Registration
from .registrations import lock_event, places_taken, promote_waiting
from .rules import can_manage_event


def event_capacity_errors(event: Event, capacity: int | None) -> dict:
    """Why `capacity` cannot replace the event's capacity (empty when it can).

    Shared with the event edit form: a capacity under the places already given is refused
    rather than cancelling someone's place.
    """
    if capacity is None:
        return {}
    if capacity < 1:
        return {"capacity": _("Le nombre de places doit être d'au moins 1.")}
    taken = places_taken(event)
    if capacity < taken:
        return {
            "capacity": _(
                "%(taken)d personnes sont déjà inscrites : le nombre de places ne peut pas "
                "descendre sous %(taken)d."
            )
            % {"taken": taken}
        }
    return {}


def event_capacity_update(*, actor, event: Event, capacity: int | None) -> Event:
    """The organiser changes the number of places; more places promote people waiting."""
    if not can_manage_event(actor, event):
        raise PermissionDenied(_("Seuls les organisateurs de l'événement peuvent le modifier."))
    with transaction.atomic():
        now = timezone.now()
        locked = lock_event(event)
        errors = event_capacity_errors(locked, capacity)
        if errors:
            raise ValidationError(
                {
                    field: ValidationError(message, code="capacity")
                    for field, message in errors.items()
                }
            )
        previous = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        audit_record(
            actor=actor,
            action=EventsAction.EVENT_CAPACITY_UPDATE,
            target=locked,
            changes={"capacity": [previous, capacity]},
        )
        promote_waiting(locked, now, actor=actor)
    event.capacity = capacity
    return locked


def attendance_mark(*, actor, event: Event, marks: dict[int, str]) -> int:
    """The organiser records who came: {registration id: present|absent|""}.

    Only confirmed registrations of this event are marked; returns how many changed.
    """
    if not can_manage_event(actor, event):
        raise PermissionDenied(_("Seuls les organisateurs de l'événement notent les présences."))
    allowed = set(Attendance.values)
    bad = [pk for pk, value in marks.items() if value not in allowed]
    if bad:
        raise ValidationError(_("Valeur de présence inconnue."), code="invalid")
    with transaction.atomic():
        registrations = list(
            event.registrations.select_for_update()
            .filter(pk__in=list(marks), status=RegistrationStatus.CONFIRMED)
            .order_by("pk")
        )
        changed = []
        for registration in registrations:
            value = marks[registration.pk]
            if registration.attendance != value:
                changed.append((registration, registration.attendance, value))
                registration.attendance = value
        if changed:
            Registration.objects.bulk_update([row[0] for row in changed], ["attendance"])
            audit_record(
                actor=actor,
                action=EventsAction.ATTENDANCE_MARK,
                target=event,
                changes={str(r.pk): [old, new] for r, old, new in changed},
            )
    return len(changed)
