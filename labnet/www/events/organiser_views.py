"""The organisers' pages: attendance, places, cancelling an event, the attendees' export."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
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
    can_see_registrations,
)
from labnet.events.selectors import (
    event_attendees,
    places_left_of,
)
from labnet.events.services import event_cancel
from labnet.www.forms import add_service_errors

from .event_common import PERSONAL_DATA_NOTICE, event_breadcrumb, forbidden, get_event, zone_label
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


def _manager_event(request, key) -> Event:
    event = get_event(request, key)
    if not can_see_registrations(request.user, event):
        raise PermissionDenied
    return event


@login_required
def event_attendance(request, key):
    """The organiser's sheet: who is registered, waiting, and who came (one form)."""
    try:
        event = _manager_event(request, key)
    except PermissionDenied:
        return forbidden(request, _("La liste des inscrits est réservée aux organisateurs."))
    if request.method == "POST":
        rows = event_attendees(user=request.user, event=event)
        form = AttendanceForm(
            request.POST,
            registrations=[r for r in rows if r.status == RegistrationStatus.CONFIRMED],
        )
        if form.is_valid():
            try:
                changed = attendance_mark(actor=request.user, event=event, marks=form.marks())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
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
    try:
        event = _manager_event(request, key)
    except PermissionDenied:
        return forbidden(request, _("Seuls les organisateurs de l'événement peuvent le modifier."))
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            event_capacity_update(
                actor=request.user, event=event, capacity=form.cleaned_data["capacity"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Nombre de places enregistré."))
            return redirect(reverse("events:event_attendance", kwargs={"key": event.key}))
    context = _attendance_context(request, event, capacity_form=form)
    return render(request, "www/events/event_attendance.html", context, status=400)


@login_required
@require_POST
def event_cancel_view(request, key):
    """The organisers call the event off, with a reason sent to everyone registered."""
    try:
        event = _manager_event(request, key)
    except PermissionDenied:
        return forbidden(request, _("Seuls les organisateurs de l'événement peuvent l'annuler."))
    form = EventCancelForm(request.POST)
    if form.is_valid():
        try:
            event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
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
    try:
        event = _manager_event(request, key)
    except PermissionDenied:
        return forbidden(request, _("La liste des inscrits est réservée aux organisateurs."))
    rows = event_attendees(user=request.user, event=event)
    audit_record(
        actor=request.user,
        action=EventsAction.EVENT_ATTENDEES_EXPORT,
        target=event,
        changes={"rows": len(rows)},
        channel=AuditEntry.Channel.WEB,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{event.key}.csv"'
    response.write("\ufeff")  # so that spreadsheet software reads the accents
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(PERSONAL_DATA_NOTICE)])
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
    return response
