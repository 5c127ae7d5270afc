"""schema.org Event data (JSON-LD) for an event page, so that search engines and
aggregators read the date, place and availability. Public data only: the connection link
of an online event is never in it."""

import json

from labnet.core.links import site_url

from .enums import EventStatus


def _organizer(event) -> dict | None:
    if event.organiser_lab_id:
        return {
            "@type": "Organization",
            "name": event.organiser_lab.name,
            "url": site_url(event.organiser_lab.get_absolute_url()),
        }
    if event.organiser_organisation_id:
        return {"@type": "GovernmentOrganization", "name": event.organiser_organisation.name}
    return None


def _location(event) -> dict:
    if event.is_online:
        # No "url": the link goes to registrants only.
        return {"@type": "VirtualLocation", "name": "En ligne"}
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if event.address:
        address["streetAddress"] = event.address
    if event.commune:
        address["addressLocality"] = event.commune
    if event.department_id:
        address["addressRegion"] = event.department.name
    elif event.region_id:
        address["addressRegion"] = event.region.name
    name = event.venue or event.commune or event.title
    return {"@type": "Place", "name": name, "address": address}


def event_jsonld(event, *, places_left: int | None) -> dict:
    """`places_left` comes from the page's selector (None: places not limited)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.starts_at.astimezone(event.zone).isoformat(),
        "endDate": event.ends_at.astimezone(event.zone).isoformat(),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if event.is_online
        else "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventCancelled"
        if event.status == EventStatus.CANCELLED
        else "https://schema.org/EventScheduled",
        "location": _location(event),
        "url": site_url(event.get_absolute_url()),
        "inLanguage": "fr",
    }
    if event.description:
        data["description"] = event.description
    organizer = _organizer(event)
    if organizer:
        data["organizer"] = organizer
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = places_left if places_left is not None else 0
    return data


def event_jsonld_script(event, *, places_left: int | None) -> str:
    """The JSON text to put in <script type="application/ld+json"> (escaped for HTML:
    `json_script`-style, so a title holding "</script>" cannot end the element)."""
    text = json.dumps(event_jsonld(event, places_left=places_left), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
