"""The agenda: every public event of the network, in a campaign or not, upcoming or past,
filtered like a campaign's programme (same form, same selector).

The view stays thin: it reads through `events.campaign_selectors` and renders.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.french import de
from labnet.core.pagination import CappedPaginator, IdsFirstPaginator
from labnet.events.campaign_selectors import PAST, programme_events, programme_rows
from labnet.events.enums import EventStatus
from labnet.events.selectors import places_left_of
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.page_cache import CATALOGUE, public_page

from .campaign_forms import AgendaFilterForm

AGENDA_PAGE_SIZE = 20
# A text search counts its matches up to this many, then says "more than" (a common word is
# in most of the 50,000 events of the network: counting them all cost each request).
TEXT_SEARCH_COUNT_CAP = 1000


def set_places_left(events) -> None:
    """`places_left` on each event still open to registration (None otherwise): what is
    left of a past or cancelled event means nothing to a visitor."""
    now = timezone.now()
    for event in events:
        open_ = event.status == EventStatus.PUBLISHED and event.ends_at >= now
        event.places_left = places_left_of(event) if open_ else None


def _query_with(request, **values) -> str:
    """The current address's query with `values` set (None removes one) and no page."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in values.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return query.urlencode()


def _feeds(form) -> list[dict]:
    """Calendar subscriptions matching the chosen region, lab or campaign (valid only)."""
    chosen = form.cleaned_data if form.is_bound else {}
    feeds = []
    if region := chosen.get("region"):
        feeds.append(
            {
                "url": reverse("events:feed_region", kwargs={"code": region.code}),
                "label": _("Les événements de la région %(region)s") % {"region": region.name},
            }
        )
    if lab := chosen.get("lab"):
        feeds.append(
            {
                "url": reverse("events:feed_lab", kwargs={"key": lab.key}),
                "label": _("Les événements %(of_lab)s") % {"of_lab": de(lab.name)},
            }
        )
    if campaign := chosen.get("campaign"):
        feeds.append(
            {
                "url": reverse("events:feed_campaign", kwargs={"key": campaign.key}),
                "label": _("Le programme %(of_campaign)s") % {"of_campaign": de(campaign.name)},
            }
        )
    return feeds


@public_page(*CATALOGUE, "events", seconds=60)
def agenda(request):
    form = AgendaFilterForm(request.GET or None)
    # A wrong filter is shown in error and not applied; the valid ones still are.
    filters = form.filters()
    events = programme_events(filters=filters)
    if filters.text:
        # The page's rows are read by id without the text filter (found once, not twice).
        paginator = CappedPaginator(
            events, AGENDA_PAGE_SIZE, cap=TEXT_SEARCH_COUNT_CAP, rows=programme_rows(filters)
        )
    else:
        paginator = IdsFirstPaginator(events, AGENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    set_places_left(page)
    is_past = filters.period == PAST
    return render(
        request,
        "www/events/agenda.html",
        {
            "nav": "events",
            "page_title": _("Agenda des événements"),
            "breadcrumb_data": breadcrumb(_("Agenda")),
            "form": form,
            "has_filters": filters.active,
            "is_past": is_past,
            "upcoming_query": _query_with(request, period=None),
            "past_query": _query_with(request, period=PAST),
            "clear_query": "period=past" if is_past else "",
            "feeds": _feeds(form),
            "page_obj": page,
            "show_campaign": True,
            "page_query": _query_with(request),
        },
    )
