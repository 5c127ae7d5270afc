"""The organisers' pages: attendance, places, cancelling an event, the attendees' export."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.core.csv_safety import spreadsheet_row
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.events.audit import EventsAction
from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.events.models import Event
from labnet.events.organising import attendance_mark, event_capacity_update
from labnet.events.rules import (
    CANCEL_REFUSAL,
    EDIT_REFUSAL,
    require_event_organiser,
)
from labnet.events.selectors import (
    event_attendees,
    places_left_of,
)
from labnet.events.services import event_cancel
from labnet.www.forms import write_from_form

from .event_common import PERSONAL_DATA_NOTICE, event_breadcrumb, get_event, zone_label
from .forms import AttendanceForm, CapacityForm, EventCancelForm


def _attendance_context(
    request, event, *, attendance_form=None, capacity_form=None, cancel_form=None
) -> dict:
    rows = event_attendees(user=request.user, event=event)
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    return {
        "page_title": _("Inscriptions et présences — %(title)s") % {"title": event.title},
        "breadcrumb_data": event_breadcrumb(event, _("Inscriptions et présences")),
        "event": event,
        "event_zone": event.zone,
        "zone_label": zone_label(event),
        "places_left": places_left_of(event),
        "attendance_form": attendance_form or AttendanceForm(registrations=confirmed),
        "capacity_form": capacity_form or CapacityForm(initial={"capacity": event.capacity}),
        "cancel_form": (cancel_form or EventCancelForm())
        if event.status == EventStatus.PUBLISHED and event.ends_at > timezone.now()
        else None,
        "pending": [r for r in rows if r.status == RegistrationStatus.PENDING],
        "waiting": [r for r in rows if r.status == RegistrationStatus.WAITING],
        "cancelled": [r for r in rows if r.status == RegistrationStatus.CANCELLED],
        "confirmed_count": len(confirmed),
        "personal_data_notice": str(PERSONAL_DATA_NOTICE),
    }


def _manager_event(request, key, refusal=None) -> Event:
    event = get_event(request, key)
    require_event_organiser(request.user, event, refusal)
    return event


@login_required
def event_attendance(request, key):
    """The organiser's sheet: who is registered, waiting, and who came (one form)."""
    event = _manager_event(request, key)
    if request.method == "POST":
        rows = event_attendees(user=request.user, event=event)
        form = AttendanceForm(
            request.POST,
            registrations=[r for r in rows if r.status == RegistrationStatus.CONFIRMED],
        )
        changed = write_from_form(
            form, lambda data: attendance_mark(actor=request.user, event=event, marks=form.marks())
        )
        if changed is not None:
            messages.success(
                request,
                _("Présences enregistrées (%(count)d modifiée(s)).") % {"count": changed},
            )
            return redirect(reverse("events:event_attendance", kwargs={"key": event.key}))
        context = _attendance_context(request, event, attendance_form=form)
        return render(request, "www/events/event_attendance.html", context, status=400)
    return render(request, "www/events/event_attendance.html", _attendance_context(request, event))


@login_required
@require_POST
def event_capacity(request, key):
    """The organiser changes the number of places (never under the places given)."""
    event = _manager_event(request, key, EDIT_REFUSAL)
    form = CapacityForm(request.POST)
    saved = write_from_form(
        form,
        lambda data: event_capacity_update(
            actor=request.user, event=event, capacity=data["capacity"]
        ),
    )
    if saved is not None:
        messages.success(request, _("Nombre de places enregistré."))
        return redirect(reverse("events:event_attendance", kwargs={"key": event.key}))
    context = _attendance_context(request, event, capacity_form=form)
    return render(request, "www/events/event_attendance.html", context, status=400)


@login_required
@require_POST
def event_cancel_view(request, key):
    """The organisers call the event off, with a reason sent to everyone registered."""
    event = _manager_event(request, key, CANCEL_REFUSAL)
    form = EventCancelForm(request.POST)
    cancelled = write_from_form(
        form, lambda data: event_cancel(actor=request.user, event=event, reason=data["reason"])
    )
    if cancelled is not None:
        messages.success(
            request, _("L'événement est annulé ; les personnes inscrites sont prévenues.")
        )
        return redirect(event.get_absolute_url())
    context = _attendance_context(request, event, cancel_form=form)
    return render(request, "www/events/event_attendance.html", context, status=400)


@login_required
def event_attendees_export(request, key):
    """CSV of the registrations, for the organisers only; the file says it holds personal
    data, and the download is written to the audit trail."""
    event = _manager_event(request, key)
    rows = event_attendees(user=request.user, event=event)
    audit_record(
        actor=request.user,
        action=EventsAction.EVENT_ATTENDEES_EXPORT,
        target=event,
        changes={"rows": len(rows)},
        channel=AuditEntry.Channel.WEB,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # The header row comes first (spreadsheets and scripts read it as such); the notice
    # that the file holds personal data is in its name and its last row.
    response["Content-Disposition"] = (
        f'attachment; filename="inscrits-{event.key}-donnees-personnelles.csv"'
    )
    response.write("\ufeff")  # so that spreadsheet software reads the accents
    writer = csv.writer(response, delimiter=";")
    # Every cell through spreadsheet_safe: names and administrations are typed by visitors.
    writer.writerow(
        [
            _("Nom"),
            _("Adresse électronique"),
            _("Administration"),
            _("Statut"),
            _("Rang d'attente"),
            _("Présence"),
            _("Inscrit le"),
        ]
    )
    for registration in rows:
        writer.writerow(
            spreadsheet_row(
                [
                    registration.full_name,
                    registration.email,
                    registration.organisation_name,
                    registration.get_status_display(),
                    registration.position or "",
                    registration.get_attendance_display() if registration.attendance else "",
                    timezone.localtime(registration.created_at, event.zone).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                ]
            )
        )
    writer.writerow([])
    writer.writerow([str(PERSONAL_DATA_NOTICE)])
    return response
