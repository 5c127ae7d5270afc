"""The organisers' pages: attendance, places, cancelling an event, the attendees' export."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.core.paginator import Paginator
from django.http import QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.core.csv_safety import spreadsheet_row
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.events.attendee_selectors import (
    attendee_counts,
    attendees_of_status,
    attendees_ordered,
)
from labnet.events.audit import EventsAction
from labnet.events.enums import Attendance, EventStatus, RegistrationStatus
from labnet.events.models import Event
from labnet.events.organising import attendance_mark, event_capacity_update
from labnet.events.rules import (
    CANCEL_REFUSAL,
    EDIT_REFUSAL,
    require_event_organiser,
)
from labnet.events.selectors import places_left_of
from labnet.events.services import event_cancel
from labnet.www.forms import write_from_form

from .event_common import PERSONAL_DATA_NOTICE, event_breadcrumb, get_event, zone_label
from .forms import AttendanceForm, CapacityForm, EventCancelForm

# The sheet shows one list at a time, a page at a time: an event may have thousands of
# registrations, and a page of 5,000 attendance choices took 40 s to render. The full list
# is the CSV export (streamed).
SHEET_PAGE_SIZE = 50
SHEET_LISTS = {
    "confirmed": RegistrationStatus.CONFIRMED,
    "pending": RegistrationStatus.PENDING,
    "waiting": RegistrationStatus.WAITING,
}
# Attendance marks accepted in one POST: a page's worth, with room to spare.
MAX_MARKS = 4 * SHEET_PAGE_SIZE


class _CountedPaginator(Paginator):
    """A paginator told its count (already read with the other counts): no COUNT query."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def _sheet_query(request, source=None) -> dict:
    """The list, search text and page the sheet shows (from the address, or the form)."""
    source = source if source is not None else request.GET
    shown = source.get("liste", "")
    return {
        "liste": shown if shown in SHEET_LISTS else "confirmed",
        "q": (source.get("q") or "").strip()[:100],
        "page": source.get("page") or "",
    }


def _sheet_url(event, query: dict) -> str:
    kept = {name: value for name, value in query.items() if value}
    if kept.get("liste") == "confirmed":
        del kept["liste"]
    url = reverse("events:event_attendance", kwargs={"key": event.key})
    return f"{url}?{urlencode(kept)}" if kept else url


def _attendance_context(
    request,
    event,
    *,
    attendance_form=None,
    capacity_form=None,
    cancel_form=None,
    query=None,
) -> dict:
    query = query or _sheet_query(request)
    shown = query["liste"]
    counts, found = attendee_counts(user=request.user, event=event, text=query["q"])
    rows = attendees_of_status(
        user=request.user, event=event, status=SHEET_LISTS[shown], text=query["q"]
    )
    page = _CountedPaginator(rows, SHEET_PAGE_SIZE, count=found[SHEET_LISTS[shown]]).get_page(
        query["page"]
    )
    if shown == "confirmed" and attendance_form is None:
        attendance_form = AttendanceForm(registrations=list(page))
    lists = [
        {
            "key": key,
            "count": found[status],
            "url": _sheet_url(event, {"liste": key, "q": query["q"]}),
            "current": key == shown,
        }
        for key, status in SHEET_LISTS.items()
        # A list nobody is on is not offered (the confirmed one always is).
        if key == "confirmed" or counts[status]
    ]
    return {
        "page_title": _("Inscriptions et présences — %(title)s") % {"title": event.title},
        "breadcrumb_data": event_breadcrumb(event, _("Inscriptions et présences")),
        "event": event,
        "event_zone": event.zone,
        "zone_label": zone_label(event),
        "places_left": places_left_of(event),
        "attendance_form": attendance_form,
        "capacity_form": capacity_form or CapacityForm(initial={"capacity": event.capacity}),
        "cancel_form": (cancel_form or EventCancelForm())
        if event.status == EventStatus.PUBLISHED and event.ends_at > timezone.now()
        else None,
        "shown": shown,
        "sheet_lists": lists,
        "search": query["q"],
        "page_obj": page,
        "page_query": urlencode({k: v for k, v in query.items() if v and k != "page"}),
        "return_query": urlencode({k: v for k, v in query.items() if v}),
        "confirmed_count": counts[RegistrationStatus.CONFIRMED],
        "cancelled_count": counts[RegistrationStatus.CANCELLED],
        "personal_data_notice": str(PERSONAL_DATA_NOTICE),
    }


def _manager_event(request, key, refusal=None) -> Event:
    event = get_event(request, key)
    require_event_organiser(request.user, event, refusal)
    return event


def _posted_registrations(request, event) -> list:
    """The confirmed registrations whose attendance the POST carries (the page's rows):
    one query, whatever the size of the event."""
    ids = []
    for name in request.POST:
        number = name.removeprefix("attendance_")
        if number != name and number.isdigit():
            ids.append(int(number))
    if len(ids) > MAX_MARKS:
        raise SuspiciousOperation("too many attendance marks in one form")
    if not ids:
        return []
    return list(
        attendees_of_status(
            user=request.user, event=event, status=RegistrationStatus.CONFIRMED
        ).filter(pk__in=ids)
    )


@login_required
def event_attendance(request, key):
    """The organiser's sheet: who is registered, waiting, and who came (one form a page)."""
    event = _manager_event(request, key)
    if request.method == "POST":
        query = _sheet_query(request, QueryDict(request.POST.get("return", "")))
        form = AttendanceForm(request.POST, registrations=_posted_registrations(request, event))
        changed = write_from_form(
            form, lambda data: attendance_mark(actor=request.user, event=event, marks=form.marks())
        )
        if changed is not None:
            messages.success(
                request,
                _("Présences enregistrées (%(count)d modifiée(s)).") % {"count": changed},
            )
            return redirect(_sheet_url(event, query))
        query["liste"] = "confirmed"
        context = _attendance_context(request, event, attendance_form=form, query=query)
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


class _Echo:
    """What csv.writer writes to when each row is yielded rather than stored."""

    def write(self, value):
        return value


# Rows read per query while streaming: memory stays that of a chunk, whatever the event.
EXPORT_CHUNK = 1000
EXPORT_COLUMNS = (
    "full_name",
    "email",
    "organisation_name",
    "status",
    "position",
    "attendance",
    "created_at",
)


@login_required
def event_attendees_export(request, key):
    """CSV of the registrations, for the organisers only; the file says it holds personal
    data, and the download is written to the audit trail.

    Streamed: the rows are read in chunks of plain values (no model instances) and written
    as they come, so a list of thousands costs the memory of one chunk.
    """
    event = _manager_event(request, key)
    counts, _found = attendee_counts(user=request.user, event=event)
    audit_record(
        actor=request.user,
        action=EventsAction.EVENT_ATTENDEES_EXPORT,
        target=event,
        changes={"rows": sum(counts.values())},
        channel=AuditEntry.Channel.WEB,
    )
    rows = attendees_ordered(user=request.user, event=event).values_list(*EXPORT_COLUMNS)
    # Every text is translated here, in the request's language, before the body streams.
    statuses = {value: str(label) for value, label in RegistrationStatus.choices}
    attendances = {value: str(label) for value, label in Attendance.choices}
    header = [
        str(label)
        for label in (
            _("Nom"),
            _("Adresse électronique"),
            _("Administration"),
            _("Statut"),
            _("Rang d'attente"),
            _("Présence"),
            _("Inscrit le"),
        )
    ]
    notice = str(PERSONAL_DATA_NOTICE)
    zone = event.zone
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        # The header row comes first (spreadsheets and scripts read it as such); the notice
        # that the file holds personal data is in its name and its last row. The BOM is
        # so that spreadsheet software reads the accents.
        yield "\ufeff" + writer.writerow(header)
        batch = []
        for name, email, organisation, status, position, attendance, created_at in rows.iterator(
            chunk_size=EXPORT_CHUNK
        ):
            # Every cell through spreadsheet_safe: names and administrations are typed by
            # visitors.
            batch.append(
                writer.writerow(
                    spreadsheet_row(
                        [
                            name,
                            email,
                            organisation,
                            statuses.get(status, status),
                            position or "",
                            attendances.get(attendance, attendance) if attendance else "",
                            created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                        ]
                    )
                )
            )
            if len(batch) == EXPORT_CHUNK:
                # One piece of the body per chunk of rows, not one per row.
                yield "".join(batch)
                batch = []
        yield "".join(batch) + writer.writerow([]) + writer.writerow([notice])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="inscrits-{event.key}-donnees-personnelles.csv"'
    )
    return response
