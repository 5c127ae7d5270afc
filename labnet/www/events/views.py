"""Pages of one event: the public page (with its registration form), the links sent by
e-mail (confirm, cancel, personal calendar file), the calendar files and feeds, the
organiser's attendance sheet and export, and "my registrations".

Views stay thin: they read through `events.selectors`, write through
`events.registrations`, and render. Campaign and proposal pages live in campaign_views.py.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.throttling import BaseThrottle

from labnet.core.csv_safety import spreadsheet_row
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.events import ical
from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.events.jsonld import event_jsonld_script
from labnet.events.models import Campaign, Event, Registration
from labnet.events.registrations import (
    LinkExpired,
    attendance_mark,
    event_capacity_update,
    registration_by_token,
    registration_cancel,
    registration_confirm,
    registration_create,
)
from labnet.events.rules import (
    can_manage_event,
    can_register,
    can_see_online_link,
    can_see_registrations,
)
from labnet.events.selectors import (
    event_attendees,
    event_get_visible,
    feed_events,
    places_left_of,
    registration_of_user,
    registration_of_visitor,
    registrations_of_user,
)
from labnet.events.services import event_cancel
from labnet.events.visitor_limits import visitor_quota_check, visitor_quota_use
from labnet.labs.models import Lab
from labnet.territories.models import Region
from labnet.www.forms import add_service_errors
from labnet.www.refusals import forbidden_page

from .forms import AttendanceForm, CapacityForm, EventCancelForm, VisitorRegistrationForm

PERSONAL_DATA_NOTICE = gettext_lazy(
    "Données personnelles : liste réservée aux organisateurs de l'événement, pour son "
    "organisation uniquement. Ne pas diffuser ; supprimer après l'événement."
)


def _breadcrumb(event: Event, current=None) -> dict:
    links = []
    if event.campaign_id:
        links.append({"url": event.campaign.get_absolute_url(), "title": event.campaign.name})
    if current is None:
        return {"links": links, "current": event.title}
    links.append({"url": event.get_absolute_url(), "title": event.title})
    return {"links": links, "current": current}


def _get_event(request, key) -> Event:
    try:
        return event_get_visible(user=request.user, key=key)
    except Event.DoesNotExist as exc:
        raise Http404(_("Cet événement n'existe pas ou n'est pas public.")) from exc


def _forbidden(request, message: str):
    return forbidden_page(
        request,
        message,
        back_url=reverse("events:my_registrations"),
        back_label=_("Voir mes inscriptions"),
    )


def _zone_label(event: Event) -> str:
    return "" if event.time_zone == "Europe/Paris" else event.time_zone


# --- the event page and registering ---------------------------------------------------------


# The session remembers, for a visitor without an account, the registrations they made
# (event id -> token), so that the event page shows their place instead of an empty form
# (no second registration by mistake); and, once, which event's outcome to show on top.
VISITOR_REGISTRATIONS = "events.visitor_registrations"
REGISTRATION_OUTCOME = "events.registration_outcome"


def _my_registration(request, event) -> Registration | None:
    if request.user.is_authenticated:
        return registration_of_user(user=request.user, event=event)
    token = request.session.get(VISITOR_REGISTRATIONS, {}).get(str(event.pk))
    if token is None:
        return None
    return registration_of_visitor(event=event, token=token)


def _remember_registration(request, registration):
    if not request.user.is_authenticated:
        known = dict(request.session.get(VISITOR_REGISTRATIONS, {}))
        known[str(registration.event_id)] = str(registration.token)
        request.session[VISITOR_REGISTRATIONS] = known
    request.session[REGISTRATION_OUTCOME] = registration.event_id


def _detail_context(request, event, *, form=None, page_error="") -> dict:
    user = request.user
    mine = _my_registration(request, event)
    outcome = None
    if request.session.get(REGISTRATION_OUTCOME) == event.pk:
        del request.session[REGISTRATION_OUTCOME]
        if mine is not None:
            outcome = {"registration": mine, "message": _registered_message(mine)}
    places_left = places_left_of(event)
    open_ = can_register(event)
    if form is None and open_ and not user.is_authenticated:
        form = VisitorRegistrationForm()
    return {
        "page_title": event.title,
        "breadcrumb_data": _breadcrumb(event),
        "nav": "events",
        "event": event,
        "event_zone": event.zone,
        "zone_label": _zone_label(event),
        "places_left": places_left,
        "is_full": places_left == 0,
        "registration_open": open_,
        "my_registration": mine,
        "form": form if not user.is_authenticated else None,
        "can_manage": can_manage_event(user, event),
        "show_online_url": event.is_online
        and bool(event.online_url)
        and can_see_online_link(user, event, mine),
        "jsonld": event_jsonld_script(event, places_left=places_left) if event.is_public else "",
        "page_error": page_error,
        "outcome": outcome,
    }


def event_detail(request, key):
    """The event: when and where (in its own zone), places left, and how to register."""
    event = _get_event(request, key)
    return render(request, "www/events/event_detail.html", _detail_context(request, event))


def _registered_message(registration) -> str:
    if registration.status == RegistrationStatus.PENDING:
        return _(
            "Un courriel vient d'être envoyé à %(email)s : ouvrez le lien qu'il contient pour "
            "confirmer votre inscription avant le %(deadline)s. Votre place n'est réservée "
            "qu'après confirmation."
        ) % {
            "email": registration.email,
            "deadline": formats.date_format(
                timezone.localtime(registration.token_expires_at, registration.event.zone),
                "j F Y à H:i",
            ),
        }
    if registration.status == RegistrationStatus.WAITING:
        text = _(
            "L'événement est complet : vous êtes sur la liste d'attente, au rang %(rank)d. "
            "Si une place se libère, elle vous est attribuée et vous recevez un courriel."
        ) % {"rank": registration.position}
        if registration.confirmed_at is None:
            text += " " + _("Confirmez votre adresse par le lien envoyé à %(email)s.") % {
                "email": registration.email
            }
        return text
    return _("Votre inscription est confirmée. Un courriel de confirmation vous a été envoyé.")


def _client_address(request) -> str:
    # The API's throttles and this limit identify a client the same way: behind the
    # production proxy, REST_FRAMEWORK["NUM_PROXIES"] says which X-Forwarded-For entry
    # is the client's (without it, REMOTE_ADDR or the whole header).
    return BaseThrottle().get_ident(request)


@require_POST
def event_register(request, key):
    """A signed-in person's button, or a visitor's form (name, e-mail, administration)."""
    event = _get_event(request, key)
    form = None
    try:
        if request.user.is_authenticated:
            registration = registration_create(actor=request.user, event=event)
        else:
            form = VisitorRegistrationForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "www/events/event_detail.html",
                    _detail_context(request, event, form=form),
                    status=400,
                )
            address = _client_address(request)
            visitor_quota_check(address)
            registration = registration_create(actor=None, event=event, **form.cleaned_data)
            visitor_quota_use(address)
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        page_error = " ".join(error.messages)
        throttled = getattr(error, "code", None) == "throttled"
        return render(
            request,
            "www/events/event_detail.html",
            _detail_context(request, event, form=form, page_error=page_error),
            status=429 if throttled else 400,
        )
    # The outcome is shown at the top of the event page, where the eye is, and the form
    # gives way to the person's place (with its cancel link).
    _remember_registration(request, registration)
    return redirect(event.get_absolute_url() + "#resultat-inscription")


# --- the links sent by e-mail ---------------------------------------------------------------


def _registration_or_404(token) -> Registration:
    try:
        return registration_by_token(token)
    except Registration.DoesNotExist as exc:
        raise Http404(_("Ce lien ne correspond à aucune inscription.")) from exc


def _expired_page(request, registration):
    """The link expired: the registration is gone; the form is filled again to register."""
    event = registration.event
    form = VisitorRegistrationForm(
        initial={
            "full_name": registration.full_name,
            "email": registration.email,
            "organisation_name": registration.organisation_name,
        }
    )
    return render(
        request,
        "www/events/registration_expired.html",
        {
            "page_title": _("Lien expiré"),
            "breadcrumb_data": _breadcrumb(event, _("Lien expiré")),
            "event": event,
            "event_zone": event.zone,
            "form": form if can_register(event) else None,
        },
        status=410,
    )


def _link_expired(registration) -> bool:
    return registration.confirmed_at is None and (
        registration.status == RegistrationStatus.CANCELLED
        or (
            registration.status == RegistrationStatus.PENDING
            and registration.token_expires_at is not None
            and registration.token_expires_at <= timezone.now()
        )
    )


def registration_confirm_view(request, token):
    """The link of the confirmation e-mail: a page that asks, then a button. Only the POST
    confirms (a link opened by a mail scanner must not register anyone)."""
    registration = _registration_or_404(token)
    if request.method != "POST":
        if _link_expired(registration):
            return _expired_page(request, registration)
        pending = registration.status == RegistrationStatus.PENDING
        closed = pending and not can_register(registration.event)
        return _registration_page(
            request,
            registration,
            confirm_form=pending and not closed,
            error=_("Les inscriptions à cet événement sont fermées.") if closed else "",
        )
    try:
        registration = registration_confirm(token=token)
    except LinkExpired as expired:
        return _expired_page(request, expired.registration)
    except ValidationError as error:
        return _registration_page(request, registration, error=" ".join(error.messages), status=400)
    if registration.status == RegistrationStatus.WAITING:
        messages.info(
            request,
            _(
                "Votre adresse est confirmée, mais l'événement est complet : vous êtes sur la "
                "liste d'attente, au rang %(rank)d. Un courriel vous le confirme."
            )
            % {"rank": registration.position},
        )
    else:
        messages.success(
            request, _("Votre inscription est confirmée. Un courriel vous le confirme.")
        )
    return redirect(reverse("events:registration_confirm", kwargs={"token": token}))


def _registration_page(
    request, registration, *, error="", cancel_form=False, confirm_form=False, status=200
):
    event = registration.event
    return render(
        request,
        "www/events/registration_status.html",
        {
            "page_title": _("Votre inscription"),
            "breadcrumb_data": _breadcrumb(event, _("Votre inscription")),
            "event": event,
            "event_zone": event.zone,
            "zone_label": _zone_label(event),
            "registration": registration,
            "show_online_url": event.is_online
            and bool(event.online_url)
            and registration.status == RegistrationStatus.CONFIRMED,
            "page_error": error,
            "ask_cancel": cancel_form,
            "ask_confirm": confirm_form,
        },
        status=status,
    )


def registration_cancel_view(request, token):
    """The cancellation link: a page that asks, then a button (a link opened by a mail
    scanner must not cancel anything)."""
    registration = _registration_or_404(token)
    if request.method != "POST":
        return _registration_page(
            request,
            registration,
            cancel_form=registration.status != RegistrationStatus.CANCELLED,
        )
    try:
        registration = registration_cancel(actor=request.user, token=token)
    except ValidationError as error:
        return _registration_page(request, registration, error=" ".join(error.messages), status=400)
    messages.success(
        request,
        _("Votre inscription est annulée. Merci d'avoir libéré votre place."),
    )
    return redirect(reverse("events:registration_cancel", kwargs={"token": token}))


def registration_ics(request, token):
    """The registrant's own calendar file: with the connection link once the place is theirs.

    Opened by `ics_token`, not by the confirm/cancel token: a calendar address that the
    person shares (a team calendar) gives no power over the registration."""
    try:
        registration = Registration.objects.select_related("event").get(ics_token=token)
    except Registration.DoesNotExist as exc:
        raise Http404(_("Ce lien ne correspond à aucune inscription.")) from exc
    if registration.status == RegistrationStatus.CANCELLED:
        raise Http404(_("Cette inscription est annulée."))
    event = registration.event
    body = ical.event_calendar(
        event, with_online_url=registration.status == RegistrationStatus.CONFIRMED
    )
    return _ics_response(body, f"{event.key}.ics")


# --- calendar files and feeds ---------------------------------------------------------------


def _ics_response(body: bytes, filename: str, *, attachment=True) -> HttpResponse:
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ics(request, key):
    event = _get_event(request, key)
    if not event.is_public:
        raise Http404
    return _ics_response(ical.event_calendar(event), f"{event.key}.ics")


def feed_lab(request, key):
    lab = get_object_or_404(Lab, key=key)
    body = ical.feed_calendar(
        name=_("Événements de %(name)s") % {"name": lab.name}, events=feed_events(lab=lab)
    )
    return _ics_response(body, f"{lab.key}.ics", attachment=False)


def feed_campaign(request, key):
    campaign = get_object_or_404(Campaign, key=key)
    body = ical.feed_calendar(name=campaign.name, events=feed_events(campaign=campaign))
    return _ics_response(body, f"{campaign.key}.ics", attachment=False)


def feed_region(request, code):
    region = get_object_or_404(Region, code=code)
    body = ical.feed_calendar(
        name=_("Événements en %(name)s") % {"name": region.name},
        events=feed_events(region=region),
    )
    return _ics_response(body, f"region-{region.code}.ics", attachment=False)


# --- organisers: attendance, places, export -------------------------------------------------


def _attendance_context(
    request, event, *, attendance_form=None, capacity_form=None, cancel_form=None
) -> dict:
    rows = event_attendees(user=request.user, event=event)
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    return {
        "page_title": _("Inscriptions et présences — %(title)s") % {"title": event.title},
        "breadcrumb_data": _breadcrumb(event, _("Inscriptions et présences")),
        "event": event,
        "event_zone": event.zone,
        "zone_label": _zone_label(event),
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
    event = _get_event(request, key)
    if not can_see_registrations(request.user, event):
        raise PermissionDenied
    return event


@login_required
def event_attendance(request, key):
    """The organiser's sheet: who is registered, waiting, and who came (one form)."""
    try:
        event = _manager_event(request, key)
    except PermissionDenied:
        return _forbidden(request, _("La liste des inscrits est réservée aux organisateurs."))
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
        return _forbidden(request, _("Seuls les organisateurs de l'événement peuvent le modifier."))
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
        return _forbidden(request, _("Seuls les organisateurs de l'événement peuvent l'annuler."))
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
        return _forbidden(request, _("La liste des inscrits est réservée aux organisateurs."))
    rows = event_attendees(user=request.user, event=event)
    audit_record(
        actor=request.user,
        action="event.attendees_export",
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


# --- my registrations ------------------------------------------------------------------------


@login_required
def my_registrations(request):
    registrations = registrations_of_user(user=request.user)
    now = timezone.now()
    return render(
        request,
        "www/events/registration_list.html",
        {
            "page_title": _("Mes inscriptions"),
            "breadcrumb_data": {"links": [], "current": _("Mes inscriptions")},
            "nav": "events",
            "upcoming": [r for r in registrations if r.event.ends_at > now][::-1],
            "past": [r for r in registrations if r.event.ends_at <= now],
        },
    )
