"""What the event pages share: the event lookup, breadcrumbs, the refusal page."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labnet.events import ical
from labnet.events.models import Event
from labnet.events.selectors import (
    event_get_visible,
)
from labnet.www.refusals import forbidden_page

PERSONAL_DATA_NOTICE = gettext_lazy(
    "Données personnelles : liste réservée aux organisateurs de l'événement, pour son "
    "organisation uniquement. Ne pas diffuser ; supprimer après l'événement."
)


def event_breadcrumb(event: Event, current=None) -> dict:
    links = []
    if event.campaign_id:
        links.append({"url": event.campaign.get_absolute_url(), "title": event.campaign.name})
    if current is None:
        return {"links": links, "current": event.title}
    links.append({"url": event.get_absolute_url(), "title": event.title})
    return {"links": links, "current": current}


def get_event(request, key) -> Event:
    try:
        return event_get_visible(user=request.user, key=key)
    except Event.DoesNotExist as exc:
        raise Http404(_("Cet événement n'existe pas ou n'est pas public.")) from exc


def forbidden(request, message: str):
    return forbidden_page(
        request,
        message,
        back_url=reverse("events:my_registrations"),
        back_label=_("Voir mes inscriptions"),
    )


def zone_label(event: Event) -> str:
    return "" if event.time_zone == "Europe/Paris" else event.time_zone


def ics_response(body: bytes, filename: str, *, attachment=True) -> HttpResponse:
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
