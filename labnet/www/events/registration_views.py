"""The event page and registering; the links sent by e-mail (confirm, cancel, calendar
file); "my registrations"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.throttling import BaseThrottle

from labnet.events import ical
from labnet.events.enums import RegistrationStatus
from labnet.events.jsonld import event_jsonld_script
from labnet.events.models import Registration
from labnet.events.registrations import (
    LinkExpired,
    registration_by_token,
    registration_cancel,
    registration_confirm,
    registration_create,
)
from labnet.events.rules import (
    can_manage_event,
    can_register,
    can_see_online_link,
)
from labnet.events.selectors import (
    places_left_of,
    registration_of_user,
    registration_of_visitor,
    registrations_of_user,
)
from labnet.events.visitor_limits import visitor_quota_check, visitor_quota_use
from labnet.www.forms import add_service_errors
from labnet.www.page_cache import CATALOGUE, public_page

from .event_common import event_breadcrumb, get_event, ics_response, zone_label
from .forms import VisitorRegistrationForm

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
        "breadcrumb_data": event_breadcrumb(event),
        "nav": "events",
        "event": event,
        "event_zone": event.zone,
        "zone_label": zone_label(event),
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


@public_page(*CATALOGUE, "events", seconds=60)
def event_detail(request, key):
    """The event: when and where (in its own zone), places left, and how to register."""
    event = get_event(request, key)
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
    event = get_event(request, key)
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
            "breadcrumb_data": event_breadcrumb(event, _("Lien expiré")),
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
            "breadcrumb_data": event_breadcrumb(event, _("Votre inscription")),
            "event": event,
            "event_zone": event.zone,
            "zone_label": zone_label(event),
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
    return ics_response(body, f"{event.key}.ics")


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
