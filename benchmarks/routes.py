"""Every page and API route of the URL resolver, with parameters taken from the heaviest
objects of the generated data, so `benchmarks.run` measures what a new route adds without
anyone listing it.

`routes()` walks the resolver as the access tests do (tests/crawl.py); `address()` fills a
route's parameters from `Heaviest` (found by querying, not by name: the lab with the most
projects, the event with the most registrations, the fullest inbox...). A route whose
parameters are not in `PARAMETERS` is returned without an address and reported "not
measured" by name.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Routes that are not LabNet's pages or lists: Django's admin, the language switch, the
# sign-in federation and inbound webhooks (a POST from another service).
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout_callback",
    "demarches_webhook",
}
# Downloads (exports, open data, PDFs, calendars): measured for memory by
# benchmarks/memory.py, not timed as pages.
FILE_SUFFIXES = (".csv", ".json", ".jsonld", ".ttl", ".pdf", ".ics", ".xlsx")
FILE_ROUTES = {
    "people:my_data_download",
    "resources:download",
    "accompaniment:document_download",
    "intake:request_attachment",
    "calls:answer_attachment",
    "trainings:certificate",
}


@dataclass
class Route:
    name: str  # "namespace:name"
    pattern: str
    kwargs: tuple[str, ...]
    url: str | None = None
    is_file: bool = False


@dataclass
class Heaviest:
    """The objects a page is slowest for, found once by querying the generated data."""

    values: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.values.get(name)


def _top(queryset, count_of: str, *fields: str):
    row = (
        queryset.annotate(_n=Count(count_of))
        .order_by("-_n", "pk")
        .values_list(*fields, flat=len(fields) == 1)
        .first()
    )
    return row


def _most(queryset, column: str):
    """The value of `column` found on most rows of `queryset`."""
    return (
        queryset.values(column)
        .annotate(_n=Count("pk"))
        .order_by("-_n", column)
        .values_list(column, flat=True)
        .first()
    )


def find_heaviest() -> Heaviest:
    from labnet.calls.models import Answer, Call
    from labnet.events.models import Campaign, Event, Registration
    from labnet.funding.models import Allocation, Envelope
    from labnet.impact.models import Indicator, Measurement
    from labnet.intake.models import Request
    from labnet.labs.models import Lab, Theme
    from labnet.people.models import Profile, Skill
    from labnet.projects.models import Activity, Project
    from labnet.resources.models import Resource
    from labnet.roadmaps.models import Group, Item, Roadmap
    from labnet.trainings.models import Cohort, Programme, Session

    h = {}
    h["lab"] = _top(Lab.objects.all(), "led_projects", "key")
    # The project with the longest journal (a GROUP BY over the journal, then its key).
    busiest = _most(Activity.objects.all(), "project_id")
    h["project"] = Project.objects.filter(pk=busiest).values_list("key", flat=True).first()
    h["public_project"] = (
        Project.objects.filter(is_public=True, lead_lab__key=h["lab"])
        .order_by("pk")
        .values_list("key", flat=True)
        .first()
    )
    event = _most(Registration.objects.all(), "event_id")
    h["event"] = Event.objects.filter(pk=event).values_list("key", flat=True).first()
    h["registration_token"] = (
        Registration.objects.filter(event_id=event).values_list("token", flat=True).first()
    )
    h["campaign"] = _top(Campaign.objects.all(), "events", "key")
    inbox = _most(Request.objects.exclude(lab=None), "lab_id")
    h["inbox_lab"] = Lab.objects.filter(pk=inbox).values_list("key", flat=True).first()
    h["request"] = _top(Request.objects.filter(lab_id=inbox), "events", "public_id")
    call = _top(Call.objects.all(), "answers", "key")
    h["call"] = call
    h["answer"] = _top(Answer.objects.filter(call__key=call), "reviews", "pk")
    h["resource"] = _top(Resource.objects.published(), "tags", "key")
    h["envelope"] = _top(Envelope.objects.all(), "allocations", "key")
    h["allocation"] = _top(Allocation.objects.all(), "payments", "key")
    h["funding_source"] = (
        Envelope.objects.filter(key=h["envelope"])
        .values_list("funding_source__key", flat=True)
        .first()
    )
    roadmap = _top(Roadmap.objects.all(), "axes__groups__items", "key")
    h["roadmap"] = roadmap
    item = Item.objects.filter(group__axis__roadmap__key=roadmap).order_by("pk")
    h["roadmap_axis"], h["roadmap_item"] = item.values_list("group__axis__key", "key").first() or (
        None,
        None,
    )
    h["indicator"], h["indicator_project"] = (
        Indicator.objects.annotate(_n=Count("measurements"))
        .order_by("-_n", "pk")
        .values_list("key", "project__key")
        .first()
    ) or (None, None)
    h["programme"] = _top(Programme.objects.all(), "cohorts", "key")
    h["cohort"] = _top(Cohort.objects.all(), "enrolments", "key")
    h["cohort_pk"] = Cohort.objects.filter(key=h["cohort"]).values_list("pk", flat=True).first()
    h["session"] = _top(Session.objects.all(), "attendances", "pk")
    h["person"] = _top(
        Profile.objects.filter(is_findable=True, contact_allowed=True), "skills", "user_id"
    )
    # The rows the remaining routes name: the busiest project's latest journal entry, a
    # proposed event, a skill and a theme, a registration to the busiest event, a value of
    # the busiest indicator, the busiest roadmap's first group.
    h["activity"] = (
        Activity.objects.filter(project_id=busiest)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    h["proposal"] = (
        Event.objects.filter(status="proposed").order_by("pk").values_list("key", flat=True).first()
    )
    h["skill"] = Skill.objects.order_by("key").values_list("key", flat=True).first()
    h["theme"] = Theme.objects.order_by("key").values_list("key", flat=True).first()
    h["registration"] = (
        Registration.objects.filter(event_id=event)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    h["measurement"] = (
        Measurement.objects.filter(indicator__key=h["indicator"])
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    h["roadmap_group"] = (
        Group.objects.filter(axis__roadmap__key=roadmap)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    h["region"] = _most(Event.objects.all(), "region_id")
    h["department"] = _most(Event.objects.exclude(department=None), "department_id")
    h["organisation"] = _most(Lab.objects.exclude(host=None), "host__key")
    return Heaviest({k: v for k, v in h.items() if v is not None})


def _kw(**names: str) -> Callable[[Heaviest], dict | None]:
    """kwargs from Heaviest entries: `_kw(key="lab")` gives {"key": heaviest["lab"]}."""

    def build(h: Heaviest):
        values = {arg: h[name] for arg, name in names.items()}
        return None if any(v is None for v in values.values()) else values

    return build


def _with(build=None, **constants) -> Callable[[Heaviest], dict | None]:
    """`build`'s kwargs (none without it) and constant ones: `_with(key="projets")`."""

    def with_constants(h: Heaviest):
        values = build(h) if build is not None else {}
        return None if values is None else {**values, **constants}

    return with_constants


# Route -> how to fill its URL parameters. Routes with parameters and no entry here are
# listed as "not measured": add them when a route is added.
PARAMETERS: dict[str, Callable[[Heaviest], dict | None]] = {
    "www:lab_detail": _kw(key="lab"),
    "www:lab_cooperations": _kw(key="lab"),
    "stats:lab": _kw(key="lab"),
    "www:lab_edit": _kw(key="lab"),
    "www:project_detail": _kw(key="public_project"),
    "records:lab_contributions": _kw(lab_key="lab"),
    "intake:request_detail": _kw(public_id="request"),
    "intake:request_review": _kw(public_id="request"),
    "intake:request_decision": _kw(public_id="request"),
    "intake:lab_inbox": _kw(lab_key="inbox_lab"),
    "intake:lab_slots": _kw(lab_key="inbox_lab"),
    "accompaniment:workspace": _kw(key="project"),
    "accompaniment:sheet": _kw(key="project"),
    "accompaniment:sheet_edit": _kw(key="project"),
    "accompaniment:scaling": _kw(key="project"),
    "accompaniment:publication": _kw(key="project"),
    "accompaniment:partners_edit": _kw(key="project"),
    "accompaniment:activity_add": _kw(key="project"),
    "accompaniment:person_add": _kw(key="project"),
    "accompaniment:next_step_add": _kw(key="project"),
    "accompaniment:document_add": _kw(key="project"),
    "accompaniment:board": _kw(lab_key="lab"),
    "accompaniment:portfolio_list": _kw(lab_key="lab"),
    "events:campaign_detail": _kw(key="campaign"),
    "events:campaign_edit": _kw(key="campaign"),
    "events:campaign_proposals": _kw(key="campaign"),
    "events:proposal_create": _kw(key="campaign"),
    "events:event_detail": _kw(key="event"),
    "events:event_register": _kw(key="event"),
    "events:event_attendance": _kw(key="event"),
    "events:event_capacity": _kw(key="event"),
    "events:event_cancel": _kw(key="event"),
    "events:event_ics": _kw(key="event"),
    "events:event_attendees_export": _kw(key="event"),
    "events:feed_lab": _kw(key="lab"),
    "events:feed_campaign": _kw(key="campaign"),
    "events:feed_region": _kw(code="region"),
    "events:registration_confirm": _kw(token="registration_token"),  # noqa: S106
    "events:registration_cancel": _kw(token="registration_token"),  # noqa: S106
    "events:registration_ics": _kw(token="registration_token"),  # noqa: S106
    "trainings:programme_detail": _kw(key="programme"),
    "trainings:cohort_detail": _kw(key="cohort"),
    "trainings:cohort_enrolments": _kw(key="cohort"),
    "trainings:cohort_sessions": _kw(key="cohort"),
    "trainings:cohort_session_add": _kw(key="cohort"),
    "trainings:cohort_recurrence_add": _kw(key="cohort"),
    "trainings:session_attendance": _kw(session_id="session"),
    "people:person_detail": _kw(pk="person"),
    "people:contact": _kw(pk="person"),
    "people:lab_pool": _kw(lab_key="lab"),
    "calls:call_detail": _kw(key="call"),
    "calls:call_edit": _kw(key="call"),
    "calls:answer_list": _kw(key="call"),
    "calls:answer_new": _kw(key="call"),
    "calls:answer_detail": _kw(pk="answer"),
    "calls:answer_edit": _kw(pk="answer"),
    "calls:answer_review": _kw(pk="answer"),
    "calls:answer_decision": _kw(pk="answer"),
    "resources:detail": _kw(key="resource"),
    "resources:edit": _kw(key="resource"),
    "resources:review": _kw(key="resource"),
    "resources:link_project": _kw(key="resource"),
    "funding:envelope_detail": _kw(key="envelope"),
    "funding:envelope_edit": _kw(key="envelope"),
    "funding:source_edit": _kw(key="funding_source"),
    "funding:allocation_detail": _kw(key="allocation"),
    "funding:allocation_edit": _kw(key="allocation"),
    "funding:allocation_transition": _kw(key="allocation"),
    "funding:payment_create": _kw(key="allocation"),
    "funding:reporting_notes": _kw(key="allocation"),
    "impact:project_indicators": _kw(key="indicator_project"),
    "impact:indicator_edit": _kw(key="indicator_project", indicator_key="indicator"),
    "impact:measurement_add": _kw(key="indicator_project", indicator_key="indicator"),
    "roadmaps:detail": _kw(key="roadmap"),
    "roadmaps:edit": _kw(key="roadmap"),
    "roadmaps:axis_add": _kw(key="roadmap"),
    "roadmaps:item_add": _kw(key="roadmap"),
    "roadmaps:axis_edit": _kw(key="roadmap", axis_key="roadmap_axis"),
    "roadmaps:group_add": _kw(key="roadmap", axis_key="roadmap_axis"),
    "roadmaps:item_edit": _kw(key="roadmap", item_key="roadmap_item"),
    # Actions (POST only: listed with their status codes) and pages of one row.
    "intake:request_step": _with(_kw(public_id="request"), step=1),
    "intake:request_coauthor_add": _kw(public_id="request"),
    "intake:request_attach": _kw(public_id="request"),
    "intake:request_provide_info": _kw(public_id="request"),
    "intake:request_withdraw": _kw(public_id="request"),
    "intake:request_book_slot": _kw(public_id="request"),
    "accompaniment:move": _kw(key="project"),
    "accompaniment:activity_edit": _kw(key="project", pk="activity"),
    "accompaniment:activity_remove": _kw(key="project", pk="activity"),
    "accompaniment:note_add": _kw(key="project"),
    "accompaniment:take_up": _kw(key="public_project"),
    "events:proposal_edit": _kw(key="proposal"),
    "events:review_detail": _kw(key="proposal"),
    "trainings:cohort_enrol": _kw(key="cohort"),
    "trainings:cohort_cancel": _kw(key="cohort"),
    "trainings:cohort_recurrence_exception": _kw(key="cohort"),
    "calls:answer_coauthor_add": _kw(pk="answer"),
    "calls:answer_attach": _kw(pk="answer"),
    "calls:answer_withdraw": _kw(pk="answer"),
    "calls:call_publish": _kw(key="call"),
    "calls:call_close": _kw(key="call"),
    "resources:download": _kw(key="resource"),
    "resources:unlink_project": _kw(key="resource", project_key="public_project"),
    "roadmaps:delete": _kw(key="roadmap"),
    "roadmaps:axis_delete": _kw(key="roadmap", axis_key="roadmap_axis"),
    "roadmaps:group_delete": _kw(key="roadmap", group_id="roadmap_group"),
    "roadmaps:item_delete": _kw(key="roadmap", item_key="roadmap_item"),
    # Downloads (memory: benchmarks/memory.py).
    "opendata:download_csv": _with(key="projets"),
    "opendata:download_json": _with(key="projets"),
    "opendata:schema": _with(key="projets"),
    "publications:download": _with(kind="atlas"),
    "stats:national_csv": _with(table="projects-stage"),
    "stats:lab_csv": _with(_kw(key="lab"), table="projects-stage"),
    # API
    "api:project-detail": _kw(key="public_project"),
    "api:project-transitions": _kw(key="project"),
    "api:project-journal": _kw(key="project"),
    "api:project-similar": _kw(key="public_project"),
    "api:project-lineage": _kw(key="public_project"),
    "api:project-confirmations": _kw(key="project"),
    "api:lab-detail": _kw(key="lab"),
    "api:lab-cooperations": _kw(key="lab"),
    "api:lab-cooperation-projects": _kw(key="lab"),
    "api:lab-cooperation-take-ups": _kw(key="lab"),
    "api:event-detail": _kw(key="event"),
    "api:event-attendees": _kw(key="event"),
    "api:campaign-detail": _kw(key="campaign"),
    "api:campaign-events": _kw(key="campaign"),
    "api:campaign-proposals": _kw(key="campaign"),
    "api:programme-detail": _kw(key="programme"),
    "api:cohort-detail": _kw(pk="cohort_pk"),
    "api:session-detail": _kw(pk="session"),
    "api:person-detail": _kw(pk="person"),
    "api:call-detail": _kw(key="call"),
    "api:call-answers": _kw(key="call"),
    "api:call-answer-detail": _kw(pk="answer"),
    "api:call-answer-reviews": _kw(pk="answer"),
    "api:resource-detail": _kw(key="resource"),
    "api:envelope-detail": _kw(key="envelope"),
    "api:allocation-detail": _kw(key="allocation"),
    "api:allocation-payments": _kw(key="allocation"),
    "api:indicator-detail": _kw(key="indicator"),
    "api:indicator-measurements": _kw(key="indicator"),
    "api:roadmap-detail": _kw(key="roadmap"),
    "api:request-detail": _kw(public_id="request"),
    "api:request-similar-projects": _kw(public_id="request"),
    "api:region-detail": _kw(code="region"),
    "api:department-detail": _kw(code="department"),
    "api:organisation-detail": _kw(key="organisation"),
    "api:project-publish": _kw(key="project"),
    "api:project-unpublish": _kw(key="project"),
    "api:event-review": _kw(key="event"),
    "api:event-register": _kw(key="event"),
    "api:registration-detail": _kw(pk="registration"),
    "api:registration-cancel": _kw(pk="registration"),
    "api:cohort-enrol": _kw(pk="cohort_pk"),
    "api:skill-detail": _kw(key="skill"),
    "api:theme-detail": _kw(key="theme"),
    "api:call-answer-submit": _kw(pk="answer"),
    "api:resource-review": _kw(key="resource"),
    "api:indicator-measurement": _kw(key="indicator", id="measurement"),
    "api:request-decisions": _kw(public_id="request"),
}


def routes() -> list[Route]:
    """Every named route of the resolver outside the skipped ones, in URL order."""
    found: list[Route] = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                if entry.name in SKIPPED_NAMES:
                    continue
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                kwargs = tuple(entry.pattern.regex.groupindex)
                found.append(Route(name=name, pattern=prefix + str(entry.pattern), kwargs=kwargs))

    walk(get_resolver().url_patterns, "", None)
    seen, unique = set(), []
    for route in found:
        if route.name not in seen:  # the same view under the format suffix routers add
            seen.add(route.name)
            unique.append(route)
    return unique


def address(route: Route, heaviest: Heaviest) -> Route:
    """The route with its URL filled (or left None when its parameters are unknown)."""
    kwargs = {}
    if route.kwargs:
        build = PARAMETERS.get(route.name)
        kwargs = build(heaviest) if build else None
        if kwargs is None:
            return route
    try:
        route.url = reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:
        return route
    route.is_file = route.name in FILE_ROUTES or route.url.endswith(FILE_SUFFIXES)
    return route
