"""Calendar files and feeds (iCalendar) of an event, a lab, a campaign, a region."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from labnet.core.french import de
from labnet.events import ical
from labnet.events.models import Campaign
from labnet.events.selectors import (
    feed_events,
)
from labnet.labs.models import Lab
from labnet.territories.models import Region

from .event_common import get_event, ics_response


def event_ics(request, key):
    event = get_event(request, key)
    if not event.is_public:
        raise Http404
    return ics_response(ical.event_calendar(event), f"{event.key}.ics")


def feed_lab(request, key):
    lab = get_object_or_404(Lab, key=key)
    body = ical.feed_calendar(
        name=_("Événements %(of_lab)s") % {"of_lab": de(lab.name)}, events=feed_events(lab=lab)
    )
    return ics_response(body, f"{lab.key}.ics", attachment=False)


def feed_campaign(request, key):
    campaign = get_object_or_404(Campaign, key=key)
    body = ical.feed_calendar(name=campaign.name, events=feed_events(campaign=campaign))
    return ics_response(body, f"{campaign.key}.ics", attachment=False)


def feed_region(request, code):
    region = get_object_or_404(Region, code=code)
    body = ical.feed_calendar(
        name=_("Événements en %(name)s") % {"name": region.name},
        events=feed_events(region=region),
    )
    return ics_response(body, f"region-{region.code}.ics", attachment=False)
